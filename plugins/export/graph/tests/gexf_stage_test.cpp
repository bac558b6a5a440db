// export/gexf: files written through the fake host and read back with
// networkx's GEXF 1.3 reader (python3), an independent GEXF reader.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include "export/common/python_oracle.hpp"
#include "gexf_stage.hpp"
#include "graph_oracle.hpp"
#include "support/skip.hpp"

using namespace chorus::sdk::testing;
using chorus::export_common::testing::run_python_json;
using chorus::export_graph::GexfStage;
namespace eg = chorus::export_graph;

namespace {

Json read_gexf(const TempDir& dir, const std::string& file) {
  return run_python_json(dir.path(), std::string(eg::testing::kDumpPrelude) + eg::testing::kReadGexf, dir.file(file));
}

Json typed(const char* type, Json v) { return Json::array({type, std::move(v)}); }

}  // namespace

TEST_CASE("export/gexf: static graph with node labels typed attributes and native weight", "[export.gexf]") {
  if (!eg::testing::python_has("networkx")) CHORUS_SKIP("python3 with networkx is not installed");
  TempDir dir;
  FakeHost host;
  host.pipeline_dir = dir.path();
  Schema es = schema({{"source", "utf8"},
                      {"target", "utf8"},
                      {"weight", "float64"},
                      {"scope", "utf8"},
                      {"n", "int64"},
                      {"tags", "list<utf8>"}});
  host.inputs["edges"] = {batch(
      es, {{"u2", "u1", 2.5, "intra", int64_t{4}, StrList{"x", "y"}}, {"u1", "ext", null, "external", null, null}})};
  Schema ns = schema({{"account", "utf8"}, {"name", "utf8"}, {"state", "utf8"}, {"bot", "bool"}});
  host.inputs["nodes"] = {batch(ns, {{"u1", "Alice & Co", "RU", true}, {"u2", null, "IR", false}})};
  REQUIRE(host.run<GexfStage>({{"path", "n.gexf"}, {"node_id", "account"}, {"label", "name"}}) == 0);
  const Json g = read_gexf(dir, "n.gexf");
  CHECK(g["directed"] == true);
  CHECK(g["mode"] == "static");
  REQUIRE(g["nodes"].size() == 3);
  CHECK(g["nodes"]["u1"] ==
        Json({{"label", typed("str", "Alice & Co")}, {"state", typed("str", "RU")}, {"bot", typed("bool", true)}}));
  // A null label falls back to the id; an edge-only node has only its label.
  CHECK(g["nodes"]["u2"] ==
        Json({{"label", typed("str", "u2")}, {"state", typed("str", "IR")}, {"bot", typed("bool", false)}}));
  CHECK(g["nodes"]["ext"] == Json({{"label", typed("str", "ext")}}));
  REQUIRE(g["edges"].size() == 2);
  // Edge ids 0, 1 in (source, target) order; weight is the native attribute
  // (absent when null), not an attvalue.
  CHECK(g["edges"][0] == Json::array({"u1", "ext", {{"scope", typed("str", "external")}, {"id", typed("str", "0")}}}));
  CHECK(g["edges"][1] == Json::array({"u2",
                                      "u1",
                                      {{"scope", typed("str", "intra")},
                                       {"n", typed("int", 4)},
                                       {"tags", typed("str", "x|y")},
                                       {"id", typed("str", "1")},
                                       {"weight", typed("float", 2.5)}}}));
  CHECK(host.logged(CHORUS_LOG_WARN, "1 edge(s) have a null weight"));
  const std::string xml = read_file(dir.file("n.gexf"));
  CHECK(xml.find(R"(<gexf xmlns="http://gexf.net/1.3")") != std::string::npos);
  CHECK(xml.find(R"(<attribute id="2" title="n" type="long"/>)") != std::string::npos);
  CHECK(xml.find(R"(<attribute id="1" title="bot" type="boolean"/>)") != std::string::npos);
  CHECK(xml.find(R"(title="weight")") == std::string::npos);
}

TEST_CASE("export/gexf: dynamic edges from a year column", "[export.gexf]") {
  if (!eg::testing::python_has("networkx")) CHORUS_SKIP("python3 with networkx is not installed");
  TempDir dir;
  FakeHost host;
  host.pipeline_dir = dir.path();
  Schema es = schema({{"source", "utf8"}, {"target", "utf8"}, {"year", "int64"}, {"until", "int64"}});
  host.inputs["edges"] = {
      batch(es, {{"a", "b", int64_t{2016}, null}, {"b", "c", int64_t{2018}, int64_t{2020}}, {"c", "a", null, null}})};
  REQUIRE(host.run<GexfStage>({{"path", "y.gexf"}, {"time", "year"}, {"time_end", "until"}, {"directed", false}}) == 0);
  const Json g = read_gexf(dir, "y.gexf");
  CHECK(g["mode"] == "dynamic");
  CHECK(g["timeformat"] == "integer");
  CHECK(g["directed"] == false);
  REQUIRE(g["edges"].size() == 3);
  // networkx lists the undirected edges by node: (a, b), (a, c), (b, c).
  const Json ab = g["edges"][0][2], ac = g["edges"][1][2], bc = g["edges"][2][2];
  CHECK(ab["start"] == typed("int", 2016));
  CHECK(ab["end"] == typed("int", 2016));
  CHECK(bc["start"] == typed("int", 2018));
  CHECK(bc["end"] == typed("int", 2020));
  CHECK(ac.count("start") == 0);
  CHECK(host.logged(CHORUS_LOG_WARN, "1 edge(s) have no time"));
}

TEST_CASE("export/gexf: aggregated dynamic edges carry one spell per distinct time", "[export.gexf]") {
  if (!eg::testing::python_has("networkx")) CHORUS_SKIP("python3 with networkx is not installed");
  TempDir dir;
  FakeHost host;
  host.pipeline_dir = dir.path();
  Schema es = schema({{"source", "utf8"}, {"target", "utf8"}, {"time", "timestamp[ms]"}, {"likes", "int64"}});
  // a->b at 1000 ms, 0 ms, 1000 ms again and with no time; b->c at 86400000 ms.
  host.inputs["edges"] = {batch(es, {{"a", "b", int64_t{1000}, int64_t{2}},
                                     {"b", "c", int64_t{86400000}, int64_t{1}},
                                     {"a", "b", int64_t{0}, int64_t{3}}}),
                          batch(es, {{"a", "b", int64_t{1000}, null}, {"a", "b", null, int64_t{5}}})};
  REQUIRE(host.run<GexfStage>({{"path", "s.gexf"},
                               {"time", "time"},
                               {"aggregate", {{"weight", "count"}, {"likes", {{"sum", "likes"}}}}}}) == 0);
  const Json g = read_gexf(dir, "s.gexf");
  CHECK(g["mode"] == "dynamic");
  CHECK(g["timeformat"] == "dateTime");
  CHECK(g["multigraph"] == false);
  REQUIRE(g["edges"].size() == 2);
  CHECK(g["edges"][0] ==
        Json::array(
            {"a",
             "b",
             {{"likes", typed("int", 10)},
              {"spells", typed("list", Json::array({Json::array({"1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"}),
                                                    Json::array({"1970-01-01T00:00:01Z", "1970-01-01T00:00:01Z"})}))},
              {"id", typed("str", "0")},
              {"weight", typed("float", 4.0)}}}));
  CHECK(g["edges"][1][2]["spells"] ==
        typed("list", Json::array({Json::array({"1970-01-02T00:00:00Z", "1970-01-02T00:00:00Z"})})));
  CHECK(g["edges"][1][2]["weight"] == typed("float", 1.0));
  // The native weight is the count, written as an integer.
  CHECK(read_file(dir.file("s.gexf")).find(R"(<edge id="0" source="a" target="b" weight="4">)") != std::string::npos);
}

TEST_CASE("export/gexf: configuration errors name the key", "[export.gexf]") {
  FakeHost host;
  Schema es = schema({{"source", "utf8"},
                      {"target", "utf8"},
                      {"kind", "utf8"},
                      {"score", "float64"},
                      {"time", "timestamp[ms]"},
                      {"year", "int64"}});
  const chorus::sdk::PortTypes edges_only = {{"edges", {"", es}}};
  REQUIRE(host.infer<GexfStage>({{"path", "x"}, {"weight", "scor"}}, edges_only) != 0);
  CHECK(host.last_error() == "with.weight: no edge attribute 'scor' (did you mean 'score'?)");
  REQUIRE(host.infer<GexfStage>({{"path", "x"}, {"weight", "kind"}}, edges_only) != 0);
  CHECK(host.last_error() == "with.weight: edge attribute 'kind' must be int64 or float64, is utf8");
  REQUIRE(host.infer<GexfStage>({{"path", "x"}, {"time", "kind"}}, edges_only) != 0);
  CHECK(host.last_error() == "with.time: column 'kind' must be a timestamp or int64 (e.g. a year), is utf8");
  REQUIRE(host.infer<GexfStage>({{"path", "x"}, {"time", "time"}, {"time_end", "year"}}, edges_only) != 0);
  CHECK(host.last_error() ==
        "with.time_end: column 'year' (int64) must have the type of with.time 'time' (timestamp[ms])");
  REQUIRE(host.infer<GexfStage>({{"path", "x"}, {"label", "name"}}, edges_only) != 0);
  CHECK(host.last_error() == "with.label: needs the 'nodes' input");
  REQUIRE(host.infer<GexfStage>({{"path", "x"}, {"weight", "n"}, {"aggregate", {{"n", "count"}}}}, edges_only) == 0);
  REQUIRE(host.infer<GexfStage>({{"path", "x"}, {"time", "year"}, {"weight", "score"}}, edges_only) == 0);
}

TEST_CASE("export/gexf: XML special characters in ids labels and values", "[export.gexf]") {
  if (!eg::testing::python_has("networkx")) CHORUS_SKIP("python3 with networkx is not installed");
  TempDir dir;
  FakeHost host;
  host.pipeline_dir = dir.path();
  Schema es = schema({{"source", "utf8"}, {"target", "utf8"}, {"note", "utf8"}});
  host.inputs["edges"] = {batch(es, {{"a\"b", "<c>&", "x\ty\nz\r'q'"}, {"a\"b", "nul\x1f", "ok"}})};
  Schema ns = schema({{"id", "utf8"}, {"label", "utf8"}});
  host.inputs["nodes"] = {batch(ns, {{"<c>&", "C & <co> \"quoted\""}})};
  // No "label" key: the nodes column named label is the label by default.
  REQUIRE(host.run<GexfStage>({{"path", "x.gexf"}}) == 0);
  const Json g = read_gexf(dir, "x.gexf");
  REQUIRE(g["nodes"].size() == 3);
  CHECK(g["nodes"]["<c>&"]["label"] == typed("str", "C & <co> \"quoted\""));
  CHECK(g["nodes"]["a\"b"]["label"] == typed("str", "a\"b"));
  // U+001F cannot be in XML 1.0: the id became "nul" + U+FFFD.
  CHECK(g["nodes"].contains("nul\xEF\xBF\xBD"));
  REQUIRE(g["edges"].size() == 2);
  CHECK(g["edges"][0] ==
        Json::array({"a\"b", "<c>&", {{"note", typed("str", "x\ty\nz\r'q'")}, {"id", typed("str", "0")}}}));
  CHECK(g["edges"][1][1] == "nul\xEF\xBF\xBD");
  CHECK(host.logged(CHORUS_LOG_WARN, "1 character(s) XML 1.0 cannot hold"));
}

TEST_CASE("export/gexf: runs with the option table's defaults", "[export.gexf]") {
  const Json props = GexfStage::options().schema()["properties"];
  CHECK(props["weight"]["default"] == "weight");
  CHECK_FALSE(props["label"].contains("default"));
  CHECK_FALSE(props["time"].contains("default"));
  CHECK(GexfStage::options().schema()["required"] == Json::array({"path"}));
  TempDir dir;
  FakeHost host;
  host.pipeline_dir = dir.path();
  host.inputs["edges"] = {
      batch(schema({{"source", "utf8"}, {"target", "int64"}, {"weight", "float64"}}), {{"a", int64_t{7}, 2.5}})};
  // Only the required key: the column named weight is the native weight,
  // the graph is directed and static, and the label is the id.
  REQUIRE(host.run<GexfStage>({{"path", "d.gexf"}}) == 0);
  const std::string xml = read_file(dir.file("d.gexf"));
  CHECK(xml.find(R"(<graph defaultedgetype="directed" mode="static">)") != std::string::npos);
  CHECK(xml.find(R"(<node id="7" label="7"></node>)") != std::string::npos);
  CHECK(xml.find(R"(<edge id="0" source="a" target="7" weight="2.5"></edge>)") != std::string::npos);
  // The default weight may be absent: then no weight is written.
  host.inputs["edges"] = {batch(schema({{"source", "utf8"}, {"target", "utf8"}}), {{"a", "b"}})};
  REQUIRE(host.run<GexfStage>({{"path", "e.gexf"}}) == 0);
  CHECK(read_file(dir.file("e.gexf")).find(R"(<edge id="0" source="a" target="b"></edge>)") != std::string::npos);
}

TEST_CASE("export/gexf: a bad option gives one error naming its key", "[export.gexf]") {
  TempDir dir;
  FakeHost host;
  host.pipeline_dir = dir.path();
  host.inputs["edges"] = {
      batch(schema({{"source", "utf8"}, {"target", "utf8"}, {"until", "int64"}}), {{"a", "b", int64_t{1}}})};
  SECTION("time_end without time") {
    REQUIRE(host.run<GexfStage>({{"path", "x.gexf"}, {"time_end", "until"}}) != 0);
    REQUIRE(host.errors.size() == 1);
    CHECK(host.errors[0] == "with.time_end: needs with.time");
  }
  SECTION("an empty path") {
    REQUIRE(host.run<GexfStage>({{"path", ""}}) != 0);
    REQUIRE(host.errors.size() == 1);
    CHECK(host.errors[0] == "with.path: expected a string of at least 1 character(s), got \"\"");
  }
  SECTION("an empty label") {
    REQUIRE(host.run<GexfStage>({{"path", "x.gexf"}, {"label", ""}}) != 0);
    REQUIRE(host.errors.size() == 1);
    CHECK(host.errors[0] == "with.label: expected a string of at least 1 character(s), got \"\"");
  }
  CHECK_FALSE(std::filesystem::exists(dir.file("x.gexf")));
}
