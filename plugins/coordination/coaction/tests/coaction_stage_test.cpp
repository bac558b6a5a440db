// coordination/coaction through the fake host: row accounting, the
// object cap, and the option table (coaction_stage.hpp).
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "coaction_stage.hpp"
#include "test_helpers.hpp"

using namespace coaction_test;
namespace sdkt = chorus::sdk::testing;
using chorus::sdk::Json;

TEST_CASE("coordination/coaction: stage on posts with row accounting", "[coordination.coaction]") {
  sdkt::FakeHost host;
  auto s = sdkt::schema({{"author_id", "utf8"},
                         {"created_at", "timestamp[ms]"},
                         {"interaction_type", "utf8"},
                         {"target_post_id", "utf8"},
                         {"text", "utf8"},
                         {"hashtags_folded", "list<utf8>"}});
  using sdkt::null;
  using L = sdkt::StrList;
  host.inputs["posts"] = {sdkt::batch(
      s,
      {{std::string("u2"), int64_t{0}, std::string("original"), null, std::string("Vote NOW http://t.co/1"), L{"vote"}},
       {std::string("u1"), int64_t{3000}, std::string("original"), null, std::string("vote now @x"), L{"vote", "now"}},
       {std::string("u3"), int64_t{4000}, std::string("share"), std::string("p9"), std::string("RT vote now"),
        L{"vote"}},
       {std::string("u4"), int64_t{5000}, std::string("share"), std::string("p9"), null, L{}},
       {null, int64_t{5000}, std::string("original"), null, std::string("vote now"), L{"vote"}},
       {std::string("u5"), null, std::string("original"), null, std::string("vote now"), L{"vote"}},
       {std::string("u6"), int64_t{900000}, null, null, std::string("vote now"), null}})};
  // co_post_text: u1, u2 and u6 (null interaction type: kept) post "vote now";
  // u3 is a share (left out); u6 is 900 s later (outside W = 60 s).
  REQUIRE(host.run<CoactionStage>({{"kind", "co_post_text"}, {"window", 60}}) == 0);
  CHECK(sdkt::col(host.outputs["edges"], "source") == "u1|u2");
  CHECK(sdkt::col(host.outputs["edges"], "target") == "u2|u1");
  CHECK(sdkt::col(host.outputs["edges"], "weight") == "1|1");
  CHECK(sdkt::col(host.outputs["edges"], "mean_time_delta_s") == "3|3");
  CHECK(sdkt::col(host.outputs["edges"], "p_value") == "null|null");
  CHECK(sdkt::col(host.outputs["accounts"], "account_id") == "u1|u2|u6");
  CHECK(sdkt::col(host.outputs["accounts"], "edges") == "2|2|0");
  CHECK(sdkt::col(host.outputs["accounts"], "strength") == "2|2|0");
  std::map<std::string, std::string> summary;
  const auto& sb = host.outputs["summary"].at(0);
  for (int64_t r = 0; r < sb.rows(); ++r)
    summary[std::string(sb.column("metric").str(r))] = sdkt::cell_text(sb.column("value"), r);
  CHECK(summary["input_rows"] == "7");
  CHECK(summary["rows_used"] == "3");
  CHECK(summary["rows_shares_excluded"] == "2");
  CHECK(summary["rows_null_interaction_type"] == "1");
  CHECK(summary["rows_null_author"] == "1");
  CHECK(summary["rows_null_time"] == "1");
  CHECK(host.logged(CHORUS_LOG_WARN, "1 rows without author_id"));

  // co_retweet: u3 and u4 retweeted p9 1 s apart.
  REQUIRE(host.run<CoactionStage>(
              {{"kind", "co_retweet"}, {"window", 1}, {"semantics", "coortweet"}, {"min_participation", 1}}) == 0);
  CHECK(sdkt::col(host.outputs["edges"], "source") == "u3");
  CHECK(sdkt::col(host.outputs["edges"], "target") == "u4");
  CHECK(sdkt::col(host.outputs["edges"], "directed") == "false");
  CHECK(sdkt::col(host.outputs["edges"], "above_percentile") == "false");

  // co_hashtag with include_shares: u1, u2, u3 share "vote" within 60 s; "now" only u1.
  REQUIRE(host.run<CoactionStage>({{"kind", "co_hashtag"}, {"window", 60}, {"include_shares", true}}) == 0);
  CHECK(sdkt::col(host.outputs["edges"], "source") == "u1|u1|u2|u2|u3|u3");
  CHECK(sdkt::col(host.outputs["edges"], "target") == "u2|u3|u1|u3|u1|u2");
}

TEST_CASE("coordination/coaction: an object over max_pairs_per_object is left out and reported",
          "[coordination.coaction]") {
  sdkt::FakeHost host;
  auto s = sdkt::schema({{"author_id", "utf8"},
                         {"created_at", "timestamp[ms]"},
                         {"interaction_type", "utf8"},
                         {"target_post_id", "utf8"}});
  std::vector<std::vector<sdkt::Cell>> rows;
  // p1: 4 retweets within 3 s (6 pairs inside W); p2: 2 retweets (1 pair).
  for (int i = 0; i < 4; ++i)
    rows.push_back({std::string("a") + std::to_string(i), int64_t{1000} * i, std::string("share"), std::string("p1")});
  rows.push_back({std::string("a0"), int64_t{100000}, std::string("share"), std::string("p2")});
  rows.push_back({std::string("a3"), int64_t{100500}, std::string("share"), std::string("p2")});
  host.inputs["posts"] = {sdkt::batch(s, rows)};
  REQUIRE(host.run<CoactionStage>({{"kind", "co_retweet"}, {"window", 10}, {"max_pairs_per_object", 5}}) == 0);
  CHECK(sdkt::col(host.outputs["edges"], "source") == "a0|a3");
  CHECK(sdkt::col(host.outputs["edges"], "target") == "a3|a0");
  std::map<std::string, std::string> summary, detail;
  const auto& sb = host.outputs["summary"].at(0);
  for (int64_t r = 0; r < sb.rows(); ++r) {
    summary[std::string(sb.column("metric").str(r))] = sdkt::cell_text(sb.column("value"), r);
    detail[std::string(sb.column("metric").str(r))] = sdkt::cell_text(sb.column("detail"), r);
  }
  CHECK(summary["objects_capped"] == "1");
  CHECK(summary["shares_in_capped_objects"] == "4");
  CHECK(summary["pairs_within_window"] == "1");
  CHECK(summary["capped_object"] == "6");
  CHECK(detail["capped_object"] == "key=p1 shares=4");
  CHECK(host.logged(CHORUS_LOG_WARN, "1 objects exceeded max_pairs_per_object"));
  // At the cap (6 pairs, cap 6) the object stays.
  REQUIRE(host.run<CoactionStage>({{"kind", "co_retweet"}, {"window", 10}, {"max_pairs_per_object", 6}}) == 0);
  CHECK(sdkt::total_rows(host.outputs["edges"]) == 12);
}

TEST_CASE("coordination/coaction: config errors name the key", "[coordination.coaction]") {
  auto error = [](const Json& config) {
    sdkt::FakeHost host;
    host.input_types["posts"] = {
        "posts", sdkt::schema({{"author_id", "utf8"}, {"created_at", "timestamp[ms]"}, {"text", "utf8"}})};
    REQUIRE(host.infer<CoactionStage>(config) != 0);
    REQUIRE(host.errors.size() == 1);  // one mistake, one error
    return host.last_error();
  };
  CHECK(error({{"kind", "co_retweet"}}).rfind("with.window: is required (W in seconds", 0) == 0);
  CHECK(error({{"window", 5}}).rfind("with.kind: is required (The shared object", 0) == 0);
  CHECK(error({{"kind", "co_tweet"}, {"window", 5}})
            .rfind("with.kind: unknown value \"co_tweet\" (expected co_retweet, co_link, co_hashtag, co_reply, "
                   "co_mention or "
                   "co_post_text)",
                   0) == 0);
  CHECK(error({{"kind", "co_retweet"}, {"window", -1}}) == "with.window: expected a number >= 0, got -1");
  CHECK(error({{"kind", "co_retweet"}, {"window", 5}, {"semantic", "toolkit"}})
            .rfind("with: unknown option 'semantic'", 0) == 0);
  CHECK(error({{"kind", "co_retweet"}, {"window", 5}})
            .rfind("with.kind: co_retweet needs column 'interaction_type'", 0) == 0);
  CHECK(error({{"kind", "co_post_text"}, {"window", 5}, {"include_shares", true}, {"percentile", 2}}) ==
        "with.percentile: expected a number <= 1, got 2");
  CHECK(error({{"kind", "co_post_text"}, {"window", 5}, {"permutations", 100001}}) ==
        "with.permutations: expected a number <= 100000, got 100001");
  CHECK(error({{"kind", "co_post_text"}, {"window", 5}, {"null_model", "posts"}})
            .rfind("with.null_model: unknown value \"posts\" (expected object_times or account_times)", 0) == 0);
  sdkt::FakeHost host;
  host.input_types["posts"] = {
      "posts", sdkt::schema({{"author_id", "utf8"}, {"created_at", "timestamp[ms]"}, {"text", "utf8"}})};
  CHECK(host.infer<CoactionStage>({{"kind", "co_post_text"}, {"window", 5}, {"include_shares", true}}) == 0);
}

TEST_CASE("coordination/coaction: the option table's defaults are what the stage runs with",
          "[coordination.coaction]") {
  const Config c = CoactionStage::options().parse({{"kind", "co_hashtag"}, {"window", 2.5}});
  CHECK(c.kind == Kind::CoHashtag);
  CHECK(c.window_s == 2.5);
  CHECK(window_ms(c) == 2500);
  CHECK(c.edges.semantics == Semantics::Toolkit);
  CHECK(c.edges.min_weight == 1);
  CHECK(c.edges.min_participation == 2);
  CHECK(c.edges.participation_rule == ParticipationRule::Either);
  CHECK(c.edges.percentile == 0.5);
  CHECK_FALSE(c.edges.only_above_percentile);
  CHECK_FALSE(c.include_shares);
  CHECK(c.min_text_chars == 1);
  CHECK(c.max_pairs_per_object == 100000000);
  CHECK(c.permutations == 0);
  CHECK(c.null_model == NullModel::ObjectTimes);
  CHECK(c.seed == 1);
  // Only the required keys through the stage: toolkit semantics (directed,
  // weight = posts), no permutations (null p_value), shares left out
  // (include_shares false), and the summary's window and permutations rows.
  sdkt::FakeHost host;
  auto s = sdkt::schema({{"author_id", "utf8"},
                         {"created_at", "timestamp[ms]"},
                         {"interaction_type", "utf8"},
                         {"hashtags_folded", "list<utf8>"}});
  using L = sdkt::StrList;
  host.inputs["posts"] = {sdkt::batch(s, {{std::string("a"), int64_t{0}, std::string("original"), L{"x"}},
                                          {std::string("b"), int64_t{1000}, std::string("original"), L{"x"}},
                                          {std::string("b"), int64_t{2000}, std::string("original"), L{"x"}},
                                          {std::string("c"), int64_t{1500}, std::string("share"), L{"x"}}})};
  REQUIRE(host.run<CoactionStage>({{"kind", "co_hashtag"}, {"window", 2.5}}) == 0);
  CHECK(sdkt::col(host.outputs["edges"], "source") == "a|b");
  CHECK(sdkt::col(host.outputs["edges"], "weight") == "1|2");
  CHECK(sdkt::col(host.outputs["edges"], "semantics") == "toolkit|toolkit");
  CHECK(sdkt::col(host.outputs["edges"], "directed") == "true|true");
  CHECK(sdkt::col(host.outputs["edges"], "p_value") == "null|null");
  std::map<std::string, std::string> summary;
  const auto& sb = host.outputs["summary"].at(0);
  for (int64_t r = 0; r < sb.rows(); ++r)
    summary[std::string(sb.column("metric").str(r))] = sdkt::cell_text(sb.column("value"), r);
  CHECK(summary["rows_shares_excluded"] == "1");
  CHECK(summary["window_s"] == "2.5");
  CHECK(summary["permutations"] == "0");
}

TEST_CASE("coordination/coaction: edges end with active_days", "[coordination.coaction]") {
  sdkt::FakeHost host;
  auto s = sdkt::schema({{"author_id", "utf8"},
                         {"created_at", "timestamp[ms]"},
                         {"interaction_type", "utf8"},
                         {"target_post_id", "utf8"}});
  constexpr int64_t D = 86400000;
  const std::string sh = "share";
  // a and b retweet p1 on day 0 (5 s apart) and p2 on day 3 (5 s apart); c retweets p1 once with them.
  host.inputs["posts"] = {sdkt::batch(s, {{std::string("a"), int64_t{1000}, sh, std::string("p1")},
                                          {std::string("b"), int64_t{6000}, sh, std::string("p1")},
                                          {std::string("c"), int64_t{8000}, sh, std::string("p1")},
                                          {std::string("a"), int64_t{3 * D}, sh, std::string("p2")},
                                          {std::string("b"), int64_t{3 * D + 5000}, sh, std::string("p2")}})};
  REQUIRE(host.run<CoactionStage>({{"kind", "co_retweet"}, {"window", 10}}) == 0);
  const auto& b = host.outputs["edges"].at(0);
  CHECK(b.schema().back().name == "active_days");
  CHECK(b.schema().back().type.name() == "int64");
  CHECK(sdkt::col(host.outputs["edges"], "source") == "a|a|b|b|c|c");
  CHECK(sdkt::col(host.outputs["edges"], "target") == "b|c|a|c|a|b");
  CHECK(sdkt::col(host.outputs["edges"], "active_days") == "2|1|2|1|1|1");
  REQUIRE(host.run<CoactionStage>(
              {{"kind", "co_retweet"}, {"window", 10}, {"semantics", "coortweet"}, {"min_participation", 1}}) == 0);
  CHECK(sdkt::col(host.outputs["edges"], "source") == "a|a|b");
  CHECK(sdkt::col(host.outputs["edges"], "target") == "b|c|c");
  CHECK(sdkt::col(host.outputs["edges"], "active_days") == "2|1|1");
  // The inferred type says the same.
  CHECK(host.infer<CoactionStage>({{"kind", "co_retweet"}, {"window", 10}}) == 0);
  CHECK(host.output_types_json["edges"]["columns"].back()["name"] == "active_days");
}
