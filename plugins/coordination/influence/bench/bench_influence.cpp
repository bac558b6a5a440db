// Benchmark of coordination/influence's core (posts batches -> Active cells ->
// network, scores inputs): seeded posts generated in memory, timed from the
// first batch to the finished network (batches are generated one at a time
// and handed over as a host streams them; generation time is not counted). Sizes: the published study (206
// accounts, ~31k posts, two years of hourly bins) and 100k accounts with 10
// million posts. Prints ROW|label|figure|goal|PASS/MISS lines.
//
// Usage: bench_influence [scale]   (scale < 1 shrinks the large case, e.g. 0.1)
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "analysis.hpp"
#include "influence_stage.hpp"

namespace ci = chorus::coordination_influence;

namespace {

struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double real() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
};

// Zipf(1) over n items by inverse CDF.
struct Zipf {
  std::vector<double> cdf;
  explicit Zipf(size_t n) : cdf(n) {
    double sum = 0;
    for (size_t i = 0; i < n; ++i) cdf[i] = (sum += 1.0 / static_cast<double>(i + 1));
    for (double& c : cdf) c /= sum;
  }
  size_t draw(Rng& r) const {
    return static_cast<size_t>(std::lower_bound(cdf.begin(), cdf.end(), r.real()) - cdf.begin()) % cdf.size();
  }
};

chorus::Schema posts_schema() {
  using chorus::TypeId;
  return {{"author_id", {TypeId::Utf8}},
          {"created_at", {TypeId::Timestamp, chorus::TimeUnit::Milli}},
          {"state", {TypeId::Utf8}},
          {"hashtags_folded", {TypeId::ListUtf8}},
          {"urls_normalized", {TypeId::ListUtf8}},
          {"mentions", {TypeId::ListUtf8}}};
}

// Accounts with heavy-tailed activity (weight 1/(rank+1)^0.8), half
// state-linked; hashtags Zipf over `tags`, a URL on 30% of posts, a mention on
// 20%; uniform times over two years; a planted group of 8 copying a leader.
// Batches go to `sink` one at a time (as a host streams them); the time spent
// in the sink is what is measured.
template <class Sink>
void generate(size_t accounts, size_t posts, size_t tags, uint64_t seed, Sink&& sink) {
  Rng rng{seed};
  const int64_t start = 1577836800000;  // 2020-01-01
  const int64_t span = int64_t{2} * 365 * 24 * 3600000;
  Zipf hashtag(tags), url(tags * 2), who(accounts);
  std::vector<std::string> ids(accounts);
  for (size_t a = 0; a < accounts; ++a) ids[a] = "u" + std::to_string(1000000 + a);
  chorus::Batch b(posts_schema());
  auto flush = [&](bool last) {
    if (b.rows() >= 65536 || (last && b.rows() > 0)) sink(b), b = chorus::Batch(posts_schema());
  };
  std::vector<std::string> h, u, m;
  for (size_t p = 0; p < posts; ++p) {
    const size_t a = who.draw(rng);
    h.clear(), u.clear(), m.clear();
    const uint64_t k = rng.next() % 10;
    for (uint64_t t = 0; t < (k < 4 ? 0 : k < 8 ? 1 : 2); ++t) h.push_back("tag" + std::to_string(hashtag.draw(rng)));
    if (rng.real() < 0.3)
      u.push_back("site" + std::to_string(url.draw(rng) % 997) + ".com/p/" + std::to_string(url.draw(rng)));
    if (rng.real() < 0.2) m.push_back(ids[rng.next() % accounts]);
    b.column(0).append_string(ids[a]);
    b.column(1).append_int(start + static_cast<int64_t>(rng.next() % static_cast<uint64_t>(span)));
    if (a % 2 == 0)
      b.column(2).append_string("CN");
    else
      b.column(2).append_null();
    b.column(3).append_list(h);
    b.column(4).append_list(u);
    b.column(5).append_list(m);
    flush(false);
  }
  // Planted: leader account 0 posts opN at a random hour, members 2..16 (even: state-linked) the next hour.
  for (int e = 0; e < 40; ++e) {
    const int64_t hour = static_cast<int64_t>(rng.next() % static_cast<uint64_t>(span / 3600000 - 2));
    const std::vector<std::string> tag{"op" + std::to_string(e)}, none;
    for (size_t member = 0; member <= 16 && member < accounts; member += 2) {
      b.column(0).append_string(ids[member]);
      b.column(1).append_int(start + (hour + (member ? 1 : 0)) * 3600000 + 1000);
      b.column(2).append_string("CN");
      b.column(3).append_list(tag);
      b.column(4).append_list(none);
      b.column(5).append_list(none);
      flush(false);
    }
  }
  flush(true);
}

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

double peak_rss_gb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / (1024.0 * 1024.0);  // ru_maxrss is in KiB on Linux
}

void run_case(const char* label, size_t accounts, size_t posts, size_t tags, double goal_seconds, double goal_gb) {
  ci::Config o = ci::InfluenceStage::options().parse(chorus::sdk::Json::object());  // the stage's defaults
  o.start_ms = 1577836800000;
  o.end_ms = 1577836800000 + int64_t{2} * 365 * 24 * 3600000;
  ci::ActivityBuilder builder(o);
  double ingest_seconds = 0, ingest_cpu = 0;
  generate(accounts, posts, tags, 42, [&](const chorus::Batch& b) {
    const double c0 = cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    builder.add(b);
    ingest_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ingest_cpu += cpu_seconds() - c0;
  });
  const double cpu0 = cpu_seconds() - ingest_cpu;
  const auto t0 = std::chrono::steady_clock::now() - std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                         std::chrono::duration<double>(ingest_seconds));
  const ci::Result r = ci::analyse(builder, o);
  const std::vector<ci::Score> s = ci::scores_of(r.network.edges[ci::kAverage], r.activity.accounts.size());
  const std::vector<uint32_t> order = ci::rank_order(s);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double gb = peak_rss_gb();
  std::printf("RESULT %s_cpu_seconds %.3f\n", label, cpu_seconds() - cpu0);
  std::printf("RESULT %s_accounts %zu\nRESULT %s_posts %zu\nRESULT %s_cells %zu\nRESULT %s_lag1_events %lld\n", label,
              r.activity.accounts.size(), label, posts, label, r.activity.cells.size(), label,
              static_cast<long long>(r.network.lag1_events));
  std::printf(
      "RESULT %s_candidate_pairs %lld\nRESULT %s_average_edges %zu\nRESULT %s_passes %d\nRESULT %s_capped %zu\n", label,
      static_cast<long long>(r.network.candidate_pairs), label, r.network.edges[ci::kAverage].size(), label,
      r.network.passes, label, r.activity.capped.size());
  std::printf("RESULT %s_top_account %s\n", label, order.empty() ? "-" : r.activity.accounts[order[0]].c_str());
  std::printf("ROW|influence %s: seconds (2 threads)|%.3f|< %.0f s|%s\n", label, seconds, goal_seconds,
              seconds < goal_seconds ? "PASS" : "MISS");
  std::printf("ROW|influence %s: peak memory (GB, getrusage)|%.2f|< %.0f GB|%s\n", label, gb, goal_gb,
              gb < goal_gb ? "PASS" : "MISS");
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const double scale = argc > 1 ? std::atof(argv[1]) : 1.0;
  run_case("study_206x31k", 206, 31000, 3000, 1.0, 4.0);
  run_case(scale == 1.0 ? "100kx10M" : "scaled", static_cast<size_t>(100000 * scale),
           static_cast<size_t>(10000000 * scale), static_cast<size_t>(200000 * scale), 60.0, 4.0);
  return 0;
}
