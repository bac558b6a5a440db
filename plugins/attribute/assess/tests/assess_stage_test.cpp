// attribute/assess through the fake host: three hand-made clusters, the
// outputs' contracts (schemas/datasets), bad inputs and config errors.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <fstream>
#include <sstream>

#include "assess_stage.hpp"
#include "support/skip.hpp"

using namespace chorus::sdk::testing;
using Catch::Matchers::Contains;
using chorus::attribute_assess::AssessStage;

namespace {

Schema clusters_schema() {
  return schema({{"cluster_id", "utf8"},
                 {"rank", "int64"},
                 {"size", "int64"},
                 {"coordination_score", "float64"},
                 {"independent_streams", "int64"}});
}
Schema evidence_schema() {
  return schema({{"cluster_id", "utf8"},
                 {"stream", "utf8"},
                 {"edges", "int64"},
                 {"density", "float64"},
                 {"weight_sum", "float64"},
                 {"median_active_days", "float64"},
                 {"min_q", "float64"}});
}
Schema summary_schema() {
  return schema({{"cluster_id", "utf8"}, {"posts", "int64"}, {"reach", "int64"}, {"peak_day_posts", "int64"}});
}
Schema profile_schema() {
  return schema({{"cluster_id", "utf8"},
                 {"facet", "utf8"},
                 {"rank", "int64"},
                 {"value", "utf8"},
                 {"count", "int64"},
                 {"share", "float64"}});
}

// C-b (rank 1): one strong co_hashtag stream, collected posts (C), a follow
//   train, 150 posts on its peak day -> C3, confidence 50, pre-bunk.
// C-a (rank 2): three strong streams, archive posts (B), 90% RU, reach 200000
//   -> B1, confidence 90, attributed from data, escalate.
// C-c (rank 3): no evidence, no profile, no summary -> F6, no confidence, monitor.
void load(FakeHost& host) {
  host.inputs["clusters"] = {batch(clusters_schema(), {{std::string("C-a"), int64_t{2}, int64_t{10}, 0.8, int64_t{3}},
                                                       {std::string("C-b"), int64_t{1}, int64_t{12}, 0.6, int64_t{1}}}),
                             batch(clusters_schema(), {{std::string("C-c"), int64_t{3}, int64_t{4}, 0.1, int64_t{0}}})};
  host.inputs["evidence"] = {
      batch(evidence_schema(), {{std::string("C-a"), std::string("co_hashtag"), int64_t{30}, 0.66, 30.0, 5.0, 1e-6},
                                {std::string("C-a"), std::string("co_link"), int64_t{20}, 0.44, 20.0, 3.0, 0.2},
                                {std::string("C-a"), std::string("co_retweet"), int64_t{40}, 0.88, 40.0, 1.0, 1e-4},
                                {std::string("C-b"), std::string("co_hashtag"), int64_t{60}, 0.9, 60.0, 6.0, 1e-8},
                                {std::string("C-gone"), std::string("co_hashtag"), int64_t{3}, 0.5, 3.0, 2.0, 0.001}})};
  host.inputs["summary"] = {batch(summary_schema(), {{std::string("C-a"), int64_t{900}, int64_t{200000}, int64_t{40}},
                                                     {std::string("C-b"), int64_t{400}, int64_t{500}, int64_t{150}}})};
  host.inputs["profile"] = {
      batch(profile_schema(),
            {{std::string("C-a"), std::string("source"), int64_t{1}, std::string("ira_tweets_csv_hashed.csv"),
              int64_t{900}, 1.0},
             {std::string("C-a"), std::string("state"), int64_t{1}, std::string("RU"), int64_t{810}, 0.9},
             {std::string("C-a"), std::string("state"), int64_t{2}, std::string("IR"), int64_t{90}, 0.1},
             {std::string("C-b"), std::string("source"), int64_t{1}, std::string("kw.jsonl"), int64_t{400}, 1.0},
             {std::string("C-b"), std::string("hashtag"), int64_t{1}, std::string("openfollow"), int64_t{200}, 0.5}})};
}

const Json kWith = Json::parse(R"({
  "sources": [{"name": "takedown archive", "files": "*_tweets_csv_hashed.csv", "reliability": "B"},
              {"name": "keyword collection", "files": "*.jsonl", "reliability": "C"}],
  "reviewed": ["C-b", "C-nope"]})");

std::vector<std::string> contract_columns(const std::string& name) {
  std::ifstream in(std::string(CHORUS_TEST_SOURCE_DIR) + "/schemas/datasets/" + name + ".json");
  std::vector<std::string> out;
  if (!in) return out;
  std::stringstream ss;
  ss << in.rdbuf();
  const Json doc = Json::parse(ss.str());
  for (const auto& c : doc.at("columns"))
    out.push_back(c["name"].get<std::string>() + ":" + c["type"].get<std::string>());
  return out;
}

std::vector<std::string> columns_of(const Schema& s) {
  std::vector<std::string> out;
  for (const auto& f : s) out.push_back(f.name + ":" + f.type.name());
  return out;
}

}  // namespace

TEST_CASE("three clusters: Admiralty codes, confidence, tiers, attribution, techniques in rank order") {
  FakeHost host;
  load(host);
  REQUIRE(host.run<AssessStage>(kWith) == 0);
  const auto& a = host.outputs["assessments"];
  CHECK(col(a, "cluster_id") == "C-b|C-a|C-c");
  CHECK(col(a, "source_name") == "keyword collection|takedown archive|null");
  CHECK(col(a, "source_reliability") == "C|B|F");
  CHECK(col(a, "information_credibility") == "3|1|6");
  CHECK(col(a, "admiralty") == "C3|B1|F6");
  CHECK(col(a, "confidence") == "50|90|null");
  CHECK(col(a, "tier") == "pre-bunk|escalate|monitor");
  CHECK(col(a, "attributed_state") == "null|RU|null");
  CHECK(col(a, "attribution_basis") == "null|data: posts' state column, 90% of the cluster's posts|null");
  CHECK(col(a, "reviewed") == "true|false|false");
  CHECK(col(a, "disarm_version") == "1.6|1.6|1.6");
  CHECK(col(a, "techniques") == "[T0049.002,T0092.002]|[T0049.002,T0049.003,T0049.007]|[]");
  const Batch all = host.collected("assessments");
  CHECK_THAT(std::string(all.column("credibility_rationale").str(1)),
             Contains("credibility_rules[0] (>= 3 strong independent stream(s) -> 1): 3 strong of 3"));
  CHECK_THAT(std::string(all.column("credibility_rationale").str(0)),
             Contains("credibility_rules[2] (>= 1 strong independent stream(s) -> 3): 1 strong of 1"));
  CHECK(std::string(all.column("tier_rationale").str(1)) ==
        "tiers[0] 'escalate' (attributed, confidence >= 70, reliability B or better, reach >= 100000): attributed to "
        "RU, confidence 90, reliability B, reach 200000, peak-day posts 40");

  const auto& t = host.outputs["techniques"];
  CHECK(col(t, "cluster_id") == "C-b|C-b|C-a|C-a|C-a");
  CHECK(col(t, "technique_id") == "T0049.002|T0092.002|T0049.002|T0049.003|T0049.007");
  CHECK(col(t, "tactic_id") == "TA17|TA15|TA17|TA17|TA17");
  CHECK(col(t, "rule") == "hashtag flooding|follow trains|hashtag flooding|co-retweet ring|coordinated link sharing");
  CHECK(col(t, "evidence") ==
        "co_hashtag strong (density 0.9, 60 edges, min_q 1e-08, median 6 active days)|#openfollow in 200 posts "
        "(50%)|co_hashtag strong (density 0.66, 30 edges, min_q 1e-06, median 5 active days)|co_retweet strong "
        "(density 0.88, 40 edges, min_q 0.0001, median 1 active days)|co_link strong (density 0.44, 20 edges, min_q "
        "0.2, median 3 active days)");

  CHECK(host.logged(CHORUS_LOG_WARN, "1 evidence, 0 summary, 0 profile"));
  CHECK(host.logged(CHORUS_LOG_WARN, "with.reviewed: 1 id(s) name no cluster of this run: C-nope"));
  CHECK(host.selected["evidence"] ==
        std::vector<std::string>{"cluster_id", "stream", "edges", "density", "median_active_days", "min_q"});
}

TEST_CASE("the same input gives the same output") {
  FakeHost one, two;
  load(one);
  load(two);
  REQUIRE(one.run<AssessStage>(kWith) == 0);
  REQUIRE(two.run<AssessStage>(kWith) == 0);
  for (const char* port : {"assessments", "techniques"})
    for (const auto& c : columns_of(one.collected(port).schema())) {
      const std::string name = c.substr(0, c.find(':'));
      CHECK(col(one.outputs[port], name) == col(two.outputs[port], name));
    }
}

TEST_CASE("the outputs follow schemas/datasets") {
  const auto assessments = contract_columns("assessments");
  const auto techniques = contract_columns("assessment_techniques");
  if (assessments.empty() || techniques.empty()) CHORUS_SKIP("schemas/datasets has no assessments contracts");
  FakeHost host;
  load(host);
  REQUIRE(host.infer<AssessStage>(kWith) == 0);
  const auto types = host.output_types();
  auto produced = columns_of(types.at("assessments").columns);
  CHECK(produced == assessments);
  CHECK(produced.back() == "reliability_rationale:utf8");
  CHECK(types.at("assessments").name == "assessments");
  CHECK(columns_of(types.at("techniques").columns) == techniques);
  CHECK(types.at("techniques").name == "assessment_techniques");
}

TEST_CASE("without summary and profile: default reliability, unknown reach, no attribution") {
  FakeHost host;
  load(host);
  host.inputs.erase("summary");
  host.inputs.erase("profile");
  REQUIRE(host.run<AssessStage>(kWith) == 0);
  const auto& a = host.outputs["assessments"];
  CHECK(col(a, "admiralty") == "F3|F1|F6");
  CHECK(col(a, "confidence") == "50|50|null");  // F caps 90 at 50
  CHECK(col(a, "tier") == "monitor|monitor|monitor");
  CHECK(col(a, "attributed_state") == "null|null|null");
  CHECK(host.logged(CHORUS_LOG_INFO, "no profile input"));
}

TEST_CASE("no clusters: empty outputs with their columns") {
  FakeHost host;
  host.input_types["clusters"] = {"clusters", clusters_schema()};
  host.input_types["evidence"] = {"cluster_evidence", evidence_schema()};
  REQUIRE(host.run<AssessStage>(Json::object()) == 0);
  REQUIRE(host.outputs["assessments"].size() == 1);
  CHECK(host.outputs["assessments"][0].rows() == 0);
  CHECK(host.outputs["assessments"][0].schema().size() == 15);
  CHECK(host.outputs["techniques"][0].rows() == 0);
}

TEST_CASE("bad inputs and config are errors naming the column or the key") {
  FakeHost host;
  load(host);
  host.inputs["clusters"].push_back(
      batch(clusters_schema(), {{std::string("C-a"), int64_t{4}, int64_t{3}, 0.1, int64_t{1}}}));
  CHECK(host.run<AssessStage>(kWith) != 0);
  CHECK(host.last_error() == "input 'clusters', column 'cluster_id': 'C-a' appears twice");

  FakeHost nulls;
  load(nulls);
  nulls.inputs["clusters"] = {batch(clusters_schema(), {{null, int64_t{1}, int64_t{3}, 0.1, int64_t{1}}})};
  CHECK(nulls.run<AssessStage>(kWith) != 0);
  CHECK(nulls.last_error() == "input 'clusters', column 'cluster_id': null or empty at row 1");

  FakeHost config;
  load(config);
  CHECK(config.run<AssessStage>(
            {{"techniques", {{{"name", "x"}, {"technique", "T9999"}, {"when", {{"stream", "co_retweet"}}}}}}}) != 0);
  CHECK_THAT(config.last_error(), Contains("with.techniques[0].technique: 'T9999' is not in the pinned DISARM"));

  FakeHost missing;
  missing.input_types["clusters"] = {"clusters", clusters_schema()};
  missing.input_types["evidence"] = {"", schema({{"cluster_id", "utf8"}, {"stream", "utf8"}, {"edges", "int64"}})};
  CHECK(missing.infer<AssessStage>(Json::object()) != 0);
  CHECK_THAT(missing.last_error(), Contains("input 'evidence': no column 'density'"));
}
