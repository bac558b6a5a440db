#include "graph_export.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "export/common/atomic_file.hpp"
#include "gexf_writer.hpp"
#include "graph_model.hpp"
#include "graphml_writer.hpp"
#include "xml_values.hpp"

namespace chorus::export_graph {

namespace {

struct GraphInputs {
  Schema edge_schema;
  std::vector<Batch> edges;
  std::optional<Schema> node_schema;
  std::vector<Batch> nodes;
};

GraphInputs read_graph_inputs(sdk::Context& ctx) {
  GraphInputs in;
  Batch b;
  while (ctx.read("edges", b)) {
    in.edges.push_back(std::move(b));
    if (ctx.cancelled()) throw std::runtime_error("cancelled");
  }
  while (ctx.read("nodes", b)) in.nodes.push_back(std::move(b));
  if (!in.edges.empty())
    in.edge_schema = in.edges.front().schema();
  else if (auto t = ctx.input_type("edges"))
    in.edge_schema = t->columns;
  if (!in.nodes.empty())
    in.node_schema = in.nodes.front().schema();
  else if (auto t = ctx.input_type("nodes"))
    in.node_schema = t->columns;
  return in;
}

void report(sdk::Context& ctx, const char* stage, const GraphModel& g, const WriteStats& st) {
  const std::string s = std::string(stage) + ": ";
  if (g.edges_without_endpoint)
    ctx.warn(s + std::to_string(g.edges_without_endpoint) + " edge row(s) with a null source or target were skipped");
  if (g.nodes_without_id) ctx.warn(s + std::to_string(g.nodes_without_id) + " node row(s) with a null id were skipped");
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

// GEXF nodes have a native label: the 'label' column when configured, else a
// nodes column named "label" if there is one (an attribute titled "label"
// would clash with it in Gephi and networkx), else none (the id is the label).
std::string gexf_label_column(const GraphOptions& o, const Schema* nodes) {
  if (!o.label.empty() || !nodes) return o.label;
  for (const auto& f : *nodes)
    if (f.name == "label" && f.name != o.node_id) return f.name;
  return "";
}

}  // namespace

void check_inferred(const GraphOptions& o, const sdk::PortTypes& inputs, GraphFormat format) {
  auto e = inputs.find("edges");
  if (e == inputs.end() || e->second.columns.empty()) return;  // not known yet
  auto n = inputs.find("nodes");
  const Schema* nodes = n != inputs.end() && !n->second.columns.empty() ? &n->second.columns : nullptr;
  check_columns(o, e->second.columns, nodes);
  if (format == GraphFormat::Gexf) weight_attribute(output_edge_attributes(o, e->second.columns), o);
}

void run_graph_export(const GraphOptions& options, sdk::Context& ctx, GraphFormat format, const char* stage) {
  const bool gexf = format == GraphFormat::Gexf;
  GraphOptions o = options;
  GraphInputs in = read_graph_inputs(ctx);
  if (in.edge_schema.empty())
    throw std::runtime_error(std::string(stage) + ": the columns of input 'edges' are unknown (no batch and no type)");
  const Schema* node_schema = in.node_schema ? &*in.node_schema : nullptr;
  if (gexf) o.label = gexf_label_column(o, node_schema);
  GraphModel g = build_graph(o, in.edge_schema, std::move(in.edges), node_schema, std::move(in.nodes));
  ctx.progress(g.input_edge_rows);
  if (ctx.cancelled()) throw std::runtime_error("cancelled");
  export_common::AtomicFile file(ctx.resolve_path(o.path));
  WriteStats st;
  if (gexf)
    write_gexf(g, o, node_schema, file, st);
  else
    write_graphml(g, o, file, st);
  file.commit();
  report(ctx, stage, g, st);
}

}  // namespace chorus::export_graph
