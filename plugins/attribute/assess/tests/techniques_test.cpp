// DISARM technique rules: each default rule on hand-made evidence.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "techniques.hpp"
#include "test_facts.hpp"

using namespace chorus::attribute_assess;
using namespace chorus::attribute_assess::test;
using Catch::Matchers::Contains;

namespace {

std::string ids(const std::vector<TechniqueHit>& hits) {
  std::string s;
  for (const auto& h : hits) s += (s.empty() ? "" : ",") + std::string(h.technique->id);
  return s;
}

}  // namespace

TEST_CASE("stream rules: co_retweet, co_hashtag, co_link, co_text / near_duplicates") {
  const Config cfg = config();
  const auto hits =
      match_techniques(cluster({strong("co_retweet"), weak("co_hashtag"), strong("co_link"), strong("co_text")}), cfg);
  REQUIRE(ids(hits) == "T0049.002,T0049.003,T0049.007,T0084.001");
  CHECK(std::string(hits[0].technique->name) == "Flood Existing Hashtag");
  CHECK(std::string(hits[0].technique->tactic_id) == "TA17");
  CHECK(hits[0].rules == "hashtag flooding");
  CHECK(hits[0].evidence == "co_hashtag weak (min_q 0.2 > 0.01 and median 1 active days < 2)");
  CHECK(std::string(hits[1].technique->name) == "Bots Amplify via Automated Forwarding and Reposting");
  CHECK(std::string(hits[2].technique->name) == "Inauthentic Sites Amplify News and Narratives");
  CHECK(std::string(hits[3].technique->name) == "Use Copypasta");
  CHECK(std::string(hits[3].technique->tactic_id) == "TA06");
  CHECK(ids(match_techniques(cluster({strong("near_duplicates")}), cfg)) == "T0084.001");
  CHECK(ids(match_techniques(cluster({strong("co_reply"), strong("influence")}), cfg)).empty());
}

TEST_CASE("a stream rule with strong: true needs a strong stream; rules naming one technique share a row") {
  const Config cfg = config(
      {{"techniques",
        {{{"name", "strong ring"}, {"technique", "T0049.003"}, {"when", {{"stream", "co_retweet"}, {"strong", true}}}},
         {{"name", "swarm"}, {"technique", "T0049.003"}, {"when", {{"stream", {"co_reply"}}}}}}}});
  CHECK(ids(match_techniques(cluster({weak("co_retweet")}), cfg)).empty());
  const auto both = match_techniques(cluster({strong("co_retweet"), weak("co_reply")}), cfg);
  REQUIRE(both.size() == 1);
  CHECK(both[0].rules == "strong ring; swarm");
  CHECK_THAT(both[0].evidence, Contains("co_retweet strong"));
  CHECK_THAT(both[0].evidence, Contains("; co_reply weak"));
}

TEST_CASE("follow trains from the profile's hashtags, compared folded") {
  const Config cfg = config();
  ClusterFacts c = cluster({});
  add_facet(c, "hashtag", "peace", 50, 0.5);
  add_facet(c, "hashtag", "OpenFollow", 12, 0.12);
  add_facet(c, "hashtag", "#SYTS", 10, 0.10);
  add_facet(c, "hashtag", "f4f", 2, 0.02);  // under the default tenth of the posts
  const auto hits = match_techniques(c, cfg);
  REQUIRE(ids(hits) == "T0092.002");
  CHECK(std::string(hits[0].technique->name) == "Use Follow Trains");
  CHECK(hits[0].evidence == "#openfollow in 12 posts (12%), #syts in 10 posts (10%)");
  ClusterFacts plain = cluster({});
  add_facet(plain, "hashtag", "peace", 50, 0.5);
  CHECK(ids(match_techniques(plain, cfg)).empty());
  // Organic accounts join a train now and then: 5% of the posts is not a train.
  ClusterFacts now_and_then = cluster({});
  add_facet(now_and_then, "hashtag", "openfollow", 5, 0.05);
  CHECK(ids(match_techniques(now_and_then, cfg)).empty());
  // min_share: the listed tag must cover that share of the posts.
  const Config strict = config({{"techniques",
                                 {{{"name", "trains"},
                                   {"technique", "T0092.002"},
                                   {"when", {{"hashtags", {"openfollow"}}, {"min_share", 0.2}}}}}}});
  CHECK(ids(match_techniques(c, strict)).empty());
}

TEST_CASE("bulk-created accounts: at least half the members created within 7 days") {
  const Config cfg = config();
  ClusterFacts c = cluster({}, std::nullopt, 10);
  add_facet(c, "created", "2020-01-01", 3, 0.3);
  add_facet(c, "created", "2020-01-07", 3, 0.3);  // 6 days later: same window
  add_facet(c, "created", "2020-01-08", 1, 0.1);  // 7 days after the first: next window
  add_facet(c, "created", "2020-03-01", 3, 0.3);
  const auto hits = match_techniques(c, cfg);
  REQUIRE(ids(hits) == "T0150.008");
  CHECK(std::string(hits[0].technique->name) == "Bulk Created Asset");
  CHECK(std::string(hits[0].technique->tactic_id) == "TA15");
  CHECK(hits[0].evidence == "6 of 10 members (60%) created within 7 days from 2020-01-01");

  ClusterFacts spread = cluster({}, std::nullopt, 10);
  add_facet(spread, "created", "2020-01-01", 3, 0.3);
  add_facet(spread, "created", "2020-01-08", 3, 0.3);
  add_facet(spread, "created", "2021-05-05", 4, 0.4);
  CHECK(ids(match_techniques(spread, cfg)).empty());  // best window: 4 of 10

  ClusterFacts half = cluster({}, std::nullopt, 10);
  add_facet(half, "created", "2019-12-30", 2, 0.2);
  add_facet(half, "created", "2020-01-02", 3, 0.3);  // across a year end: 5 of 10 within 4 days
  add_facet(half, "created", "2022-01-01", 5, 0.5);
  CHECK(ids(match_techniques(half, cfg)) == "T0150.008");

  ClusterFacts bad = cluster({}, std::nullopt, 10);
  add_facet(bad, "created", "last week", 10, 1.0);
  CHECK_THROWS_WITH(match_techniques(bad, cfg), Contains("facet 'created' of cluster 'C-test': value 'last week'"));
}

TEST_CASE("parse_day counts days since 1970-01-01") {
  int64_t d = -1;
  CHECK(parse_day("1970-01-01", d));
  CHECK(d == 0);
  CHECK(parse_day("2000-03-01", d));
  CHECK(d == 10957 + 31 + 29);  // 30 years of 365 days + 7 leap days, then January and a leap February
  CHECK(parse_day("2020-02-29T10:00:00Z", d));
  CHECK(!parse_day("2021-02-29", d));
  CHECK(!parse_day("2020-13-01", d));
  CHECK(!parse_day("2020-1-01", d));
  CHECK(!parse_day("2020-01-01x", d));
}
