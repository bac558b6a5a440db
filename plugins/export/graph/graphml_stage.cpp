#include "graphml_stage.hpp"

namespace chorus::export_graph {

const sdk::OptionTable<GraphOptions>& GraphmlStage::options() {
  static const sdk::OptionTable<GraphOptions> table = graph_options_table();
  return table;
}

std::optional<sdk::PortTypes> GraphmlStage::infer(const GraphOptions& o, const sdk::PortTypes& inputs, sdk::Context&) {
  check_inferred(o, inputs, GraphFormat::Graphml);
  return sdk::PortTypes{};
}

void GraphmlStage::run(const GraphOptions& o, sdk::Context& ctx) {
  run_graph_export(o, ctx, GraphFormat::Graphml, type);
}

}  // namespace chorus::export_graph
