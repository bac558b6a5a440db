// coordination/influence through the fake host: a hand-computed toy, the
// golden coordination toy (skipped when ../shared is absent), the planted
// group of the synthetic world (ingest/synthetic and normalize/posts loaded
// from their plugin libraries; skipped when they are not built), hub caps,
// before/after, the balanced sample and the EM matrix, and the option table.
#include <catch2/catch.hpp>

#include "support/plugin_stage.hpp"

#include <chorus/sdk/testing.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "influence_stage.hpp"
#include "model.hpp"
#include "support/skip.hpp"
#include "test_helpers.hpp"

using namespace influence_test;
using chorus::sdk::testing::FakeHost;
using chorus::sdk::testing::TempDir;

TEST_CASE("coordination/influence: a hand-computed toy through the stage", "[coordination.influence]") {
  const Json toy = load_fixture("hand_toy.json");
  for (const char* average : {"co_used", "all"}) {
    INFO(average);
    FakeHost host;
    host.inputs["posts"] = {hashtag_posts(toy["posts"])};
    Json config = toy["with"];
    config["average"] = average;
    REQUIRE(host.run<ci::InfluenceStage>(config) == 0);
    const auto edges = edge_rows(host.outputs["edges"]);
    const Json& want = toy["edges"][average];
    size_t hashtag_edges = 0;
    for (const auto& [key, row] : edges) hashtag_edges += row.type == "hashtag";
    CHECK(hashtag_edges == want.size());
    for (auto it = want.begin(); it != want.end(); ++it) {
      INFO(it.key());
      REQUIRE(edges.count("hashtag:" + it.key()) == 1);
      const EdgeRow& e = edges.at("hashtag:" + it.key());
      CHECK(e.d_mean == Approx(it.value()["d_mean"].get<double>()).margin(1e-15));
      CHECK(e.weight == Approx(1 - it.value()["d_mean"].get<double>()).margin(1e-15));
      CHECK(e.coused == it.value()["coused"].get<int64_t>());
      CHECK(e.lag1 == it.value()["lag1"].get<int64_t>());
      CHECK(edges.at("average:" + it.key()).weight == e.weight);  // one type: the same
    }
  }
}

TEST_CASE("coordination/influence: the coordination toy per entity and both averages", "[coordination.influence]") {
  if (!have_golden()) CHORUS_SKIP(golden_dir() + " is absent");
  const Json toy = load_golden("coordination_toy_golden.json");
  const int64_t T = toy["T"].get<int64_t>();
  // Per entity: the closed form from (a, b, c) gives the package's A, d, w and Frobenius distance.
  for (auto pit = toy["pairs"].begin(); pit != toy["pairs"].end(); ++pit) {
    const std::string i = pit.key().substr(0, 1), j = pit.key().substr(3, 1);
    for (auto eit = pit.value()["per_entity"].begin(); eit != pit.value()["per_entity"].end(); ++eit) {
      INFO(pit.key() << " " << eit.key());
      const auto si = toy["status_sequences"][eit.key()][i].get<std::vector<int>>();
      const auto sj = toy["status_sequences"][eit.key()][j].get<std::vector<int>>();
      int64_t a = 0, b = 0, c = 0;
      for (int64_t k = 0; k + 1 < T; ++k) a += si[k], b += sj[k + 1], c += si[k] && sj[k + 1];
      const ci::Pair2x2 m = ci::pair_matrix(a, b, c, T - 1, 0);
      const Json& want = eit.value();
      for (int r = 0; r < 2; ++r)
        for (int s = 0; s < 2; ++s) CHECK(m.a[r][s] == want["A_ij"][r][s].get<double>());
      const double d = ci::pair_measure(a, b, c, T - 1, ci::Measure::Trace, 0);
      CHECK(d == want["d"].get<double>());
      CHECK((m.a[0][0] + m.a[1][1]) - 1.0 == want["w"].get<double>());
      CHECK(ci::pair_measure(a, b, c, T - 1, ci::Measure::FrobeniusDistance, 0) ==
            Approx(want["frob_dist"].get<double>()).epsilon(1e-15));
    }
  }
  // Through the stage: the edges of both averages.
  for (const char* average : {"co_used", "all"}) {
    INFO(average);
    FakeHost host;
    host.inputs["posts"] = {hashtag_posts(toy["posts"])};
    REQUIRE(host.run<ci::InfluenceStage>({{"entity_types", {"hashtag"}}, {"average", average}}) == 0);
    const auto edges = edge_rows(host.outputs["edges"]);
    const bool co = std::string(average) == "co_used";
    for (auto pit = toy["pairs"].begin(); pit != toy["pairs"].end(); ++pit) {
      const std::string key = pit.key().substr(0, 1) + "->" + pit.key().substr(3, 1);
      const bool want_edge = pit.value()[co ? "edge_coused" : "edge_all"].get<bool>();
      INFO(key);
      REQUIRE(edges.count("hashtag:" + key) == (want_edge ? 1u : 0u));
      REQUIRE(edges.count("average:" + key) == (want_edge ? 1u : 0u));
      if (!want_edge) continue;
      const double w = pit.value()[co ? "weight_coused" : "weight_all"].get<double>();
      const double dm = pit.value()[co ? "mean_d_over_coused" : "mean_d_over_all"].get<double>();
      if (co) {
        CHECK(edges.at("hashtag:" + key).weight == w);  // bit-exact: mean in entity order, 1 - mean
        CHECK(edges.at("hashtag:" + key).d_mean == dm);
      } else {
        CHECK(edges.at("hashtag:" + key).weight == Approx(w).margin(1e-14));
        CHECK(edges.at("hashtag:" + key).d_mean == Approx(dm).margin(1e-14));
      }
      CHECK(edges.at("average:" + key).weight == edges.at("hashtag:" + key).weight);  // one type: same
    }
    // a->b: both #x and #y co-used, lag-1 events: #x 2 (bins 0->1, 2->3, 4->5 gives 3), #y 1.
    CHECK(edges.at("hashtag:a->b").coused == 2);
    CHECK(edges.at("hashtag:a->b").lag1 == 4);
  }
}

namespace {

std::vector<chorus::Batch> synthetic_posts(const chorus_stage_api* synthetic, const chorus_stage_api* normalize,
                                           const std::string& dir) {
  FakeHost host;
  for (const char* t : {"posts", "accounts"})
    host.dataset_types[t] =
        chorus::sdk::testing::read_file(std::string(CHORUS_TEST_SOURCE_DIR) + "/schemas/datasets/" + t + ".json");
  const Json world = {{"seed", 11},
                      {"out_dir", dir},
                      {"states", 4},
                      {"accounts_per_state", 20},
                      {"posts_per_account", 20},
                      {"unaffiliated_accounts", 40}};
  REQUIRE(host.run(synthetic, world) == 0);
  FakeHost norm;
  norm.dataset_types = host.dataset_types;
  norm.inputs["in"] = host.outputs["posts"];
  const int rc = norm.run(normalize, Json::object());
  INFO(norm.last_error());
  REQUIRE(rc == 0);
  return norm.outputs["posts"];
}

}  // namespace

TEST_CASE("coordination/influence: detects the planted leader and followers of the synthetic world",
          "[coordination.influence]") {
  const chorus_stage_api* synthetic =
      chorus::testing::built_plugin_stage("libchorus_ingest_synthetic.so", "ingest/synthetic");
  const chorus_stage_api* normalize =
      chorus::testing::built_plugin_stage("libchorus_normalize_posts.so", "normalize/posts");
  if (!synthetic || !normalize)
    CHORUS_SKIP(std::string("the ingest/synthetic and normalize/posts plugin libraries are not built in ") +
                CHORUS_TEST_PLUGIN_DIR);
  TempDir dir;
  const std::vector<chorus::Batch> posts = synthetic_posts(synthetic, normalize, dir.path());
  const Json truth = Json::parse(chorus::sdk::testing::read_file(dir.path() + "/ground_truth.json"));
  const std::string leader = truth["coordination"]["leader"];
  std::set<std::string> group = truth["coordination"]["members"].get<std::set<std::string>>();
  group.insert(leader);
  FakeHost host;
  host.inputs["posts"] = posts;
  // At least two lag-1 events per pair (the note's filter of one-off
  // coincidences): one chance "i then j next hour" on a rare theme hashtag
  // gives that entity d = 0, as strong as the planted copying.
  const int rc = host.run<ci::InfluenceStage>({{"min_lag1_events", 2}});
  INFO(host.last_error());
  REQUIRE(rc == 0);
  // Ranked by total (exerted plus received), the group fills the top.
  std::vector<std::pair<double, std::string>> by_total;
  std::string first_by_out;
  for (const auto& b : host.outputs["scores"])
    for (int64_t r = 0; r < b.rows(); ++r) {
      by_total.push_back({-b.column("total").float64(r), std::string(b.column("account").str(r))});
      if (b.column("rank").int64(r) == 1) first_by_out = std::string(b.column("account").str(r));
    }
  std::sort(by_total.begin(), by_total.end());
  size_t hits = 0;
  for (size_t k = 0; k < group.size(); ++k) hits += group.count(by_total[k].second);
  const double precision = static_cast<double>(hits) / static_cast<double>(group.size());
  INFO("precision at " << group.size() << ": " << precision);
  CHECK(precision >= 0.9);
  CHECK(first_by_out == leader);
  // Unaffiliated accounts form few edges with state-linked ones.
  int64_t cross = 0, total = 0;
  for (const auto& b : host.outputs["composition"])
    for (int64_t r = 0; r < b.rows(); ++r) {
      if (b.column("entity_type").str(r) != "average") continue;
      total += b.column("edges").int64(r);
      if (b.column("source_class").str(r) != b.column("target_class").str(r)) cross += b.column("edges").int64(r);
    }
  INFO("cross-class edges " << cross << " of " << total);
  CHECK(total > 0);
  CHECK(static_cast<double>(cross) <= 0.1 * static_cast<double>(total));
}

TEST_CASE("coordination/influence: hub entity-bins are capped and reported", "[coordination.influence]") {
  using chorus::sdk::testing::StrList;
  const int64_t h = 3600000, t0 = ms("2021-01-01T00:00:00Z");
  // #hub: a, b, c at bin 0 (3 accounts: capped at 2), b at bin 1; #x: a at 0, b at 1.
  auto rows = std::vector<std::vector<chorus::sdk::testing::Cell>>{
      {std::string("a"), t0 + 60000, std::string("CN"), StrList{"hub", "x"}, StrList{}, StrList{}},
      {std::string("b"), t0 + 120000, chorus::sdk::testing::null, StrList{"hub"}, StrList{}, StrList{}},
      {std::string("c"), t0 + 180000, chorus::sdk::testing::null, StrList{"hub"}, StrList{}, StrList{}},
      {std::string("b"), t0 + h + 5, chorus::sdk::testing::null, StrList{"hub", "x"}, StrList{}, StrList{}},
      {std::string("c"), t0 + 3 * h, chorus::sdk::testing::null, StrList{"y"}, StrList{}, StrList{}}};
  FakeHost host;
  host.inputs["posts"] = {chorus::sdk::testing::batch(posts_schema(), rows)};
  REQUIRE(host.run<ci::InfluenceStage>({{"max_accounts_per_entity_bin", 2}}) == 0);
  CHECK(chorus::sdk::testing::col(host.outputs["capped"], "entity") == "hub");
  CHECK(chorus::sdk::testing::col(host.outputs["capped"], "accounts") == "3");
  // Without the hub bin, only #x links a -> b: T = 4, a = 1, b = 1, c = 1 -> d = 0, weight 1.
  const auto edges = edge_rows(host.outputs["edges"]);
  REQUIRE(edges.count("hashtag:a->b") == 1);
  CHECK(edges.at("hashtag:a->b").weight == 1.0);
  CHECK(edges.at("hashtag:a->b").coused == 1);  // a used only #x once its hub bin went
  CHECK(chorus::sdk::testing::col(host.outputs["scores"], "account") == "a|b|c");
  CHECK(chorus::sdk::testing::col(host.outputs["scores"], "class") == "state_linked|unaffiliated|unaffiliated");
}

TEST_CASE("coordination/influence: config errors name the key", "[coordination.influence]") {
  auto error = [](const Json& config) {
    FakeHost host;
    REQUIRE(host.infer<ci::InfluenceStage>(config) != 0);
    REQUIRE(host.errors.size() == 1);  // one mistake, one error
    return host.last_error();
  };
  CHECK(error({{"bin", "1 hour"}}) == "with.bin: expected a duration like 1h, 30m, 90s or 1d, got '1 hour'");
  CHECK(error({{"bin", "0h"}}) == "with.bin: the duration must be positive, got '0h'");
  CHECK(error({{"average", "some"}}).rfind("with.average: unknown value \"some\" (expected co_used or all)", 0) == 0);
  CHECK(error({{"start", "yesterday"}}).rfind("with.start: 'yesterday' ", 0) == 0);
  CHECK(error({{"start", "2021-01-02T00:00:00Z"}, {"end", "2021-01-01T00:00:00Z"}}) ==
        "with.end: must be after with.start");
  CHECK(error({{"entity_types", Json::array()}}) ==
        "with.entity_types: expected a list of at least 1 item(s), got a list");
  CHECK(error({{"entity_types", {"url", "url"}}}) == "with.entity_types: \"url\" is listed twice");
  CHECK(error({{"entity_types", {"hashtags"}}}).rfind("with.entity_types: unknown value \"hashtags\"", 0) == 0);
  CHECK(error({{"entity_types", {"url"}}, {"scores_entity_type", "hashtag"}}) ==
        "with.scores_entity_type: 'hashtag' is not in with.entity_types");
  CHECK(error({{"exclude", {{"tags", {"x"}}}}}) == "with.exclude.tags: unknown key (hashtags, urls, mentions)");
  CHECK(error({{"top_percent", 0}}) == "with.top_percent: expected a number > 0, got 0");
  CHECK(error({{"threads", 3}}) == "with.threads: expected a number <= 2, got 3");
  CHECK(error({{"network_matrix_accounts", 1001}}) ==
        "with.network_matrix_accounts: expected a number <= 1000, got 1001");
  CHECK(error({{"pair_memory_mb", 8}}) == "with.pair_memory_mb: expected a number >= 16, got 8");
  CHECK(error({{"measure", "trace"}, {"mesure", "trace"}}).rfind("with: unknown option 'mesure'", 0) == 0);
}

TEST_CASE("coordination/influence: the option table's defaults are what the stage runs with",
          "[coordination.influence]") {
  const ci::Config c = defaults();
  CHECK(c.bin_ms == 3600000);
  CHECK_FALSE(c.start_ms);
  CHECK_FALSE(c.end_ms);
  CHECK(c.type_enabled[ci::kHashtag]);
  CHECK(c.type_enabled[ci::kUrl]);
  CHECK(c.type_enabled[ci::kMention]);
  for (const auto& e : c.exclude) CHECK(e.empty());
  CHECK(c.min_posts == 1);
  CHECK_FALSE(c.top_percent);
  CHECK_FALSE(c.balance_unaffiliated);
  CHECK(c.seed == 1);
  CHECK_FALSE(c.class_is_state_code);
  CHECK(c.max_accounts_per_entity_bin == 1000);
  CHECK(c.measure == ci::Measure::Trace);
  CHECK(c.laplace == 0);
  CHECK_FALSE(c.average_over_all);
  CHECK_FALSE(c.pooled_types);
  CHECK(c.min_coused_entities == 1);
  CHECK(c.min_lag1_events == 1);
  CHECK(c.scores_type == ci::kAverage);
  CHECK_FALSE(c.split_at_ms);
  CHECK(c.network_matrix_accounts == 0);
  CHECK(c.em_max_iterations == 5000);
  CHECK(c.em_tolerance == 1e-10);
  CHECK(c.threads == 2);
  CHECK(c.pair_memory_mb == 1024);
  CHECK(c.batch_rows == 65536);
  // `with: {}` on the hand toy: hourly bins from the first to the last post
  // (T = 4, not the fixture's 5), co_used averages, every entity type, the
  // word state_linked as class, an empty before_after and network_matrix.
  const Json toy = load_fixture("hand_toy.json");
  FakeHost host;
  host.inputs["posts"] = {hashtag_posts(toy["posts"])};
  REQUIRE(host.run<ci::InfluenceStage>(Json::object()) == 0);
  const auto edges = edge_rows(host.outputs["edges"]);
  // T = 4, n = 3: p->q on #m: a = 2, b = 2, c = 2 -> d = 0.
  REQUIRE(edges.count("hashtag:p->q") == 1);
  CHECK(edges.at("hashtag:p->q").d_mean == 0);
  CHECK(edges.at("average:p->q").weight == 1);
  CHECK(chorus::sdk::testing::total_rows(host.outputs["before_after"]) == 0);
  CHECK(chorus::sdk::testing::total_rows(host.outputs["network_matrix"]) == 0);
  CHECK(chorus::sdk::testing::col(host.outputs["scores"], "class") == "unaffiliated|unaffiliated|unaffiliated");
}

TEST_CASE("coordination/influence: before_after compares the networks of the two sub-windows",
          "[coordination.influence]") {
  using chorus::sdk::testing::null;
  using chorus::sdk::testing::StrList;
  const int64_t h = 3600000, t0 = ms("2021-01-01T00:00:00Z");
  auto post = [&](const char* who, int64_t bin, bool linked) {
    return std::vector<chorus::sdk::testing::Cell>{
        std::string(who),
        t0 + bin * h + 600000,
        linked ? chorus::sdk::testing::Cell(std::string("CN")) : chorus::sdk::testing::Cell(null),
        StrList{"x"},
        StrList{},
        StrList{}};
  };
  // #x: a at bins 0 and 4, b at 1, 5 and 6; window 0..7 (end 08:00).
  FakeHost host;
  host.inputs["posts"] = {chorus::sdk::testing::batch(
      posts_schema(),
      {post("a", 0, true), post("b", 1, false), post("a", 4, true), post("b", 5, false), post("b", 6, false)})};
  REQUIRE(host.run<ci::InfluenceStage>({{"end", "2021-01-01T08:00:00Z"}, {"split_at", "2021-01-01T04:30:00Z"}}) == 0);
  // Whole window, T = 8, n = 7: a->b a = 2, b = 3, c = 2: A[In] = (4/5, 1/5), A[Act][Act] = 1, d = 0.2.
  const auto edges = edge_rows(host.outputs["edges"]);
  REQUIRE(edges.count("average:a->b") == 1);
  CHECK(edges.at("average:a->b").weight == Approx(0.8).epsilon(1e-15));
  CHECK(edges.count("average:b->a") == 0);  // no lag-1 event b then a
  // Before (bins 0-3): a = 1, b = 1, c = 1 -> d = 0, weight 1. After (bins 4-7,
  // T = 4): a = 1, b = 2, c = 1 -> A[In] = (1/2, 1/2), d = 0.5, weight 0.5.
  const auto& ba = host.outputs["before_after"];
  CHECK(chorus::sdk::testing::col(ba, "source_class") == "all|state_linked|state_linked|unaffiliated|unaffiliated");
  CHECK(chorus::sdk::testing::col(ba, "target_class") == "all|state_linked|unaffiliated|state_linked|unaffiliated");
  CHECK(chorus::sdk::testing::col(ba, "edges_before") == "1|0|1|0|0");
  CHECK(chorus::sdk::testing::col(ba, "mean_weight_before") == "1|null|1|null|null");
  CHECK(chorus::sdk::testing::col(ba, "mean_weight_after") == "0.5|null|0.5|null|null");
  CHECK(chorus::sdk::testing::col(ba, "ratio") == "0.5|null|0.5|null|null");
  // Composition (average): one edge state_linked -> unaffiliated out of 1 possible pair.
  const auto& comp = host.outputs["composition"];
  std::string rows;
  for (const auto& b : comp)
    for (int64_t r = 0; r < b.rows(); ++r)
      if (b.column("entity_type").str(r) == "average")
        rows += std::string(b.column("source_class").str(r)) + ">" + std::string(b.column("target_class").str(r)) +
                ":" + std::to_string(b.column("edges").int64(r)) + "/" +
                std::to_string(b.column("possible_pairs").int64(r)) + " ";
  CHECK(rows ==
        "state_linked>state_linked:0/0 state_linked>unaffiliated:1/1 unaffiliated>state_linked:0/1 "
        "unaffiliated>unaffiliated:0/0 ");
  FakeHost bad;
  bad.inputs["posts"] = host.inputs["posts"];
  CHECK(bad.run<ci::InfluenceStage>({{"split_at", "2021-01-01T01:00:00Z"}}) != 0);
  CHECK(bad.last_error().find("with.split_at: must leave at least 2 bins") != std::string::npos);
}

TEST_CASE("coordination/influence: balanced sample and the EM network matrix through the stage",
          "[coordination.influence]") {
  using chorus::sdk::testing::null;
  using chorus::sdk::testing::StrList;
  const int64_t h = 3600000, t0 = ms("2021-01-01T00:00:00Z");
  Rng rng{99};
  std::vector<std::vector<chorus::sdk::testing::Cell>> rows;
  // b copies a one bin later on #x; 3 state-linked (a, b, s3), 10 unaffiliated
  // posting #y two bins apart (no lag-1 event among them).
  for (int64_t bin = 0; bin < 200; ++bin)
    if (rng.real() < 0.2) {
      rows.push_back({std::string("a"), t0 + bin * h, std::string("CN"), StrList{"x"}, StrList{}, StrList{}});
      rows.push_back({std::string("b"), t0 + (bin + 1) * h + 5, std::string("CN"), StrList{"x"}, StrList{}, StrList{}});
    }
  rows.push_back({std::string("s3"), t0 + 7 * h, std::string("CN"), StrList{"y"}, StrList{}, StrList{}});
  for (int u = 0; u < 10; ++u)
    rows.push_back({"u" + std::to_string(u), t0 + (3 + 2 * u) * h, null, StrList{"y"}, StrList{}, StrList{}});
  FakeHost host;
  host.inputs["posts"] = {chorus::sdk::testing::batch(posts_schema(), rows)};
  const Json config = {
      {"balance_unaffiliated", true}, {"seed", 5}, {"network_matrix_accounts", 2}, {"em_max_iterations", 100000}};
  REQUIRE(host.run<ci::InfluenceStage>(config) == 0);
  std::map<std::string, int> per_class;
  std::string accounts;
  for (const auto& b : host.outputs["scores"])
    for (int64_t r = 0; r < b.rows(); ++r)
      ++per_class[std::string(b.column("class").str(r))], accounts += std::string(b.column("account").str(r)) + " ";
  CHECK(per_class["state_linked"] == 3);
  CHECK(per_class["unaffiliated"] == 3);
  FakeHost again;
  again.inputs["posts"] = host.inputs["posts"];
  REQUIRE(again.run<ci::InfluenceStage>(config) == 0);
  CHECK(chorus::sdk::testing::col(again.outputs["scores"], "account") ==
        chorus::sdk::testing::col(host.outputs["scores"], "account"));
  // D for the two top accounts (a first: it exerts, b receives): b's status is a's
  // of the bin before, so b's row puts all weight on a; rows sum to 1.
  const auto& m = host.outputs["network_matrix"];
  REQUIRE(chorus::sdk::testing::total_rows(m) == 4);
  CHECK(chorus::sdk::testing::col(m, "influenced") == "a|a|b|b");
  CHECK(chorus::sdk::testing::col(m, "influencer") == "a|b|a|b");
  const chorus::Batch& mb = m.front();
  CHECK(mb.column("d").float64(2) == Approx(1.0).margin(1e-6));
  CHECK(mb.column("d").float64(3) == Approx(0.0).margin(1e-6));
  CHECK(mb.column("d").float64(0) + mb.column("d").float64(1) == Approx(1.0).epsilon(1e-12));
}
