// stats/engagement: per state, do posts with inter-state interactions get
// more engagement (likes, shares, replies) than posts with intra-state ones?
// Welch's t-test, Cohen's d, Benjamini-Hochberg over the table, and an
// a-priori power analysis that leaves out states with too few posts. A second
// table compares inter-state posts with a seeded sample of external posts of
// the same size by Student's t-test. Definitions: docs/methods.md.
#pragma once

#include <chorus/sdk.hpp>

#include <optional>

#include "analysis.hpp"

namespace chorus::stats_engagement {

struct EngagementStage : sdk::ConfiguredStage<Config> {
  static constexpr const char* type = "stats/engagement";
  static constexpr const char* description =
      "Per state, engagement of inter- vs intra-state posts (Welch t, Cohen's d, BH FDR, power analysis)";
  static constexpr const char* code_version =
      "2";  // 2: the external sample draws with sdk::SplitMix64::below (another sample)
  static constexpr const char* ports = R"({
  "inputs": [
    {"name": "interactions", "type": "interactions", "description": "Interaction edges (network/interactions): post_id, type, scope, source_state and the metric columns."}
  ],
  "outputs": [
    {"name": "engagement", "type": "any", "description": "Inter vs intra posts per state and metric: state, metric, n_inter, n_intra, mean_inter, mean_intra, t, df, p, p_fdr, d, effect, sd_inter, sd_intra (Welch)."},
    {"name": "external", "type": "any", "description": "Inter posts vs an equal-size seeded sample of external posts: state, metric, n_inter, n_external, mean_inter, mean_external, t, df, p, p_fdr, d, effect, sd_inter, sd_external (Student); empty when with.external is false."},
    {"name": "excluded", "type": "any", "description": "Tests left out: comparison (intra/external), state, metric (null: every metric), n_inter, n_other, min_n, reason."},
    {"name": "counts", "type": "any", "description": "Posts per state, scope (inter/intra/external) and metric, with the null values left out of the tests."}
  ]
})";
  static const sdk::OptionTable<Config>& options();

  std::optional<sdk::PortTypes> infer(const Config& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const Config& config, sdk::Context& ctx);
};

}  // namespace chorus::stats_engagement
