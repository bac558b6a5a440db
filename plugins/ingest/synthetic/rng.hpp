// The random draws of the synthetic world: splitmix64 and hand-written
// integer and real draws, so that a seed gives the same world with every
// compiler and standard library (std::uniform_*_distribution differs between
// libstdc++, libc++ and MSVC; std::random_device is never used).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace chorus::ingest::synthetic {

class Rng {
 public:
  // `stream` gives independent sequences from one seed (one per part of the world).
  explicit Rng(uint64_t seed, uint64_t stream = 0) : state_(seed) {
    state_ ^= 0xD1B54A32D192ED03ULL * (stream + 1);
    next();
  }

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
    do x = next(); while (x >= limit);
    return x % n;
  }
  // Uniform in [lo, hi] (inclusive); lo when hi < lo.
  int64_t range(int64_t lo, int64_t hi) {
    if (hi <= lo) return lo;
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
  }
  // Uniform in [0, 1) with 53 random bits.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[static_cast<size_t>(below(v.size()))]; }

 private:
  uint64_t state_;
};

}  // namespace chorus::ingest::synthetic
