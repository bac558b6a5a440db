// pipelines/influence.yaml end to end on its synthetic world: the planted
// leader and followers (ground_truth.json) must top the influence ranking,
// and the output files must carry the columns the output contract names.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>

#include "store/sqlite.hpp"
#include "support/helpers.hpp"

using namespace chorus;
using namespace chorus::testing;

TEST_CASE("influence pipeline: the planted leader ranks first and its followers fill the top",
          "[pipelines][influence]") {
  TempDir dir;
  const std::string pipeline = copy_shipped_pipeline(dir, "influence");
  auto r = run_pipeline_file(pipeline);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);

  nlohmann::json truth;
  std::ifstream(dir.file("out/influence/world/ground_truth.json")) >> truth;
  const std::string leader = truth.at("coordination").at("leader");
  std::set<std::string> group{leader};
  for (const auto& m : truth.at("coordination").at("members")) group.insert(m.get<std::string>());

  CHECK(csv_header(dir.file("out/influence/coordination_edges.csv")) ==
        std::vector<std::string>{"source", "target", "entity_type", "weight", "coused_entities", "lag1_events"});
  CHECK(csv_header(dir.file("out/influence/influence_scores.csv")) ==
        std::vector<std::string>{"account", "class", "out_weight", "in_weight", "rank"});

  sql::Connection db(dir.file(".chorus/store.db"));
  {
    auto st = db.prepare("SELECT account FROM influence__influence__scores WHERE rank = 1");
    REQUIRE(st.step());
    CHECK(st.str(0) == leader);
  }
  {
    // Ranked by total coordination (exerted + received): precision at k = group size.
    auto st = db.prepare("SELECT account FROM influence__influence__scores ORDER BY total DESC, account LIMIT ?");
    st.bind(1, static_cast<int64_t>(group.size()));
    size_t hits = 0;
    while (st.step()) hits += group.count(st.str(0));
    CHECK(static_cast<double>(hits) / static_cast<double>(group.size()) >= 0.9);
  }
  {
    // Unaffiliated accounts never interact with the campaigns: no averaged edge crosses the classes.
    auto st = db.prepare(
        "SELECT count(*) FROM influence__influence__edges e "
        "JOIN influence__influence__scores s ON s.account = e.source "
        "JOIN influence__influence__scores t ON t.account = e.target "
        "WHERE e.entity_type = 'average' AND s.class != t.class");
    REQUIRE(st.step());
    CHECK(st.int64(0) == 0);
  }
  {
    // The averaged network's edge weight is 1 - d_mean, inside (0, 1].
    auto st = db.prepare(
        "SELECT count(*) FROM influence__influence__edges WHERE abs(weight - (1 - d_mean)) > 1e-12 "
        "OR weight <= 0 OR weight > 1");
    REQUIRE(st.step());
    CHECK(st.int64(0) == 0);
  }
}
