#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "exact_diameter.hpp"
#include "graph_families.hpp"
#include "support/helpers.hpp"
#include "support/python.hpp"
#include "support/skip.hpp"

namespace nh = chorus::network_hashtags;
namespace fam = chorus::network_hashtags::testing;

namespace {

nh::CsrGraph csr(const fam::EdgeListGraph& g) { return nh::CsrGraph::from_edges(g.nodes, g.edges); }

int64_t diameter_of(int32_t n, const std::vector<std::pair<int32_t, int32_t>>& edges, int32_t start = 0) {
  return nh::exact_diameter(nh::CsrGraph::from_edges(n, edges), start).diameter;
}

// networkx: for every connected component, "smallest_node diameter"; then a
// line "components <count> density <density>".
const char* kOracle = R"py(
import sys, networkx as nx
n = int(sys.argv[2])
G = nx.Graph()
G.add_nodes_from(range(n))
for line in open(sys.argv[1]):
    a, b = map(int, line.split())
    G.add_edge(a, b)
for comp in nx.connected_components(G):
    print(min(comp), nx.diameter(G.subgraph(comp)))
print("components", nx.number_connected_components(G), "density", repr(nx.density(G)))
)py";

}  // namespace

TEST_CASE("network/hashtags: exact diameter of hand-made graphs", "[network.hashtags]") {
  CHECK(diameter_of(1, {}) == 0);
  CHECK(diameter_of(2, {{0, 1}}) == 1);
  CHECK(diameter_of(5, {{0, 1}, {1, 2}, {2, 3}, {3, 4}}) == 4);                          // path P5
  CHECK(diameter_of(5, {{0, 1}, {1, 2}, {2, 3}, {3, 4}}, 2) == 4);                       // from the middle
  CHECK(diameter_of(5, {{0, 1}, {0, 2}, {0, 3}, {0, 4}}, 3) == 2);                       // star
  CHECK(diameter_of(6, {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 0}}) == 3);          // C6
  CHECK(diameter_of(7, {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}, {6, 0}}) == 3);  // C7
  // 3 x 4 grid: corner to corner = 2 + 3.
  std::vector<std::pair<int32_t, int32_t>> grid;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 4; ++c) {
      if (c < 3) grid.push_back({r * 4 + c, r * 4 + c + 1});
      if (r < 2) grid.push_back({r * 4 + c, (r + 1) * 4 + c});
    }
  CHECK(diameter_of(12, grid, 5) == 5);
  // Tree: 0-1-2-3 spine, 1-4-5 branch, 2-6: longest 5-4-1-2-3 = 4... and 5..6 = 4, 0..3 = 3.
  CHECK(diameter_of(7, {{0, 1}, {1, 2}, {2, 3}, {1, 4}, {4, 5}, {2, 6}}) == 4);
  // Two components: only the start's component counts.
  CHECK(diameter_of(6, {{0, 1}, {2, 3}, {3, 4}, {4, 5}}, 0) == 1);
  CHECK(diameter_of(6, {{0, 1}, {2, 3}, {3, 4}, {4, 5}}, 4) == 3);
}

TEST_CASE("network/hashtags: diameter between targets only in a bipartite graph", "[network.hashtags]") {
  // Accounts 0, 1, 2; hashtags 3..6: a0 - h3 - a1 - h4 - a2, and the pendant
  // hashtags h5 (a0 only) and h6 (a2 only). The bipartite diameter is 6
  // (h5 .. h6); between accounts it is 4, i.e. 2 in the projection.
  std::vector<std::pair<int32_t, int32_t>> e = {{0, 3}, {1, 3}, {1, 4}, {2, 4}, {0, 5}, {2, 6}};
  nh::CsrGraph g = nh::CsrGraph::from_edges(7, e);
  std::vector<uint8_t> accounts = {1, 1, 1, 0, 0, 0, 0};
  CHECK(nh::exact_diameter(g, 1, &accounts).diameter == 4);
  CHECK(nh::exact_diameter(g, 1).diameter == 6);
  CHECK_THROWS_AS(nh::exact_diameter(g, 5, &accounts), std::invalid_argument);

  // Odd projected diameter, centred on a hashtag: accounts 0..3 share hashtag
  // 8; account 4 + i shares a private hashtag 9 + i with account i. Accounts
  // 4 and 5: 4 - h9 - 0 - h8 - 1 - h10 - 5, 6 in B (3 in the projection); no
  // account is within 2 of all (eccentricity 4 in B at best), hashtag 8 is
  // within 3 of every account (the root that settles it at once).
  std::vector<std::pair<int32_t, int32_t>> star;
  for (int32_t i = 0; i < 4; ++i) {
    star.push_back({i, 8});
    star.push_back({i, 9 + i});
    star.push_back({4 + i, 9 + i});
  }
  nh::CsrGraph h = nh::CsrGraph::from_edges(13, star);
  std::vector<uint8_t> star_accounts(13, 0);
  std::fill(star_accounts.begin(), star_accounts.begin() + 8, 1);
  for (int32_t start = 0; start < 8; ++start) {
    INFO("start " << start);
    CHECK(nh::exact_diameter(h, start, &star_accounts).diameter == 6);
  }
  CHECK(nh::exact_diameter(h, 0).diameter == 6);  // every node a target: leaf to leaf, also 6
}

TEST_CASE("network/hashtags: exact diameter agrees with networkx on seeded graph families", "[network.hashtags]") {
  const std::string py = chorus::testing::python_with("networkx");
  if (py.empty()) CHORUS_SKIP("no python3 with networkx (scripts/debian-packages.txt installs python3-networkx)");
  fam::SplitMix64 rng(20240611);
  std::vector<fam::EdgeListGraph> graphs = {
      fam::path_graph(300, 0, rng),      fam::path_graph(400, 25, rng),    fam::random_tree(500, rng),
      fam::random_tree(64, rng),         fam::grid_graph(15, 25, 30, rng), fam::grid_graph(2, 60, 0, rng),
      fam::cycle_graph(301, 0, rng),     fam::cycle_graph(400, 3, rng),    fam::sparse_random(400, 230, rng),
      fam::sparse_random(300, 450, rng), fam::power_law(500, 2, rng)};
  chorus::testing::TempDir dir;
  chorus::testing::write_file(dir.file("oracle.py"), kOracle);
  for (const auto& g : graphs) {
    INFO(g.name << " with " << g.nodes << " nodes, " << g.edges.size() << " edges");
    std::ostringstream text;
    for (const auto& [a, b] : g.edges) text << a << ' ' << b << '\n';
    chorus::testing::write_file(dir.file("edges.txt"), text.str());
    auto r = chorus::testing::run_command(py + " " + dir.file("oracle.py") + " " + dir.file("edges.txt") + " " +
                                          std::to_string(g.nodes));
    REQUIRE(r.exit_code == 0);
    std::istringstream lines(r.output);
    std::map<int32_t, int64_t> expected;
    std::string word;
    int64_t components = -1;
    double density = -1;
    while (lines >> word) {
      if (word == "components") {
        lines >> components >> word >> density;
        break;
      }
      int64_t d;
      lines >> d;
      expected[std::stoi(word)] = d;
    }
    REQUIRE(components == static_cast<int64_t>(expected.size()));
    const nh::CsrGraph graph = csr(g);
    CHECK(2.0 * static_cast<double>(g.edges.size()) / (double(g.nodes) * double(g.nodes - 1)) ==
          Approx(density).epsilon(1e-12));
    for (const auto& [smallest, d] : expected) {
      INFO("component of node " << smallest);
      CHECK(nh::exact_diameter(graph, smallest).diameter == d);
    }
  }
}
