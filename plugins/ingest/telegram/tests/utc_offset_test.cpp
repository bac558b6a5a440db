// ingest/telegram: the fixed offsets assume_timezone accepts.
#include <catch2/catch.hpp>

#include "utc_offset.hpp"

using chorus::ingest_telegram::parse_offset;

TEST_CASE("ingest/telegram: UTC offsets", "[ingest-telegram]") {
  CHECK(parse_offset("UTC") == 0);
  CHECK(parse_offset("Z") == 0);
  CHECK(parse_offset("-05:30") == -19800);
  CHECK(parse_offset("+0300") == 10800);
  CHECK(parse_offset("+03") == 10800);
  CHECK_FALSE(parse_offset("Europe/Moscow"));
  CHECK_FALSE(parse_offset("+24:00"));
  CHECK_FALSE(parse_offset("+03:6"));
  CHECK_FALSE(parse_offset("03:00"));
}
