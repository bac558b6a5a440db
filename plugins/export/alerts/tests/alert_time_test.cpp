#include <catch2/catch.hpp>

#include "alert_time.hpp"

using namespace chorus::export_alerts;

TEST_CASE("alert time: milliseconds as YYYY-MM-DDTHH:MM:SS.mmmZ") {
  CHECK(format_ms(0) == "1970-01-01T00:00:00.000Z");
  CHECK(format_ms(1709382600250) == "2024-03-02T12:30:00.250Z");  // Python datetime
  CHECK(format_ms(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(format_ms(951782400000) == "2000-02-29T00:00:00.000Z");
}

TEST_CASE("alert time: other units floor to milliseconds") {
  CHECK(to_ms(2, chorus::TimeUnit::Second) == 2000);
  CHECK(to_ms(1999999, chorus::TimeUnit::Micro) == 1999);
  CHECK(to_ms(-1, chorus::TimeUnit::Micro) == -1);
  CHECK(to_ms(1500000, chorus::TimeUnit::Nano) == 1);
}

TEST_CASE("alert time: option text") {
  CHECK(parse_option_time("timestamp", "2024-03-02T12:30:00.250Z") == 1709382600250);
  CHECK_THROWS_WITH(parse_option_time("timestamp", "1709382600"),
                    "with.timestamp: '1709382600' is not an ISO 8601 timestamp (expected e.g. 2024-01-31 or "
                    "2024-01-31T12:00:00Z)");
}
