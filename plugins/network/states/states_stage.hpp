// network/states: interaction edges (and isolated posts) in, the state-level
// network out: per-state flows, weighted reciprocity and centralization.
// The work is in state_network.hpp and state_tables.hpp.
#pragma once

#include <optional>

#include <chorus/sdk.hpp>

namespace chorus::network_states {

struct StatesConfig {
  bool include_intra;
};

struct StatesStage : sdk::ConfiguredStage<StatesConfig> {
  static constexpr const char* type = "network/states";
  static constexpr const char* description =
      "State-level weighted directed network of interactions: per-state flows, weighted reciprocity, centralization";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
    "inputs": [
      {"name": "interactions", "type": "any", "description": "interaction edges with source_state and target_state (network/interactions)"},
      {"name": "isolates", "type": "any", "optional": true, "description": "isolated posts with a state column (network/interactions' isolates)"}],
    "outputs": [
      {"name": "edges", "type": "edges", "description": "inter-state edges: source, target (states), weight = interactions, count, reverse (w_ji), reciprocated = min(w_ij, w_ji), pair_reciprocity, share of all inter-state weight, scope; by (source, target)"},
      {"name": "states", "type": "any", "description": "one row per state (byte order): inter_out, inter_in, intra, external, unattributed_in, isolates, shares of inter-state flow, strengths, reciprocated strength, reciprocity (total, out, in), degrees"},
      {"name": "network", "type": "any", "description": "one row: states, edges, weights, global weighted and binary reciprocity, Freeman in/out degree and strength centralization, totals"}]})json";
  static const sdk::OptionTable<StatesConfig>& options();

  std::optional<sdk::PortTypes> infer(const StatesConfig& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const StatesConfig& config, sdk::Context& ctx);
};

}  // namespace chorus::network_states
