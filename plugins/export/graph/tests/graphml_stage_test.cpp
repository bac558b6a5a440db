// export/graphml: files written through the fake host and read back with
// networkx.read_graphml (python3), an independent GraphML reader.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include "export/common/python_oracle.hpp"
#include "graph_oracle.hpp"
#include "graphml_stage.hpp"
#include "support/skip.hpp"

using namespace chorus::sdk::testing;
using chorus::export_common::testing::run_python_json;
using chorus::export_graph::GraphmlStage;
namespace eg = chorus::export_graph;

namespace {

Json read_graphml(const TempDir& dir, const std::string& file) {
  return run_python_json(dir.path(), std::string(eg::testing::kDumpPrelude) + eg::testing::kReadGraphml,
                         dir.file(file));
}

Json typed(const char* type, Json v) { return Json::array({type, std::move(v)}); }

Schema interaction_schema() {
  return schema({{"source", "utf8"},
                 {"target", "utf8"},
                 {"weight", "float64"},
                 {"n", "int64"},
                 {"ok", "bool"},
                 {"type", "utf8"},
                 {"time", "timestamp[ms]"},
                 {"hashtags", "list<utf8>"}});
}

}  // namespace

TEST_CASE("export/graphml: attributes keep their types and nulls are missing", "[export.graphml]") {
  if (!eg::testing::python_has("networkx")) CHORUS_SKIP("python3 with networkx is not installed");
  TempDir dir;
  FakeHost host;
  host.pipeline_dir = dir.path();
  Schema es = interaction_schema();
  host.inputs["edges"] = {
      batch(es, {{"u2", "u1", 1.5, int64_t{3}, true, "retweet", int64_t{1614830767123}, StrList{"a", "b"}},
                 {"u1", "x9", null, null, false, "mention", null, StrList{}}})};
  Schema ns = schema({{"account", "utf8"}, {"state", "utf8"}, {"role", "utf8"}, {"followers", "int64"}});
  host.inputs["nodes"] = {batch(
      ns, {{"u1", "RU", "amplifier", int64_t{10}}, {"u2", "IR", null, int64_t{-2}}, {"lonely", "CN", "seed", null}})};
  REQUIRE(host.run<GraphmlStage>({{"path", "g/net.graphml"}, {"node_id", "account"}}) == 0);
  const Json g = read_graphml(dir, "g/net.graphml");
  CHECK(g["directed"] == true);
  // 3 nodes of the table + x9, which appears only as a target.
  REQUIRE(g["nodes"].size() == 4);
  CHECK(g["nodes"]["u1"] ==
        Json({{"state", typed("str", "RU")}, {"role", typed("str", "amplifier")}, {"followers", typed("int", 10)}}));
  CHECK(g["nodes"]["u2"] == Json({{"state", typed("str", "IR")}, {"followers", typed("int", -2)}}));
  CHECK(g["nodes"]["lonely"] == Json({{"state", typed("str", "CN")}, {"role", typed("str", "seed")}}));
  CHECK(g["nodes"]["x9"] == Json::object());
  REQUIRE(g["edges"].size() == 2);
  // Sorted by source id: u1 -> x9 before u2 -> u1.
  // The empty list is an empty text, <data key="e5"></data>: "" (not missing).
  CHECK(
      g["edges"][0] ==
      Json::array({"u1",
                   "x9",
                   {{"ok", typed("bool", false)}, {"type", typed("str", "mention")}, {"hashtags", typed("str", "")}}}));
  CHECK(g["edges"][1] == Json::array({"u2",
                                      "u1",
                                      {{"weight", typed("float", 1.5)},
                                       {"n", typed("int", 3)},
                                       {"ok", typed("bool", true)},
                                       {"type", typed("str", "retweet")},
                                       {"time", typed("str", "2021-03-04T04:06:07.123Z")},
                                       {"hashtags", typed("str", "a|b")}}}));
  // The declared GraphML types, read from the file's <key> elements.
  const std::string xml = read_file(dir.file("g/net.graphml"));
  CHECK(xml.find(R"(<key id="e0" for="edge" attr.name="weight" attr.type="double"/>)") != std::string::npos);
  CHECK(xml.find(R"(<key id="e1" for="edge" attr.name="n" attr.type="long"/>)") != std::string::npos);
  CHECK(xml.find(R"(<key id="e2" for="edge" attr.name="ok" attr.type="boolean"/>)") != std::string::npos);
  CHECK(xml.find(R"(<key id="e4" for="edge" attr.name="time" attr.type="string"/>)") != std::string::npos);
  CHECK(
      xml.find(
          R"(<edge source="u1" target="x9"><data key="e2">false</data><data key="e3">mention</data><data key="e5"></data></edge>)") !=
      std::string::npos);
  CHECK(xml.find(R"(<key id="n2" for="node" attr.name="followers" attr.type="long"/>)") != std::string::npos);
}

TEST_CASE("export/graphml: parallel edges aggregated by hand", "[export.graphml]") {
  if (!eg::testing::python_has("networkx")) CHORUS_SKIP("python3 with networkx is not installed");
  TempDir dir;
  FakeHost host;
  host.pipeline_dir = dir.path();
  Schema es = schema(
      {{"source", "utf8"}, {"target", "utf8"}, {"likes", "int64"}, {"score", "float64"}, {"time", "timestamp[s]"}});
  // a->b three times (likes 1, 2, null), b->a once (likes 5), a->c twice (likes 4, 6).
  host.inputs["edges"] = {batch(es, {{"a", "b", int64_t{1}, 0.5, int64_t{100}},
                                     {"b", "a", int64_t{5}, 1.0, int64_t{50}},
                                     {"a", "c", int64_t{4}, null, int64_t{300}}}),
                          batch(es, {{"a", "b", int64_t{2}, 0.25, int64_t{40}},
                                     {"a", "c", int64_t{6}, null, null},
                                     {"a", "b", null, 2.0, int64_t{70}}})};
  const Json agg = {
      {"weight", "count"}, {"likes", {{"sum", "likes"}}}, {"best", {{"max", "score"}}}, {"first", {{"min", "time"}}}};
  SECTION("directed: one edge per ordered pair") {
    REQUIRE(host.run<GraphmlStage>({{"path", "a.graphml"}, {"aggregate", agg}}) == 0);
    const Json g = read_graphml(dir, "a.graphml");
    CHECK(g["multigraph"] == false);
    REQUIRE(g["edges"].size() == 3);
    // attributes in name order: best, first, likes, weight
    CHECK(g["edges"][0] == Json::array({"a",
                                        "b",
                                        {{"best", typed("float", 2.0)},
                                         {"first", typed("str", "1970-01-01T00:00:40Z")},
                                         {"likes", typed("int", 3)},
                                         {"weight", typed("int", 3)}}}));
    CHECK(g["edges"][1] == Json::array({"a",
                                        "c",
                                        {{"first", typed("str", "1970-01-01T00:05:00Z")},
                                         {"likes", typed("int", 10)},
                                         {"weight", typed("int", 2)}}}));
    CHECK(g["edges"][2] == Json::array({"b",
                                        "a",
                                        {{"best", typed("float", 1.0)},
                                         {"first", typed("str", "1970-01-01T00:00:50Z")},
                                         {"likes", typed("int", 5)},
                                         {"weight", typed("int", 1)}}}));
  }
  SECTION("undirected: a-b and b-a are one pair") {
    REQUIRE(host.run<GraphmlStage>({{"path", "u.graphml"}, {"aggregate", agg}, {"directed", false}}) == 0);
    const Json g = read_graphml(dir, "u.graphml");
    CHECK(g["directed"] == false);
    REQUIRE(g["edges"].size() == 2);
    CHECK(g["edges"][0] == Json::array({"a",
                                        "b",
                                        {{"best", typed("float", 2.0)},
                                         {"first", typed("str", "1970-01-01T00:00:40Z")},
                                         {"likes", typed("int", 8)},
                                         {"weight", typed("int", 4)}}}));
    CHECK(g["edges"][1][2]["weight"] == typed("int", 2));
  }
  SECTION("without aggregation every row is an edge") {
    REQUIRE(host.run<GraphmlStage>({{"path", "m.graphml"}}) == 0);
    const Json g = read_graphml(dir, "m.graphml");
    CHECK(g["multigraph"] == true);
    REQUIRE(g["edges"].size() == 6);
    // a->b rows in input order (likes 1, 2, null), then a->c, then b->a.
    CHECK(g["edges"][0][2]["likes"] == typed("int", 1));
    CHECK(g["edges"][1][2]["likes"] == typed("int", 2));
    CHECK(g["edges"][2][2].count("likes") == 0);
    CHECK(g["edges"][3][1] == "c");
    CHECK(g["edges"][5][0] == "b");
  }
}

TEST_CASE("export/graphml: XML special characters in ids and values", "[export.graphml]") {
  if (!eg::testing::python_has("networkx")) CHORUS_SKIP("python3 with networkx is not installed");
  TempDir dir;
  FakeHost host;
  host.pipeline_dir = dir.path();
  Schema es = schema({{"src", "utf8"}, {"dst", "utf8"}, {"text", "utf8"}});
  host.inputs["edges"] = {batch(es, {{"a&b", "<x>", "say \"hi\" & 'bye' <now>"},
                                     {"tab\tid", "line\nid", "cr\r\nlf"},
                                     {"日本 🙂", "]]>", "bell\x07 and bad \xff byte"}})};
  REQUIRE(host.run<GraphmlStage>({{"path", "x.graphml"}, {"source", "src"}, {"target", "dst"}}) == 0);
  const Json g = read_graphml(dir, "x.graphml");
  REQUIRE(g["nodes"].size() == 6);
  for (const char* id : {"a&b", "<x>", "tab\tid", "line\nid", "日本 🙂", "]]>"}) CHECK(g["nodes"].contains(id));
  REQUIRE(g["edges"].size() == 3);
  CHECK(g["edges"][0] == Json::array({"a&b", "<x>", {{"text", typed("str", "say \"hi\" & 'bye' <now>")}}}));
  CHECK(g["edges"][1] == Json::array({"tab\tid", "line\nid", {{"text", typed("str", "cr\r\nlf")}}}));
  // BEL and the stray byte cannot be in XML 1.0: each became U+FFFD.
  CHECK(g["edges"][2] ==
        Json::array({"日本 🙂", "]]>", {{"text", typed("str", "bell\xEF\xBF\xBD and bad \xEF\xBF\xBD byte")}}}));
  CHECK(host.logged(CHORUS_LOG_WARN, "2 character(s) XML 1.0 cannot hold"));
}

TEST_CASE("export/graphml: ids that collide once sanitized are an error", "[export.graphml]") {
  TempDir dir;
  FakeHost host;
  host.pipeline_dir = dir.path();
  Schema es = schema({{"source", "utf8"}, {"target", "utf8"}});
  host.inputs["edges"] = {batch(es, {{"a\x01", "a\x02"}})};
  REQUIRE(host.run<GraphmlStage>({{"path", "c.graphml"}}) != 0);
  CHECK(host.last_error() ==
        "node ids \"a\\u0001\" and \"a\\u0002\" become the same id once the characters "
        "XML cannot hold are replaced by U+FFFD");
  CHECK_FALSE(std::filesystem::exists(dir.file("c.graphml")));
}

TEST_CASE("export/graphml: bad rows are counted and the order is deterministic", "[export.graphml]") {
  if (!eg::testing::python_has("networkx")) CHORUS_SKIP("python3 with networkx is not installed");
  TempDir dir;
  FakeHost host;
  host.pipeline_dir = dir.path();
  Schema es = schema({{"source", "utf8"}, {"target", "int64"}});
  Schema ns = schema({{"id", "utf8"}, {"state", "utf8"}});
  host.inputs["edges"] = {batch(es, {{"b", int64_t{10}}, {null, int64_t{2}}, {"a", int64_t{2}}, {"a", null}})};
  host.inputs["nodes"] = {batch(ns, {{"2", "first"}, {null, "x"}, {"2", "second"}})};
  REQUIRE(host.run<GraphmlStage>({{"path", "d1.graphml"}, {"directed", false}}) == 0);
  CHECK(host.logged(CHORUS_LOG_WARN, "2 edge row(s) with a null source or target were skipped"));
  CHECK(host.logged(CHORUS_LOG_WARN, "1 node row(s) with a null id were skipped"));
  CHECK(host.logged(CHORUS_LOG_WARN, "1 node row(s) repeat an id seen before"));
  const Json g = read_graphml(dir, "d1.graphml");
  CHECK(g["directed"] == false);
  CHECK(g["nodes"]["2"] == Json({{"state", typed("str", "first")}}));
  // Byte order of ids: "10" < "2" < "a" < "b"; int64 targets are written as text.
  const std::string xml = read_file(dir.file("d1.graphml"));
  const size_t n10 = xml.find("<node id=\"10\"/>"), n2 = xml.find("<node id=\"2\">"), na = xml.find("<node id=\"a\"/>"),
               nb = xml.find("<node id=\"b\"/>");
  REQUIRE(nb != std::string::npos);
  CHECK((n10 < n2 && n2 < na && na < nb));
  CHECK(xml.find("<edge source=\"a\" target=\"2\"/>") < xml.find("<edge source=\"b\" target=\"10\"/>"));
  // Same rows in other batches and another order: the same bytes.
  host.inputs["edges"] = {batch(es, {{"a", null}, {"a", int64_t{2}}}), batch(es, {{null, int64_t{2}}}),
                          batch(es, {{"b", int64_t{10}}})};
  REQUIRE(host.run<GraphmlStage>({{"path", "d2.graphml"}, {"directed", false}}) == 0);
  CHECK(read_file(dir.file("d2.graphml")) == xml);
}

TEST_CASE("export/graphml: configuration errors name the key", "[export.graphml]") {
  FakeHost host;
  Schema es = schema({{"source", "utf8"}, {"target", "utf8"}, {"likes", "int64"}, {"type", "utf8"}, {"ok", "bool"}});
  Schema ns = schema({{"account", "utf8"}, {"state", "utf8"}});
  const chorus::sdk::PortTypes both = {{"edges", {"", es}}, {"nodes", {"", ns}}};
  REQUIRE(host.infer<GraphmlStage>({{"path", "x"}, {"source", "sourc"}}, both) != 0);
  CHECK(host.last_error() == "with.source: no column 'sourc' in input 'edges' (did you mean 'source'?)");
  REQUIRE(host.infer<GraphmlStage>({{"path", "x"}}, both) != 0);
  CHECK(host.last_error() == "with.node_id: no column 'id' in input 'nodes' (columns: account, state)");
  REQUIRE(host.infer<GraphmlStage>({{"path", "x"}, {"node_id", "account"}, {"target", "ok"}}, both) != 0);
  CHECK(host.last_error() == "with.target: column 'ok' must be utf8 or int64, is bool");
  REQUIRE(host.infer<GraphmlStage>({{"path", "x"}, {"node_id", "account"}, {"aggregate", {{"w", {{"sum", "type"}}}}}},
                                   both) != 0);
  CHECK(host.last_error() == "with.aggregate.w: cannot sum column 'type' of type utf8");
  REQUIRE(host.infer<GraphmlStage>({{"path", "x"}, {"node_id", "account"}, {"aggregate", {{"w", "total"}}}}, both) !=
          0);
  CHECK(host.last_error() == "with.aggregate.w: expected \"count\" or {sum|min|max: column}");
  REQUIRE(host.infer<GraphmlStage>({{"path", "x"}, {"node_id", "account"}, {"aggregate", {{"w", {{"sum", "likes"}}}}}},
                                   both) == 0);
}

TEST_CASE("export/graphml: runs with the option table's defaults", "[export.graphml]") {
  const Json props = GraphmlStage::options().schema()["properties"];
  CHECK(props["source"]["default"] == "source");
  CHECK(props["target"]["default"] == "target");
  CHECK(props["node_id"]["default"] == "id");
  CHECK(props["directed"]["default"] == true);
  CHECK(props["list_separator"]["default"] == "|");
  CHECK(GraphmlStage::options().schema()["required"] == Json::array({"path"}));
  TempDir dir;
  FakeHost host;
  host.pipeline_dir = dir.path();
  host.inputs["edges"] = {
      batch(schema({{"source", "utf8"}, {"target", "utf8"}, {"tags", "list<utf8>"}}), {{"a", "b", StrList{"x", "y"}}})};
  host.inputs["nodes"] = {batch(schema({{"id", "utf8"}, {"state", "utf8"}}), {{"a", "RU"}})};
  // Only the required key: source, target, node_id, directed and list_separator are the defaults.
  REQUIRE(host.run<GraphmlStage>({{"path", "d.graphml"}}) == 0);
  const std::string xml = read_file(dir.file("d.graphml"));
  CHECK(xml.find(R"(<graph id="G" edgedefault="directed">)") != std::string::npos);
  CHECK(xml.find(R"(<node id="a"><data key="n0">RU</data></node>)") != std::string::npos);
  CHECK(xml.find(R"(<edge source="a" target="b"><data key="e0">x|y</data></edge>)") != std::string::npos);
}

TEST_CASE("export/graphml: a bad option gives one error naming its key", "[export.graphml]") {
  TempDir dir;
  FakeHost host;
  host.pipeline_dir = dir.path();
  host.inputs["edges"] = {batch(schema({{"source", "utf8"}, {"target", "utf8"}}), {{"a", "b"}})};
  SECTION("a text for a boolean") {
    REQUIRE(host.run<GraphmlStage>({{"path", "x.graphml"}, {"directed", "yes"}}) != 0);
    REQUIRE(host.errors.size() == 1);
    CHECK(host.errors[0] == "with.directed: expected true or false, got \"yes\"");
  }
  SECTION("an empty list_separator") {
    REQUIRE(host.run<GraphmlStage>({{"path", "x.graphml"}, {"list_separator", ""}}) != 0);
    REQUIRE(host.errors.size() == 1);
    CHECK(host.errors[0] == "with.list_separator: expected a string of at least 1 character(s), got \"\"");
  }
  SECTION("a GEXF-only key") {
    REQUIRE(host.run<GraphmlStage>({{"path", "x.graphml"}, {"weight", "w"}}) != 0);
    REQUIRE(host.errors.size() == 1);
    CHECK(host.errors[0].rfind("with: unknown option 'weight'", 0) == 0);
  }
  CHECK_FALSE(std::filesystem::exists(dir.file("x.graphml")));
}
