// Benchmark of the inter-state analysis core: network/interactions,
// network/states and network/temporal on 10 million generated posts.
//
// The posts are generated in memory (seeded splitmix64) batch by batch, as a
// pipeline would stream them: 13 states x 20,000 accounts and 100,000
// unattributed accounts, 2011-2021, 45% originals (0-3 mentions), 25%
// retweets, 15% replies (30% of them given by target post only), 10% quotes
// (target post only, an earlier post), 5% originals with handle mentions;
// most account ids are 44-character hashes as in the takedown archive.
// Each generated batch is handed to the interactions builder and dropped;
// each emitted interactions batch goes to the states and temporal counters
// and is dropped, so the peak RSS is what the three stages keep.
//
// The stage code alone, without runner or store: where the pipeline's time
// goes. Issue 4's goal (analysis no longer than ingest) is judged on the real
// pipeline by bench/interstate_bench.py, which times the ingest too; this
// bench only checks the memory these three stages keep (under 4 GB).
// Usage: bench_network_interactions_bench_interstate_core [posts]
#include <malloc.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

// Built with the libraries of the three plugins (bench/libraries.cmake), whose
// folders are on the include path.
#include "interactions_stage.hpp"
#include "interactions_writer.hpp"
#include "state_tables.hpp"
#include "temporal_tables.hpp"

using namespace chorus;
using namespace chorus::network_interactions;
using namespace chorus::network_states;
using namespace chorus::network_temporal;

namespace {

uint64_t mix(uint64_t z) {
  z += 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

struct Rng {
  uint64_t s;
  uint64_t next() { return mix(s++); }
  uint64_t below(uint64_t n) { return next() % n; }  // bias < 1e-12 for these n: irrelevant to a benchmark
};

constexpr int kStates = 13;
constexpr uint64_t kPerState = 20000, kUnattributed = 100000, kAccounts = kStates * kPerState + kUnattributed;
const char* kStateCodes[kStates] = {"CN", "RU", "IR", "SA", "AE", "EG", "VE", "TR", "RS", "CU", "HN", "TH", "ID"};

std::string account_id(uint64_t a) {
  if (a % 5 == 0) return std::to_string(100000000 + a * 37);  // numeric (5,000+ followers)
  static const char* b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string s(44, '=');
  uint64_t h = mix(a * 1315423911ull);
  for (int i = 0; i < 43; ++i) {
    if (i % 10 == 0) h = mix(h + static_cast<uint64_t>(i));
    s[static_cast<size_t>(i)] = b64[h & 63];
    h >>= 6;
  }
  return s;
}
std::string handle_of(uint64_t a) { return "User_" + std::to_string(a); }
const char* state_of(uint64_t a) { return a < kStates * kPerState ? kStateCodes[a / kPerState] : nullptr; }
std::string post_id(uint64_t i) { return std::to_string(1000000000000000000ull + i * 7919); }
uint64_t author_of_post(uint64_t i) { return mix(i ^ 0xABCDEF) % kAccounts; }
// A neighbour of account a: mostly its own state, sometimes another state or outside.
uint64_t neighbour(uint64_t a, Rng& r) {
  const uint64_t u = r.below(100);
  if (u < 70 && a < kStates * kPerState) return (a / kPerState) * kPerState + r.below(kPerState);
  if (u < 85) return r.below(kStates * kPerState);
  if (u < 95) return kStates * kPerState + r.below(kUnattributed);
  return kAccounts + r.below(1000000);  // outside the data
}

const Schema& post_schema() {
  static const Schema s{{"platform", {TypeId::Utf8}},
                        {"post_id", {TypeId::Utf8}},
                        {"author_id", {TypeId::Utf8}},
                        {"author_handle", {TypeId::Utf8}},
                        {"state", {TypeId::Utf8}},
                        {"created_at", {TypeId::Timestamp, TimeUnit::Milli}},
                        {"interaction_type", {TypeId::Utf8}},
                        {"target_post_id", {TypeId::Utf8}},
                        {"target_author_id", {TypeId::Utf8}},
                        {"hashtags_folded", {TypeId::ListUtf8}},
                        {"urls_normalized", {TypeId::ListUtf8}},
                        {"mentions", {TypeId::ListUtf8}},
                        {"mentions_kind", {TypeId::Utf8}},
                        {"likes", {TypeId::Int64}},
                        {"shares", {TypeId::Int64}},
                        {"replies", {TypeId::Int64}}};
  return s;
}

Batch generate_posts(uint64_t first, uint64_t n, Rng& r) {
  const int64_t t0 = 1293840000000;              // 2011-01-01
  const int64_t span = 11LL * 365 * 86400000LL;  // to 2021
  Batch b(post_schema());
  std::vector<std::string> list;
  for (uint64_t i = first; i < first + n; ++i) {
    const uint64_t a = author_of_post(i);
    b.column(0).append_string("twitter");
    b.column(1).append_string(post_id(i));
    b.column(2).append_string(account_id(a));
    b.column(3).append_string(handle_of(a));
    if (const char* s = state_of(a))
      b.column(4).append_string(s);
    else
      b.column(4).append_null();
    b.column(5).append_int(t0 + static_cast<int64_t>(r.below(static_cast<uint64_t>(span))));
    const uint64_t u = r.below(100);
    const char* type = u < 50 ? "original" : u < 75 ? "share" : u < 90 ? "reply" : "quote";
    b.column(6).append_string(type);
    const bool by_post = u >= 90 || (u >= 75 && r.below(10) < 3);
    if (u >= 50 && i > 0) {
      const uint64_t target_post = r.below(i);
      b.column(7).append_string(post_id(target_post));
      if (by_post)
        b.column(8).append_null();
      else
        b.column(8).append_string(account_id(u < 75 ? neighbour(a, r) : author_of_post(target_post)));
    } else {
      b.column(7).append_null();
      b.column(8).append_null();
    }
    list.clear();
    for (uint64_t k = r.below(3); k > 0; --k) list.push_back("tag" + std::to_string(r.below(5000)));
    b.column(9).append_list(list);
    list.clear();
    if (r.below(3) == 0) list.push_back("news" + std::to_string(r.below(100000)) + ".example/a");
    b.column(10).append_list(list);
    list.clear();
    const bool handles = u >= 45 && u < 50;
    if (u < 50 || u >= 75)
      for (uint64_t k = r.below(4); k > 0; --k) {
        const uint64_t m = neighbour(a, r);
        list.push_back(handles ? "@" + handle_of(m) : account_id(m));
      }
    b.column(11).append_list(list);
    if (list.empty())
      b.column(12).append_null();
    else
      b.column(12).append_string(handles ? "handle" : "id");
    b.column(13).append_int(static_cast<int64_t>(r.below(50)));
    b.column(14).append_int(static_cast<int64_t>(r.below(10)));
    b.column(15).append_int(static_cast<int64_t>(r.below(5)));
  }
  return b;
}

// Wall and CPU seconds of a phase (the machine is shared: CPU time tells the work when it is loaded).
struct Clock {
  double wall = 0, cpu = 0;
  std::chrono::steady_clock::time_point w0;
  double c0 = 0;
  static double cpu_now() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }
  void start() { w0 = std::chrono::steady_clock::now(), c0 = cpu_now(); }
  void stop() {
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
    cpu += cpu_now() - c0;
  }
};
double peak_rss_gb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / (1024.0 * 1024.0);  // ru_maxrss is in KiB on Linux
}

}  // namespace

int main(int argc, char** argv) {
  // As the host does (framework/src/util/allocator.cpp): keep freed batch
  // memory instead of returning it to the kernel after every batch.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  const uint64_t posts = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10000000;
  const uint64_t batch_rows = 65536;
  Rng rng{20211202};
  // The stage's defaults (unresolved handles kept, state conflicts unattributed).
  InteractionBuilder builder(InteractionsStage::options().parse(sdk::Json::object()).builder);
  std::vector<RejectRow> rejects;
  Clock generate, read, finish, write, states_clock, temporal_clock;
  for (uint64_t first = 0; first < posts; first += batch_rows) {
    generate.start();
    Batch b = generate_posts(first, std::min(batch_rows, posts - first), rng);
    generate.stop();
    read.start();
    builder.add_posts(b, rejects);
    read.stop();
  }
  const double rss_after_read = peak_rss_gb();
  finish.start();
  builder.finish();
  finish.stop();
  const size_t kept_bytes = builder.memory_bytes();

  StateNetwork states;
  TemporalCounter temporal;
  int64_t edges = 0, isolates = 0;
  write.start();
  auto consume = [&](const char* port, Batch&& b) {
    write.stop();
    if (std::string(port) == "interactions") {
      edges += b.rows();
      states_clock.start();
      add_interaction_batch(states, b);
      states_clock.stop();
      temporal_clock.start();
      add_temporal_batch(temporal, b);
      temporal_clock.stop();
    } else {
      isolates += b.rows();
      states_clock.start();
      add_isolate_batch(states, b);
      states_clock.stop();
    }
    write.start();
  };
  write_interactions(builder, 65536, consume);
  write.stop();
  states_clock.start();
  StateOutputs so = state_outputs(states, false);
  states_clock.stop();
  temporal_clock.start();
  TemporalOutputs to = temporal_outputs(temporal);
  temporal_clock.stop();

  const double interactions_wall = read.wall + finish.wall + write.wall;
  const double interactions_cpu = read.cpu + finish.cpu + write.cpu;
  const double total_wall = interactions_wall + states_clock.wall + temporal_clock.wall;
  const double total_cpu = interactions_cpu + states_clock.cpu + temporal_clock.cpu;
  const double rss = peak_rss_gb();
  const std::string n = posts == 10000000 ? "10M" : std::to_string(posts);
  std::printf("RESULT posts %llu\nRESULT edges %lld\nRESULT isolates %lld\nRESULT rejects %zu\n",
              static_cast<unsigned long long>(posts), static_cast<long long>(edges), static_cast<long long>(isolates),
              rejects.size());
  std::printf("RESULT generate_s wall %.2f cpu %.2f\n", generate.wall, generate.cpu);
  std::printf("RESULT read_s wall %.2f cpu %.2f\n", read.wall, read.cpu);
  std::printf("RESULT finish_sort_s wall %.2f cpu %.2f\n", finish.wall, finish.cpu);
  std::printf("RESULT write_s wall %.2f cpu %.2f\n", write.wall, write.cpu);
  std::printf("RESULT builder_bytes_per_post %.1f\nRESULT rss_after_read_gb %.2f\n",
              static_cast<double>(kept_bytes) / static_cast<double>(posts), rss_after_read);
  std::printf("RESULT states %lld monthly_rows %lld inter_reciprocity %.4f\n", static_cast<long long>(so.states.rows()),
              static_cast<long long>(to.monthly.rows()), so.network.column("reciprocity").float64(0));
  std::printf("ROW|interstate %s posts: network/interactions wall s (cpu s)|%.1f (%.1f)|-|-\n", n.c_str(),
              interactions_wall, interactions_cpu);
  std::printf("ROW|interstate %s posts: network/states wall s (cpu s)|%.1f (%.1f)|-|-\n", n.c_str(), states_clock.wall,
              states_clock.cpu);
  std::printf("ROW|interstate %s posts: network/temporal wall s (cpu s)|%.1f (%.1f)|-|-\n", n.c_str(),
              temporal_clock.wall, temporal_clock.cpu);
  std::printf("ROW|interstate %s posts: three stages together wall s (cpu s), code alone|%.1f (%.1f)|-|-\n", n.c_str(),
              total_wall, total_cpu);
  std::printf("ROW|interstate %s posts: peak RSS (GB)|%.2f|< 4|%s\n", n.c_str(), rss, rss < 4 ? "PASS" : "MISS");
  return 0;
}
