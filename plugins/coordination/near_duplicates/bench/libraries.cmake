# The benchmark tokenizes with ICU, as the stage does.
find_package(ICU REQUIRED COMPONENTS uc i18n)
set(CHORUS_BENCH_LIBRARIES ICU::uc ICU::i18n)
