// Attribution only from the data (the profile's state facet) or a rule; the data wins.
#include <catch2/catch.hpp>

#include "attribution.hpp"
#include "test_facts.hpp"

using namespace chorus::attribute_assess;
using namespace chorus::attribute_assess::test;
using Catch::Matchers::Contains;

namespace {

const nlohmann::json kRules = nlohmann::json::parse(R"({"rules": [
  {"name": "ru-tag", "state": "RU", "when": {"hashtag": "#BigLie"}},
  {"name": "ir-site", "state": "IR", "when": {"domain": "News.Example", "min_share": 0.1}},
  {"name": "cn-page", "state": "CN", "when": {"url": "https://x.example/a"}}]})");

}  // namespace

TEST_CASE("attribution from the data: the top state holds at least min_state_share of the posts") {
  const Config cfg = config();
  ClusterFacts c = cluster({});
  add_facet(c, "state", "RU", 60, 0.6);
  add_facet(c, "state", "IR", 40, 0.4);
  const auto a = attribute_cluster(c, cfg.attribution);
  CHECK(a.state == std::optional<std::string>("RU"));
  CHECK(a.basis == std::optional<std::string>("data: posts' state column, 60% of the cluster's posts"));
  CHECK(!attribute_cluster(c, config({{"attribution", {{"min_state_share", 0.61}}}}).attribution).state);

  ClusterFacts below = cluster({});
  add_facet(below, "state", "RU", 49, 0.49);
  CHECK(!attribute_cluster(below, cfg.attribution).state);
  CHECK(!attribute_cluster(cluster({}), cfg.attribution).state);

  // A tie between states: the first in byte order.
  ClusterFacts tie = cluster({});
  add_facet(tie, "state", "XB", 50, 0.5);
  add_facet(tie, "state", "XA", 50, 0.5);
  CHECK(attribute_cluster(tie, cfg.attribution).state == std::optional<std::string>("XA"));
}

TEST_CASE("attribution from a rule on a hashtag, domain or url") {
  const Config cfg = config({{"attribution", kRules}});
  ClusterFacts tag = cluster({});
  add_facet(tag, "hashtag", "biglie", 3, 0.03);
  const auto a = attribute_cluster(tag, cfg.attribution);
  CHECK(a.state == std::optional<std::string>("RU"));
  CHECK(a.basis == std::optional<std::string>("rule: ru-tag"));

  ClusterFacts site = cluster({});
  add_facet(site, "domain", "news.example", 20, 0.2);
  CHECK(attribute_cluster(site, cfg.attribution).basis == std::optional<std::string>("rule: ir-site"));
  ClusterFacts rare = cluster({});
  add_facet(rare, "domain", "news.example", 5, 0.05);  // below the rule's min_share
  CHECK(!attribute_cluster(rare, cfg.attribution).state);

  ClusterFacts page = cluster({});
  add_facet(page, "url", "https://x.example/a", 1, 0.01);
  CHECK(attribute_cluster(page, cfg.attribution).state == std::optional<std::string>("CN"));
  ClusterFacts other_page = cluster({});
  add_facet(other_page, "url", "https://x.example/A", 1, 0.01);  // urls compare exactly
  CHECK(!attribute_cluster(other_page, cfg.attribution).state);
}

TEST_CASE("the data wins over a rule, and the conflict is reported") {
  const Config cfg = config({{"attribution", kRules}});
  ClusterFacts c = cluster({});
  add_facet(c, "state", "IR", 80, 0.8);
  add_facet(c, "hashtag", "BigLie", 10, 0.1);
  const auto a = attribute_cluster(c, cfg.attribution);
  CHECK(a.state == std::optional<std::string>("IR"));
  CHECK(a.basis == std::optional<std::string>("data: posts' state column, 80% of the cluster's posts"));
  CHECK_THAT(a.conflict, Contains("rule 'ru-tag' names RU, the data IR"));
  // Below the share the data says nothing, and the rule applies.
  ClusterFacts weak_data = cluster({});
  add_facet(weak_data, "state", "IR", 30, 0.3);
  add_facet(weak_data, "hashtag", "BigLie", 10, 0.1);
  CHECK(attribute_cluster(weak_data, cfg.attribution).basis == std::optional<std::string>("rule: ru-tag"));
}
