// The Aggregator (aggregator.hpp) on hand-computed tables, without a host.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <chorus/sdk/testing.hpp>

#include "aggregator.hpp"
#include "sales.hpp"

using namespace chorus::table_aggregate::testing;

TEST_CASE("table/aggregate groups with a null key, sorted nulls first", "[table][aggregate]") {
  Json config = {{"group_by", {"region"}},
                 {"aggregates",
                  {agg("n", "count"), agg("n_qty", "count", "qty"), agg("qty_sum", "sum", "qty"),
                   agg("price_mean", "mean", "price"), agg("first", "min", "customer"), agg("last", "max", "customer"),
                   agg("customers", "count_distinct", "customer"), agg("qty_mean", "mean", "qty")}}};
  Batch out = aggregate(config, sales_schema(), sales());
  CHECK(schema_text(out.schema()) ==
        "region:utf8,n:int64,n_qty:int64,qty_sum:int64,price_mean:float64,first:utf8,last:utf8,"
        "customers:int64,qty_mean:float64");
  REQUIRE(out.rows() == 4);
  CHECK(col(out, "region") == "null|east|north|south");
  CHECK(col(out, "n") == "2|1|3|2");               // count() counts rows, nulls included
  CHECK(col(out, "n_qty") == "1|0|3|1");           // count(qty) counts non-null qty
  CHECK(col(out, "qty_sum") == "5|null|5|7");      // north: 3 + 4 - 2; east has no qty
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
  Json config = {{"aggregates",
                  {agg("n", "count"), agg("qty", "sum", "qty"), agg("regions", "count_distinct", "region"),
                   agg("cheapest", "min", "price"), agg("dearest", "max", "price"), agg("total", "sum", "price")}}};
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

TEST_CASE("table/aggregate orders composite keys column by column, nulls first", "[table][aggregate]") {
  Schema s = schema({{"ok", "bool"}, {"k", "int64"}, {"v", "int64"}});
  Batch in = batch(s, {{true, int64_t{1}, int64_t{10}},
                       {null, int64_t{2}, int64_t{20}},
                       {false, null, int64_t{30}},
                       {false, int64_t{1}, int64_t{40}},
                       {true, int64_t{1}, int64_t{50}},
                       {null, null, int64_t{60}},
                       {false, int64_t{-5}, null}});
  Json config = {{"group_by", {"ok", "k"}},
                 {"aggregates",
                  {agg("n", "count"), agg("v_sum", "sum", "v"), agg("v_min", "min", "v"), agg("v_max", "max", "v")}}};
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
  Batch in = batch(s, {{1.5, 1.0}, {nan, 2.0}, {-0.0, 3.0}, {null, 4.0}, {0.0, -0.0}, {nan, nan}, {-3.0, 7.0}});
  Json config = {{"group_by", {"x"}},
                 {"aggregates",
                  {agg("n", "count"), agg("y_max", "max", "y"), agg("y_min", "min", "y"), agg("y_sum", "sum", "y")}}};
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

TEST_CASE("table/aggregate keeps timestamp and bool types in keys and min/max", "[table][aggregate]") {
  Schema s = schema({{"day", "timestamp[ms]"}, {"at", "timestamp[ms]"}, {"ok", "bool"}});
  Batch in = batch(s, {{int64_t{86400000}, int64_t{86400500}, true},
                       {int64_t{0}, int64_t{1000}, false},
                       {int64_t{86400000}, int64_t{86400100}, false},
                       {int64_t{0}, int64_t{2000}, null},
                       {int64_t{0}, null, true}});
  Json config = {{"group_by", {"day"}},
                 {"aggregates",
                  {agg("first", "min", "at"), agg("last", "max", "at"), agg("all_ok", "min", "ok"),
                   agg("any_ok", "max", "ok"), agg("n_at", "count_distinct", "at")}}};
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
