// The table/aggregate stage through the fake host: options, infer, run.
#include <catch2/catch.hpp>

#include <limits>

#include <chorus/sdk/testing.hpp>

#include "aggregate_stage.hpp"
#include "sales.hpp"

namespace ta = chorus::table_aggregate;
using namespace chorus::table_aggregate::testing;

namespace {

std::string infer_error(const Schema& cols, const Json& config) {
  FakeHost host;
  int rc = host.infer<ta::AggregateStage>(config, {{"in", {"sales", cols}}});
  REQUIRE(rc != 0);
  return host.last_error();
}

}  // namespace

TEST_CASE("table/aggregate with group_by over an empty input gives no row", "[table][aggregate]") {
  Json config = {{"group_by", {"region"}}, {"aggregates", {agg("n", "count")}}};
  Batch out = aggregate(config, sales_schema(), {batch(sales_schema(), {})});
  CHECK(out.rows() == 0);
  CHECK(schema_text(out.schema()) == "region:utf8,n:int64");
  FakeHost host;
  host.inputs["in"] = {batch(sales_schema(), {})};
  REQUIRE(host.run<ta::AggregateStage>(config) == 0);
  CHECK(host.outputs["out"].empty());
}

TEST_CASE("table/aggregate int64 sum overflow is an error", "[table][aggregate]") {
  Schema s = schema({{"n", "int64"}});
  Json config = {{"aggregates", {agg("total", "sum", "n")}}};
  const int64_t big = std::numeric_limits<int64_t>::max();
  ta::Aggregator a(ta::AggregateStage::options().parse(config), s);
  a.add(batch(s, {{big}, {int64_t{-1}}, {int64_t{1}}}));  // back to max: fine
  CHECK(col(a.result(), "total") == std::to_string(big));
  CHECK_THROWS_WITH(a.add(batch(s, {{int64_t{1}}})), "aggregate 'total': sum of int64 column 'n' overflows int64");
  FakeHost host;
  host.inputs["in"] = {batch(s, {{big}}), batch(s, {{big}})};
  CHECK(host.run<ta::AggregateStage>(config) != 0);
  CHECK(host.last_error() == "aggregate 'total': sum of int64 column 'n' overflows int64");
  CHECK(host.outputs["out"].empty());
}

TEST_CASE("table/aggregate stage end to end through the host API", "[table][aggregate]") {
  Json config = {{"group_by", {"region"}}, {"aggregates", {agg("n", "count"), agg("qty", "sum", "qty")}}};
  SECTION("one sorted output batch from several input batches") {
    FakeHost host;
    host.inputs["in"] = sales();
    REQUIRE(host.run<ta::AggregateStage>(config) == 0);
    REQUIRE(host.outputs["out"].size() == 1);
    CHECK(col(host.outputs["out"], "region") == "null|east|north|south");
    CHECK(col(host.outputs["out"], "qty") == "5|null|5|7");
    CHECK(host.last_progress() == 8);
  }
  SECTION("infer reports the output columns and no dataset type name") {
    FakeHost host;
    REQUIRE(host.infer<ta::AggregateStage>(config, {{"in", {"sales", sales_schema()}}}) == 0);
    auto types = host.output_types();
    CHECK(types["out"].name == "");
    CHECK(schema_text(types["out"].columns) == "region:utf8,n:int64,qty:int64");
  }
  SECTION("cancelled: nothing is emitted") {
    FakeHost host;
    host.inputs["in"] = sales();
    host.cancel_after_reads = 1;
    REQUIRE(host.run<ta::AggregateStage>(config) == 0);
    CHECK(host.outputs["out"].empty());
    CHECK(host.reads == 1);
  }
  SECTION("no batch at all: one row typed from the input type, counts 0, the rest null") {
    FakeHost host;
    host.input_types["in"] = {"sales", sales_schema()};  // inferred, but no batch arrives
    Json all = {
        {"aggregates",
         {agg("n", "count"), agg("n_qty", "count", "qty"), agg("qty", "sum", "qty"), agg("cheapest", "min", "price"),
          agg("last", "max", "customer"), agg("m", "mean", "price"), agg("regions", "count_distinct", "region")}}};
    REQUIRE(host.run<ta::AggregateStage>(all) == 0);
    INFO(host.last_error());
    REQUIRE(host.outputs["out"].size() == 1);
    const Batch& out = host.outputs["out"][0];
    CHECK(schema_text(out.schema()) ==
          "n:int64,n_qty:int64,qty:int64,cheapest:float64,last:utf8,m:float64,regions:int64");
    CHECK(out.rows() == 1);
    CHECK(col(out, "n") == "0");
    CHECK(col(out, "n_qty") == "0");
    CHECK(col(out, "qty") == "null");
    CHECK(col(out, "cheapest") == "null");
    CHECK(col(out, "last") == "null");
    CHECK(col(out, "m") == "null");
    CHECK(col(out, "regions") == "0");
    CHECK(host.logs.empty());
    // With group_by: no group, no row.
    REQUIRE(host.run<ta::AggregateStage>(config) == 0);
    CHECK(host.outputs["out"].empty());
  }
  SECTION("no batch at all, host without input types: one row of counts") {
    FakeHost host;
    REQUIRE(host.run<ta::AggregateStage>(Json{{"aggregates", {agg("n", "count"), agg("m", "mean", "qty")}}}) == 0);
    REQUIRE(host.outputs["out"].size() == 1);
    CHECK(col(host.outputs["out"], "n") == "0");
    CHECK(col(host.outputs["out"], "m") == "null");
  }
  SECTION("no batch at all, host without input types, and a sum: no row, a warning") {
    FakeHost host;
    REQUIRE(host.run<ta::AggregateStage>(Json{{"aggregates", {agg("s", "sum", "qty")}}}) == 0);
    CHECK(host.outputs["out"].empty());
    REQUIRE(host.logs.size() == 1);
    CHECK(host.logs[0].first == CHORUS_LOG_WARN);
  }
  SECTION("a batch whose column changed type fails") {
    FakeHost host;
    Schema other = schema({{"region", "utf8"}, {"qty", "float64"}});
    host.inputs["in"] = {sales()[0], batch(other, {{"north", 1.0}})};
    CHECK(host.run<ta::AggregateStage>(config) != 0);
    CHECK(host.last_error() == "column 'qty' is float64 in this batch but was int64 before");
  }
}

TEST_CASE("table/aggregate splits a large result into sorted batches", "[table][aggregate]") {
  Schema s = schema({{"k", "int64"}});
  Batch in(s);
  const int64_t n = ta::AggregateStage::kOutputBatchRows + 10;
  for (int64_t i = n - 1; i >= 0; --i) in.column(0).append_int(i);  // descending input
  FakeHost host;
  host.inputs["in"] = {in};
  REQUIRE(host.run<ta::AggregateStage>(Json{{"group_by", {"k"}}, {"aggregates", {agg("c", "count")}}}) == 0);
  const auto& out = host.outputs["out"];
  REQUIRE(out.size() == 2);
  CHECK(out[0].rows() == ta::AggregateStage::kOutputBatchRows);
  CHECK(out[1].rows() == 10);
  CHECK(out[0].column("k").int64(0) == 0);
  CHECK(out[0].column("k").int64(1) == 1);
  CHECK(out[1].column("k").int64(9) == n - 1);
  CHECK(col(out[1], "c") == "1|1|1|1|1|1|1|1|1|1");
}

TEST_CASE("table/aggregate infer explains bad config", "[table][aggregate]") {
  Schema cols = schema({{"region", "utf8"}, {"amount", "int64"}, {"paid", "bool"}, {"tags", "list<utf8>"}});
  auto aggs = [](Json a) { return Json{{"aggregates", Json::array({std::move(a)})}}; };
  CHECK(infer_error(cols, aggs(agg("s", "sum", "amout"))) ==
        "with.aggregates[0].column: no column 'amout' in input (did you mean 'amount'?)");
  CHECK(infer_error(cols, Json{{"aggregates", {agg("n", "count"), agg("s", "sum", "region")}}}) ==
        "with.aggregates[1].fn: sum of a utf8 column 'region' is not defined (sum needs int64 or "
        "float64)");
  CHECK(infer_error(cols, aggs(agg("m", "mean", "paid"))) ==
        "with.aggregates[0].fn: mean of a bool column 'paid' is not defined (mean needs int64 or "
        "float64)");
  CHECK(infer_error(cols, aggs(agg("m", "max", "tags"))) ==
        "with.aggregates[0].fn: max of a list<utf8> column 'tags' is not defined (max needs bool, "
        "int64, float64, utf8 or timestamp)");
  CHECK(infer_error(cols, Json{{"group_by", {"region", "regoin"}}, {"aggregates", {agg("n", "count")}}}) ==
        "with.group_by[1]: no column 'regoin' in input (did you mean 'region'?)");
  CHECK(infer_error(cols, Json{{"group_by", {"tags"}}, {"aggregates", {agg("n", "count")}}}) ==
        "with.group_by[0]: cannot group by list<utf8> column 'tags' (keys can be bool, int64, "
        "float64, utf8 or timestamp)");
  CHECK(infer_error(cols, aggs(agg("a", "avg", "amount"))) ==
        "with.aggregates[0].fn: unknown function 'avg' (expected one of count, count_distinct, "
        "sum, min, max, mean)");
  CHECK(infer_error(cols, aggs(agg("s", "sum"))) ==
        "with.aggregates[0].column: is required for fn 'sum' (only count works without a column)");
  CHECK(infer_error(cols, Json{{"group_by", {"region"}}, {"aggregates", {agg("region", "count")}}}) ==
        "with.aggregates[0].name: 'region' is already an output column (it is in group_by)");
  CHECK(infer_error(cols, Json{{"aggregates", {agg("n", "count"), agg("n", "sum", "amount")}}}) ==
        "with.aggregates[1].name: 'n' is already the name of with.aggregates[0]");
  CHECK(infer_error(cols, Json{{"groupby", {"region"}}, {"aggregates", {agg("n", "count")}}}) ==
        "with: unknown option 'groupby' (did you mean 'group_by'?)");
  CHECK(infer_error(cols, Json{{"group_by", "region"}, {"aggregates", {agg("n", "count")}}}) ==
        "with.group_by: expected an array of column names, e.g. [region]");
  CHECK(infer_error(cols, Json{{"group_by", {"region"}}}) ==
        "with.aggregates: is required (Output columns computed over each group, in order after the "
        "group_by columns.)");
}

TEST_CASE("table/aggregate runs with the option table's defaults", "[table][aggregate]") {
  // group_by defaults to []: one group of all rows, one output row.
  const auto& options = ta::AggregateStage::options();
  CHECK(options.schema()["properties"]["group_by"]["default"] == Json::array());
  CHECK(options.schema()["required"] == Json::array({"aggregates"}));
  FakeHost host;
  host.inputs["in"] = sales();
  REQUIRE(host.run<ta::AggregateStage>(Json{{"aggregates", {agg("n", "count"), agg("q", "sum", "qty")}}}) == 0);
  REQUIRE(host.outputs["out"].size() == 1);
  CHECK(schema_text(host.outputs["out"][0].schema()) == "n:int64,q:int64");
  CHECK(col(host.outputs["out"], "n") == "8");
  CHECK(col(host.outputs["out"], "q") == "17");
}

TEST_CASE("table/aggregate: a bad option gives one error naming its key", "[table][aggregate]") {
  FakeHost host;
  host.inputs["in"] = sales();
  SECTION("a group_by that is not a list") {
    REQUIRE(host.run<ta::AggregateStage>(Json{{"group_by", 3}, {"aggregates", {agg("n", "count")}}}) != 0);
    REQUIRE(host.errors.size() == 1);
    CHECK(host.errors[0] == "with.group_by: expected an array of column names, e.g. [region]");
  }
  SECTION("a group_by column listed twice") {
    REQUIRE(host.run<ta::AggregateStage>(
                Json{{"group_by", {"region", "region"}}, {"aggregates", {agg("n", "count")}}}) != 0);
    REQUIRE(host.errors.size() == 1);
    CHECK(host.errors[0] == "with.group_by[1]: column 'region' is listed twice");
  }
  SECTION("an empty aggregates list") {
    REQUIRE(host.run<ta::AggregateStage>(Json{{"aggregates", Json::array()}}) != 0);
    REQUIRE(host.errors.size() == 1);
    CHECK(host.errors[0] == "with.aggregates: expected a non-empty array of {name, fn, column}");
  }
  SECTION("an unknown key inside an aggregate") {
    REQUIRE(host.run<ta::AggregateStage>(Json{{"aggregates", {{{"name", "n"}, {"fn", "count"}, {"col", "x"}}}}}) != 0);
    REQUIRE(host.errors.size() == 1);
    CHECK(host.errors[0] == "with.aggregates[0]: unknown key 'col' (expected name, fn, column)");
  }
  CHECK(host.outputs["out"].empty());
}
