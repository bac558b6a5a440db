// coordination/coaction, the engine (coaction_core.hpp): the sliding-window
// scan and the key-order sweep against a naive all-pairs computation.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "coaction_core.hpp"
#include "null_model.hpp"
#include "test_helpers.hpp"

using namespace coaction_test;

namespace {

// Directed statistics by brute force over every pair of shares.
struct NaiveStats {
  std::set<int32_t> posts;
  uint64_t pairs = 0;
  int64_t sum_dt = 0;
};
std::map<std::pair<int32_t, int32_t>, NaiveStats> naive_pairs(const ShareTable& t, int64_t w,
                                                              const std::vector<char>& key_excluded) {
  std::map<std::pair<int32_t, int32_t>, NaiveStats> out;
  for (size_t i = 0; i < t.num_shares(); ++i)
    for (size_t j = 0; j < t.num_shares(); ++j) {
      if (i == j || t.share_key[i] != t.share_key[j] || key_excluded[t.share_key[i]]) continue;
      const int32_t pi = t.share_post[i], pj = t.share_post[j];
      const int32_t a = t.post_account[pi], b = t.post_account[pj];
      const int64_t dt = std::llabs(t.post_time_ms[pi] - t.post_time_ms[pj]);
      if (a == b || dt > w) continue;
      auto& s = out[{a, b}];
      s.posts.insert(pi);
      ++s.pairs;
      s.sum_dt += dt;
    }
  return out;
}

uint64_t naive_key_pairs(const ShareTable& t, int32_t key, int64_t w) {
  uint64_t n = 0;
  for (size_t i = 0; i < t.num_shares(); ++i)
    for (size_t j = i + 1; j < t.num_shares(); ++j)
      if (t.share_key[i] == key && t.share_key[j] == key &&
          std::llabs(t.post_time_ms[t.share_post[i]] - t.post_time_ms[t.share_post[j]]) <= w)
        ++n;
  return n;
}

}  // namespace

TEST_CASE("coordination/coaction: sliding window equals naive all pairs on seeded data", "[coordination.coaction]") {
  // seed 6: 300 accounts and W = 10^12 s, so (account pair, dt) do not fit
  // one 64-bit sort key and dt is recomputed from post times.
  for (uint64_t seed : {1u, 2u, 3u, 4u, 5u, 6u}) {
    SplitMix64 rng{seed};
    std::vector<ToyShare> rows;
    const int posts = 250 + static_cast<int>(rng.below(200));
    for (int i = 0; i < posts; ++i) {
      ToyShare s;
      s.account = "acct" + std::to_string(rng.below(seed == 6 ? 300 : 30));
      s.ms =
          static_cast<int64_t>(rng.below(120)) * 1000 + (rng.below(4) == 0 ? static_cast<int64_t>(rng.below(1000)) : 0);
      const int nkeys = 1 + static_cast<int>(rng.below(3));
      for (int k = 0; k < nkeys; ++k) s.keys.push_back("key" + std::to_string(rng.below(seed == 5 ? 3 : 20)));
      rows.push_back(s);
    }
    const ShareTable t = toy_table(rows);
    const int64_t w = seed == 6 ? 1000000000000000LL : 5000 + static_cast<int64_t>(seed) * 1000;
    const uint64_t cap = seed == 3 ? 60 : 0;  // seed 3: some keys left out by the cap
    const KeyIndex x = build_key_index(t, t.post_time_ms);
    const Prepared prep = prepare(t, x, w, cap, 0);
    std::vector<char> excluded(t.num_keys(), 0);
    int capped = 0;
    for (size_t k = 0; k < t.num_keys(); ++k) {
      const uint64_t np = naive_key_pairs(t, static_cast<int32_t>(k), w);
      CHECK(prep.key_pairs[k] == np);
      excluded[k] = cap > 0 && np > cap;
      capped += excluded[k];
    }
    CHECK(prep.key_excluded == excluded);
    if (seed == 3) CHECK(capped > 0);
    const DirectedPairStats ps = gather_directed_by_account(t, prep, x, w);
    const auto naive = naive_pairs(t, w, excluded);
    REQUIRE(ps.target.size() == naive.size());
    size_t i = 0;
    bool all_equal = true;
    for (size_t a = 0; a < t.num_accounts(); ++a)
      for (int64_t e = ps.row[a]; e < ps.row[a + 1]; ++e, ++i) {
        auto it = naive.find({static_cast<int32_t>(a), ps.target[e]});
        auto back = naive.find({ps.target[e], static_cast<int32_t>(a)});
        all_equal = all_equal && it != naive.end() && back != naive.end() && ps.source[e] == static_cast<int32_t>(a) &&
                    it->second.posts.size() == ps.posts[e] && back->second.posts.size() == ps.posts_rev[e] &&
                    it->second.pairs == ps.pairs[e] && it->second.sum_dt == ps.sum_dt_ms[e];
      }
    CHECK(all_equal);
    CHECK(i == naive.size());
    // The key-order sweep the observed network uses: undirected, lo < hi.
    const PairStats us = gather_pair_stats(t, prep, x, w);
    size_t undirected = 0;
    for (const auto& kv : naive) undirected += kv.first.first < kv.first.second;
    REQUIRE(us.size() == undirected);
    bool us_equal = true;
    for (size_t e = 0; e < us.size(); ++e) {
      auto it = naive.find({us.lo[e], us.hi[e]});
      auto back = naive.find({us.hi[e], us.lo[e]});
      us_equal = us_equal &&
                 (e == 0 || std::make_pair(us.lo[e - 1], us.hi[e - 1]) < std::make_pair(us.lo[e], us.hi[e])) &&
                 it != naive.end() && back != naive.end() && it->second.posts.size() == us.posts_lo[e] &&
                 back->second.posts.size() == us.posts_hi[e] && it->second.pairs == us.pairs[e] &&
                 it->second.sum_dt == us.sum_dt_ms[e];
    }
    CHECK(us_equal);
    CHECK(us.coordinated_posts == ps.coordinated_posts);
    CHECK(us.visits == ps.visits);
  }
}
