// export/stix: the findings of a run (clusters, their assessments, members,
// evidence, profile, techniques, accounts) as one STIX 2.1 bundle that
// OpenCTI and MISP import, following stix.md section 2. The stage checks its
// own bundle with the extra rules (stix_rules) and the importer lint
// (stix_lint) and fails rather than write a bundle that breaks them.
#pragma once

#include <chorus/sdk.hpp>

#include "stix_options.hpp"

namespace chorus::export_stix {

struct StixStage : sdk::ConfiguredStage<Config> {
  static constexpr const char* type = "export/stix";
  static constexpr const char* description =
      "Writes the findings as one STIX 2.1 bundle (TLP 2.0 markings, report/grouping, campaign, infrastructure of "
      "user-accounts, attribution, DISARM attack-patterns, indicators, evidence notes, response tier), checked "
      "against the STIX rules the schemas miss and an importer lint";
  static constexpr const char* code_version = "1";
  static constexpr uint64_t flags = CHORUS_STAGE_SINK;
  static constexpr const char* ports = R"json({
  "inputs": [
    {"name": "assessments", "type": "assessments", "description": "One assessment per cluster (attribute/assess): Admiralty code, confidence, tier, attribution, reviewed, techniques. Clusters without one are not exported (counted in the log)."},
    {"name": "clusters", "type": "clusters", "description": "The clusters (detect/clusters): size, coordination score, streams, activity window."},
    {"name": "members", "type": "cluster_members", "description": "Member accounts with their membership strength (the consists-of confidence)."},
    {"name": "evidence", "type": "cluster_evidence", "optional": true, "description": "Per-stream statistics, written into the coordination-evidence note."},
    {"name": "techniques", "type": "assessment_techniques", "optional": true, "description": "Technique names, tactics, rules and evidence (attack-pattern names and the uses relationships' descriptions)."},
    {"name": "summary", "type": "cluster_summary", "optional": true, "description": "Reach and activity per cluster (the evidence note; posts and the activity window when clusters has none)."},
    {"name": "profile", "type": "cluster_profile", "optional": true, "description": "Facets hashtag, domain, url (indicators and observables) and narrative (notes with excerpts); other facets are not read."},
    {"name": "accounts", "type": "accounts", "optional": true, "description": "Handles, display names and creation times of the member accounts (the first row of each author_id)."}
  ],
  "outputs": [
    {"name": "objects", "type": "any", "description": "One row per bundle object in bundle order: stix_id, type, name, cluster_id (the one finding it belongs to, null when shared), json (the object as serialized in the bundle, one line)."}
  ]
})json";
  static const sdk::OptionTable<Config>& options() { return config_options(); }

  std::optional<sdk::PortTypes> infer(const Config& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void fingerprint(const Config& config, sdk::Context& ctx);
  void run(const Config& config, sdk::Context& ctx);
};

// The columns of the objects port.
Schema objects_schema();

}  // namespace chorus::export_stix
