// network/states: flows, weighted reciprocity (Squartini et al. 2013) and
// Freeman centralization on hand graphs worked out by hand, and on a seeded
// random state network against networkx.
#include <catch2/catch.hpp>
#include <chorus/sdk/testing.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "states_stage.hpp"
#include "support/helpers.hpp"
#include "support/python.hpp"
#include "support/skip.hpp"

using namespace chorus::sdk::testing;
using chorus::network_states::StatesStage;

namespace {

const chorus::Schema kEdges = schema({{"source_state", "utf8"}, {"target_state", "utf8"}, {"scope", "utf8"}});
const chorus::Schema kIsolates = schema({{"state", "utf8"}});

Cell st(const char* v) { return v ? Cell(std::string(v)) : Cell(null); }

// n interaction rows from state a to state b (null: nullptr).
void add_rows(std::vector<std::vector<Cell>>& rows, const char* a, const char* b, int n) {
  for (int i = 0; i < n; ++i) rows.push_back({st(a), st(b), st("ignored")});
}

double at(const chorus::Batch& b, const char* column, int64_t row) { return b.column(column).float64(row); }

std::string python_with_networkx() { return chorus::testing::python_with("networkx"); }

uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

TEST_CASE("network/states: flows reciprocity and centralization of a hand graph", "[network.states]") {
  // w(XA,XB)=10, w(XB,XA)=10, w(XC,XA)=5, w(XB,XC)=3, w(XC,XB)=1; plus intra, external,
  // unattributed rows and isolates that never enter the state network.
  std::vector<std::vector<Cell>> rows;
  add_rows(rows, "XA", "XB", 10);
  add_rows(rows, "XB", "XA", 10);
  add_rows(rows, "XC", "XA", 5);
  add_rows(rows, "XB", "XC", 3);
  add_rows(rows, "XC", "XB", 1);
  add_rows(rows, "XA", "XA", 4);
  add_rows(rows, "XC", nullptr, 2);
  add_rows(rows, nullptr, "XB", 6);
  add_rows(rows, nullptr, nullptr, 1);
  FakeHost host;
  host.inputs["interactions"] = {batch(kEdges, rows)};
  host.inputs["isolates"] = {batch(kIsolates, {{st("XA")}, {st("XA")}, {st("XD")}, {null}})};
  REQUIRE(host.run<StatesStage>(Json::object()) == 0);
  const chorus::Batch s = host.collected("states");
  // XD only has an isolate: it is a node (of degree 0).
  REQUIRE(col(s, "state") == "XA|XB|XC|XD");
  CHECK(col(s, "inter_out") == "10|13|6|0");
  CHECK(col(s, "inter_in") == "15|11|3|0");
  CHECK(col(s, "intra") == "4|0|0|0");
  CHECK(col(s, "external") == "0|0|2|0");
  CHECK(col(s, "unattributed_in") == "0|6|0|0");
  CHECK(col(s, "isolates") == "2|0|0|1");
  CHECK(col(s, "reciprocated_strength") == "10|11|1|0");
  CHECK(col(s, "out_degree") == "1|2|2|0");
  CHECK(col(s, "in_degree") == "2|2|1|0");
  // W = 29: shares of the inter-state out- and in-flow.
  CHECK(at(s, "inter_out_share", 0) == Approx(10.0 / 29));
  CHECK(at(s, "inter_out_share", 1) == Approx(13.0 / 29));
  CHECK(at(s, "inter_in_share", 2) == Approx(3.0 / 29));
  CHECK(at(s, "inter_out_share", 3) == 0.0);
  // reciprocity = 2 s_rec / (s_out + s_in); out: s_rec / s_out; in: s_rec / s_in.
  CHECK(at(s, "reciprocity", 0) == Approx(20.0 / 25));
  CHECK(at(s, "reciprocity", 1) == Approx(22.0 / 24));
  CHECK(at(s, "reciprocity", 2) == Approx(2.0 / 9));
  CHECK(s.column("reciprocity").is_null(3));  // no inter-state weight at all
  CHECK(at(s, "reciprocity_out", 0) == 1.0);
  CHECK(at(s, "reciprocity_in", 0) == Approx(10.0 / 15));
  CHECK(at(s, "reciprocity_out", 2) == Approx(1.0 / 6));
  CHECK(at(s, "reciprocity_in", 1) == 1.0);

  const chorus::Batch e = host.collected("edges");
  CHECK(col(e, "source") == "XA|XB|XB|XC|XC");
  CHECK(col(e, "target") == "XB|XA|XC|XA|XB");
  CHECK(col(e, "weight") == "10|10|3|5|1");
  CHECK(col(e, "reverse") == "10|10|1|0|3");
  CHECK(col(e, "reciprocated") == "10|10|1|0|1");
  CHECK(col(e, "pair_reciprocity") == "1|1|0.5|0|0.5");

  const chorus::Batch n = host.collected("network");
  CHECK(col(n, "states") == "4");
  CHECK(col(n, "edges") == "5");
  CHECK(col(n, "total_weight") == "29");
  CHECK(col(n, "reciprocated_weight") == "22");
  CHECK(at(n, "reciprocity", 0) == Approx(22.0 / 29));
  CHECK(at(n, "reciprocity_binary", 0) == Approx(4.0 / 5));
  // Freeman, n = 4: in-degrees 2,2,1,0 -> (0+0+1+2)/9; out-degrees 1,2,2,0 -> (1+0+0+2)/9.
  CHECK(at(n, "in_degree_centralization", 0) == Approx(3.0 / 9));
  CHECK(at(n, "out_degree_centralization", 0) == Approx(3.0 / 9));
  // Strength: in 15,11,3,0 -> (0+4+12+15)/(3*29); out 10,13,6,0 -> (3+0+7+13)/(3*29).
  CHECK(at(n, "in_strength_centralization", 0) == Approx(31.0 / 87));
  CHECK(at(n, "out_strength_centralization", 0) == Approx(23.0 / 87));
  CHECK(col(n, "intra") == "4");
  CHECK(col(n, "external") == "2");
  CHECK(col(n, "unattributed") == "7");
  CHECK(col(n, "isolates") == "4");
  CHECK(col(n, "unattributed_isolates") == "1");
}

TEST_CASE("network/states: include_intra writes loops in order and config errors name the key", "[network.states]") {
  std::vector<std::vector<Cell>> rows;
  add_rows(rows, "XB", "XB", 2);
  add_rows(rows, "XA", "XB", 1);
  add_rows(rows, "XC", "XC", 3);
  FakeHost host;
  host.inputs["interactions"] = {batch(kEdges, rows)};
  REQUIRE(host.run<StatesStage>(Json{{"include_intra", true}}) == 0);
  const chorus::Batch e = host.collected("edges");
  CHECK(col(e, "source") == "XA|XB|XC");
  CHECK(col(e, "target") == "XB|XB|XC");
  CHECK(col(e, "scope") == "inter|intra|intra");
  CHECK(col(e, "weight") == "1|2|3");
  CHECK(col(host.collected("network"), "reciprocity") == "0");  // loops never count
  CHECK(host.infer<StatesStage>(Json{{"include_intr", true}}) != 0);
  CHECK(host.last_error() == "with: unknown option 'include_intr' (did you mean 'include_intra'?)");
  host.input_types["interactions"] = {"", schema({{"source", "utf8"}})};
  CHECK(host.infer<StatesStage>(Json::object()) != 0);
  CHECK(host.last_error() == "input 'interactions': no column 'source_state'");
}

TEST_CASE("network/states: the option table's defaults are what the stage runs with", "[network.states]") {
  CHECK_FALSE(StatesStage::options().parse(Json::object()).include_intra);
  std::vector<std::vector<Cell>> rows;
  add_rows(rows, "XA", "XA", 2);
  add_rows(rows, "XA", "XB", 1);
  FakeHost host;
  host.inputs["interactions"] = {batch(kEdges, rows)};
  REQUIRE(host.run<StatesStage>(Json::object()) == 0);
  // include_intra false: no loop row for XA's intra-state interactions.
  CHECK(col(host.collected("edges"), "scope") == "inter");
  CHECK(col(host.collected("states"), "intra") == "2|0");
}

TEST_CASE("network/states: a bad option gives one error naming the key", "[network.states]") {
  FakeHost host;
  CHECK(host.infer<StatesStage>(Json{{"include_intra", "yes"}}) != 0);
  CHECK(host.errors.size() == 1);
  CHECK(host.last_error() == "with.include_intra: expected true or false, got \"yes\"");
  CHECK(host.run<StatesStage>(Json{{"include_intra", 1}}) != 0);
  CHECK(host.errors.size() == 1);
  CHECK(host.last_error() == "with.include_intra: expected true or false, got 1");
}

TEST_CASE("network/states: a random state network against networkx", "[network.states]") {
  const std::string py = python_with_networkx();
  if (py.empty()) CHORUS_SKIP("no python3 with networkx (scripts/debian-packages.txt installs python3-networkx)");
  uint64_t seed = 20240607;
  const std::vector<std::string> codes = {"S0", "S1", "S2", "S3", "S4", "S5", "S6", "S7"};
  std::vector<std::vector<Cell>> rows;
  Json edges = Json::array();
  for (size_t i = 0; i < codes.size(); ++i)
    for (size_t j = 0; j < codes.size(); ++j) {
      if (i == j || splitmix64(seed) % 100 < 55) continue;  // about 45% of the pairs
      const int w = 1 + int(splitmix64(seed) % 40);
      add_rows(rows, codes[i].c_str(), codes[j].c_str(), w);
      edges.push_back({codes[i], codes[j], w});
    }
  add_rows(rows, "S8", "S8", 2);  // a node with intra-state activity only
  FakeHost host;
  host.inputs["interactions"] = {batch(kEdges, rows)};
  REQUIRE(host.run<StatesStage>(Json::object()) == 0);
  chorus::testing::TempDir dir;
  const std::string in = (dir.path() / "edges.json").string(), src = (dir.path() / "oracle.py").string();
  chorus::testing::write_file(in, edges.dump());
  chorus::testing::write_file(src, R"py(
import json, sys
import networkx as nx
G = nx.DiGraph()
G.add_nodes_from(["S%d" % i for i in range(9)])
for a, b, w in json.load(open(sys.argv[1])):
    G.add_edge(a, b, weight=w)
n = G.number_of_nodes()
def freeman(c):  # c: networkx degree centralities d / (n - 1)
    m = max(c.values())
    return sum(m - v for v in c.values()) / (n - 1)
W = G.size(weight="weight")
def w(a, b):
    return G[a][b]["weight"] if G.has_edge(a, b) else 0
rec = {v: sum(min(w(v, u), w(u, v)) for u in G if u != v) for v in G}
s_in = dict(G.in_degree(weight="weight")); s_out = dict(G.out_degree(weight="weight"))
def strength(s):
    m = max(s.values())
    return sum(m - v for v in s.values()) / ((n - 1) * W)
print(json.dumps({
  "binary": nx.overall_reciprocity(G),
  "r": sum(rec.values()) / W,
  "in_c": freeman(nx.in_degree_centrality(G)), "out_c": freeman(nx.out_degree_centrality(G)),
  "in_s": strength(s_in), "out_s": strength(s_out),
  "node_r": {v: (2 * rec[v] / (s_in[v] + s_out[v]) if s_in[v] + s_out[v] else None) for v in sorted(G)}}))
)py");
  const auto r = chorus::testing::run_command(py + " " + src + " " + in);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const Json o = Json::parse(r.output);
  const chorus::Batch n = host.collected("network");
  CHECK(col(n, "states") == "9");
  CHECK(at(n, "reciprocity_binary", 0) == Approx(o["binary"].get<double>()).epsilon(1e-12));
  CHECK(at(n, "reciprocity", 0) == Approx(o["r"].get<double>()).epsilon(1e-12));
  CHECK(at(n, "in_degree_centralization", 0) == Approx(o["in_c"].get<double>()).epsilon(1e-12));
  CHECK(at(n, "out_degree_centralization", 0) == Approx(o["out_c"].get<double>()).epsilon(1e-12));
  CHECK(at(n, "in_strength_centralization", 0) == Approx(o["in_s"].get<double>()).epsilon(1e-12));
  CHECK(at(n, "out_strength_centralization", 0) == Approx(o["out_s"].get<double>()).epsilon(1e-12));
  CHECK(at(n, "in_degree_centralization", 0) > 0);
  const chorus::Batch s = host.collected("states");
  REQUIRE(s.rows() == 9);
  for (int64_t i = 0; i < s.rows(); ++i) {
    const Json& want = o["node_r"][std::string(s.column("state").str(i))];
    if (want.is_null())
      CHECK(s.column("reciprocity").is_null(i));
    else
      CHECK(at(s, "reciprocity", i) == Approx(want.get<double>()).epsilon(1e-12));
  }
}
