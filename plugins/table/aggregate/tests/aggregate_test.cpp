#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <chorus/sdk/testing.hpp>

#include "table/aggregate/aggregate.hpp"

namespace ta = chorus::table_aggregate;
using namespace chorus::sdk::testing;

namespace {

// Sales over two batches; hand-computed groups in the tests below.
Schema sales_schema() {
  return schema({{"region", "utf8"}, {"qty", "int64"}, {"price", "float64"}, {"customer", "utf8"}});
}
std::vector<Batch> sales() {
  Schema s = sales_schema();
  return {batch(s, {{"north", int64_t{3}, 1.5, "bob"},
                    {"south", null, 2.0, "amy"},
                    {null, int64_t{5}, null, "cat"},
                    {"north", int64_t{4}, 2.5, "bob"}}),
          batch(s, {{"south", int64_t{7}, null, null},
                    {null, null, 4.0, "dan"},
                    {"north", int64_t{-2}, 0.25, "Zed"},
                    {"east", null, null, null}})};
}

Json agg(const char* name, const char* fn, const char* column = nullptr) {
  Json a = {{"name", name}, {"fn", fn}};
  if (column) a["column"] = column;
  return a;
}

Batch aggregate(const Json& config, const Schema& s, const std::vector<Batch>& in) {
  ta::Aggregator a(ta::parse_config(config), s);
  for (const auto& b : in) a.add(b);
  return a.result();
}

std::string infer_error(const Schema& cols, const Json& config) {
  FakeHost host;
  int rc = host.infer<ta::Aggregate>(config, {{"in", {"sales", cols}}});
  REQUIRE(rc != 0);
  return host.last_error();
}

}  // namespace

TEST_CASE("table/aggregate groups with a null key, sorted nulls first", "[table][aggregate]") {
  Json config = {{"group_by", {"region"}},
                 {"aggregates", {agg("n", "count"), agg("n_qty", "count", "qty"),
                                 agg("qty_sum", "sum", "qty"), agg("price_mean", "mean", "price"),
                                 agg("first", "min", "customer"), agg("last", "max", "customer"),
                                 agg("customers", "count_distinct", "customer"),
                                 agg("qty_mean", "mean", "qty")}}};
  Batch out = aggregate(config, sales_schema(), sales());
  CHECK(schema_text(out.schema()) ==
        "region:utf8,n:int64,n_qty:int64,qty_sum:int64,price_mean:float64,first:utf8,last:utf8,"
        "customers:int64,qty_mean:float64");
  REQUIRE(out.rows() == 4);
  CHECK(col(out, "region") == "null|east|north|south");
  CHECK(col(out, "n") == "2|1|3|2");          // count() counts rows, nulls included
  CHECK(col(out, "n_qty") == "1|0|3|1");      // count(qty) counts non-null qty
  CHECK(col(out, "qty_sum") == "5|null|5|7");  // north: 3 + 4 - 2; east has no qty
  CHECK(col(out, "first") == "cat|null|Zed|amy");  // bytes: 'Z' (0x5a) < 'b' (0x62)
  CHECK(col(out, "last") == "dan|null|bob|amy");
  CHECK(col(out, "customers") == "2|0|2|1");  // north: bob twice, Zed
  const Column& pm = out.column("price_mean");
  CHECK(pm.float64(0) == 4.0);  // null group: only 4.0 (the other price is null)
  CHECK(pm.is_null(1));
  CHECK(pm.float64(2) == Approx(4.25 / 3).epsilon(1e-15));  // (1.5 + 2.5 + 0.25) / 3
  CHECK(pm.float64(3) == 2.0);
  CHECK(col(out, "qty_mean") == "5|null|1.6666666666666667|7");  // north: 5 / 3
}

TEST_CASE("table/aggregate without group_by gives exactly one row", "[table][aggregate]") {
  Json config = {{"aggregates", {agg("n", "count"), agg("qty", "sum", "qty"),
                                 agg("regions", "count_distinct", "region"),
                                 agg("cheapest", "min", "price"), agg("dearest", "max", "price"),
                                 agg("total", "sum", "price")}}};
  SECTION("over the sales") {
    Batch out = aggregate(config, sales_schema(), sales());
    REQUIRE(out.rows() == 1);
    CHECK(col(out, "n") == "8");
    CHECK(col(out, "qty") == "17");     // 3 + 5 + 4 + 7 - 2
    CHECK(col(out, "regions") == "3");  // north, south, east; null is not counted
    CHECK(col(out, "cheapest") == "0.25");
    CHECK(col(out, "dearest") == "4");
    CHECK(col(out, "total") == "10.25");  // 1.5 + 2 + 2.5 + 4 + 0.25
  }
  SECTION("over an empty input: counts are 0, the rest null") {
    Batch out = aggregate(config, sales_schema(), {batch(sales_schema(), {})});
    REQUIRE(out.rows() == 1);
    CHECK(col(out, "n") == "0");
    CHECK(col(out, "qty") == "null");
    CHECK(col(out, "regions") == "0");
    CHECK(col(out, "cheapest") == "null");
    CHECK(col(out, "total") == "null");
  }
  SECTION("over rows whose column is all null") {
    Schema s = sales_schema();
    Batch out = aggregate(config, s, {batch(s, {{null, null, null, null}, {null, null, null, null}})});
    CHECK(col(out, "n") == "2");
    CHECK(col(out, "qty") == "null");
    CHECK(col(out, "regions") == "0");
    CHECK(col(out, "dearest") == "null");
  }
}

TEST_CASE("table/aggregate with group_by over an empty input gives no row", "[table][aggregate]") {
  Json config = {{"group_by", {"region"}}, {"aggregates", {agg("n", "count")}}};
  Batch out = aggregate(config, sales_schema(), {batch(sales_schema(), {})});
  CHECK(out.rows() == 0);
  CHECK(schema_text(out.schema()) == "region:utf8,n:int64");
  FakeHost host;
  host.inputs["in"] = {batch(sales_schema(), {})};
  REQUIRE(host.run<ta::Aggregate>(config) == 0);
  CHECK(host.outputs["out"].empty());
}

TEST_CASE("table/aggregate orders composite keys column by column, nulls first",
          "[table][aggregate]") {
  Schema s = schema({{"ok", "bool"}, {"k", "int64"}, {"v", "int64"}});
  Batch in = batch(s, {{true, int64_t{1}, int64_t{10}},
                       {null, int64_t{2}, int64_t{20}},
                       {false, null, int64_t{30}},
                       {false, int64_t{1}, int64_t{40}},
                       {true, int64_t{1}, int64_t{50}},
                       {null, null, int64_t{60}},
                       {false, int64_t{-5}, null}});
  Json config = {{"group_by", {"ok", "k"}},
                 {"aggregates", {agg("n", "count"), agg("v_sum", "sum", "v"), agg("v_min", "min", "v"),
                                 agg("v_max", "max", "v")}}};
  Batch out = aggregate(config, s, {in});
  CHECK(col(out, "ok") == "null|null|false|false|false|true");
  CHECK(col(out, "k") == "null|2|null|-5|1|1");
  CHECK(col(out, "n") == "1|1|1|1|1|2");
  CHECK(col(out, "v_sum") == "60|20|30|null|40|60");
  CHECK(col(out, "v_min") == "60|20|30|null|40|10");
  CHECK(col(out, "v_max") == "60|20|30|null|40|50");
}

TEST_CASE("table/aggregate float64 keys: -0 is 0, NaN after numbers", "[table][aggregate]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Schema s = schema({{"x", "float64"}, {"y", "float64"}});
  Batch in = batch(s, {{1.5, 1.0}, {nan, 2.0}, {-0.0, 3.0}, {null, 4.0}, {0.0, -0.0},
                       {nan, nan}, {-3.0, 7.0}});
  Json config = {{"group_by", {"x"}},
                 {"aggregates", {agg("n", "count"), agg("y_max", "max", "y"), agg("y_min", "min", "y"),
                                 agg("y_sum", "sum", "y")}}};
  Batch out = aggregate(config, s, {in});
  CHECK(col(out, "x") == "null|-3|0|1.5|nan");
  CHECK(col(out, "n") == "1|1|2|1|2");
  CHECK(col(out, "y_max") == "4|7|3|1|nan");  // NaN is the largest value
  CHECK(col(out, "y_min") == "4|7|0|1|2");
  CHECK(col(out, "y_sum") == "4|7|3|1|nan");
  // count_distinct: 1.5, NaN, 0 (= -0), -3.
  Batch d = aggregate(Json{{"aggregates", {agg("d", "count_distinct", "x")}}}, s, {in});
  CHECK(col(d, "d") == "4");
}

TEST_CASE("table/aggregate keeps timestamp and bool types in keys and min/max",
          "[table][aggregate]") {
  Schema s = schema({{"day", "timestamp[ms]"}, {"at", "timestamp[ms]"}, {"ok", "bool"}});
  Batch in = batch(s, {{int64_t{86400000}, int64_t{86400500}, true},
                       {int64_t{0}, int64_t{1000}, false},
                       {int64_t{86400000}, int64_t{86400100}, false},
                       {int64_t{0}, int64_t{2000}, null},
                       {int64_t{0}, null, true}});
  Json config = {{"group_by", {"day"}},
                 {"aggregates", {agg("first", "min", "at"), agg("last", "max", "at"),
                                 agg("all_ok", "min", "ok"), agg("any_ok", "max", "ok"),
                                 agg("n_at", "count_distinct", "at")}}};
  Batch out = aggregate(config, s, {in});
  CHECK(schema_text(out.schema()) ==
        "day:timestamp[ms],first:timestamp[ms],last:timestamp[ms],all_ok:bool,any_ok:bool,"
        "n_at:int64");
  CHECK(col(out, "day") == "0|86400000");
  CHECK(col(out, "first") == "1000|86400100");
  CHECK(col(out, "last") == "2000|86400500");
  CHECK(col(out, "all_ok") == "false|false");
  CHECK(col(out, "any_ok") == "true|true");
  CHECK(col(out, "n_at") == "2|2");
}

TEST_CASE("table/aggregate int64 sum overflow is an error", "[table][aggregate]") {
  Schema s = schema({{"n", "int64"}});
  Json config = {{"aggregates", {agg("total", "sum", "n")}}};
  const int64_t big = std::numeric_limits<int64_t>::max();
  ta::Aggregator a(ta::parse_config(config), s);
  a.add(batch(s, {{big}, {int64_t{-1}}, {int64_t{1}}}));  // back to max: fine
  CHECK(col(a.result(), "total") == std::to_string(big));
  CHECK_THROWS_WITH(a.add(batch(s, {{int64_t{1}}})),
                    "aggregate 'total': sum of int64 column 'n' overflows int64");
  FakeHost host;
  host.inputs["in"] = {batch(s, {{big}}), batch(s, {{big}})};
  CHECK(host.run<ta::Aggregate>(config) != 0);
  CHECK(host.last_error() == "aggregate 'total': sum of int64 column 'n' overflows int64");
  CHECK(host.outputs["out"].empty());
}

TEST_CASE("table/aggregate stage end to end through the host API", "[table][aggregate]") {
  Json config = {{"group_by", {"region"}},
                 {"aggregates", {agg("n", "count"), agg("qty", "sum", "qty")}}};
  SECTION("one sorted output batch from several input batches") {
    FakeHost host;
    host.inputs["in"] = sales();
    REQUIRE(host.run<ta::Aggregate>(config) == 0);
    REQUIRE(host.outputs["out"].size() == 1);
    CHECK(col(host.outputs["out"], "region") == "null|east|north|south");
    CHECK(col(host.outputs["out"], "qty") == "5|null|5|7");
    CHECK(host.last_progress() == 8);
  }
  SECTION("infer reports the output columns and no dataset type name") {
    FakeHost host;
    REQUIRE(host.infer<ta::Aggregate>(config, {{"in", {"sales", sales_schema()}}}) == 0);
    auto types = host.output_types();
    CHECK(types["out"].name == "");
    CHECK(schema_text(types["out"].columns) == "region:utf8,n:int64,qty:int64");
  }
  SECTION("cancelled: nothing is emitted") {
    FakeHost host;
    host.inputs["in"] = sales();
    host.cancel_after_reads = 1;
    REQUIRE(host.run<ta::Aggregate>(config) == 0);
    CHECK(host.outputs["out"].empty());
    CHECK(host.reads == 1);
  }
  SECTION("no batch at all: one row typed from the input type, counts 0, the rest null") {
    FakeHost host;
    host.input_types["in"] = {"sales", sales_schema()};  // inferred, but no batch arrives
    Json all = {{"aggregates", {agg("n", "count"), agg("n_qty", "count", "qty"),
                                agg("qty", "sum", "qty"), agg("cheapest", "min", "price"),
                                agg("last", "max", "customer"), agg("m", "mean", "price"),
                                agg("regions", "count_distinct", "region")}}};
    REQUIRE(host.run<ta::Aggregate>(all) == 0);
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
    REQUIRE(host.run<ta::Aggregate>(config) == 0);
    CHECK(host.outputs["out"].empty());
  }
  SECTION("no batch at all, host without input types: one row of counts") {
    FakeHost host;
    REQUIRE(host.run<ta::Aggregate>(Json{{"aggregates", {agg("n", "count"),
                                                        agg("m", "mean", "qty")}}}) == 0);
    REQUIRE(host.outputs["out"].size() == 1);
    CHECK(col(host.outputs["out"], "n") == "0");
    CHECK(col(host.outputs["out"], "m") == "null");
  }
  SECTION("no batch at all, host without input types, and a sum: no row, a warning") {
    FakeHost host;
    REQUIRE(host.run<ta::Aggregate>(Json{{"aggregates", {agg("s", "sum", "qty")}}}) == 0);
    CHECK(host.outputs["out"].empty());
    REQUIRE(host.logs.size() == 1);
    CHECK(host.logs[0].first == CHORUS_LOG_WARN);
  }
  SECTION("a batch whose column changed type fails") {
    FakeHost host;
    Schema other = schema({{"region", "utf8"}, {"qty", "float64"}});
    host.inputs["in"] = {sales()[0], batch(other, {{"north", 1.0}})};
    CHECK(host.run<ta::Aggregate>(config) != 0);
    CHECK(host.last_error() == "column 'qty' is float64 in this batch but was int64 before");
  }
}

TEST_CASE("table/aggregate splits a large result into sorted batches", "[table][aggregate]") {
  Schema s = schema({{"k", "int64"}});
  Batch in(s);
  const int64_t n = ta::Aggregate::kOutputBatchRows + 10;
  for (int64_t i = n - 1; i >= 0; --i) in.column(0).append_int(i);  // descending input
  FakeHost host;
  host.inputs["in"] = {in};
  REQUIRE(host.run<ta::Aggregate>(Json{{"group_by", {"k"}}, {"aggregates", {agg("c", "count")}}}) == 0);
  const auto& out = host.outputs["out"];
  REQUIRE(out.size() == 2);
  CHECK(out[0].rows() == ta::Aggregate::kOutputBatchRows);
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
        "with: unknown key 'groupby' (did you mean 'group_by'?)");
  CHECK(infer_error(cols, Json{{"group_by", "region"}, {"aggregates", {agg("n", "count")}}}) ==
        "with.group_by: expected an array of column names, e.g. [region]");
  CHECK(infer_error(cols, Json{{"group_by", {"region"}}}) ==
        "with.aggregates: is required (an array of {name, fn, column})");
}
