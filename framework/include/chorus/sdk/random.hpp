// Seeded random draws that give the same numbers with every compiler and
// standard library: splitmix64 with hand-written integer and real draws.
// std::uniform_*_distribution differ between libstdc++, libc++ and MSVC, and
// std::random_device is not reproducible, so stages use this instead.
#pragma once

#include <cstdint>

namespace chorus::sdk {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed = 0) : state_(seed) {}

  // splitmix64 (Steele, Lea, Flood 2014; the reference constants).
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) without modulo bias (rejection); 0 when n <= 1.
  uint64_t below(uint64_t n) {
    if (n <= 1) return 0;
    const uint64_t limit = UINT64_MAX - UINT64_MAX % n;  // a multiple of n
    uint64_t x;
    do x = next();
    while (x >= limit);
    return x % n;
  }
  // Uniform in [0, 1) with 53 random bits.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  uint64_t state_;
};

}  // namespace chorus::sdk
