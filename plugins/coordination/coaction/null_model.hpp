// coordination/coaction: the seeded permutation null model.
//
// Two nulls, each a uniform random permutation (Fisher-Yates) per group:
//
// object_times (default): within every object, the share times are permuted
//   among the object's shares. Every object keeps its exact time profile (a
//   viral tweet's burst of retweets in its first hour stays a burst) and its
//   set of sharing accounts; which account shared at which of those moments
//   is random. Null hypothesis: given who shared an object and when it was
//   shared, the accounts' places in the cascade are exchangeable. Keys of one
//   multi-key post get separate times.
// account_times: within every account, the timestamps of its posts are
//   permuted among its posts (all keys of a post move together). Every
//   account keeps its multiset of times and its set of objects; the
//   alignment of times to objects is broken, so the objects' own time
//   profiles are destroyed too: accounts that merely joined the same
//   cascade early look coordinated. Kept for comparison; see the docs.
//
// Objects left out by the cap stay left out; the CooRTweet prefilter's
// accounts stay the same.
//
// For each tested edge with observed statistic s (the edge's weight) and null
// values s_1..s_R: p = (1 + #{r: s_r >= s}) / (1 + R) and
// z = (s - mean(s_r)) / sd(s_r) with the sample standard deviation (R - 1 in
// the denominator); z is NaN (written as null) when R < 2 or sd = 0.
//
// Randomness: splitmix64 seeded per permutation with seed + (r + 1) * golden
// ratio, unbiased bounded draws by Lemire's multiply-and-reject; no std::
// distribution, so results are identical on every standard library.
#pragma once

#include <chorus/sdk/random.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <vector>

#include "coaction_core.hpp"

namespace chorus::coordination_coaction {

// Seeded draws identical on every platform (chorus/sdk/random.hpp).
using SplitMix64 = sdk::SplitMix64;

// Post times with each account's times permuted among its posts.
inline std::vector<int64_t> permuted_times(const ShareTable& t, const Csr& posts_of_account, SplitMix64& rng) {
  std::vector<int64_t> times = t.post_time_ms;
  for (size_t a = 0; a < t.num_accounts(); ++a) {
    const int64_t b = posts_of_account.begin[a], e = posts_of_account.begin[a + 1];
    for (int64_t i = e - b - 1; i > 0; --i) {
      const int64_t j = static_cast<int64_t>(rng.below(static_cast<uint64_t>(i) + 1));
      std::swap(times[posts_of_account.items[b + i]], times[posts_of_account.items[b + j]]);
    }
  }
  return times;
}

// The key index with, within every object, the shares permuted over the
// object's positions (times stay at their positions, so order holds).
inline KeyIndex shuffled_within_objects(const KeyIndex& observed, const std::vector<char>& key_excluded,
                                        SplitMix64& rng) {
  KeyIndex x = observed;
  for (size_t k = 0; k + 1 < x.key_begin.size(); ++k) {
    if (key_excluded[k]) continue;
    const int64_t b = x.key_begin[k], e = x.key_begin[k + 1];
    for (int64_t i = e - b - 1; i > 0; --i) {
      const int64_t j = b + static_cast<int64_t>(rng.below(static_cast<uint64_t>(i) + 1));
      std::swap(x.share[b + i], x.share[j]);
      std::swap(x.account[b + i], x.account[j]);
      std::swap(x.post[b + i], x.post[j]);
    }
    for (int64_t i = b; i < e; ++i) x.position_of_share[x.share[i]] = i;
  }
  return x;
}

enum class NullModel { ObjectTimes, AccountTimes };

enum class Statistic { Posts, Pairs };  // posts(source->target) | share pairs

struct TestedEdge {
  int32_t source, target;
  double observed;
};

struct NullOutcome {
  std::vector<double> p_value;  // per tested edge
  std::vector<double> z;        // NaN when undefined
  int permutations_done = 0;
};

// `edges` sorted by (source, target). `cancelled` is polled between permutations.
inline NullOutcome permutation_test(const ShareTable& t, const Prepared& prep, const KeyIndex& observed,
                                    int64_t window_ms, const std::vector<TestedEdge>& edges, NullModel model,
                                    Statistic stat, int permutations,
                                    uint64_t seed, const std::function<bool()>& cancelled = {}) {
  NullOutcome out;
  const size_t m = edges.size();
  std::vector<int64_t> at_least(m, 0);
  std::vector<double> sum(m, 0), sum_sq(m, 0);
  std::vector<int64_t> first_edge(t.num_accounts() + 1, 0);
  std::vector<char> is_source(t.num_accounts(), 0);
  for (const auto& e : edges) ++first_edge[e.source + 1], is_source[e.source] = 1;
  for (size_t a = 0; a < t.num_accounts(); ++a) first_edge[a + 1] += first_edge[a];

  ScanInputs in = scan_inputs(t, prep, window_ms);
  in.scan_account = &is_source;
  int done = 0;
  for (int r = 0; r < permutations && m > 0; ++r) {
    if (cancelled && cancelled()) break;
    SplitMix64 rng{seed + static_cast<uint64_t>(r + 1) * 0x9E3779B97F4A7C15ULL};
    const KeyIndex x = model == NullModel::ObjectTimes
                           ? shuffled_within_objects(observed, prep.key_excluded, rng)
                           : build_key_index(t, permuted_times(t, prep.posts_of_account, rng));
    Scratch scratch(t.num_accounts(), t.num_posts());  // fresh marks: post ids repeat across permutations
    scan_pairs(in, x, scratch, [&](int32_t a, Scratch& s, int64_t) {
      for (int64_t e = first_edge[a]; e < first_edge[a + 1]; ++e) {
        const int32_t b = edges[e].target;
        const double v = stat == Statistic::Posts ? static_cast<double>(s.posts[b]) : static_cast<double>(s.pairs[b]);
        at_least[e] += v >= edges[e].observed;
        sum[e] += v;
        sum_sq[e] += v * v;
      }
    });
    ++done;
  }
  out.permutations_done = done;
  out.p_value.resize(m);
  out.z.resize(m);
  for (size_t e = 0; e < m; ++e) {
    out.p_value[e] = done > 0 ? (1.0 + static_cast<double>(at_least[e])) / (1.0 + done) : std::nan("");
    out.z[e] = std::nan("");
    if (done >= 2) {
      const double mean = sum[e] / done;
      const double var = (sum_sq[e] - done * mean * mean) / (done - 1);
      if (var > 1e-12 * std::max(1.0, mean * mean)) out.z[e] = (edges[e].observed - mean) / std::sqrt(var);
    }
  }
  return out;
}

}  // namespace chorus::coordination_coaction
