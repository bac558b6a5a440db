// Benchmark of stats/engagement's core: folding 10 million interaction rows
// (seeded, generated batch by batch in memory) into posts, then the tests of
// every state (Welch, Student on the seeded external sample, BH, power).
// Only the stage's work is timed, not the generation of the rows.
#include <chrono>
#include <cstdio>
#include <string>

#include "engagement_stage.hpp"  // stats_engagement_lib
#include "post_table.hpp"

using namespace chorus;
using namespace chorus::stats_engagement;

namespace {

constexpr int64_t kRows = 10'000'000;
constexpr int64_t kBatchRows = 65'536;
const char* const kStates[] = {"CN", "RU", "IR", "VE", "SA", "EG"};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main() {
  const Schema s{{"platform", {TypeId::Utf8}}, {"post_id", {TypeId::Utf8}},      {"type", {TypeId::Utf8}},
                 {"scope", {TypeId::Utf8}},    {"source_state", {TypeId::Utf8}}, {"likes", {TypeId::Int64}},
                 {"shares", {TypeId::Int64}},  {"replies", {TypeId::Int64}}};
  const Config cfg = EngagementStage::options().parse(sdk::Json::object());  // the defaults
  PostTable posts(cfg.metrics, cfg.exclude_types);
  SplitMix64 rng(20211202);
  double fold_s = 0;
  int64_t rows = 0, post_no = 0;
  while (rows < kRows) {
    Batch b(s);
    for (auto* c : {&b.column(0), &b.column(1), &b.column(2), &b.column(3), &b.column(4)}) c->reserve(kBatchRows + 4);
    while (b.rows() < kBatchRows && rows < kRows) {
      // One post: a retweet (15%, one edge) or 1-3 edges of mixed scope.
      const std::string id = std::to_string(1'300'000'000'000'000'000LL + post_no++ * 7919);
      const char* state = kStates[rng.below(6)];
      const bool retweet = rng.below(100) < 15;
      const int edges = retweet ? 1 : 1 + static_cast<int>(rng.below(3));
      const bool inter_post = rng.below(100) < 25;
      const int64_t likes = static_cast<int64_t>(inter_post ? 20 + rng.below(61) : rng.below(41));
      const int64_t shares = static_cast<int64_t>(inter_post ? 5 + rng.below(26) : rng.below(13));
      const int64_t replies = static_cast<int64_t>(rng.below(100) == 0 ? -1 : rng.below(10));  // 1% null
      for (int e = 0; e < edges && rows < kRows; ++e, ++rows) {
        const uint64_t sc = rng.below(10);
        b.column(0).append_string("twitter");
        b.column(1).append_string(id);
        b.column(2).append_string(retweet ? "retweet" : e == 0 ? "reply" : "mention");
        b.column(3).append_string(inter_post && e == 0 ? "inter" : sc < 6 ? "intra" : "external");
        b.column(4).append_string(state);
        b.column(5).append_int(likes);
        b.column(6).append_int(shares);
        if (replies < 0)
          b.column(7).append_null();
        else
          b.column(7).append_int(replies);
      }
    }
    const auto t0 = std::chrono::steady_clock::now();
    posts.add(b);
    fold_s += seconds_since(t0);
  }
  const auto t1 = std::chrono::steady_clock::now();
  const Results res = analyse(posts, cfg);
  const double analyse_s = seconds_since(t1);
  const double total = fold_s + analyse_s;

  std::printf("posts %zu, rows %lld, tests %zu + %zu, excluded %zu\n", posts.size(), static_cast<long long>(rows),
              res.intra.size(), res.external.size(), res.excluded.size());
  std::printf("RESULT engagement_fold_s %.3f\nRESULT engagement_analyse_s %.3f\n", fold_s, analyse_s);
  std::printf("ROW|stats/engagement fold 10M interactions into posts|%.2f s (%.1f M rows/s)|-|-\n", fold_s,
              static_cast<double>(rows) / fold_s / 1e6);
  std::printf("ROW|stats/engagement tests of 6 states|%.2f s|-|-\n", analyse_s);
  std::printf("ROW|stats/engagement 10M interactions end to end|%.2f s|<= 20 s|%s\n", total,
              total <= 20 ? "PASS" : "MISS");
  return res.intra.size() == 18 && res.external.size() == 18 ? 0 : 1;
}
