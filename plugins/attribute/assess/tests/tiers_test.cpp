// Response tiers: each default rule, the unknown-figure policy, configured rules.
#include <catch2/catch.hpp>

#include "test_facts.hpp"
#include "tiers.hpp"

using namespace chorus::attribute_assess;
using namespace chorus::attribute_assess::test;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

TierFigures figures(std::optional<int64_t> reach, std::optional<int64_t> peak, std::optional<int64_t> confidence,
                    std::optional<std::string> state, char reliability) {
  TierFigures f;
  f.reach = reach;
  f.peak_day_posts = peak;
  f.confidence = confidence;
  f.attributed_state = std::move(state);
  f.reliability = reliability;
  return f;
}

}  // namespace

TEST_CASE("escalate: state attribution, confidence >= 70 from B or better, reach >= 100000") {
  const auto& rules = config().tiers;
  const auto t = choose_tier(figures(100000, 5, 70, "RU", 'B'), rules);
  CHECK(t.tier == "escalate");
  CHECK(t.rationale ==
        "tiers[0] 'escalate' (attributed, confidence >= 70, reliability B or better, reach >= 100000): attributed to "
        "RU, confidence 70, reliability B, reach 100000, peak-day posts 5");
  CHECK(choose_tier(figures(100000, 5, 90, "RU", 'A'), rules).tier == "escalate");
  // Each condition missed by one step falls to the next rule.
  CHECK(choose_tier(figures(100000, 5, 70, "RU", 'C'), rules).tier == "rebut");
  CHECK(choose_tier(figures(100000, 5, 50, "RU", 'B'), rules).tier == "rebut");
  CHECK(choose_tier(figures(100000, 5, 70, std::nullopt, 'B'), rules).tier == "rebut");
  CHECK(choose_tier(figures(99999, 5, 90, "RU", 'A'), rules).tier == "monitor");
}

TEST_CASE("rebut: confidence >= 50 and reach >= 100000") {
  const auto& rules = config().tiers;
  const auto t = choose_tier(figures(1000000, 0, 50, std::nullopt, 'C'), rules);
  CHECK(t.tier == "rebut");
  CHECK_THAT(t.rationale, StartsWith("tiers[1] 'rebut' (confidence >= 50, reach >= 100000): not attributed"));
  CHECK(choose_tier(figures(1000000, 0, 30, std::nullopt, 'C'), rules).tier == "monitor");
}

TEST_CASE("pre-bunk: confidence >= 50 and >= 100 posts on the peak day") {
  const auto& rules = config().tiers;
  CHECK(choose_tier(figures(5000, 100, 50, std::nullopt, 'C'), rules).tier == "pre-bunk");
  CHECK(choose_tier(figures(5000, 99, 50, std::nullopt, 'C'), rules).tier == "monitor");
  // Unknown reach (no summary) cannot make rebut, but a burst can still make pre-bunk.
  CHECK(choose_tier(figures(std::nullopt, 500, 90, std::nullopt, 'C'), rules).tier == "pre-bunk");
}

TEST_CASE("monitor: everything else, and unknown figures never satisfy a bound") {
  const auto& rules = config().tiers;
  const auto t = choose_tier(figures(std::nullopt, std::nullopt, std::nullopt, std::nullopt, 'F'), rules);
  CHECK(t.tier == "monitor");
  CHECK(t.rationale ==
        "tiers[3] 'monitor' (always): not attributed, confidence none, reliability F, reach unknown, peak-day posts "
        "unknown");
  // Credibility 6 (no confidence) with a huge reach stays monitor.
  CHECK(choose_tier(figures(100000000, 100000, std::nullopt, "RU", 'A'), rules).tier == "monitor");
}

TEST_CASE("configured tier rules: order, max bounds, attributed false, empty list") {
  const Config cfg = config({{"tiers",
                              {{{"name", "quiet"}, {"tier", "monitor"}, {"when", {{"max_reach", 10}}}},
                               {{"name", "unattributed"}, {"tier", "pre-bunk"}, {"when", {{"attributed", false}}}},
                               {{"name", "rest"}, {"tier", "rebut"}}}}});
  CHECK(choose_tier(figures(10, 0, 10, std::nullopt, 'C'), cfg.tiers).tier == "monitor");
  CHECK(choose_tier(figures(11, 0, 10, std::nullopt, 'C'), cfg.tiers).tier == "pre-bunk");
  CHECK(choose_tier(figures(std::nullopt, 0, 10, std::nullopt, 'C'), cfg.tiers).tier == "pre-bunk");
  CHECK(choose_tier(figures(11, 0, 10, "RU", 'C'), cfg.tiers).tier == "rebut");
  const auto none = choose_tier(figures(11, 0, 10, "RU", 'C'), config({{"tiers", nlohmann::json::array()}}).tiers);
  CHECK(none.tier == "monitor");
  CHECK_THAT(none.rationale, StartsWith("no tier rule matched, monitor: attributed to RU"));
}
