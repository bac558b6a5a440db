// pipelines/coaction.yaml end to end on its synthetic world: the planted
// coordinated group (a leader and members posting the same hashtags and links
// within the hour, docs/synthetic-world.md) must be what the co-action
// networks find, with weights recounted here from ground_truth.json alone.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chorus/sdk/time.hpp>

#include <fstream>
#include <map>
#include <set>

#include "store/sqlite.hpp"
#include "support/helpers.hpp"

using namespace chorus;
using namespace chorus::testing;

namespace {

int64_t seconds_of(const std::string& iso) {
  int64_t s = 0;
  REQUIRE(chorus::time::parse_timestamp(iso, chorus::TimeUnit::Second, s).error == chorus::time::ParseError::None);
  return s;
}

struct Share {
  std::string account;
  int64_t time;
};

}  // namespace

TEST_CASE("coaction pipeline: the planted group is the co-hashtag network and the co-link pairs",
          "[pipelines][coaction]") {
  TempDir dir;
  const std::string pipeline = copy_shipped_pipeline(dir, "coaction");
  auto r = run_pipeline_file(pipeline);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);

  nlohmann::json truth;
  std::ifstream(dir.file("out/coaction/world/ground_truth.json")) >> truth;
  const auto& coordination = truth.at("coordination");
  std::set<std::string> group{coordination.at("leader").get<std::string>()};
  for (const auto& m : coordination.at("members")) group.insert(m.get<std::string>());
  REQUIRE(group.size() == 8);

  // Every planted entity's shares (the leader's and each member's), by type.
  std::map<std::string, std::vector<std::vector<Share>>> by_type;
  for (const auto& e : coordination.at("entities")) {
    std::vector<Share> shares{{coordination.at("leader").get<std::string>(), seconds_of(e.at("leader_time"))}};
    for (const auto& m : e.at("members")) shares.push_back({m.at("account"), seconds_of(m.at("time"))});
    by_type[e.at("type").get<std::string>()].push_back(shares);
  }
  REQUIRE(by_type["hashtag"].size() == 4);
  REQUIRE(by_type["url"].size() == 4);

  sql::Connection db(dir.file(".chorus/store.db"));

  SECTION("co-hashtag, toolkit semantics: w(A->B) = A's posts with a B post of the same tag within 3600 s") {
    std::map<std::pair<std::string, std::string>, int64_t> expected;
    for (const auto& shares : by_type["hashtag"])
      for (const auto& a : shares)
        for (const auto& b : shares)
          if (a.account != b.account && std::llabs(a.time - b.time) <= 3600) ++expected[{a.account, b.account}];
    for (auto it = expected.begin(); it != expected.end();)
      it = it->second >= 2 ? std::next(it) : expected.erase(it);  // min_weight: 2
    REQUIRE(expected.size() == 56);  // every ordered pair of the 8: they all post within the hour

    std::map<std::pair<std::string, std::string>, int64_t> found;
    size_t at_minimum = 0;
    auto st = db.prepare("SELECT source, target, weight, p_value FROM coaction__co_hashtag__edges");
    while (st.step()) {
      found[{st.str(0), st.str(1)}] = static_cast<int64_t>(st.float64(2));
      // 99 permutations of each account's hashtag times hardly ever rebuild the
      // group's hour: every edge is significant, most at the smallest p-value
      // 99 draws can give, (1 + 0) / (1 + 99).
      CHECK(st.float64(3) <= 0.05);
      at_minimum += st.float64(3) == 0.01;
    }
    CHECK(found == expected);
    CHECK(at_minimum >= found.size() * 9 / 10);
  }

  SECTION("co-link, CooRTweet semantics: weight = pairs of shares of one link within 3600 s") {
    std::map<std::pair<std::string, std::string>, int64_t> expected;
    for (const auto& shares : by_type["url"])
      for (size_t i = 0; i < shares.size(); ++i)
        for (size_t j = i + 1; j < shares.size(); ++j)
          if (std::llabs(shares[i].time - shares[j].time) <= 3600) {
            auto key = std::minmax(shares[i].account, shares[j].account);
            ++expected[{key.first, key.second}];
          }
    std::map<std::pair<std::string, std::string>, int64_t> group_edges;
    auto st = db.prepare("SELECT source, target, weight FROM coaction__co_link__edges");
    while (st.step())
      if (group.count(st.str(0)) && group.count(st.str(1)))
        group_edges[{st.str(0), st.str(1)}] = static_cast<int64_t>(st.float64(2));
    CHECK(group_edges == expected);
    CHECK(group_edges.size() == 28);  // every pair of the 8
  }

  SECTION("communities of the co-hashtag network: the group, all of state XB") {
    auto st = db.prepare("SELECT size, dominant_class, dominant_share FROM coaction__communities__communities");
    REQUIRE(st.step());
    CHECK(st.int64(0) == 8);
    CHECK(st.str(1) == coordination.at("state").get<std::string>());
    CHECK(st.float64(2) == 1.0);
    CHECK_FALSE(st.step());
    std::set<std::string> members;
    auto m = db.prepare("SELECT node FROM coaction__communities__membership");
    while (m.step()) members.insert(m.str(0));
    CHECK(members == group);
  }
}
