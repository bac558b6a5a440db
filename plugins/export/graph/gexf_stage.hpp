// export/gexf: an edge table (and optionally a node table) as GEXF 1.3 for
// Gephi, static or dynamic (time spells). Definitions: docs/methods.md.
#pragma once

#include <chorus/sdk.hpp>

#include "graph_export.hpp"
#include "graph_options.hpp"

namespace chorus::export_graph {

struct GexfStage : sdk::ConfiguredStage<GraphOptions> {
  static constexpr const char* type = "export/gexf";
  static constexpr const char* description =
      "Writes an edge table (and optional node table) as GEXF 1.3 for Gephi, static or dynamic (time spells)";
  static constexpr const char* code_version = "1";
  static constexpr uint64_t flags = CHORUS_STAGE_SINK;
  static constexpr const char* ports = kGraphPorts;
  // The options of graph_options_table(), then weight, label, time, time_end.
  static const sdk::OptionTable<GraphOptions>& options();

  std::optional<sdk::PortTypes> infer(const GraphOptions& o, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const GraphOptions& o, sdk::Context& ctx);
};

}  // namespace chorus::export_graph
