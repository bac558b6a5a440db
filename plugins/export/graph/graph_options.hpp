// The configuration of export/graphml and export/gexf: the keys they share
// (declared once, in graph_options_table()) and the GEXF-only ones, and the
// checks of the configured columns against the input types.
#pragma once

#include <string>
#include <vector>

#include <chorus/sdk.hpp>

namespace chorus::export_graph {

enum class AggFn { Count, Sum, Min, Max };

// One attribute of an aggregated edge: `name` = fn(column) over the rows of a pair.
struct Aggregation {
  std::string name;
  AggFn fn = AggFn::Count;
  std::string column;  // empty for count
};

// The parsed `with:` of both stages; defaults live in the option tables.
struct GraphOptions {
  std::string path;
  std::string source, target, node_id;
  bool directed;
  std::string list_separator;
  std::vector<Aggregation> aggregate;  // in key order (alphabetical); empty: every row is an edge
  // GEXF only.
  std::string weight;
  std::string label;     // node column used as the node label; empty: the id
  std::string time;      // edge column of the start time; empty: static graph
  std::string time_end;  // edge column of the end time; empty: end = start

  bool aggregating() const { return !aggregate.empty(); }
  // A weight other than the default must exist (the default may be absent).
  bool weight_required() const { return weight != kDefaultWeight; }
  static constexpr const char* kDefaultWeight = "weight";
};

// The options both stages take: path, source, target, node_id, directed,
// list_separator, aggregate. export/gexf adds its own to a copy.
sdk::OptionTable<GraphOptions> graph_options_table();

std::vector<std::string> names_of(const Schema& s);

// Index of a configured column, or an error naming the key and the port.
size_t column_index(const Schema& s, const std::string& name, const std::string& key, const char* port);

inline bool is_id_type(const DataType& t) { return t.id == TypeId::Utf8 || t.id == TypeId::Int64; }
inline bool is_numeric(const DataType& t) { return t.id == TypeId::Int64 || t.id == TypeId::Float64; }

// Checks every configured column against the input types (infer and run).
void check_columns(const GraphOptions& o, const Schema& edges, const Schema* nodes);

}  // namespace chorus::export_graph
