// The conditions of `with.where` (condition.hpp): what the option's schema
// forbids is refused when parsing, with the key named.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include "condition.hpp"

namespace tf = chorus::table_filter;
using chorus::sdk::Json;

namespace {

std::string parse_error(const Json& cond) {
  try {
    tf::conditions_from_json(Json::array({cond}));
  } catch (const chorus::sdk::ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("table/filter conditions parse every op", "[table][filter]") {
  const auto conds = tf::conditions_from_json(Json::parse(R"([
    {"column": "a", "op": "==", "value": 1}, {"column": "b", "op": "in", "value": [1, "x", true]},
    {"column": "c", "op": "is_null"}, {"column": "d", "op": "contains", "value": "x"}])"));
  REQUIRE(conds.size() == 4);
  CHECK(conds[0].path == "with.where[0]");
  CHECK(conds[0].op == tf::Op::Eq);
  CHECK(*conds[0].value == 1);
  CHECK(conds[1].op == tf::Op::In);
  CHECK(conds[2].op == tf::Op::IsNull);
  CHECK_FALSE(conds[2].value.has_value());
  CHECK(conds[3].column == "d");
  for (const auto& [name, op] : tf::kOps) CHECK(tf::op_name(op) == std::string(name));
}

TEST_CASE("table/filter conditions refuse values the schema forbids", "[table][filter]") {
  CHECK(parse_error({{"column", "a"}, {"op", "=="}, {"value", {{"x", 1}}}}) ==
        "with.where[0].value: expected a string, number or boolean, got {\"x\":1}");
  CHECK(parse_error({{"column", "a"}, {"op", "contains"}, {"value", 1}}) ==
        "with.where[0].value: op 'contains' needs a string, got 1");
  CHECK(parse_error({{"column", "a"}, {"op", "in"}, {"value", {1, nullptr}}}) ==
        "with.where[0].value[1]: null never compares equal; use op is_null or not_null");
  CHECK(parse_error({{"column", "a"}, {"op", "not_in"}, {"value", {Json::array({1})}}}) ==
        "with.where[0].value[0]: expected a string, number or boolean, got [1]");
  CHECK(parse_error({{"column", ""}, {"op", "is_null"}}) == "with.where[0].column: expected a column name");
  CHECK(parse_error({{"column", "a"}}) ==
        "with.where[0].op: expected one of ==, !=, <, <=, >, >=, in, not_in, is_null, not_null, contains");
  CHECK(parse_error(Json("a > 1")) == "with.where[0]: expected an object {column, op, value}");
}
