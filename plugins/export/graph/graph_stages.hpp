// The export/graphml and export/gexf stages: an edge table (and optionally a
// node table) as a network file for Gephi, networkx, igraph, yEd. Header-only
// so the tests drive them directly; plugin.cpp only adds the descriptor.
// Definitions and decisions: docs/methods.md.
#pragma once

#include <chorus/sdk.hpp>

#include <string>
#include <vector>

#include "../common/atomic_file.hpp"
#include "gexf_writer.hpp"
#include "graph_model.hpp"
#include "graphml_writer.hpp"

namespace chorus::export_graph {

inline constexpr const char* kGraphPorts = R"json({
  "inputs": [
    {"name": "edges", "type": "any", "description": "One row per edge: a source and a target column (names configurable) and any other columns, which become edge attributes (e.g. interactions, edges)."},
    {"name": "nodes", "type": "any", "optional": true, "description": "One row per node, keyed by the node_id column (e.g. accounts or roles: account, state, role); its other columns become node attributes. Nodes that appear only in edges are added without attributes."}
  ],
  "outputs": []
})json";

struct GraphInputs {
  Schema edge_schema;
  std::vector<Batch> edges;
  std::optional<Schema> node_schema;
  std::vector<Batch> nodes;
};

inline GraphInputs read_graph_inputs(sdk::Context& ctx) {
  GraphInputs in;
  Batch b;
  while (ctx.read("edges", b)) {
    in.edges.push_back(std::move(b));
    if (ctx.cancelled()) throw std::runtime_error("cancelled");
  }
  while (ctx.read("nodes", b)) in.nodes.push_back(std::move(b));
  if (!in.edges.empty()) in.edge_schema = in.edges.front().schema();
  else if (auto t = ctx.input_type("edges")) in.edge_schema = t->columns;
  if (!in.nodes.empty()) in.node_schema = in.nodes.front().schema();
  else if (auto t = ctx.input_type("nodes")) in.node_schema = t->columns;
  return in;
}

// GEXF nodes have a native label: the 'label' column when configured, else a
// nodes column named "label" if there is one (an attribute titled "label"
// would clash with it in Gephi and networkx), else none (the id is the label).
inline std::string gexf_label_column(const GraphOptions& o, const Schema* nodes) {
  if (!o.label.empty() || !nodes) return o.label;
  for (const auto& f : *nodes)
    if (f.name == "label" && f.name != o.node_id) return f.name;
  return "";
}

inline void check_inferred(const GraphOptions& o, const sdk::PortTypes& inputs, bool gexf) {
  auto e = inputs.find("edges");
  if (e == inputs.end() || e->second.columns.empty()) return;  // not known yet
  auto n = inputs.find("nodes");
  const Schema* nodes = n != inputs.end() && !n->second.columns.empty() ? &n->second.columns : nullptr;
  check_columns(o, e->second.columns, nodes);
  if (gexf) weight_attribute(output_edge_attributes(o, e->second.columns), o);
}

inline void report(sdk::Context& ctx, const char* stage, const GraphModel& g, const WriteStats& st) {
  const std::string s = std::string(stage) + ": ";
  if (g.edges_without_endpoint)
    ctx.warn(s + std::to_string(g.edges_without_endpoint) + " edge row(s) with a null source or target were skipped");
  if (g.nodes_without_id)
    ctx.warn(s + std::to_string(g.nodes_without_id) + " node row(s) with a null id were skipped");
  if (g.duplicate_node_rows)
    ctx.warn(s + std::to_string(g.duplicate_node_rows) +
             " node row(s) repeat an id seen before; the first row of each id gives its attributes");
  if (g.edges_without_time)
    ctx.warn(s + std::to_string(g.edges_without_time) +
             " edge(s) have no time and are written without a spell (present throughout)");
  if (st.edges_without_weight)
    ctx.warn(s + std::to_string(st.edges_without_weight) + " edge(s) have a null weight and no weight attribute");
  if (st.replaced_chars)
    ctx.warn(s + std::to_string(st.replaced_chars) +
             " character(s) XML 1.0 cannot hold (control characters, invalid UTF-8) were written as U+FFFD");
  if (st.ambiguous_list_items)
    ctx.warn(s + std::to_string(st.ambiguous_list_items) + " list item(s) contain the list_separator");
  ctx.info(s + std::to_string(g.node_ids.size()) + " node(s), " + std::to_string(g.edges.size()) + " edge(s) from " +
           std::to_string(g.input_edge_rows) + " edge row(s)");
}

template <bool Gexf>
void run_graph_export(const sdk::Json& config, sdk::Context& ctx, const char* stage) {
  GraphOptions o = parse_graph_options(config, Gexf);
  GraphInputs in = read_graph_inputs(ctx);
  if (in.edge_schema.empty())
    throw std::runtime_error(std::string(stage) + ": the columns of input 'edges' are unknown (no batch and no type)");
  const Schema* node_schema = in.node_schema ? &*in.node_schema : nullptr;
  if (Gexf) o.label = gexf_label_column(o, node_schema);
  GraphModel g = build_graph(o, in.edge_schema, std::move(in.edges), node_schema, std::move(in.nodes));
  ctx.progress(g.input_edge_rows);
  if (ctx.cancelled()) throw std::runtime_error("cancelled");
  export_common::AtomicFile file(ctx.resolve_path(o.path));
  WriteStats st;
  if constexpr (Gexf) write_gexf(g, o, node_schema, file, st);
  else write_graphml(g, o, file, st);
  file.commit();
  report(ctx, stage, g, st);
}

struct ExportGraphml : sdk::Stage {
  static constexpr const char* type = "export/graphml";
  static constexpr const char* description =
      "Writes an edge table (and optional node table) as GraphML with typed node and edge attributes";
  static constexpr const char* code_version = "1";
  static constexpr uint64_t flags = CHORUS_STAGE_SINK;
  // The properties up to "aggregate" are the same in export/gexf.
  static constexpr const char* config_schema = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "export/graphml",
  "description": "Writes a GraphML file: nodes sorted by id, edges by (source, target) then input order; every non-id column is an attribute typed long (int64), double (float64), boolean (bool) or string (utf8; timestamp as ISO 8601 UTC; list<utf8> joined). Nulls are absent attributes.",
  "type": "object",
  "properties": {
    "path": {"type": "string", "minLength": 1, "description": "Output file; relative to the pipeline file's folder. Missing parent folders are created. The file appears only when complete (written as <path>.tmp, then renamed)."},
    "source": {"type": "string", "minLength": 1, "default": "source", "description": "Edge column (utf8 or int64) holding the source node id."},
    "target": {"type": "string", "minLength": 1, "default": "target", "description": "Edge column (utf8 or int64) holding the target node id."},
    "node_id": {"type": "string", "minLength": 1, "default": "id", "description": "Column of the nodes input (utf8 or int64) holding the node id, e.g. account. Its other columns become node attributes."},
    "directed": {"type": "boolean", "default": true, "description": "Write a directed graph (true) or an undirected one (false)."},
    "list_separator": {"type": "string", "minLength": 1, "default": "|", "description": "Joins the items of a list<utf8> value into the one text attribute it becomes."},
    "aggregate": {
      "type": "object", "minProperties": 1,
      "description": "Merge the parallel edges of each node pair (unordered pair when directed is false) into one edge whose attributes are these aggregates, e.g. {weight: count} or {weight: {sum: likes}}; the other edge columns are then not written. Without it every row is one edge.",
      "additionalProperties": {
        "description": "\"count\" (number of rows of the pair, long) or {sum|min|max: column} over the pair's non-null values (null when all are null); sum needs int64/float64, min and max also take timestamps.",
        "oneOf": [
          {"type": "string", "enum": ["count"], "description": "number of rows"},
          {"type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": false, "description": "one function of one column",
           "properties": {"sum": {"type": "string", "description": "column to add up"}, "min": {"type": "string", "description": "column to take the least value of"}, "max": {"type": "string", "description": "column to take the greatest value of"}}}
        ]
      }
    }
  },
  "required": ["path"],
  "additionalProperties": false
})json";
  static constexpr const char* ports = kGraphPorts;

  std::optional<sdk::PortTypes> infer(const sdk::Json& config, const sdk::PortTypes& inputs,
                                      sdk::Context&) override {
    check_inferred(parse_graph_options(config, false), inputs, false);
    return sdk::PortTypes{};
  }
  void run(const sdk::Json& config, sdk::Context& ctx) override {
    run_graph_export<false>(config, ctx, type);
  }
};

struct ExportGexf : sdk::Stage {
  static constexpr const char* type = "export/gexf";
  static constexpr const char* description =
      "Writes an edge table (and optional node table) as GEXF 1.3 for Gephi, static or dynamic (time spells)";
  static constexpr const char* code_version = "1";
  static constexpr uint64_t flags = CHORUS_STAGE_SINK;
  static constexpr const char* config_schema = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "export/gexf",
  "description": "Writes a GEXF 1.3 file: nodes sorted by id (label = id unless 'label' is given), edges by (source, target) then input order with ids 0..n-1; attributes typed long, double, boolean or string as in export/graphml; the weight column is the native edge weight. With 'time' the graph is dynamic: each edge gets start/end (aggregated edges one spell per distinct time) so Gephi's timeline works.",
  "type": "object",
  "properties": {
    "path": {"type": "string", "minLength": 1, "description": "Output file; relative to the pipeline file's folder. Missing parent folders are created. The file appears only when complete (written as <path>.tmp, then renamed)."},
    "source": {"type": "string", "minLength": 1, "default": "source", "description": "Edge column (utf8 or int64) holding the source node id."},
    "target": {"type": "string", "minLength": 1, "default": "target", "description": "Edge column (utf8 or int64) holding the target node id."},
    "node_id": {"type": "string", "minLength": 1, "default": "id", "description": "Column of the nodes input (utf8 or int64) holding the node id, e.g. account. Its other columns become node attributes."},
    "directed": {"type": "boolean", "default": true, "description": "Write a directed graph (true) or an undirected one (false)."},
    "list_separator": {"type": "string", "minLength": 1, "default": "|", "description": "Joins the items of a list<utf8> value into the one text attribute it becomes."},
    "aggregate": {
      "type": "object", "minProperties": 1,
      "description": "Merge the parallel edges of each node pair (unordered pair when directed is false) into one edge whose attributes are these aggregates, e.g. {weight: count} or {weight: {sum: likes}}; the other edge columns are then not written. Without it every row is one edge.",
      "additionalProperties": {
        "description": "\"count\" (number of rows of the pair, long) or {sum|min|max: column} over the pair's non-null values (null when all are null); sum needs int64/float64, min and max also take timestamps.",
        "oneOf": [
          {"type": "string", "enum": ["count"], "description": "number of rows"},
          {"type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": false, "description": "one function of one column",
           "properties": {"sum": {"type": "string", "description": "column to add up"}, "min": {"type": "string", "description": "column to take the least value of"}, "max": {"type": "string", "description": "column to take the greatest value of"}}}
        ]
      }
    },
    "weight": {"type": "string", "minLength": 1, "default": "weight", "description": "Edge attribute (an edge column, or an aggregate name) written as the native GEXF edge weight, which Gephi uses; it must be int64 or float64. When the default 'weight' is absent no weight is written (Gephi then takes 1)."},
    "label": {"type": "string", "minLength": 1, "description": "Column of the nodes input used as the node label; it is not repeated as an attribute. Default: a nodes column named 'label' if there is one, else the node id."},
    "time": {"type": "string", "minLength": 1, "description": "Edge column (timestamp, or int64 such as a year) giving each edge's time: the graph becomes dynamic (timeformat dateTime or integer) and every edge gets start = end = its time, or with 'aggregate' one spell per distinct time of the pair."},
    "time_end": {"type": "string", "minLength": 1, "description": "Edge column of the same type as 'time' giving the end of each edge's interval (default: the start; a null end is the start)."}
  },
  "required": ["path"],
  "additionalProperties": false
})json";
  static constexpr const char* ports = kGraphPorts;

  std::optional<sdk::PortTypes> infer(const sdk::Json& config, const sdk::PortTypes& inputs,
                                      sdk::Context&) override {
    check_inferred(parse_graph_options(config, true), inputs, true);
    return sdk::PortTypes{};
  }
  void run(const sdk::Json& config, sdk::Context& ctx) override {
    run_graph_export<true>(config, ctx, type);
  }
};

}  // namespace chorus::export_graph
