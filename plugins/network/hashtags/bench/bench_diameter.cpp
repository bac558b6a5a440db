// Benchmark of network/hashtags: the exact diameter (iFUB) of generated
// 100k-node graphs, and the whole ambient-network computation on a few
// million generated interactions. Seeded; prints ROW lines for bench/run.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "network/hashtags/ambient_network.hpp"
#include "network/hashtags/exact_diameter.hpp"
#include "network/hashtags/tests/graph_families.hpp"

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

// `rows` interactions of `accounts` accounts in 6 states, 70% inter-state,
// 0..3 hashtags each from `tags` hashtags with a skewed popularity
// (tag = floor(tags * u^2): the most used one is in ~0.5% of draws).
void bench_stage(int64_t rows, int32_t accounts, int32_t tags) {
  fam::SplitMix64 rng(4242);
  const chorus::Schema schema = {{"post_id", {chorus::TypeId::Utf8}},      {"source", {chorus::TypeId::Utf8}},
                                 {"target", {chorus::TypeId::Utf8}},       {"source_state", {chorus::TypeId::Utf8}},
                                 {"target_state", {chorus::TypeId::Utf8}}, {"scope", {chorus::TypeId::Utf8}},
                                 {"hashtags", {chorus::TypeId::ListUtf8}}};
  static const char* const states[] = {"XA", "XB", "XC", "XD", "XE", "XF"};
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
        const double u = static_cast<double>(rng.next() >> 11) / 9007199254740992.0;
        row_tags.push_back("tag" + std::to_string(static_cast<int32_t>(tags * u * u)));
      }
      b.column(6).append_list(row_tags);
    }
    batches.push_back(std::move(b));
  }
  const auto t0 = std::chrono::steady_clock::now();
  nh::AmbientNetwork net(nh::parse_config({{"max_edges", 0}}));
  for (const auto& b : batches) net.add(b);
  int64_t weight_sum = 0;
  net.finish([&](std::string_view, std::string_view, int64_t w) { weight_sum += w; });
  const double s = seconds_since(t0);
  const nh::NetworkSummary& sum = net.summary();
  std::printf("RESULT stage_nodes %lld\nRESULT stage_edges %lld\nRESULT stage_diameter %lld\n",
              static_cast<long long>(sum.nodes), static_cast<long long>(sum.edges),
              static_cast<long long>(sum.diameter.value_or(-1)));
  std::printf("ROW|network/hashtags on %lld interactions (%lld nodes, %lld edges, diameter %lld, %lld BFS)|%.2f s|-|-\n",
              static_cast<long long>(rows), static_cast<long long>(sum.nodes), static_cast<long long>(sum.edges),
              static_cast<long long>(sum.diameter.value_or(-1)), static_cast<long long>(sum.diameter_bfs_runs), s);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t rows_arg = argc > 1 ? std::atoll(argv[1]) : 0;  // interactions of the stage run
  const bool stage_only = argc > 2;
  fam::SplitMix64 rng(1);
  if (!stage_only) {
    bench_graph(fam::sparse_random(100000, 150000, rng), "sparse_random");
    bench_graph(fam::path_graph(100000, 5000, rng), "path_like");
    bench_graph(fam::power_law(100000, 2, rng), "power_law");
    bench_graph(fam::grid_graph(250, 400, 2000, rng), "grid");
  }
  // 1M interactions: the projection has ~41M edges and the diameter ~230 BFS
  // (small world: radius > D/2); 3M takes minutes, see docs/methods/network-hashtags.md.
  bench_stage(rows_arg > 0 ? rows_arg : 1000000, 200000, 50000);
  return 0;
}
