// detect/clusters after coordination/coaction (its built library, as the host
// loads it): a retweet ring that co-retweets within seconds on four days,
// hidden among 50 organic accounts that all retweet one viral post within a
// minute and otherwise retweet at random. The ring is the only cluster.
#include <catch2/catch.hpp>

#include <chorus/sdk/random.hpp>
#include <chorus/sdk/testing.hpp>

#include <string>
#include <vector>

#include "support/plugin_stage.hpp"
#include "support/skip.hpp"
#include "test_helpers.hpp"

using namespace clusters_test;

namespace {

constexpr int64_t kDay = 86400000, kHour = 3600000;

Batch world_posts() {
  auto s = sdkt::schema({{"post_id", "utf8"},
                         {"author_id", "utf8"},
                         {"created_at", "timestamp[ms]"},
                         {"interaction_type", "utf8"},
                         {"target_post_id", "utf8"}});
  std::vector<std::vector<sdkt::Cell>> rows;
  int id = 0;
  auto rt = [&](const std::string& who, int64_t t, const std::string& target) {
    rows.push_back({std::to_string(++id), who, t, std::string("share"), target});
  };
  // The ring: six accounts retweet that day's ring post 3 s apart, at 14:00 on days 0-3.
  for (int d = 0; d < 4; ++d)
    for (int k = 0; k < 6; ++k)
      rt("ring" + std::to_string(k + 1), d * kDay + 14 * kHour + k * 3000, "ringpost" + std::to_string(d));
  // The live event: 50 organic accounts (and the ring) retweet the viral post within a minute on day 1.
  for (int i = 0; i < 50; ++i) rt("org" + std::to_string(i + 1), kDay + 20 * kHour + i * 1000, "viral");
  for (int k = 0; k < 6; ++k) rt("ring" + std::to_string(k + 1), kDay + 20 * kHour + 500 + k * 7000, "viral");
  // Background: each organic account retweets 6 of 300 posts at random times over 4 days.
  chorus::sdk::SplitMix64 rng{11};
  for (int i = 0; i < 50; ++i)
    for (int j = 0; j < 6; ++j)
      rt("org" + std::to_string(i + 1), static_cast<int64_t>(rng.below(4 * kDay)),
         "p" + std::to_string(rng.below(300)));
  return sdkt::batch(s, rows);
}

}  // namespace

TEST_CASE("detect/clusters: after coordination/coaction the retweet ring is the only cluster", "[detect.clusters]") {
  const chorus_stage_api* coaction =
      chorus::testing::built_plugin_stage("libchorus_coordination_coaction.so", "coordination/coaction");
  if (!coaction) CHORUS_SKIP("libchorus_coordination_coaction.so is not built (CHORUS_PLUGINS)");
  for (int permutations : {0, 499}) {
    sdkt::FakeHost co;
    co.inputs["posts"] = {world_posts()};
    co.input_types["posts"] = {"posts", co.inputs["posts"][0].schema()};
    Json cfg = {{"kind", "co_retweet"},
                {"window", 60},
                {"permutations", permutations},
                {"null_model", "account_times"},
                {"seed", 3}};
    REQUIRE(co.run(coaction, cfg) == 0);
    REQUIRE(sdkt::total_rows(co.outputs["edges"]) > 2000);  // every organic pair of the live event
    sdkt::FakeHost host;
    host.inputs["co_retweet"] = co.outputs["edges"];
    host.input_types["co_retweet"] = {"edges", co.outputs["edges"].at(0).schema()};
    host.inputs["posts"] = {world_posts()};
    host.input_types["posts"] = {"posts", host.inputs["posts"][0].schema()};
    REQUIRE(host.run<ClustersStage>(Json::object()) == 0);
    INFO("permutations " << permutations);
    CHECK(groups_text(host) == "ring1,ring2,ring3,ring4,ring5,ring6");
    CHECK(sdkt::col(host.outputs["clusters"], "posts") == "30");
    CHECK(sdkt::col(host.outputs["clusters"], "first_activity") == std::to_string(14 * kHour));
    CHECK(sdkt::col(host.outputs["evidence"], "median_active_days") == "4");
    CHECK(sdkt::col(host.outputs["clusters"], "density") == "1");
    // The live event's organic pairs fall to repetition (one day), whatever their p-values.
    CHECK(std::stoll(summary(host, "dropped_days")) + std::stoll(summary(host, "dropped_weight")) > 2000);
    const auto& ev = host.outputs["evidence"].at(0);
    if (permutations == 0) {
      CHECK(ev.column("min_q").is_null(0));
    } else {
      REQUIRE_FALSE(ev.column("median_q").is_null(0));
      CHECK(ev.column("median_q").float64(0) <= 0.05);
    }
  }
}
