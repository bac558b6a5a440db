// network/snapshots: any edge list folded into yearly snapshots (year,
// source, target, weight, count, first, last) for dynamic network views. The
// work is in snapshot_counter.hpp and snapshot_tables.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <chorus/sdk.hpp>

namespace chorus::network_temporal {

struct SnapshotsConfig {
  std::string weight;  // empty: the weight is the number of rows
  int64_t batch_rows;
};

struct SnapshotsStage : sdk::ConfiguredStage<SnapshotsConfig> {
  static constexpr const char* type = "network/snapshots";
  static constexpr const char* description =
      "Yearly snapshots of an edge list (year, source, target, weight, count, first, last) for dynamic network views";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
    "inputs": [{"name": "in", "type": "any", "description": "any edge list with source, target (utf8) and time (timestamp), e.g. interactions"}],
    "outputs": [{"name": "out", "type": "edges", "description": "year (UTC), source, target, weight, count (rows), first, last (time of the pair's first and last row in that year); by year, source, target"}]})json";
  static const sdk::OptionTable<SnapshotsConfig>& options();

  std::optional<sdk::PortTypes> infer(const SnapshotsConfig& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const SnapshotsConfig& config, sdk::Context& ctx);
};

}  // namespace chorus::network_temporal
