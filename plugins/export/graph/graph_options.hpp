// Configuration of export/graphml and export/gexf (the keys they share and
// the GEXF-only ones), checked with error messages that name the key.
#pragma once

#include <chorus/sdk.hpp>
#include <chorus/sdk/suggest.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace chorus::export_graph {

enum class AggFn { Count, Sum, Min, Max };

// One attribute of an aggregated edge: `name` = fn(column) over the rows of a pair.
struct Aggregation {
  std::string name;
  AggFn fn = AggFn::Count;
  std::string column;  // empty for count
};

struct GraphOptions {
  std::string path;
  std::string source = "source", target = "target", node_id = "id";
  bool directed = true;
  std::string list_separator = "|";
  bool aggregating = false;
  std::vector<Aggregation> aggregate;  // in key order (alphabetical)
  // GEXF only.
  std::string weight = "weight";
  bool weight_given = false;
  std::string label;     // node column used as the node label; empty: the id
  std::string time;      // edge column of the start time; empty: static graph
  std::string time_end;  // edge column of the end time; empty: end = start
};

inline std::string required_text(const sdk::Json& config, const char* key, const std::string& fallback) {
  if (!config.contains(key)) return fallback;
  const sdk::Json& v = config[key];
  if (!v.is_string() || v.get<std::string>().empty())
    throw std::invalid_argument(std::string("with.") + key + ": expected a non-empty text");
  return v.get<std::string>();
}

inline GraphOptions parse_graph_options(const sdk::Json& config, bool gexf) {
  GraphOptions o;
  if (!config.contains("path") || !config["path"].is_string() || config["path"].get<std::string>().empty())
    throw std::invalid_argument("with.path: expected the output file name (a non-empty string)");
  o.path = config["path"].get<std::string>();
  o.source = required_text(config, "source", o.source);
  o.target = required_text(config, "target", o.target);
  o.node_id = required_text(config, "node_id", o.node_id);
  if (config.contains("directed") && !config["directed"].is_boolean())
    throw std::invalid_argument("with.directed: expected true or false");
  o.directed = config.value("directed", true);
  o.list_separator = required_text(config, "list_separator", o.list_separator);
  if (config.contains("aggregate")) {
    const sdk::Json& a = config["aggregate"];
    if (!a.is_object() || a.empty())
      throw std::invalid_argument("with.aggregate: expected a map of attribute name to \"count\" or {sum|min|max: column}");
    o.aggregating = true;
    for (auto it = a.begin(); it != a.end(); ++it) {
      const std::string where = "with.aggregate." + it.key();
      Aggregation g;
      g.name = it.key();
      if (g.name.empty()) throw std::invalid_argument("with.aggregate: attribute names must not be empty");
      const sdk::Json& v = it.value();
      if (v.is_string() && v.get<std::string>() == "count") {
        g.fn = AggFn::Count;
      } else if (v.is_object() && v.size() == 1 && v.begin().value().is_string()) {
        const std::string fn = v.begin().key();
        if (fn == "sum") g.fn = AggFn::Sum;
        else if (fn == "min") g.fn = AggFn::Min;
        else if (fn == "max") g.fn = AggFn::Max;
        else throw std::invalid_argument(where + ": unknown function '" + fn + "' (expected sum, min or max)");
        g.column = v.begin().value().get<std::string>();
      } else {
        throw std::invalid_argument(where + ": expected \"count\" or {sum|min|max: column}");
      }
      o.aggregate.push_back(g);
    }
  }
  if (gexf) {
    o.weight_given = config.contains("weight");
    o.weight = required_text(config, "weight", o.weight);
    if (config.contains("label")) o.label = required_text(config, "label", "");
    if (config.contains("time")) o.time = required_text(config, "time", "");
    if (config.contains("time_end")) {
      o.time_end = required_text(config, "time_end", "");
      if (o.time.empty()) throw std::invalid_argument("with.time_end: needs with.time");
    }
  }
  return o;
}

inline std::vector<std::string> names_of(const Schema& s) {
  std::vector<std::string> n;
  for (const auto& f : s) n.push_back(f.name);
  return n;
}

// Index of a configured column, or an error naming the key and the port.
inline size_t column_index(const Schema& s, const std::string& name, const std::string& key,
                           const char* port) {
  for (size_t i = 0; i < s.size(); ++i)
    if (s[i].name == name) return i;
  throw std::invalid_argument(key + ": no column '" + name + "' in input '" + port + "'" +
                              sdk::did_you_mean(name, names_of(s), "columns"));
}

inline bool is_id_type(const DataType& t) { return t.id == TypeId::Utf8 || t.id == TypeId::Int64; }
inline bool is_numeric(const DataType& t) { return t.id == TypeId::Int64 || t.id == TypeId::Float64; }

// Checks every configured column against the input types (infer and run).
inline void check_columns(const GraphOptions& o, const Schema& edges, const Schema* nodes) {
  for (const auto& [key, name] : {std::pair<std::string, std::string>{"with.source", o.source},
                                  {"with.target", o.target}}) {
    const size_t i = column_index(edges, name, key, "edges");
    if (!is_id_type(edges[i].type))
      throw std::invalid_argument(key + ": column '" + name + "' must be utf8 or int64, is " +
                                  edges[i].type.name());
  }
  if (nodes) {
    const size_t i = column_index(*nodes, o.node_id, "with.node_id", "nodes");
    if (!is_id_type((*nodes)[i].type))
      throw std::invalid_argument("with.node_id: column '" + o.node_id + "' must be utf8 or int64, is " +
                                  (*nodes)[i].type.name());
    if (!o.label.empty()) column_index(*nodes, o.label, "with.label", "nodes");
  } else if (!o.label.empty()) {
    throw std::invalid_argument("with.label: needs the 'nodes' input");
  }
  for (const auto& g : o.aggregate) {
    if (g.fn == AggFn::Count) continue;
    const std::string key = "with.aggregate." + g.name;
    const size_t i = column_index(edges, g.column, key, "edges");
    const DataType& t = edges[i].type;
    const bool ok = g.fn == AggFn::Sum ? is_numeric(t) : (is_numeric(t) || t.id == TypeId::Timestamp);
    if (!ok)
      throw std::invalid_argument(key + ": cannot " + (g.fn == AggFn::Sum ? "sum" : "take min/max of") +
                                  " column '" + g.column + "' of type " + t.name());
  }
  for (const auto& [key, name] : {std::pair<std::string, std::string>{"with.time", o.time},
                                  {"with.time_end", o.time_end}}) {
    if (name.empty()) continue;
    const size_t i = column_index(edges, name, key, "edges");
    const DataType& t = edges[i].type;
    if (t.id != TypeId::Timestamp && t.id != TypeId::Int64)
      throw std::invalid_argument(key + ": column '" + name + "' must be a timestamp or int64 (e.g. a year), is " +
                                  t.name());
  }
  if (!o.time_end.empty()) {
    const DataType& a = edges[column_index(edges, o.time, "with.time", "edges")].type;
    const DataType& b = edges[column_index(edges, o.time_end, "with.time_end", "edges")].type;
    if (a != b)
      throw std::invalid_argument("with.time_end: column '" + o.time_end + "' (" + b.name() +
                                  ") must have the type of with.time '" + o.time + "' (" + a.name() + ")");
  }
}

}  // namespace chorus::export_graph
