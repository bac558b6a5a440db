// The table/filter stage through the fake host: options, infer, run.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include "filter_stage.hpp"

namespace tf = chorus::table_filter;
using namespace chorus::sdk::testing;
using chorus::TimeUnit;

namespace {

// Runs table/filter with a single condition over one batch; returns the
// kept values of column `show`.
std::string keep1(const Batch& in, const Json& cond, const std::string& show) {
  FakeHost host;
  host.inputs["in"] = {in};
  int rc = host.run<tf::FilterStage>(Json{{"where", Json::array({cond})}});
  INFO(host.last_error());
  REQUIRE(rc == 0);
  return col(host.outputs["out"], show);
}

// The message of a failed infer over `cols`.
std::string infer_error(const Schema& cols, const Json& config) {
  FakeHost host;
  int rc = host.infer<tf::FilterStage>(config, {{"in", {"orders", cols}}});
  REQUIRE(rc != 0);
  return host.last_error();
}

Json where1(Json cond) { return Json{{"where", Json::array({std::move(cond)})}}; }

Schema schema_of_n() { return schema({{"n", "int64"}}); }

}  // namespace

TEST_CASE("table/filter keeps matching rows batch by batch, nulls never match", "[table][filter]") {
  Schema s = schema({{"id", "int64"}, {"region", "utf8"}, {"amount", "float64"}});
  FakeHost host;
  host.inputs["in"] = {
      batch(s, {{int64_t{1}, "north", 12.5},
                {int64_t{2}, "south", 3.0},
                {int64_t{3}, null, 20.0},                                   // region null: != fails
                {int64_t{4}, "east", null}}),                               // amount null: > fails
      batch(s, {}),                                                         // empty batch: nothing emitted
      batch(s, {{int64_t{5}, "south", 100.0}, {int64_t{6}, "west", 1.0}}),  // nothing kept
      batch(s, {{null, "west", 11.0}, {int64_t{8}, "south", 10.5}}),
  };
  Json config = {
      {"where",
       {{{"column", "amount"}, {"op", ">"}, {"value", 10}}, {{"column", "region"}, {"op", "!="}, {"value", "south"}}}}};
  REQUIRE(host.run<tf::FilterStage>(config) == 0);
  const auto& out = host.outputs["out"];
  // One batch per input batch that kept rows: the first and the last.
  REQUIRE(out.size() == 2);
  CHECK(col(out[0], "id") == "1");
  CHECK(col(out[1], "id") == "null");
  CHECK(col(out[1], "region") == "west");
  CHECK(col(out[1], "amount") == "11");
  CHECK(schema_text(out[0].schema()) == "id:int64,region:utf8,amount:float64");
  CHECK(host.last_progress() == 8);
  CHECK(host.errors.empty());
}

TEST_CASE("table/filter comparison ops on int64", "[table][filter]") {
  Schema s = schema({{"n", "int64"}});
  Batch in = batch(s, {{int64_t{1}}, {int64_t{5}}, {null}, {int64_t{10}}, {int64_t{-3}}});
  auto c = [](const char* op, Json v) { return Json{{"column", "n"}, {"op", op}, {"value", v}}; };
  CHECK(keep1(in, c("==", 5), "n") == "5");
  CHECK(keep1(in, c("!=", 5), "n") == "1|10|-3");  // null != 5 is not true
  CHECK(keep1(in, c("<", 5), "n") == "1|-3");
  CHECK(keep1(in, c("<=", 5), "n") == "1|5|-3");
  CHECK(keep1(in, c(">", 5), "n") == "10");
  CHECK(keep1(in, c(">=", 5), "n") == "5|10");
  CHECK(keep1(in, c("in", {1, 10, 99}), "n") == "1|10");
  CHECK(keep1(in, c("not_in", {1, 10}), "n") == "5|-3");  // null not_in is not true
  CHECK(keep1(in, c("in", Json::array()), "n") == "");
  CHECK(keep1(in, {{"column", "n"}, {"op", "is_null"}}, "n") == "null");
  CHECK(keep1(in, {{"column", "n"}, {"op", "not_null"}}, "n") == "1|5|10|-3");
}

TEST_CASE("table/filter on float64 accepts integer and real values", "[table][filter]") {
  Schema s = schema({{"x", "float64"}});
  Batch in = batch(s, {{0.5}, {2.0}, {null}, {-1.25}});
  auto c = [](const char* op, Json v) { return Json{{"column", "x"}, {"op", op}, {"value", v}}; };
  CHECK(keep1(in, c(">", 0), "x") == "0.5|2");
  CHECK(keep1(in, c("==", 2), "x") == "2");
  CHECK(keep1(in, c("<", -1.0), "x") == "-1.25");
  CHECK(keep1(in, c("in", {2, -1.25}), "x") == "2|-1.25");
  CHECK(keep1(in, c("not_in", {2}), "x") == "0.5|-1.25");
}

TEST_CASE("table/filter on utf8 and bool", "[table][filter]") {
  Schema s = schema({{"name", "utf8"}, {"ok", "bool"}});
  Batch in = batch(s, {{"banana", true}, {"Apple", false}, {null, true}, {"cherry", null}, {"", false}});
  auto c = [](const char* col, const char* op, Json v) { return Json{{"column", col}, {"op", op}, {"value", v}}; };
  CHECK(keep1(in, c("name", "==", "banana"), "name") == "banana");
  // Byte order: uppercase before lowercase, "" first.
  CHECK(keep1(in, c("name", "<", "b"), "name") == "Apple|");
  CHECK(keep1(in, c("name", ">=", "banana"), "name") == "banana|cherry");
  CHECK(keep1(in, c("name", "contains", "an"), "name") == "banana");
  CHECK(keep1(in, c("name", "contains", ""), "name") == "banana|Apple|cherry|");
  CHECK(keep1(in, c("name", "in", {"cherry", "Apple", "kiwi"}), "name") == "Apple|cherry");
  CHECK(keep1(in, c("name", "not_in", {"cherry", "Apple"}), "name") == "banana|");
  CHECK(keep1(in, c("ok", "==", true), "name") == "banana|null");
  CHECK(keep1(in, c("ok", "!=", true), "name") == "Apple|");
  CHECK(keep1(in, c("ok", "in", {false}), "name") == "Apple|");
}

TEST_CASE("table/filter contains on list<utf8> matches whole elements", "[table][filter]") {
  Schema s = schema({{"id", "int64"}, {"tags", "list<utf8>"}});
  Batch in = batch(s, {{int64_t{1}, StrList{"a", "b"}},
                       {int64_t{2}, StrList{}},
                       {int64_t{3}, null},
                       {int64_t{4}, StrList{"ab"}},
                       {int64_t{5}, StrList{"b", "a"}}});
  CHECK(keep1(in, {{"column", "tags"}, {"op", "contains"}, {"value", "a"}}, "id") == "1|5");
  CHECK(keep1(in, {{"column", "tags"}, {"op", "contains"}, {"value", "ab"}}, "id") == "4");
  CHECK(keep1(in, {{"column", "tags"}, {"op", "is_null"}}, "id") == "3");
  // The list values survive the round trip through the output port.
  CHECK(keep1(in, {{"column", "tags"}, {"op", "contains"}, {"value", "b"}}, "tags") == "[a,b]|[b,a]");
}

TEST_CASE("table/filter on timestamps parses ISO 8601 to the column unit", "[table][filter]") {
  // 2024-01-01T00:00:00Z is 1704067200 s since the epoch.
  Schema s = schema({{"t", "timestamp[ms]"}});
  Batch in = batch(s, {{int64_t{1704067199999}}, {int64_t{1704067200000}}, {null}, {int64_t{1704067200001}}});
  auto c = [](const char* op, Json v) { return Json{{"column", "t"}, {"op", op}, {"value", v}}; };
  CHECK(keep1(in, c(">=", "2024-01-01T00:00:00Z"), "t") == "1704067200000|1704067200001");
  CHECK(keep1(in, c("<", "2024-01-01"), "t") == "1704067199999");
  CHECK(keep1(in, c("==", "2024-01-01T01:00:00+01:00"), "t") == "1704067200000");
  CHECK(keep1(in, c("==", "2024-01-01T00:00:00.001Z"), "t") == "1704067200001");
  CHECK(keep1(in, c("==", 1704067199999), "t") == "1704067199999");
  CHECK(keep1(in, c("in", {"2023-12-31T23:59:59.999Z", 1704067200001}), "t") == "1704067199999|1704067200001");
}

TEST_CASE("table/filter timestamp values are exact and explained", "[table][filter]") {
  // The parser itself is the SDK's (tests/unit/test_sdk_time.cpp); the filter
  // asks it to refuse a fraction the column cannot hold instead of truncating.
  Schema cols = schema({{"at", "timestamp[s]"}, {"ms", "timestamp[ms]"}});
  CHECK(infer_error(cols, where1({{"column", "at"}, {"op", "=="}, {"value", "2024-01-01T00:00:00.5Z"}})) ==
        "with.where[0].value: \"2024-01-01T00:00:00.5Z\" has a fraction of a second finer than the "
        "column unit (column 'at' is timestamp[s])");
  CHECK(infer_error(cols, where1({{"column", "ms"}, {"op", "in"}, {"value", {"2023-02-29"}}})) ==
        "with.where[0].value[0]: \"2023-02-29\" has day 29 out of 1..28 (column 'ms' is "
        "timestamp[ms])");
  CHECK(infer_error(cols, where1({{"column", "at"}, {"op", "<"}, {"value", "1704067200"}})) ==
        "with.where[0].value: \"1704067200\" is not an ISO 8601 timestamp (expected e.g. "
        "2024-01-31 or 2024-01-31T12:00:00Z) (column 'at' is timestamp[s])");
}

TEST_CASE("table/filter infer keeps the input type and explains bad conditions", "[table][filter]") {
  Schema cols = schema({{"amount", "int64"},
                        {"price", "float64"},
                        {"region", "utf8"},
                        {"tags", "list<utf8>"},
                        {"at", "timestamp[s]"},
                        {"paid", "bool"}});
  SECTION("valid config: same columns, same dataset type") {
    FakeHost host;
    Json config = {{"where",
                    {{{"column", "amount"}, {"op", ">="}, {"value", 3}},
                     {{"column", "at"}, {"op", "<"}, {"value", "2024-01-01T00:00:00Z"}},
                     {{"column", "tags"}, {"op", "contains"}, {"value", "x"}}}}};
    REQUIRE(host.infer<tf::FilterStage>(config, {{"in", {"orders", cols}}}) == 0);
    auto out = host.output_types();
    REQUIRE(out.count("out") == 1);
    CHECK(out["out"].name == "orders");
    CHECK(out["out"].columns == cols);
  }
  SECTION("unknown column, with a suggestion") {
    Json config = {
        {"where",
         {{{"column", "amount"}, {"op", ">"}, {"value", 1}}, {{"column", "amout"}, {"op", ">"}, {"value", 1}}}}};
    CHECK(infer_error(cols, config) == "with.where[1].column: no column 'amout' in input (did you mean 'amount'?)");
    CHECK(infer_error(cols, where1({{"column", "zzzzzzzzzz"}, {"op", "is_null"}})) ==
          "with.where[0].column: no column 'zzzzzzzzzz' in input (columns: amount, price, region, "
          "tags, at, paid)");
  }
  SECTION("value of the wrong type") {
    CHECK(infer_error(cols, where1({{"column", "amount"}, {"op", "=="}, {"value", "5"}})) ==
          "with.where[0].value: column 'amount' is int64, so the value must be an integer, got \"5\"");
    CHECK(infer_error(cols, where1({{"column", "amount"}, {"op", "<"}, {"value", 2.5}})) ==
          "with.where[0].value: column 'amount' is int64, so the value must be an integer, got 2.5");
    CHECK(infer_error(cols, where1({{"column", "price"}, {"op", "<"}, {"value", true}})) ==
          "with.where[0].value: column 'price' is float64, so the value must be a number, got true");
    CHECK(infer_error(cols, where1({{"column", "region"}, {"op", "=="}, {"value", 7}})) ==
          "with.where[0].value: column 'region' is utf8, so the value must be a string, got 7");
    CHECK(infer_error(cols, where1({{"column", "paid"}, {"op", "=="}, {"value", "yes"}})) ==
          "with.where[0].value: column 'paid' is bool, so the value must be a boolean, got \"yes\"");
    CHECK(infer_error(cols, where1({{"column", "amount"}, {"op", "in"}, {"value", {1, "2"}}})) ==
          "with.where[0].value[1]: column 'amount' is int64, so the value must be an integer, got "
          "\"2\"");
    CHECK(infer_error(cols, where1({{"column", "at"}, {"op", ">"}, {"value", "yesterday"}})) ==
          "with.where[0].value: \"yesterday\" is not an ISO 8601 timestamp (expected e.g. "
          "2024-01-31 or 2024-01-31T12:00:00Z) (column 'at' is timestamp[s])");
  }
  SECTION("op not defined for the column type") {
    CHECK(infer_error(cols, where1({{"column", "amount"}, {"op", "contains"}, {"value", "1"}})) ==
          "with.where[0].op: 'contains' needs a utf8 or list<utf8> column, 'amount' is int64");
    CHECK(infer_error(cols, where1({{"column", "tags"}, {"op", "=="}, {"value", "x"}})) ==
          "with.where[0].op: '==' is not defined for list<utf8> column 'tags' (use contains, "
          "is_null or not_null)");
  }
  SECTION("malformed conditions") {
    CHECK(infer_error(cols, where1({{"column", "amount"}, {"op", "eq"}, {"value", 1}})) ==
          "with.where[0].op: unknown op 'eq' (expected one of ==, !=, <, <=, >, >=, in, not_in, "
          "is_null, not_null, contains)");
    CHECK(infer_error(cols, where1({{"column", "amount"}, {"op", ">"}})) ==
          "with.where[0].value: op '>' needs a value");
    CHECK(infer_error(cols, where1({{"column", "amount"}, {"op", "is_null"}, {"value", 1}})) ==
          "with.where[0].value: op 'is_null' takes no value");
    CHECK(infer_error(cols, where1({{"column", "amount"}, {"op", "in"}, {"value", 1}})) ==
          "with.where[0].value: op 'in' needs an array of values, got 1");
    CHECK(infer_error(cols, where1({{"column", "amount"}, {"op", "=="}, {"value", nullptr}})) ==
          "with.where[0].value: null never compares equal; use op is_null or not_null");
    CHECK(infer_error(cols, where1({{"column", "amount"}, {"op", "=="}, {"value", 1}, {"x", 1}})) ==
          "with.where[0]: unknown key 'x' (expected column, op, value)");
    CHECK(infer_error(cols, Json{{"wher", Json::array()}}) == "with: unknown option 'wher' (did you mean 'where'?)");
    CHECK(infer_error(cols, Json{{"where", Json::array()}}) ==
          "with.where: expected a non-empty array of {column, op, value}");
  }
}

TEST_CASE("table/filter run reports errors and honours cancellation", "[table][filter]") {
  Schema s = schema({{"n", "int64"}});
  SECTION("a missing column fails the run with the infer message") {
    FakeHost host;
    host.inputs["in"] = {batch(s, {{int64_t{1}}})};
    CHECK(host.run<tf::FilterStage>(where1({{"column", "m"}, {"op", "is_null"}})) != 0);
    // One letter off a one-letter name is no suggestion (the host's rule): the columns are listed.
    CHECK(host.last_error() == "with.where[0].column: no column 'm' in input (columns: n)");
    CHECK(host.outputs["out"].empty());
  }
  SECTION("cancelled after the first batch: later batches are not read") {
    FakeHost host;
    host.inputs["in"] = {batch(s, {{int64_t{1}}, {int64_t{2}}}), batch(s, {{int64_t{3}}})};
    host.cancel_after_reads = 1;
    CHECK(host.run<tf::FilterStage>(where1({{"column", "n"}, {"op", "not_null"}})) == 0);
    CHECK(col(host.outputs["out"], "n") == "1|2");
    CHECK(host.reads == 1);
  }
  SECTION("a refused batch fails the run") {
    FakeHost host;
    host.inputs["in"] = {batch(s, {{int64_t{1}}})};
    host.refuse_emit = true;
    CHECK(host.run<tf::FilterStage>(where1({{"column", "n"}, {"op", "not_null"}})) != 0);
    CHECK(host.last_error() == "output port 'out' refused the batch");
  }
}

TEST_CASE("table/filter runs with the option table's declarations", "[table][filter]") {
  // `where` is the one option: required, no default.
  const Json schema = tf::FilterStage::options().schema();
  CHECK(schema["required"] == Json::array({"where"}));
  CHECK_FALSE(schema["properties"]["where"].contains("default"));
  CHECK(schema["additionalProperties"] == false);
  FakeHost host;
  Schema s = schema_of_n();
  host.inputs["in"] = {batch(s, {{int64_t{1}}, {null}})};
  REQUIRE(host.run<tf::FilterStage>(Json::object()) != 0);
  REQUIRE(host.errors.size() == 1);
  CHECK(host.errors[0] ==
        "with.where: is required (Conditions a row must all satisfy to be kept (logical AND). Any comparison "
        "with a null cell is false, except is_null.)");
  // Only the required key: the stage runs.
  REQUIRE(host.run<tf::FilterStage>(where1({{"column", "n"}, {"op", "is_null"}})) == 0);
  CHECK(col(host.outputs["out"], "n") == "null");
}

TEST_CASE("table/filter: a bad option gives one error naming its key", "[table][filter]") {
  FakeHost host;
  host.inputs["in"] = {batch(schema_of_n(), {{int64_t{1}}})};
  SECTION("where is not a list") {
    REQUIRE(host.run<tf::FilterStage>(Json{{"where", "n > 1"}}) != 0);
    REQUIRE(host.errors.size() == 1);
    CHECK(host.errors[0] == "with.where: expected a non-empty array of {column, op, value}");
  }
  SECTION("an op outside the enum") {
    REQUIRE(host.run<tf::FilterStage>(where1({{"column", "n"}, {"op", "=>"}, {"value", 1}})) != 0);
    REQUIRE(host.errors.size() == 1);
    CHECK(host.errors[0] ==
          "with.where[0].op: unknown op '=>' (expected one of ==, !=, <, <=, >, >=, in, not_in, is_null, "
          "not_null, contains)");
  }
  CHECK(host.outputs["out"].empty());
}
