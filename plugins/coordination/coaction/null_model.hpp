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

#include <cstdint>
#include <functional>
#include <vector>

#include "coaction_core.hpp"

namespace chorus::coordination_coaction {

// Seeded draws identical on every platform (chorus/sdk/random.hpp).
using SplitMix64 = sdk::SplitMix64;

// Post times with each account's times permuted among its posts.
std::vector<int64_t> permuted_times(const ShareTable& t, const Csr& posts_of_account, SplitMix64& rng);

// The key index with, within every object, the shares permuted over the
// object's positions (times stay at their positions, so order holds).
KeyIndex shuffled_within_objects(const KeyIndex& observed, const std::vector<char>& key_excluded, SplitMix64& rng);

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
NullOutcome permutation_test(const ShareTable& t, const Prepared& prep, const KeyIndex& observed, int64_t window_ms,
                             const std::vector<TestedEdge>& edges, NullModel model, Statistic stat, int permutations,
                             uint64_t seed, const std::function<bool()>& cancelled = {});

}  // namespace chorus::coordination_coaction
