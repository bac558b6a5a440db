// table/aggregate: group rows by key columns and compute SQL aggregates
// (count, count_distinct, sum, min, max, mean). The work is the Aggregator's
// (aggregator.hpp); the stage reads the input and emits the sorted groups.
#pragma once

#include <chorus/sdk.hpp>

#include "aggregator.hpp"

namespace chorus::table_aggregate {

struct AggregateStage : sdk::ConfiguredStage<Config> {
  static constexpr const char* type = "table/aggregate";
  static constexpr const char* description =
      "Groups rows by key columns and computes count, count_distinct, sum, min, max and mean.";
  // 2: without group_by, an input without any batch gives its one row also
  // for sum, min and max (was no row).
  static constexpr const char* code_version = "2";
  static constexpr const char* ports = R"json({
  "inputs": [{"name": "in", "type": "any", "description": "Rows to aggregate."}],
  "outputs": [{"name": "out", "type": "any", "description": "One row per group: the group_by columns then the aggregates, sorted by the group key (nulls first); no dataset type name."}]
})json";
  static const sdk::OptionTable<Config>& options();

  // Rows per emitted batch when there are many groups.
  static constexpr int64_t kOutputBatchRows = 65536;

  std::optional<sdk::PortTypes> infer(const Config& cfg, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const Config& cfg, sdk::Context& ctx);
};

}  // namespace chorus::table_aggregate
