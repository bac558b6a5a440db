// Source reliability from the profile's source facet and with.sources.
#include <catch2/catch.hpp>

#include "source_rating.hpp"
#include "test_facts.hpp"

using namespace chorus::attribute_assess;
using namespace chorus::attribute_assess::test;
using Catch::Matchers::Contains;

namespace {

const nlohmann::json kSources = nlohmann::json::parse(R"([
  {"name": "takedown archive", "files": "*_tweets_csv_hashed.csv", "reliability": "B"},
  {"name": "keyword collection", "files": "*.jsonl", "reliability": "C"}])");

ClusterFacts with_files(std::vector<std::pair<std::string, int64_t>> files) {
  ClusterFacts c = cluster({});
  for (const auto& [f, n] : files) add_facet(c, "source", f, n, 0);
  return c;
}

}  // namespace

TEST_CASE("the source holding most posts gives the reliability") {
  const Config cfg = config({{"sources", kSources}});
  const auto r = rate_source(with_files({{"data/ira_tweets_csv_hashed.csv", 80}, {"kw.jsonl", 20}}), cfg);
  CHECK(r.reliability == 'B');
  CHECK(r.name == std::optional<std::string>("takedown archive"));
  CHECK(r.rationale ==
        "posts by source: 'takedown archive' 80 posts (B), 'keyword collection' 20 posts (C); 'takedown archive' "
        "holds the most");
  // Files of one source add up: 30 + 30 archive posts beat 50 collected ones.
  const auto sum = rate_source(
      with_files({{"a_tweets_csv_hashed.csv", 30}, {"b_tweets_csv_hashed.csv", 30}, {"kw.jsonl", 50}}), cfg);
  CHECK(sum.reliability == 'B');
}

TEST_CASE("a tie goes to the less reliable source") {
  const Config cfg = config({{"sources", kSources}});
  const auto r = rate_source(with_files({{"ira_tweets_csv_hashed.csv", 50}, {"kw.jsonl", 50}}), cfg);
  CHECK(r.reliability == 'C');
  CHECK(r.name == std::optional<std::string>("keyword collection"));
  CHECK_THAT(r.rationale, Contains("(tie: the less reliable kept)"));
  // A tie with unmatched files (default F) gives F.
  const auto f = rate_source(with_files({{"ira_tweets_csv_hashed.csv", 50}, {"notes.csv", 50}}), cfg);
  CHECK(f.reliability == 'F');
  CHECK(!f.name);
}

TEST_CASE("unmatched files and clusters without a source facet get default_reliability") {
  const Config cfg = config({{"sources", kSources}});
  const auto r = rate_source(with_files({{"other.csv", 70}, {"x.jsonl", 30}}), cfg);
  CHECK(r.reliability == 'F');
  CHECK(!r.name);
  CHECK_THAT(r.rationale, Contains("unmatched files 70 posts (F)"));
  CHECK(rate_source(with_files({{"other.csv", 70}}), config({{"sources", kSources}, {"default_reliability", "D"}}))
            .reliability == 'D');
  const auto none = rate_source(cluster({}), cfg);
  CHECK(none.reliability == 'F');
  CHECK(none.rationale == "no source facet in the profile: with.default_reliability F");
}

TEST_CASE("the first matching glob names a file's source") {
  const Config cfg = config({{"sources",
                              {{{"name", "any csv"}, {"files", "*.csv"}, {"reliability", "C"}},
                               {{"name", "archive"}, {"files", "*_hashed.csv"}, {"reliability", "A"}}}}});
  const auto r = rate_source(with_files({{"x_hashed.csv", 10}}), cfg);
  CHECK(r.name == std::optional<std::string>("any csv"));
  CHECK(r.reliability == 'C');
}
