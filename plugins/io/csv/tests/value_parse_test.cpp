// Unit tests of the CSV value parsers (no host needed).
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "value_parse.hpp"

using namespace chorus::io_csv;

TEST_CASE("csv values: int64 is strict", "[io.csv]") {
  int64_t v = 0;
  CHECK((parse_int64("42", v) && v == 42));
  CHECK((parse_int64("-7", v) && v == -7));
  CHECK((parse_int64("9223372036854775807", v) && v == INT64_MAX));
  CHECK_FALSE(parse_int64("9223372036854775808", v));
  CHECK_FALSE(parse_int64("1.0", v));
  CHECK_FALSE(parse_int64(" 1", v));
  CHECK_FALSE(parse_int64("+1", v));
  CHECK_FALSE(parse_int64("12a", v));
  CHECK_FALSE(parse_int64("", v));
}

TEST_CASE("csv values: float64 and bool", "[io.csv]") {
  double d = 0;
  CHECK((parse_float64("1.5", d) && d == 1.5));
  CHECK((parse_float64("-2e3", d) && d == -2000.0));
  CHECK((parse_float64(".5", d) && d == 0.5));
  CHECK((parse_float64("7", d) && d == 7.0));
  CHECK_FALSE(parse_float64("nan", d));
  CHECK_FALSE(parse_float64("inf", d));
  CHECK_FALSE(parse_float64("-inf", d));
  CHECK_FALSE(parse_float64("1e400", d));
  CHECK_FALSE(parse_float64("1,5", d));
  CHECK_FALSE(parse_float64("", d));

  bool b = false;
  for (const char* t : {"true", "True", "TRUE", "1"}) CHECK((parse_bool(t, b) && b));
  for (const char* f : {"false", "False", "FALSE", "0"}) CHECK((parse_bool(f, b) && !b));
  CHECK_FALSE(parse_bool("yes", b));
  CHECK_FALSE(parse_bool("T", b));
  CHECK_FALSE(parse_bool("", b));
}

TEST_CASE("csv values: list<utf8> as JSON array or '|'-separated", "[io.csv]") {
  std::vector<std::string> items;
  size_t n = 0;
  REQUIRE(parse_list("[\"a\", \"b\"]", items, n));
  CHECK(n == 2);
  CHECK(items[0] == "a");
  CHECK(items[1] == "b");
  REQUIRE(parse_list("[\"x\\\"y\",\"\\u00e9\\n\"]", items, n));
  CHECK(n == 2);
  CHECK(items[0] == "x\"y");
  CHECK(items[1] == "\xC3\xA9\n");
  REQUIRE(parse_list("[\"\\ud83d\\ude00\"]", items, n));  // surrogate pair -> U+1F600
  CHECK(n == 1);
  CHECK(items[0] == "\xF0\x9F\x98\x80");
  REQUIRE(parse_list("[]", items, n));
  CHECK(n == 0);
  REQUIRE(parse_list("a|b||c", items, n));
  CHECK(n == 4);
  CHECK(items[0] == "a");
  CHECK(items[2] == "");
  CHECK(items[3] == "c");
  REQUIRE(parse_list("solo", items, n));
  CHECK(n == 1);
  CHECK(items[0] == "solo");
  CHECK_FALSE(parse_list("[1]", items, n));
  CHECK_FALSE(parse_list("[\"a\"", items, n));
  CHECK_FALSE(parse_list("[\"a\"] x", items, n));
  CHECK_FALSE(parse_list("[\"a\",]", items, n));

  std::string out;
  append_json_string(out, "a\"b\\c\nd\x01");
  CHECK(out == "\"a\\\"b\\\\c\\nd\\u0001\"");
}
