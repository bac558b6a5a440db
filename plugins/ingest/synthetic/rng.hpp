// The random draws of the synthetic world: splitmix64 and hand-written
// integer and real draws, so that a seed gives the same world with every
// compiler and standard library (std::uniform_*_distribution differs between
// libstdc++, libc++ and MSVC; std::random_device is never used).
// Header-only on purpose: the generator draws several numbers per post and
// account, and these one-line calls are meant to be inlined.
#pragma once

#include <chorus/sdk/random.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace chorus::ingest_synthetic {

class Rng {
 public:
  // `stream` gives independent sequences from one seed (one per part of the world).
  explicit Rng(uint64_t seed, uint64_t stream = 0) : gen_(seed ^ (0xD1B54A32D192ED03ULL * (stream + 1))) { next(); }

  uint64_t next() { return gen_.next(); }
  uint64_t below(uint64_t n) { return gen_.below(n); }
  // Uniform in [lo, hi] (inclusive); lo when hi < lo.
  int64_t range(int64_t lo, int64_t hi) {
    if (hi <= lo) return lo;
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
  }
  // Uniform in [0, 1) with 53 random bits.
  double unit() { return gen_.unit(); }
  bool chance(double p) { return unit() < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(below(v.size()))];
  }

 private:
  sdk::SplitMix64 gen_;
};

}  // namespace chorus::ingest_synthetic
