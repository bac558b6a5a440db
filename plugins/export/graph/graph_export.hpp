// What export/graphml and export/gexf share as stages: their ports, reading
// the inputs, checking the configured columns in infer, and the run itself
// (model, writer, atomic file, warnings).
#pragma once

#include <chorus/sdk.hpp>

#include "graph_options.hpp"

namespace chorus::export_graph {

inline constexpr const char* kGraphPorts = R"json({
  "inputs": [
    {"name": "edges", "type": "any", "description": "One row per edge: a source and a target column (names configurable) and any other columns, which become edge attributes (e.g. interactions, edges)."},
    {"name": "nodes", "type": "any", "optional": true, "description": "One row per node, keyed by the node_id column (e.g. accounts or roles: account, state, role); its other columns become node attributes. Nodes that appear only in edges are added without attributes."}
  ],
  "outputs": []
})json";

enum class GraphFormat { Graphml, Gexf };

// infer: the configured columns against the input types, when known.
void check_inferred(const GraphOptions& o, const sdk::PortTypes& inputs, GraphFormat format);

// run: reads both inputs, builds the model and writes the file atomically;
// `stage` (the stage type) prefixes the warnings.
void run_graph_export(const GraphOptions& o, sdk::Context& ctx, GraphFormat format, const char* stage);

}  // namespace chorus::export_graph
