// Field rules of the TMRC ingester: lists, counts, booleans, times, hashed ids.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tmrc_values.hpp"

namespace tv = chorus::ingest_tmrc;
using chorus::TimeUnit;

namespace {
std::vector<std::string> items(const std::string& cell) {
  std::vector<std::string> out;
  std::string err;
  REQUIRE(tv::parse_list(cell, out, err));
  return out;
}
std::string list_error(const std::string& cell) {
  std::vector<std::string> out;
  std::string err;
  CHECK_FALSE(tv::parse_list(cell, out, err));
  return err;
}
using V = std::vector<std::string>;
}  // namespace

TEST_CASE("tmrc lists: Oct-2018 bare elements", "[ingest.tmrc]") {
  CHECK(items("[MAGA, tcot]") == V{"MAGA", "tcot"});
  CHECK(items("[2572896396]") == V{"2572896396"});
  CHECK(items("[http://bit.ly/x, https://t.co/abc?y=1]") == V{"http://bit.ly/x", "https://t.co/abc?y=1"});
  CHECK(items("[]").empty());
  CHECK(items("").empty());
  CHECK(items("  [ ]  ").empty());
  // An apostrophe inside a bare element is text, not a quote.
  CHECK(items("[don't, stop]") == V{"don't", "stop"});
}

TEST_CASE("tmrc lists: Python repr (2019+)", "[ingest.tmrc]") {
  CHECK(items("['Xinjiang', 'Travel']") == V{"Xinjiang", "Travel"});
  CHECK(items("['123456789']") == V{"123456789"});
  // A comma inside quotes does not split; "..." for a value with an apostrophe.
  CHECK(items("['a, b', \"it's\", 'c']") == V{"a, b", "it's", "c"});
  // \' and \\ inside single quotes are undone.
  CHECK(items("['it\\'s', 'back\\\\slash']") == V{"it's", "back\\slash"});
  // Unicode passes through untouched.
  CHECK(items("['新疆', 'Ürümqi']") == V{"新疆", "Ürümqi"});
  // Empty elements and a trailing comma are skipped.
  CHECK(items("['a', , 'b',]") == V{"a", "b"});
  CHECK(items("['']").empty());
  // No brackets (a cleaned copy): split all the same.
  CHECK(items("a, b") == V{"a", "b"});
}

TEST_CASE("tmrc lists: malformed cells are errors, never guesses", "[ingest.tmrc]") {
  CHECK(list_error("['unterminated") == "unbalanced [ ] around list");
  CHECK(list_error("['a', 'b]") == "unterminated quote in list");
  CHECK(list_error("['a' x, 'b']") == "text after a quoted list element");
  CHECK(list_error("a, b]") == "unbalanced [ ] around list");
}

TEST_CASE("tmrc counts: integers and integral floats", "[ingest.tmrc]") {
  int64_t v = -1;
  CHECK(tv::parse_count("12", v) == tv::CountResult::Value);
  CHECK(v == 12);
  CHECK(tv::parse_count("12.0", v) == tv::CountResult::Value);
  CHECK(v == 12);
  CHECK(tv::parse_count("0.00", v) == tv::CountResult::Value);
  CHECK(v == 0);
  CHECK(tv::parse_count("7.", v) == tv::CountResult::Value);
  CHECK(v == 7);
  CHECK(tv::parse_count("9223372036854775807", v) == tv::CountResult::Value);
  CHECK(v == INT64_MAX);
  CHECK(tv::parse_count("", v) == tv::CountResult::Null);
  CHECK(tv::parse_count("12.5", v) == tv::CountResult::Bad);
  CHECK(tv::parse_count("12.05", v) == tv::CountResult::Bad);
  CHECK(tv::parse_count("-1", v) == tv::CountResult::Bad);
  CHECK(tv::parse_count("1e3", v) == tv::CountResult::Bad);
  CHECK(tv::parse_count("nan", v) == tv::CountResult::Bad);
  CHECK(tv::parse_count(".0", v) == tv::CountResult::Bad);
  CHECK(tv::parse_count("9223372036854775808", v) == tv::CountResult::Bad);
}

TEST_CASE("tmrc booleans: the three spellings", "[ingest.tmrc]") {
  for (const char* t : {"true", "True", "TRUE"}) CHECK(tv::parse_bool(t) == tv::BoolResult::True);
  for (const char* f : {"false", "False", "FALSE"}) CHECK(tv::parse_bool(f) == tv::BoolResult::False);
  CHECK(tv::parse_bool("") == tv::BoolResult::Empty);
  for (const char* b : {"1", "0", "yes", "tRUE", "t"}) CHECK(tv::parse_bool(b) == tv::BoolResult::Bad);
}

TEST_CASE("tmrc times: minute, second and day precision, UTC", "[ingest.tmrc]") {
  int64_t t = 0;
  tv::Precision p;
  std::string err;
  REQUIRE(tv::parse_time("2020-04-14 08:31", TimeUnit::Milli, false, t, p, err));
  CHECK(t == 1586853060000);
  CHECK(p == tv::Precision::Minute);
  REQUIRE(tv::parse_time("2020-04-14 09:00:05", TimeUnit::Milli, false, t, p, err));
  CHECK(t == 1586854805000);
  CHECK(p == tv::Precision::Second);
  REQUIRE(tv::parse_time("2019-08-01", TimeUnit::Milli, true, t, p, err));
  CHECK(t == 1564617600000);
  CHECK(p == tv::Precision::Day);
  REQUIRE(tv::parse_time("2014-05-06T07:08:09", TimeUnit::Second, true, t, p, err));
  CHECK(t == 1399360089);
  CHECK(p == tv::Precision::Second);

  CHECK_FALSE(tv::parse_time("2019-08-01", TimeUnit::Milli, false, t, p, err));
  CHECK(err == "is not YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS");
  CHECK_FALSE(tv::parse_time("2020-02-30 10:00", TimeUnit::Milli, false, t, p, err));
  CHECK(err == "has day 30 out of 1..29");
  CHECK_FALSE(tv::parse_time("2020-04-14 24:00", TimeUnit::Milli, false, t, p, err));
  CHECK(err == "has a time of day out of range");
  CHECK_FALSE(tv::parse_time("2020-04-14 08:31+02:00", TimeUnit::Milli, false, t, p, err));
  CHECK_FALSE(tv::parse_time("1586853060", TimeUnit::Milli, false, t, p, err));
  CHECK_FALSE(tv::parse_time("2019/08/01", TimeUnit::Milli, true, t, p, err));
  CHECK(err == "is not YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS]");
}

TEST_CASE("tmrc ids: hashed when not all digits", "[ingest.tmrc]") {
  CHECK_FALSE(tv::is_hashed_id("2572896396"));
  CHECK(tv::is_hashed_id("Vq3kZ0f+Lr2ab9XcQm1pT7yH8uJ6sD4eW5nB0oA2gE="));
  CHECK(tv::is_hashed_id("4d2c8f1a9b0e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817065f4e"));
  // Hex hashes can happen to start with digits; a single letter makes them hashed.
  CHECK(tv::is_hashed_id("12345a"));
}
