#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include <chorus/sdk/testing.hpp>

#include "graph_families.hpp"
#include "hashtags_stage.hpp"
#include "support/helpers.hpp"
#include "support/python.hpp"
#include "support/skip.hpp"

namespace nh = chorus::network_hashtags;
namespace fam = chorus::network_hashtags::testing;
using namespace chorus::sdk::testing;

namespace {

Schema rows_schema() {
  return schema({{"post_id", "utf8"},
                 {"source", "utf8"},
                 {"target", "utf8"},
                 {"source_state", "utf8"},
                 {"target_state", "utf8"},
                 {"scope", "utf8"},
                 {"hashtags", "list<utf8>"}});
}

// The hand-made network (scope inter unless said):
//   p1 a(XA) -> x(XB)  [peace, openfollow]
//   p2 b(XB) -> y(XA)  [peace, openfollow]
//   p3 c(XB) -> z(XA)  [unity, openfollow]   (one post, two mentions)
//   p3 c(XB) -> w(XC)  [unity, openfollow]
//   p4 d(XC) -> a(XA)  [unity]
//   p5 e(XA) -> b(XB)  [solo]
//   p6 h(XB) -> a(XA)  []                   (inter, no hashtag)
//   p7 f(XA) -> g(XA)  [peace]              (intra: not used)
// Projection: a-b {peace, openfollow} = 2, a-c {openfollow}, b-c {openfollow},
// c-d {unity}; e alone. Nodes 5, edges 4, density 2*4/(5*4) = 0.4,
// components {a,b,c,d} and {e}, diameter 2 (a-c-d, b-c-d).
Batch hand_rows() {
  return batch(rows_schema(), {{"p1", "a", "x", "XA", "XB", "inter", StrList{"peace", "openfollow"}},
                               {"p2", "b", "y", "XB", "XA", "inter", StrList{"peace", "openfollow"}},
                               {"p3", "c", "z", "XB", "XA", "inter", StrList{"unity", "openfollow"}},
                               {"p3", "c", "w", "XB", "XC", "inter", StrList{"unity", "openfollow"}},
                               {"p4", "d", "a", "XC", "XA", "inter", StrList{"unity"}},
                               {"p5", "e", "b", "XA", "XB", "inter", StrList{"solo"}},
                               {"p6", "h", "a", "XB", "XA", "inter", StrList{}},
                               {"p7", "f", "g", "XA", "XA", "intra", StrList{"peace"}}});
}

struct Result {
  FakeHost host;
  Batch edges, network, states, top;
};

void run_stage(Result& r, const Json& config, std::vector<Batch> rows) {
  r.host.inputs["interactions"] = std::move(rows);
  REQUIRE(r.host.run<nh::HashtagsStage>(config) == 0);
  r.edges = r.host.collected("edges");
  r.network = r.host.collected("network");
  r.states = r.host.collected("states");
  r.top = r.host.collected("top_hashtags");
}

}  // namespace

TEST_CASE("network/hashtags: hand-made network counts density and diameter", "[network.hashtags]") {
  Result r;
  run_stage(r, Json::object(), {hand_rows()});
  CHECK(col(r.edges, "source") == "a|a|b|c");
  CHECK(col(r.edges, "target") == "b|c|c|d");
  CHECK(col(r.edges, "weight") == "2|1|1|1");
  CHECK(col(r.network, "nodes") == "5");
  CHECK(col(r.network, "edges") == "4");
  CHECK(col(r.network, "density") == "0.4");
  CHECK(col(r.network, "average_degree") == "1.6");
  CHECK(col(r.network, "components") == "2");
  CHECK(col(r.network, "largest_component_nodes") == "4");
  CHECK(col(r.network, "largest_component_edges") == "4");
  CHECK(col(r.network, "diameter") == "2");
  CHECK(col(r.network, "hashtags") == "4");      // peace, openfollow, unity, solo
  CHECK(col(r.network, "interactions") == "7");  // the inter rows
  CHECK(col(r.network, "interactions_with_hashtags") == "6");
  CHECK(col(r.network, "edges_emitted") == "4");
  CHECK(col(r.network, "edges_truncated") == "false");

  // openfollow: rows p1, p2, p3, p3 = 4; posts 3; accounts a, b, c; states XA, XB.
  CHECK(col(r.top, "hashtag") == "openfollow|unity|peace|solo");
  CHECK(col(r.top, "rank") == "1|2|3|4");
  CHECK(col(r.top, "interactions") == "4|3|2|1");
  CHECK(col(r.top, "posts") == "3|2|2|1");
  CHECK(col(r.top, "accounts") == "3|2|2|1");
  CHECK(col(r.top, "states") == "2|2|2|1");
  CHECK(col(r.top, "follow_train") == "true|false|false|false");
  CHECK(col(r.top, "in_network") == "true|true|true|true");

  // Accounts of the inter rows by state: XA {a, e, y, z}, XB {b, c, h, x}, XC {d, w};
  // in the network: XA {a, e}, XB {b, c}, XC {d}.
  CHECK(col(r.states, "state") == "XA|XB|XC");
  CHECK(col(r.states, "inter_accounts") == "4|4|2");
  CHECK(col(r.states, "network_accounts") == "2|2|1");
  CHECK(col(r.states, "share_of_network") == "0.4|0.4|0.2");
  CHECK(col(r.states, "share_of_state") == "0.5|0.5|0.5");
}

TEST_CASE("network/hashtags: thresholds caps and follow-train flags", "[network.hashtags]") {
  {
    Result r;
    run_stage(r, {{"min_interactions", 3}, {"max_edges", 2}}, {hand_rows()});
    CHECK(col(r.top, "hashtag") == "openfollow|unity");
    CHECK(col(r.network, "edges") == "4");
    CHECK(col(r.network, "edges_emitted") == "2");
    CHECK(col(r.edges, "source") == "a|a");
    CHECK(col(r.edges, "target") == "b|c");
    CHECK(col(r.edges, "weight") == "2|1");  // exact weights in the prefix
    CHECK(col(r.network, "edges_truncated") == "true");
    CHECK(col(r.network, "density") == "0.4");  // counted over all 4 edges
    CHECK(r.host.logged(CHORUS_LOG_WARN, "with.max_edges: the network has 4 edges; only the first 2"));
  }
  {
    // A cap of exactly the edge count is no truncation; a cap of 0 writes none.
    Result r;
    run_stage(r, {{"max_edges", 4}}, {hand_rows()});
    CHECK(col(r.network, "edges_emitted") == "4");
    CHECK(col(r.network, "edges_truncated") == "false");
    CHECK(!r.host.logged(CHORUS_LOG_WARN, "with.max_edges"));
    Result none;
    run_stage(none, {{"max_edges", 0}}, {hand_rows()});
    CHECK(none.edges.rows() == 0);
    CHECK(col(none.network, "edges") == "4");
    CHECK(col(none.network, "edges_emitted") == "0");
    CHECK(col(none.network, "edges_truncated") == "true");
    CHECK(col(none.network, "diameter") == "2");
  }
  {
    // Rows in no particular order; the cap of 3 keeps the first edges in
    // (source, target) order: a-b, a-e, c-d, and drops c-e, d-e.
    Result r;
    run_stage(r, {{"max_edges", 3}},
              {batch(rows_schema(), {{"p1", "d", "t", "XA", "XB", "inter", StrList{"x"}},
                                     {"p2", "e", "t", "XA", "XB", "inter", StrList{"x", "y"}},
                                     {"p3", "b", "t", "XA", "XB", "inter", StrList{"w"}},
                                     {"p4", "c", "t", "XA", "XB", "inter", StrList{"x"}},
                                     {"p5", "a", "t", "XA", "XB", "inter", StrList{"w", "y"}}})});
    // Projection: a-b {w}, a-e {y}, c-d {x}, c-e {x}, d-e {x}: 5 edges.
    CHECK(col(r.network, "edges") == "5");
    CHECK(col(r.edges, "source") == "a|a|c");
    CHECK(col(r.edges, "target") == "b|e|d");
    CHECK(col(r.network, "edges_emitted") == "3");
    CHECK(col(r.network, "edges_truncated") == "true");
  }
  {
    // openfollow (3 accounts) leaves the network: a-b {peace}, c-d {unity}, e.
    Result r;
    run_stage(r, {{"max_hashtag_accounts", 2}}, {hand_rows()});
    CHECK(col(r.edges, "source") == "a|c");
    CHECK(col(r.edges, "weight") == "1|1");
    CHECK(col(r.network, "components") == "3");
    CHECK(col(r.network, "largest_component_nodes") == "2");
    CHECK(col(r.network, "density") == "0.2");
    CHECK(col(r.network, "diameter") == "1");
    CHECK(col(r.network, "excluded_hashtags") == "1");
    CHECK(col(r.top, "in_network") == "false|true|true|true");
  }
  {
    Result r;
    run_stage(r, {{"follow_train_hashtags", {"#Unity", "SOLO"}}}, {hand_rows()});
    CHECK(col(r.top, "follow_train") == "false|true|false|true");
  }
  {
    // Intra rows too: f joins through peace (a, b, f).
    Result r;
    run_stage(r, {{"scope", {"inter", "intra"}}, {"diameter", false}}, {hand_rows()});
    CHECK(col(r.network, "nodes") == "6");
    CHECK(col(r.network, "edges") == "6");  // + a-f, b-f
    CHECK(col(r.network, "diameter") == "null");
  }
  CHECK(nh::fold_case("S\xC3\x8DGUEMEYTESIGO") == "s\xC3\xADguemeytesigo");
  // The default list holds the synthetic world's follow-train tags.
  const nh::HashtagsConfig defaults = nh::HashtagsStage::options().parse(Json::object());
  for (const char* tag : {"openfollow", "syts", "siguemeytesigo"})
    CHECK(std::find(defaults.follow_train.begin(), defaults.follow_train.end(), std::string(tag)) !=
          defaults.follow_train.end());
}

TEST_CASE("network/hashtags: empty input and bad rows", "[network.hashtags]") {
  Result r;
  run_stage(r, Json::object(),
            {batch(rows_schema(), {{"p1", null, "x", "XA", "XB", "inter", StrList{"peace"}},
                                   {null, "a", "x", "XA", "XB", "inter", StrList{"peace"}},
                                   {"p3", "b", "x", "XA", "XB", "inter", null}})});
  CHECK(r.host.logged(CHORUS_LOG_WARN, "1 interactions skipped: null or empty source"));
  CHECK(r.host.logged(CHORUS_LOG_WARN, "1 interactions with a null post_id"));
  CHECK(col(r.network, "nodes") == "1");
  CHECK(col(r.network, "diameter") == "0");
  CHECK(col(r.network, "density") == "0");
  CHECK(col(r.top, "posts") == "0");
  Result empty;
  run_stage(empty, Json::object(), {});
  CHECK(col(empty.network, "nodes") == "0");
  CHECK(col(empty.network, "diameter") == "null");
  CHECK(empty.top.rows() == 0);
}

TEST_CASE("network/hashtags: configuration errors name the key", "[network.hashtags]") {
  auto error = [](const Json& config) {
    FakeHost host;
    host.input_types["interactions"] = {"interactions", rows_schema()};
    REQUIRE(host.infer<nh::HashtagsStage>(config) != 0);
    CHECK(host.errors.size() == 1);  // one mistake, one error
    return host.last_error();
  };
  CHECK(error({{"min_interactions", 0}}) == "with.min_interactions: expected a number >= 1, got 0");
  CHECK(error({{"scope", {"outer"}}}) ==
        "with.scope: unknown value \"outer\" (expected intra, inter, external or unattributed)");
  CHECK(error({{"scope", Json::array()}}) == "with.scope: expected a list of at least 1 item(s), got a list");
  CHECK(error({{"diameter", "yes"}}) == "with.diameter: expected true or false, got \"yes\"");
  CHECK(error({{"max_edges", -1}}) == "with.max_edges: expected a number >= 0, got -1");
  CHECK(error({{"follow_train_hashtags", "openfollow"}}) ==
        "with.follow_train_hashtags: expected a list, got \"openfollow\"");
  CHECK(error({{"max_edge", 3}}).rfind("with: unknown option 'max_edge'", 0) == 0);
}

TEST_CASE("network/hashtags: the option table's defaults are what the stage runs with", "[network.hashtags]") {
  const nh::HashtagsConfig d = nh::HashtagsStage::options().parse(Json::object());
  CHECK(d.scopes == std::vector<std::string>{"inter"});
  CHECK(d.min_interactions == 1);
  CHECK(d.follow_train == nh::default_follow_train_hashtags());
  CHECK(d.max_edges == 10000000);
  CHECK(d.max_hashtag_accounts == 0);
  CHECK(d.diameter);
  // {} and every default spelt out give the same tables: inter rows only (f's
  // intra row left out), every hashtag listed, openfollow flagged, no cap, no
  // exclusion, the diameter computed.
  Result implicit, spelt;
  run_stage(implicit, Json::object(), {hand_rows()});
  run_stage(spelt,
            {{"scope", {"inter"}},
             {"min_interactions", 1},
             {"follow_train_hashtags", d.follow_train},
             {"max_edges", 10000000},
             {"max_hashtag_accounts", 0},
             {"diameter", true}},
            {hand_rows()});
  for (const char* c : {"nodes", "edges", "diameter", "edges_truncated", "excluded_hashtags"})
    CHECK(col(implicit.network, c) == col(spelt.network, c));
  CHECK(col(implicit.network, "nodes") == "5");
  CHECK(col(implicit.network, "diameter") == "2");
  CHECK(col(implicit.top, "hashtag") == "openfollow|unity|peace|solo");
  CHECK(col(implicit.top, "follow_train") == "true|false|false|false");
  CHECK(col(implicit.top, "follow_train") == col(spelt.top, "follow_train"));
  CHECK(col(implicit.edges, "source") == col(spelt.edges, "source"));
}

namespace {

// Rows for the oracle test: each edge {u, v} of a graph becomes a hashtag
// used by u and v (so the projection is the graph), plus `popular` hashtags
// each used by `per_popular` random accounts (cliques), and some intra rows
// that must not count. Also written as text for networkx.
struct OracleInput {
  Batch rows{rows_schema()};
  std::string text;  // source \t scope \t tag,tag
  void add(const std::string& src, const std::string& scope, const std::vector<std::string>& tags) {
    static int64_t post = 0;
    rows.column(0).append_string("p" + std::to_string(++post));
    rows.column(1).append_string(src);
    rows.column(2).append_string("t");
    rows.column(3).append_string("XA");
    rows.column(4).append_string("XB");
    rows.column(5).append_string(scope);
    rows.column(6).append_list(tags);
    text += src + "\t" + scope + "\t";
    for (size_t i = 0; i < tags.size(); ++i) text += (i ? "," : "") + tags[i];
    text += "\n";
  }
};

OracleInput to_rows(const fam::EdgeListGraph& g, int popular, int per_popular, fam::SplitMix64& rng) {
  OracleInput in;
  auto name = [](int32_t v) { return "u" + std::to_string(v); };
  for (size_t i = 0; i < g.edges.size(); ++i) {
    const std::string tag = "e" + std::to_string(i);
    in.add(name(g.edges[i].first), "inter", {tag});
    in.add(name(g.edges[i].second), "inter", {tag, tag});  // a repeated tag counts once
  }
  for (int k = 0; k < popular; ++k)
    for (int j = 0; j < per_popular; ++j) in.add(name(rng.below(g.nodes)), "inter", {"pop" + std::to_string(k)});
  for (int k = 0; k < 20; ++k) in.add(name(rng.below(g.nodes)), "intra", {"intraonly", "e0"});
  return in;
}

// networkx: projection by hand from the rows, then its measures.
const char* kProjectionOracle = R"py(
import sys, itertools, networkx as nx
uses = {}
for line in open(sys.argv[1]):
    src, scope, tags = line.rstrip("\n").split("\t")
    if scope != "inter" or not tags:
        continue
    for t in tags.split(","):
        uses.setdefault(t, set()).add(src)
P = nx.Graph()
for accounts in uses.values():
    P.add_nodes_from(accounts)
    for a, b in itertools.combinations(sorted(accounts), 2):
        w = P[a][b]["weight"] + 1 if P.has_edge(a, b) else 1
        P.add_edge(a, b, weight=w)
comps = sorted(nx.connected_components(P), key=lambda c: (-len(c), min(c)))
largest = P.subgraph(comps[0])
print(P.number_of_nodes(), P.number_of_edges(), repr(nx.density(P)), len(comps), len(comps[0]),
      largest.number_of_edges(), nx.diameter(largest), int(P.size(weight="weight")))
)py";

}  // namespace

TEST_CASE("network/hashtags: network measures agree with networkx on seeded graphs", "[network.hashtags]") {
  const std::string py = chorus::testing::python_with("networkx");
  if (py.empty()) CHORUS_SKIP("no python3 with networkx (scripts/debian-packages.txt installs python3-networkx)");
  fam::SplitMix64 rng(77);
  struct Case {
    fam::EdgeListGraph graph;
    int popular, per_popular;
  };
  std::vector<Case> cases = {{fam::path_graph(200, 0, rng), 0, 0},
                             {fam::path_graph(250, 10, rng), 1, 3},
                             {fam::random_tree(300, rng), 0, 0},
                             {fam::grid_graph(10, 20, 15, rng), 0, 0},
                             {fam::cycle_graph(240, 0, rng), 0, 0},
                             {fam::cycle_graph(241, 2, rng), 0, 0},
                             {fam::sparse_random(300, 170, rng), 2, 4},
                             {fam::sparse_random(200, 260, rng), 3, 30},
                             {fam::power_law(300, 1, rng), 1, 40},
                             // Hashtags used by most accounts (over 64 accounts: counted by bitset):
                             // a near-complete projection.
                             {fam::sparse_random(200, 120, rng), 2, 160},
                             {fam::path_graph(150, 0, rng), 1, 200}};
  chorus::testing::TempDir dir;
  chorus::testing::write_file(dir.file("oracle.py"), kProjectionOracle);
  for (auto& c : cases) {
    INFO(c.graph.name << " with " << c.graph.nodes << " nodes, popular " << c.popular << " x " << c.per_popular);
    OracleInput in = to_rows(c.graph, c.popular, c.per_popular, rng);
    chorus::testing::write_file(dir.file("rows.tsv"), in.text);
    auto run = chorus::testing::run_command(py + " " + dir.file("oracle.py") + " " + dir.file("rows.tsv"));
    REQUIRE(run.exit_code == 0);
    std::istringstream out(run.output);
    int64_t nodes, edges, components, largest, largest_edges, diameter, weight_sum;
    double density;
    out >> nodes >> edges >> density >> components >> largest >> largest_edges >> diameter >> weight_sum;
    REQUIRE(out);
    Result r;
    in.rows.set_empty_rows(in.rows.column(0).size());
    run_stage(r, Json::object(), {in.rows});
    CHECK(r.network.column("nodes").int64(0) == nodes);
    CHECK(r.network.column("edges").int64(0) == edges);
    CHECK(r.network.column("density").float64(0) == Approx(density).epsilon(1e-12));
    CHECK(r.network.column("components").int64(0) == components);
    CHECK(r.network.column("largest_component_nodes").int64(0) == largest);
    CHECK(r.network.column("largest_component_edges").int64(0) == largest_edges);
    CHECK(r.network.column("diameter").int64(0) == diameter);
    double sum = 0;
    for (int64_t i = 0; i < r.edges.rows(); ++i) sum += r.edges.column("weight").float64(i);
    CHECK(static_cast<int64_t>(sum) == weight_sum);
    CHECK(r.edges.rows() == edges);
  }
}
