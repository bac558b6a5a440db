// export/alerts: one JSON alert per cluster assessment, a projection of the
// STIX bundle of the same run (same ids), validated against the embedded
// schemas/alerts.schema.json and written as one JSON file and/or JSON Lines.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace chorus::export_alerts {

// The parsed `with:`; defaults live in AlertsStage::options().
struct Config {
  std::string path;        // "": no JSON file
  std::string jsonl_path;  // "": no JSON Lines file
  std::string tlp;
  std::string account_type;
  std::string timestamp;  // "": the latest clusters.last_activity
  std::string method;
  int64_t max_accounts = 0;
  bool pseudonymised = false;
};

struct AlertsStage : sdk::ConfiguredStage<Config> {
  static constexpr const char* type = "export/alerts";
  static constexpr const char* description =
      "JSON alerts, one per cluster assessment, with the STIX ids of the same findings; schema-checked, as a JSON "
      "file and JSON Lines";
  static constexpr const char* code_version = "1";
  static constexpr uint64_t flags = CHORUS_STAGE_SINK;
  static constexpr const char* ports = R"json({
  "inputs": [
    {"name": "assessments", "type": "assessments", "description": "One assessment per cluster (attribute/assess): one alert each."},
    {"name": "clusters", "type": "clusters", "description": "The clusters (detect/clusters); every assessed cluster must be here."},
    {"name": "members", "type": "cluster_members", "description": "Member accounts of the clusters."},
    {"name": "evidence", "type": "cluster_evidence", "optional": true, "description": "Per-stream evidence statistics of the clusters."},
    {"name": "techniques", "type": "assessment_techniques", "optional": true, "description": "DISARM techniques with the rule and evidence behind each."},
    {"name": "profile", "type": "cluster_profile", "optional": true, "description": "Narratives, hashtags, URLs, domains and targeting facets (detect/profile). An extra column translated_excerpt (utf8, or list<utf8>: its first item) gives each narrative a translated excerpt."},
    {"name": "summary", "type": "cluster_summary", "optional": true, "description": "Reach and activity of the clusters (detect/profile); without it an alert's reach is null."},
    {"name": "accounts", "type": "accounts", "optional": true, "description": "Accounts: author_handle of an account's first row names it (and enters its STIX id)."}
  ],
  "outputs": [
    {"name": "alerts", "type": "any", "description": "One row per alert, by cluster rank: alert_id, cluster_id, tier, admiralty (utf8) and json (the alert as one line of JSON, as in jsonl_path)."}
  ]
})json";
  static const sdk::OptionTable<Config>& options();

  std::optional<sdk::PortTypes> infer(const Config& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const Config& config, sdk::Context& ctx);
};

}  // namespace chorus::export_alerts
