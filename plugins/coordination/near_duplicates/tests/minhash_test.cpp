// coordination/near_duplicates: MinHash + LSH against brute-force Jaccard (minhash.hpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <chorus/sdk/testing.hpp>

#include "minhash.hpp"
#include "test_helpers.hpp"

using namespace near_duplicates_test;

TEST_CASE("coordination/near_duplicates: LSH-verified pairs equal the brute-force Jaccard pairs",
          "[coordination.near_duplicates]") {
  // 64 bands of 2 rows: a pair with J >= 0.6 is missed with probability
  // (1 - 0.6^2)^64 < 4e-13, so the LSH result must equal brute force.
  const std::vector<std::string> docs = seeded_corpus(7);
  const int k = 3;
  nd::MinHashParams p = defaults().minhash;
  p.num_hashes = 128;
  p.bands = 64;
  p.threshold = 0.6;
  REQUIRE(nd::candidate_probability(0.6, 128, 64) > 1 - 1e-12);
  nd::ShingleSets sets;
  for (const auto& d : docs) sets.add(shingles_of(d, k));
  const nd::NearDuplicateResult res = nd::find_near_duplicates(sets, p, true);

  std::vector<std::set<std::string>> oracle_sets;
  for (const auto& d : docs) oracle_sets.push_back(string_shingles(d, k));
  std::vector<nd::SimilarPair> brute;
  for (uint32_t a = 0; a < docs.size(); ++a)
    for (uint32_t b = a + 1; b < docs.size(); ++b) {
      const double j = string_jaccard(oracle_sets[a], oracle_sets[b]);
      if (j >= 0.6) brute.push_back({a, b, j});
    }
  REQUIRE(brute.size() > 100);  // the corpus has many near-duplicate pairs
  REQUIRE(res.pairs.size() == brute.size());
  for (size_t i = 0; i < brute.size(); ++i) {
    CHECK(res.pairs[i].a == brute[i].a);
    CHECK(res.pairs[i].b == brute[i].b);
    CHECK(res.pairs[i].jaccard == Approx(brute[i].jaccard));
  }
  // Components: connected components of the brute-force pairs, by a plain
  // label propagation, labelled with their smallest document.
  std::vector<uint32_t> label(docs.size());
  for (uint32_t i = 0; i < docs.size(); ++i) label[i] = i;
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& pr : brute) {
      const uint32_t m = std::min(label[pr.a], label[pr.b]);
      if (label[pr.a] != m || label[pr.b] != m) label[pr.a] = label[pr.b] = m, changed = true;
    }
  }
  CHECK(res.component == label);

  // The default banding (32 x 4) recovers the same components here, and its
  // stream mode (no pair list) gives the same components as pair mode.
  const nd::MinHashParams def = defaults().minhash;
  const nd::NearDuplicateResult streamed = nd::find_near_duplicates(sets, def, false);
  CHECK(streamed.component == label);
  CHECK(streamed.pairs.empty());
}

TEST_CASE("coordination/near_duplicates: MinHash agreement estimates Jaccard", "[coordination.near_duplicates]") {
  // Sets {0..299} and {100..399}: J = 200 / 400 = 0.5. With 1024 hashes the
  // share of equal signature values has standard deviation sqrt(.25/1024) = 0.016.
  std::vector<uint64_t> a, b;
  for (uint64_t i = 0; i < 300; ++i) a.push_back(nd::mix64(i));
  for (uint64_t i = 100; i < 400; ++i) b.push_back(nd::mix64(i));
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  REQUIRE(nd::jaccard(a, b) == 0.5);
  for (uint64_t seed : {1u, 2u, 3u}) {
    const auto coef = nd::hash_coefficients(1024, seed);
    std::vector<uint32_t> sa, sb;
    nd::minhash_signature(a.data(), a.size(), coef, sa);
    nd::minhash_signature(b.data(), b.size(), coef, sb);
    int equal = 0;
    for (size_t i = 0; i < sa.size(); ++i) equal += sa[i] == sb[i];
    CHECK(std::abs(equal / 1024.0 - 0.5) < 4 * 0.016);
  }
}
