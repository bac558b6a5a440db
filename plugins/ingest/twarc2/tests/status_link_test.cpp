// ingest/twarc2: which tweet a twitter.com / x.com link points at.
#include <catch2/catch.hpp>

#include "status_link.hpp"

using chorus::ingest_twarc2::parse_status_link;

TEST_CASE("twarc2: status links", "[ingest.twarc2]") {
  auto a = parse_status_link("https://twitter.com/alice/status/100/photo/1");
  CHECK(a.is_status);
  CHECK(a.id == "100");
  CHECK(a.media);
  auto b = parse_status_link("http://mobile.twitter.com/i/web/status/42?s=20");
  CHECK(b.is_status);
  CHECK(b.id == "42");
  CHECK_FALSE(b.media);
  CHECK(parse_status_link("https://X.com/u/status/7").is_status);
  CHECK_FALSE(parse_status_link("https://twitter.com/alice").is_status);
  CHECK_FALSE(parse_status_link("https://example.com/u/status/7").is_status);
  CHECK_FALSE(parse_status_link("https://twitter.com/u/status/abc").is_status);
  CHECK(parse_status_link("https://www.twitter.com:443/u/statuses/8#x").id == "8");
}
