# bench_interstate_core drives network/interactions (its library, linked by
# bench/CMakeLists.txt) and the counters of network/states and
# network/temporal: their libraries too (their folders are their include paths).
set(CHORUS_BENCH_LIBRARIES network_states_lib network_temporal_lib)
