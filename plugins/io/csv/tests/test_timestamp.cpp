// Timestamp parsing and formatting (plugins/io/common/timestamp.hpp).
// Expected epochs were checked with `date -u -d ... +%s`.
#include <catch2/catch.hpp>

#include "io/common/timestamp.hpp"

using chorus::TimeUnit;
using namespace chorus::io;

namespace {
int64_t ts(const char* s, TimeUnit u) {
  int64_t v = 0;
  if (!parse_timestamp(s, u, v)) FAIL("cannot parse " << s);
  return v;
}
bool bad(const char* s, TimeUnit u = TimeUnit::Micro) {
  int64_t v = 0;
  return !parse_timestamp(s, u, v);
}
}  // namespace

TEST_CASE("timestamps: ISO 8601 / RFC 3339 to epoch units", "[io.csv][timestamp]") {
  CHECK(ts("2021-03-04T05:06:07.5+01:00", TimeUnit::Micro) == 1614830767500000);
  CHECK(ts("2021-03-04T05:06:07Z", TimeUnit::Second) == 1614834367);
  CHECK(ts("2021-03-04 05:06:07", TimeUnit::Second) == 1614834367);  // no zone: UTC
  CHECK(ts("2021-03-04t05:06:07z", TimeUnit::Second) == 1614834367);
  CHECK(ts("2021-03-04T05:06:07-05:30", TimeUnit::Second) == 1614854167);
  CHECK(ts("2021-03-04T05:06:07+0100", TimeUnit::Second) == 1614830767);
  CHECK(ts("2021-03-04T05:06Z", TimeUnit::Second) == 1614834360);
  CHECK(ts("2021-03-04", TimeUnit::Second) == 1614816000);
  CHECK(ts("2021-03-04", TimeUnit::Micro) == 1614816000000000);
  CHECK(ts("2020-02-29", TimeUnit::Second) == 1582934400);
  CHECK(ts("2000-02-29T12:00:00Z", TimeUnit::Second) == 951825600);
  CHECK(ts("1900-01-01T00:00:00Z", TimeUnit::Second) == -2208988800);
  CHECK(ts("1969-12-31T23:59:59.5Z", TimeUnit::Milli) == -500);
  CHECK(ts("2021-05-18T19:24:56.123456789Z", TimeUnit::Nano) == 1621365896123456789);
  CHECK(ts("2021-05-18T19:24:56.1239Z", TimeUnit::Milli) == 1621365896123);  // truncated
  CHECK(ts("2021-05-18T19:24:56.000Z", TimeUnit::Second) == 1621365896);
  // A plain integer is an epoch count in the column's unit.
  CHECK(ts("1614830767", TimeUnit::Second) == 1614830767);
  CHECK(ts("1614830767", TimeUnit::Milli) == 1614830767);
  CHECK(ts("-5", TimeUnit::Micro) == -5);
}

TEST_CASE("timestamps: invalid texts are refused", "[io.csv][timestamp]") {
  CHECK(bad(""));
  CHECK(bad("abc"));
  CHECK(bad("2021-02-29"));  // 2021 is not a leap year
  CHECK(bad("2021-13-01"));
  CHECK(bad("2021-04-31"));
  CHECK(bad("2021-3-4"));
  CHECK(bad("2021-03-04T"));
  CHECK(bad("2021-03-04T24:00:00Z"));
  CHECK(bad("2021-03-04T05:60:00Z"));
  CHECK(bad("2021-03-04T05:06:07+01:00x"));
  CHECK(bad("2021-03-04T05:06:07."));
  CHECK(bad("2021-03-04X05:06:07"));
  CHECK(bad("2500-01-01T00:00:00Z", TimeUnit::Nano));  // beyond int64 nanoseconds
  CHECK(bad("99999999999999999999", TimeUnit::Second));
}

TEST_CASE("timestamps: formatting as ISO 8601 UTC", "[io.csv][timestamp]") {
  CHECK(format_timestamp(1614830767500000, TimeUnit::Micro) == "2021-03-04T04:06:07.500000Z");
  CHECK(format_timestamp(1614816000, TimeUnit::Second) == "2021-03-04T00:00:00Z");
  CHECK(format_timestamp(1614816000000, TimeUnit::Milli) == "2021-03-04T00:00:00Z");
  CHECK(format_timestamp(-500, TimeUnit::Milli) == "1969-12-31T23:59:59.500Z");
  CHECK(format_timestamp(-1, TimeUnit::Second) == "1969-12-31T23:59:59Z");
  CHECK(format_timestamp(1621365896123456789, TimeUnit::Nano) == "2021-05-18T19:24:56.123456789Z");
  CHECK(format_timestamp(-2208988800, TimeUnit::Second) == "1900-01-01T00:00:00Z");
}

TEST_CASE("timestamps: civil date conversions agree both ways", "[timestamp]") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(2021, 3, 4) == 18690);  // 1614816000 / 86400
  CHECK(days_from_civil(1969, 12, 31) == -1);
  for (int64_t d = -800000; d <= 800000; d += 997) {
    CivilDate c = civil_from_days(d);
    REQUIRE(days_from_civil(c.year, c.month, c.day) == d);
    REQUIRE(c.day <= days_in_month(c.year, c.month));
  }
  // Formatting then parsing gives the value back, in every unit.
  for (TimeUnit u : {TimeUnit::Second, TimeUnit::Milli, TimeUnit::Micro, TimeUnit::Nano}) {
    for (int64_t v : {int64_t(0), int64_t(-1), int64_t(1614830767), int64_t(-987654321)}) {
      int64_t back = 0;
      REQUIRE(parse_timestamp(format_timestamp(v, u), u, back));
      CHECK(back == v);
    }
  }
}
