// The network both graph exporters write: node ids interned and sorted, node
// attribute rows looked up, edges sorted (and optionally aggregated per node
// pair), with per-edge time spells for dynamic GEXF. Pure logic, no files.
//
// Order (deterministic, independent of batch boundaries and hashing):
//   nodes by id, byte order (int64 ids compare as their decimal text);
//   edges by (source id, target id), ties in input order.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <chorus/sdk.hpp>

#include "graph_options.hpp"

namespace chorus::export_graph {

// An attribute the writers emit: a named column of the edge or node batches.
struct Attribute {
  std::string name;
  DataType type;
  size_t column;  // index in the batches' schema
};

struct EdgeRef {
  uint32_t source, target;  // node indices (into GraphModel::node_ids)
  uint32_t batch, row;      // where the edge's attributes are
};

// A time interval [start, end] in the time column's unit (inclusive both ends).
struct Spell {
  int64_t start, end;
  bool operator<(const Spell& o) const { return start != o.start ? start < o.start : end < o.end; }
  bool operator==(const Spell& o) const { return start == o.start && end == o.end; }
};

inline constexpr uint32_t kNoRow = std::numeric_limits<uint32_t>::max();

struct GraphModel {
  std::vector<std::string> node_ids;  // sorted
  std::vector<Batch> node_batches;
  std::vector<Attribute> node_attributes;
  std::vector<std::pair<uint32_t, uint32_t>> node_rows;  // (batch, row); batch kNoRow: edge-only node
  std::vector<Batch> edge_batches;
  std::vector<Attribute> edge_attributes;
  std::vector<EdgeRef> edges;  // sorted
  // Dynamic GEXF: the time type and, per edge, its sorted distinct spells
  // (empty: the edge has no time and is present throughout).
  bool dynamic = false;
  DataType time_type;
  std::vector<std::vector<Spell>> edge_spells;
  // Rows that could not become part of the graph, and oddities, for warnings.
  int64_t edges_without_endpoint = 0;  // null source or target: skipped
  int64_t nodes_without_id = 0;        // null id in the nodes table: skipped
  int64_t duplicate_node_rows = 0;     // later rows of an id already seen: skipped
  int64_t edges_without_time = 0;      // dynamic: edges (after aggregation) with no spell
  int64_t input_edge_rows = 0;
};

// Attributes of an output edge when not aggregating: every edge column but
// source and target, in input order.
std::vector<Attribute> plain_edge_attributes(const GraphOptions& o, const Schema& s);

// The edge attributes the writers will emit (names and types), for checks.
std::vector<Attribute> output_edge_attributes(const GraphOptions& o, const Schema& edges);

// Builds the model from all batches of the edges input and (when connected)
// the nodes input. `node_schema` is null when there is no nodes input.
GraphModel build_graph(const GraphOptions& o, const Schema& edge_schema, std::vector<Batch> edge_batches,
                       const Schema* node_schema, std::vector<Batch> node_batches);

}  // namespace chorus::export_graph
