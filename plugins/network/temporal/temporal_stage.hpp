// network/temporal: monthly interaction counts per state and scope, and each
// state's inter- vs intra-state timing (first times, peak months, lags). The
// work is in temporal_counter.hpp and temporal_tables.hpp.
#pragma once

#include <optional>

#include <chorus/sdk.hpp>

namespace chorus::network_temporal {

// network/temporal takes no option.
struct TemporalConfig {};

struct TemporalStage : sdk::ConfiguredStage<TemporalConfig> {
  static constexpr const char* type = "network/temporal";
  static constexpr const char* description =
      "Monthly interaction counts per state and scope; peak months and the lag of inter- vs intra-state activity";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
    "inputs": [
      {"name": "interactions", "type": "any", "description": "interaction edges with source_state, target_state (utf8) and time (timestamp) (network/interactions)"}],
    "outputs": [
      {"name": "monthly", "type": "any", "description": "state, scope (external, inter, inter_in, intra), month YYYY-MM (UTC), count, cumulative; every month from the series' first to its last; by state, scope, month"},
      {"name": "peaks", "type": "any", "description": "per sending state: edges per scope, first intra/inter time, lag_days, peak months (earliest on ties) and counts, peak_distance_months (inter - intra) and its class"}]})json";
  static const sdk::OptionTable<TemporalConfig>& options();

  std::optional<sdk::PortTypes> infer(const TemporalConfig& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const TemporalConfig& config, sdk::Context& ctx);
};

}  // namespace chorus::network_temporal
