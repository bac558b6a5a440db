# bench_coretweet times analyse() of coaction.hpp, which includes the ICU text key.
find_package(ICU REQUIRED COMPONENTS uc i18n)
set(CHORUS_BENCH_LIBRARIES ICU::uc ICU::i18n)
