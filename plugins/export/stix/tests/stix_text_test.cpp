// The small text pieces of the exporter against values worked out by hand.
#include <catch2/catch.hpp>

#include "stix_text.hpp"

using namespace chorus::export_stix;

TEST_CASE("export/stix: timestamps always carry milliseconds and Z", "[export.stix]") {
  CHECK(stix_timestamp(0) == "1970-01-01T00:00:00.000Z");
  // 1614830767123 ms: 18690 days (2021-03-04) + 4 h 6 min 7.123 s.
  CHECK(stix_timestamp(1614830767123) == "2021-03-04T04:06:07.123Z");
  CHECK(stix_timestamp(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(parse_stix_timestamp("2021-03-04T04:06:07.123Z") == 1614830767123);
  CHECK(parse_stix_timestamp("2021-03-04T04:06:07Z") == 1614830767000);
  CHECK(parse_stix_timestamp("2021-03-04T04:06:07.1239Z") == 1614830767123);
  CHECK(!parse_stix_timestamp("2021-03-04T04:06:07+00:00"));
  CHECK(!parse_stix_timestamp("2021-03-04 04:06:07Z"));
  CHECK(!parse_stix_timestamp("2021-03-04T04:06:07.Z"));
  CHECK(!parse_stix_timestamp("2021-13-04T04:06:07Z"));
}

TEST_CASE("export/stix: hashtag PCRE and STIX pattern literals escape what they must", "[export.stix]") {
  CHECK(hashtag_pcre("ExampleEcho") == "(?i)(^|\\s)#ExampleEcho\\b");
  CHECK(hashtag_pcre("a.b+c") == "(?i)(^|\\s)#a\\.b\\+c\\b");
  CHECK(hashtag_pcre("caf\xc3\xa9_1") == "(?i)(^|\\s)#caf\xc3\xa9_1\\b");
  CHECK(stix_pattern_literal("site.example") == "'site.example'");
  CHECK(stix_pattern_literal("it's a\\b") == "'it\\'s a\\\\b'");
}

TEST_CASE("export/stix: DISARM phases, tiers and confidences", "[export.stix]") {
  CHECK(disarm_phase("TA17") == "maximise-exposure");
  CHECK(disarm_phase("TA15") == "establish-assets");
  CHECK(disarm_phase("TA99").empty());
  REQUIRE(tier_info("rebut"));
  CHECK(std::string(tier_info("rebut")->counters[0].id) == "C00119");
  CHECK(std::string(tier_info("monitor")->counters[0].id) == "C00220");
  CHECK(tier_info("escalate")->counters.size() == 3);
  CHECK(tier_info("panic") == nullptr);
  CHECK(confidence_of(0.875) == 88);
  CHECK(confidence_of(0.874) == 87);
  CHECK(confidence_of(1.2) == 100);
}
