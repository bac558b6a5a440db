# bench_normalize drives normalize_posts.hpp, which folds hashtags with ICU.
find_package(ICU REQUIRED COMPONENTS uc i18n)
set(CHORUS_BENCH_LIBRARIES ICU::uc ICU::i18n)
