// Value rules of ingest/table: epoch and ISO times, counts, booleans.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "table_values.hpp"

TEST_CASE("ingest/table: epoch and decimal times", "[ingest.table]") {
  using chorus::ingest_table::parse_epoch_millis;
  using chorus::ingest_table::parse_epoch_seconds;
  int64_t ms = 0;
  bool frac = false;
  REQUIRE(parse_epoch_seconds("1623881091", ms, frac));
  CHECK(ms == 1623881091000);
  CHECK_FALSE(frac);
  REQUIRE(parse_epoch_seconds("1606451170.518101", ms, frac));
  CHECK(ms == 1606451170518);
  CHECK(frac);
  REQUIRE(parse_epoch_seconds("59.0", ms, frac));
  CHECK(ms == 59000);
  CHECK_FALSE(frac);
  REQUIRE(parse_epoch_seconds("-1.5009", ms, frac));
  CHECK(ms == -1501);  // toward the past
  REQUIRE(parse_epoch_seconds("1.6e9", ms, frac));
  CHECK(ms == 1600000000000);
  CHECK_FALSE(parse_epoch_seconds("12:00", ms, frac));
  CHECK_FALSE(parse_epoch_seconds("", ms, frac));
  CHECK_FALSE(parse_epoch_seconds(".", ms, frac));
  REQUIRE(parse_epoch_millis("1614830767123", ms));
  CHECK(ms == 1614830767123);
  REQUIRE(parse_epoch_millis("1614830767123.9", ms));
  CHECK(ms == 1614830767123);
  // Before the epoch a fraction floors toward the past.
  REQUIRE(parse_epoch_millis("-1.5", ms));
  CHECK(ms == -2);
  REQUIRE(parse_epoch_millis("-2", ms));
  CHECK(ms == -2);
  // Fuzz regression: the most negative value used to negate INT64_MIN (UB).
  REQUIRE(parse_epoch_millis("-9223372036854775.8071", ms));
  CHECK(ms == -9223372036854776);
}

TEST_CASE("ingest/table: counts, booleans and ISO precision", "[ingest.table]") {
  using namespace chorus::ingest_table;
  int64_t n = 0;
  CHECK((parse_count("12", n) && n == 12));
  CHECK((parse_count("3.0", n) && n == 3));
  CHECK((parse_count("-4", n) && n == -4));
  CHECK_FALSE(parse_count("2.5", n));
  CHECK_FALSE(parse_count("many", n));
  CHECK_FALSE(parse_count("", n));
  CHECK_FALSE(parse_count("nan", n));
  bool b = false;
  CHECK((parse_bool_text("True", b) && b));
  CHECK((parse_bool_text("0", b) && !b));
  CHECK_FALSE(parse_bool_text("yes", b));
  CHECK(std::string(iso_precision("2021-03-04")) == "day");
  CHECK(std::string(iso_precision("2021-03-04 05:06")) == "minute");
  CHECK(std::string(iso_precision("2021-03-04T05:06:07Z")) == "second");
  CHECK(std::string(iso_precision("2021-03-04T05:06:07.250+01:00")) == "millisecond");
}
