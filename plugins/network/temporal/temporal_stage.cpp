#include "temporal_stage.hpp"

#include <string>

#include "input_columns.hpp"
#include "temporal_tables.hpp"

namespace chorus::network_temporal {

const sdk::OptionTable<TemporalConfig>& TemporalStage::options() {
  static const auto table = sdk::OptionTable<TemporalConfig>();
  return table;
}

std::optional<sdk::PortTypes> TemporalStage::infer(const TemporalConfig&, const sdk::PortTypes& inputs, sdk::Context&) {
  check_input_type(inputs, "interactions", "source_state", {TypeId::Utf8}, "utf8");
  check_input_type(inputs, "interactions", "target_state", {TypeId::Utf8}, "utf8");
  check_input_type(inputs, "interactions", "time", {TypeId::Timestamp}, "a timestamp");
  return sdk::PortTypes{{"monthly", {"", monthly_schema()}}, {"peaks", {"", peaks_schema()}}};
}

void TemporalStage::run(const TemporalConfig&, sdk::Context& ctx) {
  TemporalCounter t;
  Batch in;
  int64_t rows = 0;
  ctx.select("interactions", {"source_state", "target_state", "time"});
  while (ctx.read("interactions", in)) {
    if (ctx.cancelled()) return;
    add_temporal_batch(t, in);
    ctx.progress(rows += in.rows());
  }
  if (t.bad_rows()) ctx.warn(std::to_string(t.bad_rows()) + " interactions with a null time skipped");
  if (t.unattributed())
    ctx.info(std::to_string(t.unattributed()) + " interactions without a source state (unattributed) not counted");
  TemporalOutputs o = temporal_outputs(t);
  ctx.emit("monthly", std::move(o.monthly));
  ctx.emit("peaks", std::move(o.peaks));
}

}  // namespace chorus::network_temporal
