# bench_graphml times the model and writers of export_graph_lib and parses its
# options with the stages' option tables (both defined in the library).
set(CHORUS_BENCH_LIBRARIES export_graph_lib)
