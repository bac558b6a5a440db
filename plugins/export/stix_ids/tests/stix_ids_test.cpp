// The id derivations against values computed outside this code: Python's
// uuid.uuid5 (RFC 4122 test use) and the worked SCO example of the STIX
// research note (stix.md section 7.3), itself checked with the OASIS
// python-stix2 library.
#include <catch2/catch.hpp>

#include <regex>

#include "export/stix_ids/stix_ids.hpp"

using namespace chorus::export_stix_ids;

TEST_CASE("uuid5 equals Python's uuid.uuid5", "[export.stix_ids]") {
  // python3 -c "import uuid; print(uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org'))"
  CHECK(uuid5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org") == "886313e1-3b8a-5372-9b90-0c9aee199e5d");
  CHECK_THROWS_AS(uuid5("not-a-uuid", "x"), std::invalid_argument);
  CHECK_THROWS_AS(uuid5("6ba7b810-9dad-11d1-80b4-00c04fd430c", "x"), std::invalid_argument);
}

TEST_CASE("a user-account SCO id is the spec's UUIDv5 over canonical JSON", "[export.stix_ids]") {
  CHECK(
      canonical_json(
          {{"user_id", "1700000000000000001"}, {"account_type", "twitter"}, {"account_login", "example_patriot_01"}}) ==
      R"({"account_login":"example_patriot_01","account_type":"twitter","user_id":"1700000000000000001"})");
  CHECK(user_account_id("twitter", "1700000000000000001", "example_patriot_01") ==
        "user-account--772d5ed7-03e9-51e0-8763-cee0b69fcc51");
}

TEST_CASE("canonical JSON escapes strings as RFC 8785 says", "[export.stix_ids]") {
  CHECK(canonical_json_string("a\"b\\c") == R"("a\"b\\c")");
  CHECK(canonical_json_string("\n\t\x01") == R"("\n\t\u0001")");
  CHECK(canonical_json_string("é/€") == "\"é/€\"");  // no \u escapes, no escaped solidus
  // RFC 8785 section 3.2.3: keys sort by UTF-16 units, so U+1F600 (D83D ...)
  // comes before U+FB01 (FB01), the reverse of UTF-8 byte order.
  CHECK(canonical_json({{"\xef\xac\x81", "1"}, {"\xf0\x9f\x98\x80", "2"}}) ==
        "{\"\xf0\x9f\x98\x80\":\"2\",\"\xef\xac\x81\":\"1\"}");
}

TEST_CASE("authored ids are version 5, stable, and differ by type and key", "[export.stix_ids]") {
  const std::regex v5("^[a-z-]+--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  for (const auto& id : {cluster_infrastructure_id("C-0123456789ab"), campaign_id("C-0123456789ab"),
                         finding_container_id("C-0123456789ab", false), finding_container_id("C-0123456789ab", true),
                         producer_identity_id("Chorus"), state_actor_id("XB"), tier_course_of_action_id("rebut"),
                         url_id("https://a.example/x"), domain_name_id("a.example")})
    CHECK(std::regex_match(id, v5));
  CHECK(finding_container_id("C-1", false).rfind("grouping--", 0) == 0);
  CHECK(finding_container_id("C-1", true).rfind("report--", 0) == 0);
  CHECK(campaign_id("C-1") == campaign_id("C-1"));
  CHECK(campaign_id("C-1") != campaign_id("C-2"));
  // python3 -c "import uuid; print(uuid.uuid5(uuid.UUID('7c1d3fc4-9f09-4727-a9a6-40faaa2f8704'), 'campaign\nC-1'))"
  CHECK(campaign_id("C-1") == "campaign--782ee1d8-e2ec-5986-a1cd-9ccd741e080c");
}

TEST_CASE("url and domain-name ids hash only the value", "[export.stix_ids]") {
  // python3: uuid.uuid5(uuid.UUID('00abedb4-aa42-466c-9c01-fed23315a9b7'), '{"value":"a.example"}')
  CHECK(domain_name_id("a.example") == "domain-name--064f846b-2bd3-5015-8d6f-d260dbda99c1");
}

TEST_CASE("the bundle id depends on the set of clusters, not their order", "[export.stix_ids]") {
  CHECK(bundle_id({"C-2", "C-1"}) == bundle_id({"C-1", "C-2"}));
  // python3: uuid.uuid5(uuid.UUID('7c1d3fc4-9f09-4727-a9a6-40faaa2f8704'), 'bundle\nC-1\nC-2')
  CHECK(bundle_id({"C-2", "C-1"}) == "bundle--8a5888d5-0bce-518f-a3ee-5254ed5e5846");
}
