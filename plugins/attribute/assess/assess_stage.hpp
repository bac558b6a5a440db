// attribute/assess: one graded assessment per cluster: Admiralty source
// reliability and information credibility, the STIX confidence they give,
// DISARM techniques, a response tier and, only where the data or a rule
// carries it, a state attribution. docs/methods.md defines every rule.
#pragma once

#include <chorus/sdk.hpp>

#include <optional>

#include "assess_config.hpp"

namespace chorus::attribute_assess {

struct AssessStage : sdk::ConfiguredStage<Config> {
  static constexpr const char* type = "attribute/assess";
  static constexpr const char* description =
      "One graded assessment per cluster: Admiralty code, STIX confidence, DISARM techniques, response tier and "
      "attribution, each with the rule that gave it.";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
  "inputs": [
    {"name": "clusters", "type": "clusters", "description": "Clusters of detect/clusters: cluster_id, rank, size, independent_streams."},
    {"name": "evidence", "type": "cluster_evidence", "description": "Evidence streams per cluster (detect/clusters): stream, edges, density, median_active_days, min_q."},
    {"name": "summary", "type": "cluster_summary", "optional": true, "description": "Reach and velocity per cluster (detect/profile): reach, peak_day_posts. Without it the tier rules see them as unknown."},
    {"name": "profile", "type": "cluster_profile", "optional": true, "description": "Facets per cluster (detect/profile): source (reliability), state (attribution from data), hashtag, domain, url (attribution rules, follow trains), created (bulk-created accounts)."}
  ],
  "outputs": [
    {"name": "assessments", "type": "assessments", "description": "One row per cluster, by cluster rank; reliability_rationale added at the end."},
    {"name": "techniques", "type": "assessment_techniques", "description": "One row per (cluster, DISARM technique), by cluster rank then technique id."}
  ]
})json";
  static const sdk::OptionTable<Config>& options();

  std::optional<sdk::PortTypes> infer(const Config& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const Config& config, sdk::Context& ctx);
};

}  // namespace chorus::attribute_assess
