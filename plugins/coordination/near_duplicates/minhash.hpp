// MinHash signatures, LSH banding and exact-Jaccard verification: the core of
// coordination/near_duplicates, on plain shingle sets (no host, no Batch), so
// tests and the benchmark call it directly.
//
// 1. Documents with identical shingle sets are merged first (one "distinct
//    text" each): copy-paste campaigns would otherwise fill one LSH bucket
//    with thousands of equal signatures and cost a quadratic number of checks.
// 2. Hash family, seeded: coefficients a_i (forced odd) and b_i are the
//    splitmix64 stream of `seed`; h_i(x) = (a_i * x + b_i mod 2^64) >> 32
//    (multiply-shift, Dietzfelbinger et al.), x the 64-bit shingle
//    fingerprint. Signature value i of a set = min over its shingles of h_i.
// 3. Banding: the num_hashes values are cut into `bands` bands of
//    r = num_hashes / bands consecutive values; two distinct texts are a
//    candidate pair when all r values of some band are equal. A pair with
//    Jaccard s becomes a candidate with probability 1 - (1 - s^r)^bands.
// 4. Every candidate pair gets its exact Jaccard from the shingle sets; the
//    pairs with J >= threshold are the edges, and clusters are the connected
//    components of those edges (union-find). Components do not depend on
//    the order pairs are checked, so results depend only on the input sets,
//    the parameters and the seed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "tokenize.hpp"

namespace chorus::coordination_near_duplicates {

// Defaults live in NearDuplicatesStage::options().
struct MinHashParams {
  int num_hashes;
  int bands;
  double threshold;
  uint64_t seed;
};

// Probability that a pair with Jaccard s becomes an LSH candidate.
double candidate_probability(double s, int num_hashes, int bands);

// Many sorted shingle sets in one flat array.
class ShingleSets {
 public:
  void add(const std::vector<uint64_t>& set) {
    values_.insert(values_.end(), set.begin(), set.end());
    offsets_.push_back(values_.size());
  }
  size_t size() const { return offsets_.size() - 1; }
  const uint64_t* data(size_t i) const { return values_.data() + offsets_[i]; }
  size_t length(size_t i) const { return offsets_[i + 1] - offsets_[i]; }
  void reserve(size_t docs, size_t values) {
    offsets_.reserve(docs + 1);
    values_.reserve(values);
  }

 private:
  std::vector<uint64_t> values_;
  std::vector<size_t> offsets_{0};
};

struct SimilarPair {
  uint32_t a = 0, b = 0;  // document indices, a < b
  double jaccard = 0;
  bool operator==(const SimilarPair& o) const { return a == o.a && b == o.b && jaccard == o.jaccard; }
};

struct NearDuplicateResult {
  // Per document: the smallest document index of its component (itself when
  // it has no similar document, and for an empty set).
  std::vector<uint32_t> component;
  // With want_pairs: every document pair found similar (J >= threshold),
  // sorted by (a, b); pairs of identical sets have J = 1.
  std::vector<SimilarPair> pairs;
  int64_t distinct_texts = 0;  // distinct non-empty shingle sets
  int64_t jaccard_checks = 0;  // exact Jaccard computations between distinct texts
  int64_t similar_checks = 0;  // of those, J >= threshold
};

// Throws std::invalid_argument unless bands divides num_hashes and threshold is in (0, 1].
void check_params(const MinHashParams& p);

// A 64-bit fingerprint of a sorted set (equal sets, equal fingerprints).
inline uint64_t set_fingerprint(const uint64_t* v, size_t n) {
  uint64_t h = mix64(n);
  for (size_t i = 0; i < n; ++i) h = mix64(h ^ v[i]);
  return h;
}

// The seeded multiply-shift coefficients (a_0, b_0, a_1, b_1, ...).
std::vector<uint64_t> hash_coefficients(int num_hashes, uint64_t seed);

// The MinHash signature of one non-empty set.
void minhash_signature(const uint64_t* set, size_t n, const std::vector<uint64_t>& coef, std::vector<uint32_t>& sig);

// Distinct texts, MinHash band keys, candidates verified by exact Jaccard,
// components (steps 1-4 above). With want_pairs, every similar document pair.
NearDuplicateResult find_near_duplicates(const ShingleSets& docs, const MinHashParams& p, bool want_pairs);

}  // namespace chorus::coordination_near_duplicates
