// Test-only: the hand-written fixture bundles as export/stix's objects rows.
#pragma once

#include <chorus/sdk/testing.hpp>

#include <nlohmann/json.hpp>

#include <sstream>
#include <string>

#include "support/helpers.hpp"

namespace chorus::export_knowledge_graph::testing {

using namespace chorus::sdk::testing;

inline const char* kFixtures = "plugins/export/knowledge_graph/tests/fixtures/";

inline Schema objects_schema() {
  return schema({{"stix_id", "utf8"}, {"type", "utf8"}, {"name", "utf8"}, {"cluster_id", "utf8"}, {"json", "utf8"}});
}

// The rows of a fixture file (one {"name", "cluster_id", "object"} per line).
inline Batch objects_batch(const std::string& fixture) {
  std::istringstream in(chorus::testing::read_file(std::string(kFixtures) + fixture));
  std::vector<std::vector<Cell>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line);
    const auto& o = j["object"];
    auto text = [](const nlohmann::json& v) -> Cell {
      if (v.is_null()) return null;
      return v.get<std::string>();
    };
    rows.push_back(
        {o["id"].get<std::string>(), o["type"].get<std::string>(), text(j["name"]), text(j["cluster_id"]), o.dump()});
  }
  return batch(objects_schema(), rows);
}

}  // namespace chorus::export_knowledge_graph::testing
