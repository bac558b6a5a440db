// Benchmark of network/hashtags: the exact diameter (iFUB) of generated
// 100k-node graphs, and the whole ambient-network computation on 3 million
// generated interactions (argv[1] overrides; argv[2] = graphs, hubs or tail runs that part only;
// argv[3]: rows of the tail case, default 1M):
// a heavy-tailed hashtag law with hub hashtags used by most accounts (the
// near-complete projection of a takedown archive), counted only and with the
// default 10M-edge cap, and a long-tail law. Seeded; prints ROW lines for bench/run.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

// Built with network_hashtags_lib (bench/CMakeLists.txt), whose folder is on the include path.
#include "ambient_network.hpp"
#include "exact_diameter.hpp"
#include "hashtags_stage.hpp"
#include "projection.hpp"
#include "tests/graph_families.hpp"

namespace nh = chorus::network_hashtags;
namespace fam = chorus::network_hashtags::testing;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The node of highest degree: it lies in the giant component of these graphs.
int32_t highest_degree(const nh::CsrGraph& g) {
  int32_t best = 0;
  for (int32_t v = 1; v < g.nodes(); ++v)
    if (g.degree(v) > g.degree(best)) best = v;
  return best;
}

void bench_graph(const fam::EdgeListGraph& g, const char* label) {
  const nh::CsrGraph csr = nh::CsrGraph::from_edges(g.nodes, g.edges);
  const auto t0 = std::chrono::steady_clock::now();
  const nh::DiameterResult d = nh::exact_diameter(csr, highest_degree(csr));
  const double s = seconds_since(t0);
  std::printf("RESULT %s_nodes %d\nRESULT %s_edges %zu\nRESULT %s_diameter %lld\nRESULT %s_bfs_runs %lld\n", label,
              g.nodes, label, g.edges.size(), label, static_cast<long long>(d.diameter), label,
              static_cast<long long>(d.bfs_runs));
  std::printf("ROW|exact diameter, %s, %d nodes (diameter %lld, %lld BFS)|%.3f s|< 10 s|%s\n", label, g.nodes,
              static_cast<long long>(d.diameter), static_cast<long long>(d.bfs_runs), s, s < 10 ? "PASS" : "MISS");
  std::fflush(stdout);
}

// How a row's hashtags are drawn. Tail: 0..3 hashtags from `tags` with a
// skewed popularity (tag = floor(tags * u^2): the most used one is in ~0.5%
// of draws). HubsAndTail: the same, but each draw is with probability 1/2 one
// of 30 hub hashtags (hub = floor(30 u^2): the top hub ends up used by ~97% of
// the accounts, the top few by most of them: a near-complete projection, as
// in a takedown archive where everyone tags the campaign's hashtags).
enum class TagLaw { Tail, HubsAndTail };

std::vector<chorus::Batch> generate(int64_t rows, int32_t accounts, int32_t tags, TagLaw law, uint64_t seed) {
  fam::SplitMix64 rng(seed);
  const chorus::Schema schema = {{"post_id", {chorus::TypeId::Utf8}},      {"source", {chorus::TypeId::Utf8}},
                                 {"target", {chorus::TypeId::Utf8}},       {"source_state", {chorus::TypeId::Utf8}},
                                 {"target_state", {chorus::TypeId::Utf8}}, {"scope", {chorus::TypeId::Utf8}},
                                 {"hashtags", {chorus::TypeId::ListUtf8}}};
  static const char* const states[] = {"XA", "XB", "XC", "XD", "XE", "XF"};
  auto unit = [&] { return static_cast<double>(rng.next() >> 11) / 9007199254740992.0; };
  std::vector<chorus::Batch> batches;
  std::vector<std::string> row_tags;
  for (int64_t done = 0; done < rows;) {
    chorus::Batch b(schema);
    for (int k = 0; k < 65536 && done < rows; ++k, ++done) {
      const int32_t s = rng.below(accounts), t = rng.below(accounts);
      b.column(0).append_string("p" + std::to_string(done));
      b.column(1).append_string("acc" + std::to_string(s));
      b.column(2).append_string("acc" + std::to_string(t));
      b.column(3).append_string(states[s % 6]);
      b.column(4).append_string(states[t % 6]);
      b.column(5).append_string(rng.below(10) < 7 ? "inter" : "intra");
      row_tags.clear();
      for (int32_t j = rng.below(4); j > 0; --j) {
        if (law == TagLaw::HubsAndTail && rng.below(2) == 0) {
          const double u = unit();
          row_tags.push_back("hub" + std::to_string(static_cast<int32_t>(30 * u * u)));
        } else {
          const double u = unit();
          row_tags.push_back("tag" + std::to_string(static_cast<int32_t>(tags * u * u)));
        }
      }
      b.column(6).append_list(row_tags);
    }
    batches.push_back(std::move(b));
  }
  return batches;
}

// The whole ambient-network computation (add + finish) on the batches, with
// `max_edges` edges emitted to a callback that only sums weights.
void bench_stage(const std::vector<chorus::Batch>& batches, int64_t rows, const char* label, int64_t max_edges,
                 double goal_seconds) {
  const auto t0 = std::chrono::steady_clock::now();
  nh::AmbientNetwork net(nh::HashtagsStage::options().parse({{"max_edges", max_edges}}));
  for (const auto& b : batches) net.add(b);
  const double add_s = seconds_since(t0);
  int64_t weight_sum = 0;
  net.finish([&](std::string_view, std::string_view, int64_t w) { weight_sum += w; });
  const double s = seconds_since(t0);
  const nh::NetworkSummary& sum = net.summary();
  // The edge count alone, again, for the breakdown.
  const auto t1 = std::chrono::steady_clock::now();
  const nh::ProjectionDegrees p = nh::projection_degrees(net.bipartite(), static_cast<int32_t>(sum.nodes));
  const double count_s = seconds_since(t1);
  std::printf("RESULT %s_nodes %lld\nRESULT %s_edges %lld\nRESULT %s_diameter %lld\nRESULT %s_seconds %.3f\n", label,
              static_cast<long long>(sum.nodes), label, static_cast<long long>(sum.edges), label,
              static_cast<long long>(sum.diameter.value_or(-1)), label, s);
  std::printf(
      "RESULT %s_breakdown add %.2f s, finish %.2f s (of which edge count %.2f s with %lld heavy hashtags), "
      "%lld edges emitted (weight sum %lld), %lld bipartite incidences\n",
      label, add_s, s - add_s, count_s, static_cast<long long>(p.heavy_hashtags),
      static_cast<long long>(sum.edges_emitted), static_cast<long long>(weight_sum),
      static_cast<long long>(net.bipartite().targets.size() / 2));
  const bool has_goal = goal_seconds > 0;
  std::printf(
      "ROW|network/hashtags %s on %lld interactions (%lld nodes, %lld edges, density %.3f, diameter %lld, "
      "%lld BFS, %lld edges written)|%.2f s|%s|%s\n",
      label, static_cast<long long>(rows), static_cast<long long>(sum.nodes), static_cast<long long>(sum.edges),
      sum.density(), static_cast<long long>(sum.diameter.value_or(-1)), static_cast<long long>(sum.diameter_bfs_runs),
      static_cast<long long>(sum.edges_emitted), s,
      has_goal ? ("< " + std::to_string(static_cast<int>(goal_seconds)) + " s").c_str() : "-",
      has_goal ? (s < goal_seconds ? "PASS" : "MISS") : "-");
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t rows = argc > 1 ? std::atoll(argv[1]) : 3000000;  // interactions of the stage runs
  const std::string only = argc > 2 ? argv[2] : "";               // "graphs", "hubs" or "tail": that part only
  fam::SplitMix64 rng(1);
  if (only.empty() || only == "graphs") {
    bench_graph(fam::sparse_random(100000, 150000, rng), "sparse_random");
    bench_graph(fam::path_graph(100000, 5000, rng), "path_like");
    bench_graph(fam::power_law(100000, 2, rng), "power_law");
    bench_graph(fam::grid_graph(250, 400, 2000, rng), "grid");
  }
  if (only.empty() || only == "hubs") {
    // Heavy-tailed: 80k accounts, hub hashtags used by most of them (near-complete projection).
    const std::vector<chorus::Batch> batches = generate(rows, 80000, 50000, TagLaw::HubsAndTail, 4243);
    bench_stage(batches, rows, "hubs_count_only", 0, 30);
    bench_stage(batches, rows, "hubs_default_cap", 10000000, 30);
  }
  if (only.empty() || only == "tail") {
    // Long tail only: 200k accounts, 50k hashtags (a sparse small world). At 1M
    // interactions (diameter 5) a hashtag root settles the diameter in 9 BFS;
    // at 3M (diameter 3) the best root is an account of eccentricity 2 with
    // 170k accounts at depth 2 and the diameter takes minutes (iFUB's bad
    // case, docs/methods.md): hence 1M here unless argv[3].
    const int64_t tail_rows = argc > 3 ? std::atoll(argv[3]) : 1000000;
    const std::vector<chorus::Batch> batches = generate(tail_rows, 200000, 50000, TagLaw::Tail, 4242);
    bench_stage(batches, tail_rows, "tail_default_cap", 10000000, 30);
  }
  return 0;
}
