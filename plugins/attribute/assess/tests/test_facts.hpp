// Hand-made clusters for the tests of attribute/assess.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "assess_config.hpp"
#include "assess_stage.hpp"
#include "cluster_facts.hpp"

namespace chorus::attribute_assess::test {

inline StreamEvidence evidence(std::string stream, int64_t edges, std::optional<double> density,
                               std::optional<double> median_days, std::optional<double> min_q) {
  StreamEvidence e;
  e.stream = std::move(stream);
  e.edges = edges;
  e.density = density;
  e.median_active_days = median_days;
  e.min_q = min_q;
  return e;
}

// Strong under the default thresholds (density 0.1, 3 edges, q 0.01 or 2 days).
inline StreamEvidence strong(const std::string& stream) { return evidence(stream, 20, 0.5, 4.0, 0.001); }
// Weak: dense, but neither a small q nor repetition over days.
inline StreamEvidence weak(const std::string& stream) { return evidence(stream, 20, 0.5, 1.0, 0.2); }

inline ClusterFacts cluster(std::vector<StreamEvidence> ev, std::optional<int64_t> independent = std::nullopt,
                            int64_t size = 10) {
  ClusterFacts c;
  c.id = "C-test";
  c.rank = 1;
  c.size = size;
  c.evidence = std::move(ev);
  c.independent_streams = independent ? independent : std::optional<int64_t>(int64_t(c.evidence.size()));
  return c;
}

inline void add_facet(ClusterFacts& c, const std::string& facet, const std::string& value, int64_t count,
                      double share) {
  auto& rows = c.facets[facet];
  rows.push_back({static_cast<int64_t>(rows.size()) + 1, value, count, share});
}

// The config a pipeline gets from `with:` (defaults filled in).
inline Config config(const nlohmann::json& with = nlohmann::json::object()) {
  return AssessStage::options().parse(with);
}

}  // namespace chorus::attribute_assess::test
