// Bad `with:` values: each error names the key, word for word.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include "test_facts.hpp"

using namespace chorus::attribute_assess;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using nlohmann::json;

namespace {

std::string error_of(const json& with) {
  try {
    test::config(with);
  } catch (const chorus::sdk::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a technique id outside the pinned table is a config error") {
  const json t = json::array({{{"name", "old"}, {"technique", "T0090"}, {"when", {{"stream", "co_retweet"}}}}});
  CHECK_THAT(error_of({{"techniques", t}}),
             StartsWith("with.techniques[0].technique: 'T0090' is not in the pinned DISARM v1.6 table of "
                        "attribute/assess"));
  const json typo = json::array({{{"name", "ok"}, {"technique", "T0049.003"}, {"when", {{"stream", "a"}}}},
                                 {{"name", "typo"}, {"technique", "T0049.03"}, {"when", {{"stream", "a"}}}}});
  CHECK_THAT(error_of({{"techniques", typo}}), StartsWith("with.techniques[1].technique: 'T0049.03'"));
  const json two =
      json::array({{{"name", "x"}, {"technique", "T0049.003"}, {"when", {{"stream", "a"}, {"hashtags", {"b"}}}}}});
  CHECK(error_of({{"techniques", two}}) ==
        "with.techniques[0].when: expected exactly one of stream, hashtags or created_within_days");
  const json extra =
      json::array({{{"name", "x"}, {"technique", "T0049.003"}, {"when", {{"stream", "a"}, {"min_share", 0.5}}}}});
  CHECK_THAT(error_of({{"techniques", extra}}), StartsWith("with.techniques[0].when: unknown key 'min_share'"));
}

TEST_CASE("sources, reliability letters, caps") {
  CHECK(error_of({{"sources", {{{"name", "a"}, {"files", "*.csv"}, {"reliability", "G"}}}}}) ==
        "with.sources[0].reliability: expected a source reliability A, B, C, D, E or F, got \"G\"");
  CHECK(error_of({{"sources",
                   {{{"name", "a"}, {"files", "*.csv"}, {"reliability", "B"}},
                    {{"name", "a"}, {"files", "*.jsonl"}, {"reliability", "C"}}}}}) ==
        "with.sources[1].name: 'a' is named twice");
  CHECK(error_of({{"sources", {{{"name", "a"}, {"reliability", "B"}}}}}) == "with.sources[0].files: is required");
  CHECK_THAT(error_of({{"default_reliability", "G"}}), StartsWith("with.default_reliability: unknown value \"G\""));
  CHECK_THAT(error_of({{"confidence_caps", {{"Z", 10}}}}), StartsWith("with.confidence_caps key 'Z': expected"));
  CHECK(error_of({{"confidence_caps", {{"E", 101}}}}) ==
        "with.confidence_caps.E: expected an integer in 0..100, got 101");
}

TEST_CASE("credibility and tier rules") {
  CHECK(error_of({{"credibility_rules", {{{"credibility", 7}}}}}) ==
        "with.credibility_rules[0].credibility: expected an integer in 1..6, got 7");
  CHECK(error_of({{"credibility_rules", {{{"min_strong", 1}}}}}) ==
        "with.credibility_rules[0].credibility: is required");
  CHECK_THAT(error_of({{"tiers", {{{"name", "x"}, {"tier", "prebunk"}}}}}),
             StartsWith("with.tiers[0].tier: unknown tier 'prebunk' (expected monitor, pre-bunk, rebut or escalate)"));
  CHECK_THAT(error_of({{"tiers", {{{"name", "x"}, {"tier", "rebut"}, {"when", {{"min_rech", 5}}}}}}}),
             StartsWith("with.tiers[0].when: unknown key 'min_rech'"));
  CHECK_THAT(error_of({{"tiers", {{{"name", "x"}, {"tier", "rebut"}, {"when", {{"min_rech", 5}}}}}}}),
             Contains("min_reach"));
  CHECK(error_of({{"tiers", {{{"name", "x"}, {"tier", "rebut"}, {"when", {{"min_confidence", 120}}}}}}}) ==
        "with.tiers[0].when.min_confidence: expected an integer in 0..100, got 120");
  CHECK_THAT(error_of({{"strong_min_density", 2}}), StartsWith("with.strong_min_density: expected a number <= 1"));
}

TEST_CASE("attribution") {
  CHECK(error_of({{"attribution",
                   {{"rules",
                     {{{"name", "r"}, {"state", "RU"}, {"when", {{"domain", "a.example"}, {"hashtag", "x"}}}}}}}}}) ==
        "with.attribution.rules[0].when: expected exactly one of domain, hashtag or url");
  CHECK(error_of({{"attribution", {{"rules", {{{"name", "r"}, {"when", {{"domain", "a.example"}}}}}}}}}) ==
        "with.attribution.rules[0].state: is required");
  CHECK(error_of({{"attribution", {{"min_state_share", 0}}}}) ==
        "with.attribution.min_state_share: expected a share above 0 (at most 1), got 0");
}

TEST_CASE("the defaults parse and say what the documentation says") {
  const Config c = test::config();
  CHECK(c.default_reliability == 'F');
  CHECK(c.sources.empty());
  CHECK(c.strong.min_density == 0.1);
  CHECK(c.strong.min_edges == 3);
  CHECK(c.strong.max_q == 0.01);
  CHECK(c.strong.min_active_days == 2);
  REQUIRE(c.credibility_rules.size() == 4);
  CHECK(c.confidence_caps[3] == 50);  // D
  CHECK(c.confidence_caps[4] == 30);  // E
  CHECK(c.confidence_caps[5] == 50);  // F
  CHECK(c.confidence_caps[0] == 100);
  REQUIRE(c.tiers.size() == 4);
  CHECK(c.attribution.min_state_share == 0.5);
  CHECK(c.techniques.size() == 6);
}
