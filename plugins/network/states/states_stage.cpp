#include "states_stage.hpp"

#include <stdexcept>
#include <string>

#include "state_tables.hpp"

namespace chorus::network_states {

const sdk::OptionTable<StatesConfig>& StatesStage::options() {
  static const auto table = sdk::OptionTable<StatesConfig>().boolean(
      "include_intra", &StatesConfig::include_intra, false,
      "also write each state's intra-state interactions as a loop row (scope intra) on the edges port; loops never "
      "enter reciprocity or centralization");
  return table;
}

std::optional<sdk::PortTypes> StatesStage::infer(const StatesConfig&, const sdk::PortTypes& inputs, sdk::Context&) {
  auto check = [&](const char* port, std::initializer_list<const char*> names) {
    auto it = inputs.find(port);
    if (it == inputs.end() || it->second.columns.empty()) return;
    for (const char* n : names) {
      bool found = false;
      for (const auto& f : it->second.columns)
        if (f.name == n) {
          found = true;
          if (f.type.id != TypeId::Utf8)
            throw std::invalid_argument(std::string("input '") + port + "': column '" + n + "' is " + f.type.name() +
                                        ", expected utf8");
        }
      if (!found) throw std::invalid_argument(std::string("input '") + port + "': no column '" + n + "'");
    }
  };
  check("interactions", {"source_state", "target_state"});
  check("isolates", {"state"});
  return sdk::PortTypes{{"edges", {"edges", state_edges_schema()}},
                        {"states", {"", state_table_schema()}},
                        {"network", {"", network_row_schema()}}};
}

void StatesStage::run(const StatesConfig& config, sdk::Context& ctx) {
  StateNetwork net;
  Batch in;
  int64_t rows = 0;
  ctx.select("interactions", {"source_state", "target_state"});
  ctx.select("isolates", {"state"});
  while (ctx.read("interactions", in)) {
    if (ctx.cancelled()) return;
    add_interaction_batch(net, in);
    ctx.progress(rows += in.rows());
  }
  while (ctx.read("isolates", in)) add_isolate_batch(net, in);
  StateOutputs o = state_outputs(net, config.include_intra);
  ctx.emit("edges", std::move(o.edges));
  ctx.emit("states", std::move(o.states));
  ctx.emit("network", std::move(o.network));
}

}  // namespace chorus::network_states
