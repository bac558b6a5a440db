// Information credibility rules and the Admiralty -> STIX confidence map, on
// hand-made evidence; expected digits follow the rules as documented.
#include <catch2/catch.hpp>

#include "credibility.hpp"
#include "test_facts.hpp"

using namespace chorus::attribute_assess;
using namespace chorus::attribute_assess::test;
using Catch::Matchers::Contains;

TEST_CASE("a stream is strong with density, edges and a small q or repeated days") {
  const StrongThresholds t;  // 0.1, 3, 0.01, 2
  std::string why;
  CHECK(is_strong(evidence("co_retweet", 10, 0.5, std::nullopt, 0.001), t, &why));
  CHECK(why == "co_retweet strong (density 0.5, 10 edges, min_q 0.001)");
  // Alone on its own objects: no small q, but the pairs co-act on 5 days.
  CHECK(is_strong(evidence("co_link", 10, 0.5, 5.0, 0.3), t, &why));
  CHECK(!is_strong(evidence("co_link", 10, 0.05, 5.0, 0.001), t, &why));
  CHECK(why == "co_link weak (density 0.05 < 0.1)");
  CHECK(!is_strong(evidence("co_link", 2, 0.5, 5.0, 0.001), t, &why));
  CHECK(why == "co_link weak (2 edges < 3)");
  CHECK(!is_strong(evidence("co_hashtag", 10, 0.5, 1.0, 0.2), t, &why));
  CHECK(why == "co_hashtag weak (min_q 0.2 > 0.01 and median 1 active days < 2)");
  CHECK(!is_strong(evidence("near_duplicates", 10, 0.5, std::nullopt, std::nullopt), t, &why));
  CHECK(why == "near_duplicates weak (no q and no active days)");
  // The bounds are inclusive.
  CHECK(is_strong(evidence("x", 3, 0.1, 2.0, 0.5), t, nullptr));
  CHECK(is_strong(evidence("x", 3, 0.1, 1.0, 0.01), t, nullptr));
}

TEST_CASE("default credibility rules: 3 strong -> 1, 2 strong -> 2, 1 strong -> 3, weak -> 4, none -> 6") {
  const Config cfg = config();
  auto grade = [&](std::vector<StreamEvidence> ev, std::optional<int64_t> indep = std::nullopt) {
    return grade_credibility(cluster(std::move(ev), indep), cfg);
  };
  const auto g1 = grade({strong("co_retweet"), strong("co_hashtag"), strong("co_link")});
  CHECK(g1.credibility == 1);
  CHECK(g1.strong == 3);
  CHECK_THAT(g1.rationale, Contains("credibility_rules[0] (>= 3 strong independent stream(s) -> 1): 3 strong of 3"));
  CHECK(grade({strong("co_retweet"), strong("co_hashtag"), weak("co_link")}).credibility == 2);
  const auto g3 = grade({strong("co_retweet"), weak("co_hashtag"), weak("co_link")});
  CHECK(g3.credibility == 3);
  CHECK_THAT(g3.rationale, Contains("co_hashtag weak"));
  CHECK(grade({weak("co_retweet"), weak("co_hashtag")}).credibility == 4);
  const auto g6 = grade({});
  CHECK(g6.credibility == 6);
  CHECK(g6.rationale == "no evidence rows: truth cannot be judged (6)");
}

TEST_CASE("detect/clusters' independent_streams bounds the count") {
  const Config cfg = config();
  // Three strong streams, but the clusters stage counts two of them as one.
  const auto g = grade_credibility(cluster({strong("co_retweet"), strong("influence"), strong("co_link")}, 2), cfg);
  CHECK(g.independent == 2);
  CHECK(g.strong == 2);
  CHECK(g.credibility == 2);
  // Two rows of one stream are one stream.
  const auto same = grade_credibility(cluster({strong("co_retweet"), strong("co_retweet")}, 2), cfg);
  CHECK(same.independent == 1);
  CHECK(same.credibility == 3);
}

TEST_CASE("one stream alone, however strong, gives 3 at best, whatever the rules") {
  const Config generous = config({{"credibility_rules", {{{"credibility", 1}, {"min_strong", 1}}}}});
  const auto overwhelming = evidence("co_retweet", 4950, 1.0, 60.0, 1e-300);
  const auto g = grade_credibility(cluster({overwhelming}), generous);
  CHECK(g.credibility == 3);
  CHECK_THAT(g.rationale, Contains("capped at 3: a single independent stream is never better than 3"));
  CHECK(grade_credibility(cluster({overwhelming}), config()).credibility == 3);
  // Two strong streams the clusters stage counts as one independent stream.
  CHECK(grade_credibility(cluster({strong("co_retweet"), strong("influence")}, 1), generous).credibility == 3);
  // The cap never improves a grade: one weak stream stays 4.
  CHECK(grade_credibility(cluster({weak("co_retweet")}), generous).credibility == 6);
  CHECK(grade_credibility(cluster({weak("co_retweet")}), config()).credibility == 4);
}

TEST_CASE("configured credibility rules: first match wins, none matching gives 6") {
  const Config cfg = config(
      {{"credibility_rules", {{{"credibility", 2}, {"min_streams", 3}}, {{"credibility", 5}, {"min_strong", 1}}}}});
  CHECK(grade_credibility(cluster({weak("a"), weak("b"), weak("c")}), cfg).credibility == 2);
  CHECK(grade_credibility(cluster({strong("a"), weak("b")}), cfg).credibility == 5);
  const auto none = grade_credibility(cluster({weak("a"), weak("b")}), cfg);
  CHECK(none.credibility == 6);
  CHECK_THAT(none.rationale, Contains("no credibility rule matched (6): 0 strong of 2 independent stream(s)"));
  // Thresholds are options: with strong_min_density 0.6 the default "strong" streams are weak.
  CHECK(grade_credibility(cluster({strong("a"), strong("b")}), config({{"strong_min_density", 0.6}})).credibility == 4);
}

TEST_CASE("STIX 2.1 Appendix A: credibility to confidence") {
  CHECK(stix_confidence(1) == 90);
  CHECK(stix_confidence(2) == 70);
  CHECK(stix_confidence(3) == 50);
  CHECK(stix_confidence(4) == 30);
  CHECK(stix_confidence(5) == 10);
  CHECK(!stix_confidence(6));
}

TEST_CASE("project caps: 30 for E, 50 for D and F, none for A-C") {
  const Config cfg = config();
  CHECK(capped_confidence(1, 'A', cfg) == 90);
  CHECK(capped_confidence(1, 'C', cfg) == 90);
  CHECK(capped_confidence(1, 'D', cfg) == 50);
  CHECK(capped_confidence(2, 'F', cfg) == 50);
  CHECK(capped_confidence(2, 'E', cfg) == 30);
  CHECK(capped_confidence(3, 'E', cfg) == 30);
  CHECK(capped_confidence(4, 'E', cfg) == 30);
  CHECK(capped_confidence(5, 'D', cfg) == 10);
  CHECK(!capped_confidence(6, 'E', cfg));
  // A configured table replaces the default one.
  const Config custom = config({{"confidence_caps", {{"B", 60}}}});
  CHECK(capped_confidence(1, 'B', custom) == 60);
  CHECK(capped_confidence(1, 'D', custom) == 90);
}
