// Test-only: hand-made findings tables (the columns of schemas/datasets) for
// two assessed clusters, C-aaa (rank 1, reviewed, attributed, with profile
// and summary) and C-bbb (rank 2, unreviewed, no profile), a cluster C-ccc
// without assessment and a member row of an unknown cluster C-zzz.
// fixtures/expected_alert_C-aaa.json is the alert of C-aaa written by hand.
#pragma once

#include <chorus/sdk/testing.hpp>

#include <string>

namespace chorus::export_alerts::testing {

using namespace chorus::sdk::testing;

inline Schema assessments_schema() {
  return schema({{"cluster_id", "utf8"},
                 {"source_name", "utf8"},
                 {"source_reliability", "utf8"},
                 {"information_credibility", "int64"},
                 {"admiralty", "utf8"},
                 {"confidence", "int64"},
                 {"credibility_rationale", "utf8"},
                 {"tier", "utf8"},
                 {"tier_rationale", "utf8"},
                 {"attributed_state", "utf8"},
                 {"attribution_basis", "utf8"},
                 {"reviewed", "bool"},
                 {"disarm_version", "utf8"},
                 {"techniques", "list<utf8>"},
                 {"reliability_rationale", "utf8"}});
}

inline std::vector<Cell> assessment_bbb() {
  return {std::string("C-bbb"),
          std::string("collection"),
          std::string("C"),
          int64_t{3},
          std::string("C3"),
          int64_t{50},
          std::string("one stream alone: at best 3"),
          std::string("monitor"),
          std::string("reach below 1000"),
          null,
          null,
          false,
          std::string("1.6"),
          StrList{"T0049.002"},
          null};
}

inline std::vector<Cell> assessment_aaa() {
  return {std::string("C-aaa"),
          std::string("takedown"),
          std::string("B"),
          int64_t{2},
          std::string("B2"),
          int64_t{70},
          std::string("two independent streams with q <= 0.01"),
          std::string("escalate"),
          std::string("reach 1555 >= 1000 and confidence 70 >= 70 with a state attribution"),
          std::string("RU"),
          std::string("data: accounts.state"),
          true,
          std::string("1.6"),
          StrList{"T0049.002", "T0049.003"},
          std::string("takedown: 10 posts")};
}

inline void set_hand_made_inputs(FakeHost& host) {
  host.inputs["assessments"] = {batch(assessments_schema(), {assessment_bbb(), assessment_aaa()})};
  host.inputs["clusters"] = {
      batch(schema({{"cluster_id", "utf8"},
                    {"rank", "int64"},
                    {"size", "int64"},
                    {"coordination_score", "float64"},
                    {"independent_streams", "int64"},
                    {"streams", "list<utf8>"},
                    {"edges", "int64"},
                    {"density", "float64"},
                    {"posts", "int64"},
                    {"first_activity", "timestamp[ms]"},
                    {"last_activity", "timestamp[ms]"}}),
            {{std::string("C-aaa"), int64_t{1}, int64_t{3}, 0.8, int64_t{2}, StrList{"co_link", "co_retweet"},
              int64_t{3}, 1.0, int64_t{10}, int64_t{1709287200000}, int64_t{1709382600250}},
             {std::string("C-bbb"), int64_t{2}, int64_t{2}, 0.5, int64_t{1}, StrList{"co_hashtag"}, int64_t{1}, 1.0,
              null, null, null},
             {std::string("C-ccc"), int64_t{3}, int64_t{2}, 0.4, int64_t{1}, StrList{"co_text"}, int64_t{1}, 1.0,
              int64_t{5}, int64_t{1706745600000}, int64_t{1706918400000}}})};
  host.inputs["members"] = {
      batch(schema({{"cluster_id", "utf8"},
                    {"account_id", "utf8"},
                    {"membership_strength", "float64"},
                    {"degree", "int64"},
                    {"streams", "list<utf8>"}}),
            {{std::string("C-aaa"), std::string("a1"), 0.9, int64_t{2}, StrList{"co_link", "co_retweet"}},
             {std::string("C-aaa"), std::string("a2"), 1.0, int64_t{2}, StrList{"co_retweet"}},
             {std::string("C-aaa"), std::string("a3"), 0.9, int64_t{2}, StrList{"co_link"}},
             {std::string("C-bbb"), std::string("b1"), 0.5, int64_t{1}, StrList{"co_hashtag"}},
             {std::string("C-bbb"), std::string("b2"), 0.5, int64_t{1}, StrList{"co_hashtag"}},
             {std::string("C-zzz"), std::string("z1"), 0.3, int64_t{1}, StrList{}}})};
  host.inputs["evidence"] = {batch(
      schema({{"cluster_id", "utf8"},
              {"stream", "utf8"},
              {"edges", "int64"},
              {"density", "float64"},
              {"weight_sum", "float64"},
              {"median_active_days", "float64"},
              {"min_q", "float64"},
              {"median_q", "float64"},
              {"mean_latency_s", "float64"},
              {"family", "utf8"},
              {"supports", "bool"}}),
      {{std::string("C-aaa"), std::string("co_link"), int64_t{2}, 2.0 / 3.0, 5.5, 3.0, 0.001, 0.004, 12.5,
        std::string("link"), true},
       {std::string("C-aaa"), std::string("co_retweet"), int64_t{3}, 1.0, 9.0, 2.0, 0.0005, 0.002, 4.0,
        std::string("share"), true},
       {std::string("C-bbb"), std::string("co_hashtag"), int64_t{1}, 1.0, 2.0, null, null, null, null, null, null}})};
  host.inputs["techniques"] = {
      batch(schema({{"cluster_id", "utf8"},
                    {"technique_id", "utf8"},
                    {"name", "utf8"},
                    {"tactic_id", "utf8"},
                    {"rule", "utf8"},
                    {"evidence", "utf8"}}),
            {{std::string("C-aaa"), std::string("T0049.003"),
              std::string("Bots Amplify via Automated Forwarding and Reposting"), std::string("TA17"),
              std::string("co_retweet_ring"), std::string("co_retweet: 3 edges, min q 0.0005")}})};
  const Schema profile = schema({{"cluster_id", "utf8"},
                                 {"facet", "utf8"},
                                 {"rank", "int64"},
                                 {"value", "utf8"},
                                 {"count", "int64"},
                                 {"share", "float64"},
                                 {"excerpts", "list<utf8>"},
                                 {"translated_excerpt", "utf8"}});
  auto row = [](const char* facet, int64_t rank, const char* value, int64_t count, double share) {
    return std::vector<Cell>{
        std::string("C-aaa"), std::string(facet), rank, std::string(value), count, share, StrList{}, null};
  };
  host.inputs["profile"] = {
      batch(profile, {{std::string("C-aaa"), std::string("narrative"), int64_t{1}, std::string("N-1"), int64_t{6}, 0.6,
                       StrList{"Vote early!", "Vote early!!"}, std::string("Votez tôt !")},
                      row("hashtag", 1, "#vote", 4, 0.4),
                      row("url", 1, "https://news.example/a", 3, 0.3),
                      row("domain", 1, "news.example", 3, 0.3),
                      row("language", 1, "en", 10, 1.0),
                      row("location", 1, "Springfield", 2, 2.0 / 3.0),
                      row("state", 1, "RU", 10, 1.0),
                      row("hour", 2, "10", 7, 0.7),
                      row("hour", 1, "09", 3, 0.3),
                      row("day", 1, "2024-03-01", 4, 0.4),
                      row("source", 1, "posts.csv", 10, 1.0)})};
  host.inputs["summary"] = {
      batch(schema({{"cluster_id", "utf8"},
                    {"accounts", "int64"},
                    {"posts", "int64"},
                    {"originals", "int64"},
                    {"followers_sum", "int64"},
                    {"followers_max", "int64"},
                    {"likes", "int64"},
                    {"shares", "int64"},
                    {"replies", "int64"},
                    {"reach", "int64"},
                    {"first_post", "timestamp[ms]"},
                    {"last_post", "timestamp[ms]"},
                    {"active_days", "int64"},
                    {"peak_day", "utf8"},
                    {"peak_day_posts", "int64"},
                    {"top_narrative", "utf8"}}),
            {{std::string("C-aaa"), int64_t{3}, int64_t{10}, int64_t{4}, int64_t{1500}, int64_t{1000}, int64_t{20},
              int64_t{30}, int64_t{5}, int64_t{1555}, int64_t{1709287200000}, int64_t{1709382600250}, int64_t{2},
              std::string("2024-03-02"), int64_t{6}, std::string("Vote early!")}})};
  host.inputs["accounts"] = {batch(schema({{"author_id", "utf8"}, {"author_handle", "utf8"}}),
                                   {{std::string("a1"), std::string("alpha")},
                                    {std::string("a1"), std::string("alpha_later")},
                                    {std::string("a2"), null},
                                    {std::string("b1"), std::string("beta")}})};
}

}  // namespace chorus::export_alerts::testing
