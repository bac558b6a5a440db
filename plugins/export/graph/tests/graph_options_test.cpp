// The options export/graphml and export/gexf share (graph_options.hpp): one
// declaration, parsed the same by both stages.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include "gexf_stage.hpp"
#include "graph_options.hpp"
#include "graphml_stage.hpp"

namespace eg = chorus::export_graph;
using chorus::sdk::ConfigError;
using chorus::sdk::Json;

TEST_CASE("export/graph: both stages declare the shared options alike", "[export.graphml]") {
  const Json graphml = eg::GraphmlStage::options().schema()["properties"];
  const Json gexf = eg::GexfStage::options().schema()["properties"];
  for (const char* key : {"path", "source", "target", "node_id", "directed", "list_separator", "aggregate"})
    CHECK(graphml[key] == gexf[key]);
  CHECK(graphml.size() == 7);
  CHECK(gexf.size() == 11);
}

TEST_CASE("export/graph: aggregate maps attribute names to functions", "[export.graphml]") {
  const auto parse = [](const Json& aggregate) {
    return eg::GraphmlStage::options().parse({{"path", "x"}, {"aggregate", aggregate}});
  };
  const eg::GraphOptions o =
      parse({{"weight", "count"}, {"likes", {{"sum", "likes"}}}, {"first", {{"min", "t"}}}, {"last", {{"max", "t"}}}});
  REQUIRE(o.aggregate.size() == 4);
  CHECK(o.aggregating());
  // In key order.
  CHECK(o.aggregate[0].name == "first");
  CHECK(o.aggregate[0].fn == eg::AggFn::Min);
  CHECK(o.aggregate[1].name == "last");
  CHECK(o.aggregate[1].fn == eg::AggFn::Max);
  CHECK(o.aggregate[2].name == "likes");
  CHECK(o.aggregate[2].fn == eg::AggFn::Sum);
  CHECK(o.aggregate[2].column == "likes");
  CHECK(o.aggregate[3].name == "weight");
  CHECK(o.aggregate[3].fn == eg::AggFn::Count);
  CHECK(o.aggregate[3].column.empty());
  CHECK_FALSE(eg::GraphmlStage::options().parse({{"path", "x"}}).aggregating());
  CHECK_THROWS_WITH(parse(Json::object()),
                    "with.aggregate: expected a map of attribute name to \"count\" or {sum|min|max: column}");
  CHECK_THROWS_WITH(parse({{"w", {{"avg", "x"}}}}),
                    "with.aggregate.w: unknown function 'avg' (expected sum, min or max)");
  CHECK_THROWS_WITH(parse({{"w", {{"sum", "x"}, {"max", "y"}}}}),
                    "with.aggregate.w: expected \"count\" or {sum|min|max: column}");
  CHECK_THROWS_AS(parse({{"w", 1}}), ConfigError);
}

TEST_CASE("export/gexf: only a weight other than the default must exist", "[export.gexf]") {
  CHECK_FALSE(eg::GexfStage::options().parse({{"path", "x"}}).weight_required());
  CHECK(eg::GexfStage::options().parse({{"path", "x"}, {"weight", "likes"}}).weight_required());
}
