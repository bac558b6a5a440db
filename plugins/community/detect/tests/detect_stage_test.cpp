// community/detect through the fake host: hand-computed partitions and
// modularity, networkx's modularity as an oracle, determinism, class
// composition, bad rows, and the option table.
#include <catch2/catch.hpp>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <chorus/sdk/testing.hpp>

#include "detect_stage.hpp"
#include "support/helpers.hpp"
#include "support/python.hpp"
#include "support/skip.hpp"

namespace cd = chorus::community_detect;
using namespace chorus::sdk::testing;

namespace {

Schema edges_schema() { return schema({{"source", "utf8"}, {"target", "utf8"}, {"weight", "float64"}}); }

// Two 4-cliques {a1..a4} and {b1..b4} joined by the edge a4 - b1.
std::vector<std::vector<Cell>> two_cliques() {
  std::vector<std::vector<Cell>> rows;
  for (const char* side : {"a", "b"})
    for (int i = 1; i <= 4; ++i)
      for (int j = i + 1; j <= 4; ++j)
        rows.push_back({std::string(side) + std::to_string(i), std::string(side) + std::to_string(j), 1.0});
  rows.push_back({"a4", "b1", 1.0});
  return rows;
}

// splitmix64 for the seeded random graph.
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

// Three planted groups of 12 nodes, dense inside (p = 0.3), sparse across
// (p = 0.025), directed rows with weights in [1, 5).
std::vector<std::vector<Cell>> planted_graph(uint64_t seed) {
  Rng rng{seed};
  std::vector<std::vector<Cell>> rows;
  for (int u = 0; u < 36; ++u)
    for (int v = 0; v < 36; ++v) {
      if (u == v) continue;
      const double p = (u / 12 == v / 12) ? 0.3 : 0.025;
      if (rng.unit() < p)
        rows.push_back({"n" + std::to_string(100 + u), "n" + std::to_string(100 + v), 1.0 + 4.0 * rng.unit()});
    }
  return rows;
}

// networkx's modularity of the stage's partition, on the same rows.
std::string networkx_modularity(const std::string& python, const std::vector<std::vector<Cell>>& rows,
                                const Batch& membership, bool directed) {
  std::ostringstream py;
  py.precision(17);
  py << "import networkx as nx\nG = nx." << (directed ? "DiGraph" : "Graph") << "()\n";
  for (const auto& r : rows) {
    const std::string& s = std::get<std::string>(r[0]);
    const std::string& t = std::get<std::string>(r[1]);
    py << "u, v, w = '" << s << "', '" << t << "', " << std::get<double>(r[2]) << "\n"
       << "G.add_edge(u, v, weight=G[u][v]['weight'] + w if G.has_edge(u, v) else w)\n";
  }
  py << "parts = {}\n";
  for (int64_t i = 0; i < membership.rows(); ++i)
    py << "parts.setdefault(" << membership.column("community").int64(i) << ", set()).add('"
       << membership.column("node").str(i) << "')\n";
  py << "print(repr(nx.algorithms.community.modularity(G, list(parts.values()), weight='weight')))\n";
  chorus::testing::TempDir dir;
  const std::string script = dir.file("modularity.py");
  chorus::testing::write_file(script, py.str());
  chorus::testing::CommandResult r = chorus::testing::run_command(python + " " + script);
  return r.exit_code == 0 ? r.output : std::string();
}

}  // namespace

TEST_CASE("community/detect: two cliques joined by one edge are two communities", "[community.detect]") {
  for (const char* algorithm : {"leiden", "louvain"}) {
    FakeHost host;
    host.inputs["edges"] = {batch(edges_schema(), two_cliques())};
    REQUIRE(host.run<cd::DetectStage>({{"algorithm", algorithm}}) == 0);
    Batch m = host.collected("membership");
    // Equal sizes: community 0 holds the smallest node id (a1).
    CHECK(col(m, "node") == "a1|a2|a3|a4|b1|b2|b3|b4");
    CHECK(col(m, "community") == "0|0|0|0|1|1|1|1");
    Batch s = host.collected("summary");
    CHECK(col(s, "algorithm") == algorithm);
    CHECK(col(s, "communities") == "2");
    CHECK(col(s, "nodes") == "8");
    CHECK(col(s, "edges") == "13");
    // By hand: m = 13; each side has 6 internal edges and degree sum
    // 3 * 3 + 4 = 13, so Q = 2 * (6/13 - (13/26)^2) = 11/26.
    CHECK(s.column("modularity").float64(0) == Approx(11.0 / 26.0).epsilon(1e-12));
    CHECK(s.column("quality").float64(0) == Approx(11.0 / 26.0).epsilon(1e-12));
    Batch c = host.collected("communities");
    CHECK(col(c, "size") == "4|4");
    CHECK(col(c, "internal_weight") == "6|6");
    CHECK(col(c, "total_strength") == "13|13");
    CHECK(col(c, "dominant_class") == "null|null");
  }
}

TEST_CASE("community/detect: the planted groups are found", "[community.detect]") {
  const auto rows = planted_graph(3);
  for (bool directed : {false, true}) {
    FakeHost host;
    host.inputs["edges"] = {batch(edges_schema(), rows)};
    REQUIRE(host.run<cd::DetectStage>({{"directed", directed}}) == 0);
    Batch m = host.collected("membership");
    CHECK(col(host.collected("summary"), "communities") == "3");  // the planted groups
    // Each planted group (n100..n111, n112..n123, n124..n135) is one community.
    for (int64_t i = 0; i < m.rows(); ++i) {
      const int group = (std::stoi(std::string(m.column("node").str(i)).substr(1)) - 100) / 12;
      const int64_t first_of_group = m.column("community").int64(group * 12);
      CHECK(m.column("community").int64(i) == first_of_group);
    }
  }
}

TEST_CASE("community/detect: modularity equals networkx on the same partition", "[community.detect]") {
  const std::string python = chorus::testing::python_with("networkx");
  if (python.empty()) CHORUS_SKIP("no python3 imports networkx: the modularity oracle cannot run");
  const auto rows = planted_graph(3);
  for (bool directed : {false, true}) {
    FakeHost host;
    host.inputs["edges"] = {batch(edges_schema(), rows)};
    REQUIRE(host.run<cd::DetectStage>({{"directed", directed}}) == 0);
    const std::string oracle = networkx_modularity(python, rows, host.collected("membership"), directed);
    REQUIRE(!oracle.empty());
    CHECK(host.collected("summary").column("modularity").float64(0) == Approx(std::stod(oracle)).epsilon(1e-9));
  }
}

TEST_CASE("community/detect: results are deterministic per seed and independent of row order", "[community.detect]") {
  const auto rows = planted_graph(9);
  auto run = [](const std::vector<std::vector<Cell>>& r, const Json& config) {
    FakeHost host;
    host.inputs["edges"] = {batch(edges_schema(), r)};
    REQUIRE(host.run<cd::DetectStage>(config) == 0);
    return col(host.collected("membership"), "node") + "/" + col(host.collected("membership"), "community") + "/" +
           col(host.collected("summary"), "modularity");
  };
  for (const char* algorithm : {"leiden", "louvain"}) {
    const Json config = {{"algorithm", algorithm}, {"seed", 7}, {"resolution", 1.5}};
    const std::string first = run(rows, config);
    CHECK(run(rows, config) == first);
    std::vector<std::vector<Cell>> reversed(rows.rbegin(), rows.rend());
    CHECK(run(reversed, config) == first);
  }
}

TEST_CASE("community/detect: class composition from the nodes input", "[community.detect]") {
  FakeHost host;
  host.inputs["edges"] = {batch(edges_schema(), two_cliques())};
  // a1..a3 are XA, a4 is XB; b1, b2 are XB, b3 is XC, b4 is missing.
  const Schema nodes = schema({{"author_id", "utf8"}, {"state", "utf8"}});
  host.inputs["nodes"] = {batch(nodes, {{"a1", "XA"},
                                        {"a2", "XA"},
                                        {"a3", "XA"},
                                        {"a4", "XB"},
                                        {"b1", "XB"},
                                        {"b2", "XB"},
                                        {"b3", "XC"},
                                        {"a1", "XZ"}})};
  REQUIRE(host.run<cd::DetectStage>({{"algorithm", "louvain"}}) == 0);
  Batch c = host.collected("communities");
  CHECK(col(c, "dominant_class") == "XA|XB");
  CHECK(col(c, "dominant_share") == "0.75|0.5");  // 3 of 4; 2 of 4
  CHECK(col(c, "unclassified") == "0|1");         // b4
  Batch comp = host.collected("composition");
  CHECK(col(comp, "community") == "0|0|1|1");
  CHECK(col(comp, "class") == "XA|XB|XB|XC");  // a1's first row (XA) wins over XZ
  CHECK(col(comp, "nodes") == "3|1|2|1");
  CHECK(col(comp, "share") == "0.75|0.25|0.5|0.25");
}

TEST_CASE("community/detect: bad rows are counted and directed rows collapse", "[community.detect]") {
  FakeHost host;
  std::vector<std::vector<Cell>> rows = two_cliques();
  rows.push_back({"a1", "a1", 1.0});   // self-loop
  rows.push_back({null, "a1", 1.0});   // null source
  rows.push_back({"a1", "b4", -2.0});  // negative weight
  rows.push_back({"a1", "b4", null});  // null weight
  rows.push_back({"a2", "a1", 2.0});   // reverse of a1 -> a2: adds to it
  host.inputs["edges"] = {batch(edges_schema(), rows)};
  REQUIRE(host.run<cd::DetectStage>(Json::object()) == 0);
  Batch s = host.collected("summary");
  CHECK(col(s, "rows_read") == "18");
  CHECK(col(s, "self_loop_rows") == "1");
  CHECK(col(s, "null_node_rows") == "1");
  CHECK(col(s, "bad_weight_rows") == "2");
  CHECK(col(s, "edges") == "13");
  CHECK(col(s, "total_weight") == "15");  // 13 + 2 on a1 - a2
  // Q with w(a1, a2) = 3: m = 15; side a: internal 8, degree sum 17;
  // side b: internal 6, degree sum 13: Q = 8/15 + 6/15 - (17/30)^2 - (13/30)^2.
  const double q = 14.0 / 15.0 - (17.0 / 30) * (17.0 / 30) - (13.0 / 30) * (13.0 / 30);
  CHECK(s.column("modularity").float64(0) == Approx(q).epsilon(1e-12));
  CHECK(host.logged(CHORUS_LOG_WARN,
                    "1 with a null source or target, 2 with a null, negative or non-finite weight, 1 self-loops"));
}

TEST_CASE("community/detect: config errors name the key", "[community.detect]") {
  auto error = [](const Json& config, const PortTypes& inputs) {
    FakeHost host;
    REQUIRE(host.infer<cd::DetectStage>(config, inputs) != 0);
    REQUIRE(host.errors.size() == 1);  // one mistake, one error
    return host.last_error();
  };
  const PortTypes edges = {{"edges", {"edges", edges_schema()}}};
  CHECK(error({{"algorithm", "infomap"}}, edges) ==
        "with.algorithm: unknown value \"infomap\" (expected leiden or louvain)");
  CHECK(error({{"resolution", 0}}, edges) == "with.resolution: expected a number > 0, got 0");
  CHECK(error({{"iterations", 0}}, edges) ==
        "with.iterations: expected -1 (until stable) or a positive integer, got 0");
  CHECK(error({{"iterations", -2}}, edges) ==
        "with.iterations: expected -1 (until stable) or a positive integer, got -2");
  CHECK(error({{"node_column", ""}}, edges) ==
        "with.node_column: expected a string of at least 1 character(s), got \"\"");
  CHECK(error({{"resolutoin", 2}}, edges).rfind("with: unknown option 'resolutoin'", 0) == 0);
  PortTypes with_nodes = edges;
  with_nodes["nodes"] = {"", schema({{"author_id", "utf8"}, {"country", "utf8"}})};
  CHECK(error(Json::object(), with_nodes).rfind("with.class_column: no column 'state' in input 'nodes'", 0) == 0);
}

TEST_CASE("community/detect: the option table's defaults are what the stage runs with", "[community.detect]") {
  const cd::Config c = cd::DetectStage::options().parse(Json::object());
  CHECK(c.algorithm == cd::Algorithm::Leiden);
  CHECK(c.resolution == 1.0);
  CHECK(c.seed == 42);
  CHECK_FALSE(c.directed);
  CHECK(c.weighted);
  CHECK(c.beta == 0.01);
  CHECK(c.iterations == -1);
  CHECK(c.node_column == "author_id");
  CHECK(c.class_column == "state");
  // Through the stage with `with: {}`: the summary reports the defaults, and
  // the node table is read through node_column author_id and class_column state.
  FakeHost host;
  host.inputs["edges"] = {batch(edges_schema(), two_cliques())};
  host.inputs["nodes"] = {batch(schema({{"author_id", "utf8"}, {"state", "utf8"}}), {{"a1", "XA"}})};
  REQUIRE(host.run<cd::DetectStage>(Json::object()) == 0);
  Batch s = host.collected("summary");
  CHECK(col(s, "algorithm") == "leiden");
  CHECK(col(s, "seed") == "42");
  CHECK(col(s, "resolution") == "1");
  CHECK(col(s, "directed") == "false");
  CHECK(col(s, "total_weight") == "13");  // weighted: the weight column is read
  CHECK(col(host.collected("communities"), "dominant_class") == "XA|null");
  // The same run with every default spelled out gives the same tables.
  FakeHost spelled;
  spelled.inputs = host.inputs;
  REQUIRE(spelled.run<cd::DetectStage>({{"algorithm", "leiden"},
                                        {"resolution", 1.0},
                                        {"seed", 42},
                                        {"directed", false},
                                        {"weighted", true},
                                        {"beta", 0.01},
                                        {"iterations", -1},
                                        {"node_column", "author_id"},
                                        {"class_column", "state"}}) == 0);
  CHECK(col(spelled.collected("membership"), "community") == col(host.collected("membership"), "community"));
  CHECK(col(spelled.collected("summary"), "modularity") == col(s, "modularity"));
}
