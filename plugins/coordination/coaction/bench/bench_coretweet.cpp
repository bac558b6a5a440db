// Benchmark of coordination/coaction: co-retweet on 10 million shares with a
// heavy-tailed object size distribution, W = 60 s, toolkit semantics.
//
// Data (seeded, in memory): object k (k = 1, 2, ...) has
// max(1, floor(100000 k^-0.8)) retweets until 10 million are reached (object
// 1: 100,000; about 2.9 million objects, most with one share); each object
// starts at a uniform time in 30 days and its retweets follow at
// exponential delays (mean 6 h), as a cascade; the retweeting account is
// floor(1e6 u^2) for uniform u (a few very active accounts, a long tail).
//
// Timed: analyse() from a built ShareTable (key index, object cost and cap,
// sliding-window scan, edges): what the stage does after reading posts.
// ROW lines: seconds for 10M shares (goal < 10 s), and seconds per null-model
// permutation (object_times) on the same data (no goal).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "analysis.hpp"
#include "coaction_stage.hpp"

using namespace chorus::coordination_coaction;

namespace {

double uniform01(SplitMix64& rng) { return static_cast<double>(rng.next() >> 11) * 0x1.0p-53; }

ShareTable make_data(size_t target_shares, uint64_t seed) {
  SplitMix64 rng{seed};
  ShareTable t;
  const int64_t accounts = 1000000;
  char name[32];
  t.accounts.reserve(accounts);
  for (int64_t a = 0; a < accounts; ++a) {
    std::snprintf(name, sizeof name, "acct%07lld", static_cast<long long>(a));
    t.accounts.emplace_back(name);  // zero-padded: id order is byte order
  }
  const double month_ms = 30.0 * 86400 * 1000, tau_ms = 6.0 * 3600 * 1000;
  t.post_account.reserve(target_shares);
  t.post_time_ms.reserve(target_shares);
  for (size_t k = 1; t.post_account.size() < target_shares; ++k) {
    const size_t size =
        std::max<size_t>(1, static_cast<size_t>(std::floor(100000.0 * std::pow(static_cast<double>(k), -0.8))));
    const int32_t key = static_cast<int32_t>(t.keys.size());
    t.keys.push_back("tweet" + std::to_string(k));
    const double start = uniform01(rng) * month_ms;
    for (size_t i = 0; i < size && t.post_account.size() < target_shares; ++i) {
      const double u = uniform01(rng);
      const int32_t post = static_cast<int32_t>(t.post_account.size());
      t.post_account.push_back(static_cast<int32_t>(std::floor(static_cast<double>(accounts) * u * u)));
      t.post_time_ms.push_back(static_cast<int64_t>(start - tau_ms * std::log1p(-uniform01(rng))));
      t.share_post.push_back(post);
      t.share_key.push_back(key);
    }
  }
  return t;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main() {
  const size_t n = 10000000;
  auto t0 = std::chrono::steady_clock::now();
  ShareTable data = make_data(n, 42);
  std::printf("generated %zu shares, %zu objects, %zu accounts in %.2f s\n", data.num_shares(), data.num_keys(),
              data.num_accounts(), seconds_since(t0));

  // The stage's defaults (its option table): toolkit semantics, no permutations.
  Config cfg = CoactionStage::options().parse({{"kind", "co_retweet"}, {"window", 60}});
  ShareTable copy = data;  // analyse() takes the table; copy outside the timing
  t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  Result r = analyse(std::move(copy), cfg);
  const double secs = seconds_since(t0);
  // CPU time of this process: the machine may be shared, wall time then overstates.
  std::printf("RESULT toolkit_cpu_seconds %.2f\n", static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
  std::printf(
      "RESULT shares %zu\nRESULT pairs_within_window %llu\nRESULT directed_visits %llu\n"
      "RESULT directed_account_pairs %lld\nRESULT edges %zu\nRESULT objects_capped %zu\n",
      r.table.num_shares(), static_cast<unsigned long long>(r.pairs_within_window),
      static_cast<unsigned long long>(r.visits), static_cast<long long>(r.directed_pairs), r.num_edges(),
      r.capped.size());
  std::printf("ROW|coaction co_retweet toolkit, 10M shares (max object 100k), W=60s (s)|%.2f|10|%s\n", secs,
              secs < 10 ? "PASS" : "MISS");
  r = Result();  // free before the next run

  // CooRTweet semantics on the same data.
  cfg.edges.semantics = Semantics::CooRTweet;
  copy = data;
  t0 = std::chrono::steady_clock::now();
  const std::clock_t c1 = std::clock();
  Result rc = analyse(std::move(copy), cfg);
  const double secs_c = seconds_since(t0);
  std::printf("RESULT coortweet_cpu_seconds %.2f\n", static_cast<double>(std::clock() - c1) / CLOCKS_PER_SEC);
  std::printf("RESULT coortweet_edges %zu\n", rc.num_edges());
  std::printf("ROW|coaction co_retweet coortweet, 10M shares, W=60s (s)|%.2f|10|%s\n", secs_c,
              secs_c < 10 ? "PASS" : "MISS");
  rc = Result();

  // Null model: 2 permutations (object_times) of the toolkit network with
  // min_weight 2 (the repeated co-retweets an analyst would test), timed
  // against the same run without permutations.
  cfg.edges.semantics = Semantics::Toolkit;
  cfg.edges.min_weight = 2;
  copy = data;
  t0 = std::chrono::steady_clock::now();
  Result r0 = analyse(std::move(copy), cfg);
  const double secs_0 = seconds_since(t0);
  r0 = Result();
  cfg.permutations = 2;
  copy = data;
  t0 = std::chrono::steady_clock::now();
  Result rn = analyse(std::move(copy), cfg);
  const double secs_n = seconds_since(t0);
  std::printf("RESULT null_tested_edges %zu\n", rn.num_edges());
  std::printf("ROW|coaction null model (object_times), 10M shares, %zu edges tested, per permutation (s)|%.2f|-|-\n",
              rn.num_edges(), (secs_n - secs_0) / 2);
  return 0;
}
