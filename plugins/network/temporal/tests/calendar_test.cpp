// UTC months and years of instants around their edges.
#include <catch2/catch.hpp>

#include <chorus/sdk/time.hpp>

#include "calendar.hpp"

using namespace chorus::network_temporal;

namespace {

int64_t ms(const char* iso) {
  int64_t v = 0;
  REQUIRE(chorus::time::parse_timestamp(iso, chorus::TimeUnit::Milli, v));
  return v;
}

}  // namespace

TEST_CASE("network/temporal: UTC months and years of instants around their edges", "[network.temporal]") {
  CHECK(month_label(month_index_of_millis(ms("2019-12-31T23:59:59.999Z"))) == "2019-12");
  CHECK(month_label(month_index_of_millis(ms("2020-01-01T00:00:00Z"))) == "2020-01");
  CHECK(month_label(month_index_of_millis(ms("2020-02-29T12:00:00Z"))) == "2020-02");
  CHECK(month_label(month_index_of_millis(ms("1969-12-31T23:59:59.999Z"))) == "1969-12");
  CHECK(month_label(month_index_of_millis(ms("2011-03-01T00:00:00+01:00"))) == "2011-02");  // 23:00 UTC
  CHECK(year_of_millis(ms("2021-01-01T00:00:00Z")) == 2021);
  CHECK(year_of_millis(ms("2020-12-31T23:59:59.999Z")) == 2020);
  CHECK(month_index_of_millis(ms("2021-01-05")) - month_index_of_millis(ms("2019-12-20")) == 13);
  CHECK(millis_of(-1, chorus::TimeUnit::Micro) == -1);  // floor, not toward zero
}
