// Helpers shared by the tests of coordination/influence: posts batches,
// times, the edges as a map, a seeded generator, the option table's
// defaults, the golden data beside the repository and this plugin's fixtures.
#pragma once

#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>
#include <chorus/sdk/time.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "influence_stage.hpp"

namespace influence_test {

namespace ci = chorus::coordination_influence;
using Json = nlohmann::json;

// The stage's defaults, from its option table.
inline ci::Config defaults() { return ci::InfluenceStage::options().parse(Json::object()); }

inline std::string golden_dir() {
  return std::string(CHORUS_TEST_SOURCE_DIR) + "/../shared/data/influence_model_golden";
}
inline bool have_golden() { return std::filesystem::exists(golden_dir() + "/coordination_toy_golden.json"); }
inline Json load_golden(const std::string& name) {
  std::ifstream in(golden_dir() + "/" + name);
  return Json::parse(in);
}
inline Json load_fixture(const std::string& name) {
  std::ifstream in(std::string(CHORUS_TEST_SOURCE_DIR) + "/plugins/coordination/influence/tests/fixtures/" + name);
  return Json::parse(in);
}

inline chorus::Schema posts_schema() {
  return chorus::sdk::testing::schema({{"author_id", "utf8"},
                                       {"created_at", "timestamp[ms]"},
                                       {"state", "utf8"},
                                       {"hashtags_folded", "list<utf8>"},
                                       {"urls_normalized", "list<utf8>"},
                                       {"mentions", "list<utf8>"}});
}
inline int64_t ms(const std::string& iso) {
  int64_t v = 0;
  REQUIRE(chorus::time::parse_timestamp(iso, chorus::TimeUnit::Milli, v));
  return v;
}

// Posts [author, ISO time, "#hashtag"] as a posts batch (hashtags without '#').
inline chorus::Batch hashtag_posts(const Json& posts) {
  std::vector<std::vector<chorus::sdk::testing::Cell>> rows;
  for (const auto& p : posts) {
    std::string tag = p[2].get<std::string>().substr(1);
    rows.push_back({p[0].get<std::string>(), ms(p[1].get<std::string>()), chorus::sdk::testing::null,
                    chorus::sdk::testing::StrList{tag}, chorus::sdk::testing::StrList{},
                    chorus::sdk::testing::StrList{}});
  }
  return chorus::sdk::testing::batch(posts_schema(), rows);
}

struct EdgeRow {
  std::string type;
  double weight, d_mean;
  int64_t coused, lag1;
};
// "entity_type:source->target" -> the edge row.
inline std::map<std::string, EdgeRow> edge_rows(const std::vector<chorus::Batch>& batches) {
  std::map<std::string, EdgeRow> out;
  for (const auto& b : batches)
    for (int64_t r = 0; r < b.rows(); ++r)
      out[std::string(b.column("entity_type").str(r)) + ":" + std::string(b.column("source").str(r)) + "->" +
          std::string(b.column("target").str(r))] = {
          std::string(b.column("entity_type").str(r)), b.column("weight").float64(r), b.column("d_mean").float64(r),
          b.column("coused_entities").int64(r), b.column("lag1_events").int64(r)};
  return out;
}

// splitmix64 for the tests' own random data.
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double real() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
};

}  // namespace influence_test
