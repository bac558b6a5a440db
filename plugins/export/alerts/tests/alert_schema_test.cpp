#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <nlohmann/json.hpp>

#include <string>

#include "alert_schema.hpp"

using chorus::export_alerts::AlertSchema;
using chorus::export_alerts::embedded_alert_schema;
using chorus::sdk::testing::read_file;
using nlohmann::json;

namespace {
// The hand-written alert of the stage test: valid by construction of the test.
json valid_alert() { return json::parse(read_file("plugins/export/alerts/tests/fixtures/expected_alert_C-aaa.json")); }
}  // namespace

TEST_CASE("alert schema: the embedded schema is schemas/alerts.schema.json") {
  const std::string source = read_file("schemas/alerts.schema.json");
  REQUIRE(!source.empty());
  CHECK(std::string(embedded_alert_schema()) == source);
}

TEST_CASE("alert schema: the hand-written alert is valid, also with nulls where allowed") {
  const AlertSchema schema;
  json a = valid_alert();
  CHECK(schema.violations(a) == "");
  a["attribution"] = nullptr;
  a["stix"]["actor_id"] = nullptr;
  a["reach"] = nullptr;
  a["confidence"] = nullptr;
  a["information_credibility"] = 6;
  a["admiralty"] = "B6";
  a["narratives"][0].erase("translated_excerpt");
  a["accounts"] = json::array();
  CHECK(schema.violations(a) == "");
}

TEST_CASE("alert schema: invalid alerts are rejected") {
  const AlertSchema schema;
  auto rejected = [&](const std::function<void(json&)>& edit) {
    json a = valid_alert();
    edit(a);
    return !schema.violations(a).empty();
  };
  CHECK(rejected([](json& a) { a.erase("tier"); }));
  CHECK(rejected([](json& a) { a.erase("alert_id"); }));
  CHECK(rejected([](json& a) { a["cluster"].erase("size"); }));
  CHECK(rejected([](json& a) { a["tier"] = "panic"; }));
  CHECK(rejected([](json& a) { a["tier"] = "Monitor"; }));
  CHECK(rejected([](json& a) { a["admiralty"] = "G2"; }));
  CHECK(rejected([](json& a) { a["admiralty"] = "B7"; }));
  CHECK(rejected([](json& a) { a["admiralty"] = "B22"; }));
  CHECK(rejected([](json& a) { a["source_reliability"] = "X"; }));
  CHECK(rejected([](json& a) { a["information_credibility"] = 0; }));
  CHECK(rejected([](json& a) { a["confidence"] = 101; }));
  CHECK(rejected([](json& a) { a["tlp"] = "white"; }));
  CHECK(rejected([](json& a) { a["alert_id"] = "campaign--f8d9a438-8286-5268-b56a-cb40d05c75e4"; }));
  CHECK(rejected([](json& a) { a["generated"] = "2024-03-02T12:30:00Z"; }));  // milliseconds required
  CHECK(rejected([](json& a) { a["surprise"] = 1; }));                        // additionalProperties
  CHECK(rejected([](json& a) { a["accounts"][0]["bot"] = true; }));
  CHECK(rejected([](json& a) { a["disarm"]["techniques"][0]["id"] = "T49"; }));
  CHECK(rejected([](json& a) { a["attribution"]["basis"] = "a hunch"; }));
  CHECK(rejected([](json& a) { a["cluster"]["coordination_score"] = 1.5; }));
  CHECK(rejected([](json& a) { a["targeting"]["posting_hours"][0]["hour"] = 24; }));
}

TEST_CASE("alert schema: a violation names the path") {
  const AlertSchema schema;
  json a = valid_alert();
  a["tier"] = "panic";
  const std::string v = schema.violations(a);
  CHECK(v.find("tier") != std::string::npos);
}
