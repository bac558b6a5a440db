#include "snapshots_stage.hpp"

#include <vector>

#include "input_columns.hpp"
#include "snapshot_tables.hpp"

namespace chorus::network_temporal {

const sdk::OptionTable<SnapshotsConfig>& SnapshotsStage::options() {
  using C = SnapshotsConfig;
  static const auto table =
      sdk::OptionTable<C>()
          .string("weight", &C::weight,
                  "numeric column (int64 or float64) whose sum is the snapshot weight; default: none, the weight is "
                  "the number of rows (null weights count 0 and are reported)")
          .optional()
          .min_length(1)
          .integer("batch_rows", &C::batch_rows, 65536, "maximum rows per emitted batch")
          .at_least(1);
  return table;
}

std::optional<sdk::PortTypes> SnapshotsStage::infer(const SnapshotsConfig& config, const sdk::PortTypes& inputs,
                                                    sdk::Context&) {
  check_input_type(inputs, "in", "source", {TypeId::Utf8}, "utf8");
  check_input_type(inputs, "in", "target", {TypeId::Utf8}, "utf8");
  check_input_type(inputs, "in", "time", {TypeId::Timestamp}, "a timestamp");
  if (!config.weight.empty())
    check_input_type(inputs, "in", config.weight, {TypeId::Int64, TypeId::Float64}, "int64 or float64", "with.weight");
  return sdk::PortTypes{{"out", {"edges", snapshots_schema()}}};
}

void SnapshotsStage::run(const SnapshotsConfig& config, sdk::Context& ctx) {
  SnapshotCounter s;
  Batch in;
  int64_t rows = 0, skipped = 0, null_weights = 0;
  std::vector<std::string> columns{"source", "target", "time"};
  if (!config.weight.empty()) columns.push_back(config.weight);
  ctx.select("in", columns);
  while (ctx.read("in", in)) {
    if (ctx.cancelled()) return;
    skipped += add_snapshot_batch(s, in, config.weight, null_weights);
    ctx.progress(rows += in.rows());
  }
  if (skipped) ctx.warn(std::to_string(skipped) + " rows with a null source, target or time skipped");
  if (null_weights)
    ctx.warn(std::to_string(null_weights) + " rows with a null '" + config.weight + "' counted as weight 0");
  write_snapshots(s, config.batch_rows, [&](Batch&& b) { ctx.emit("out", std::move(b)); });
}

}  // namespace chorus::network_temporal
