#include "graph_options.hpp"

#include <stdexcept>
#include <utility>

#include <chorus/sdk/suggest.hpp>

namespace chorus::export_graph {

namespace {

using sdk::ConfigError;
using sdk::Json;

// `with.aggregate`: {attribute: "count" | {sum|min|max: column}}, as its
// schema says, for hosts and harnesses that do not check the schema.
std::vector<Aggregation> aggregate_from_json(const Json& a) {
  if (!a.is_object() || a.empty())
    throw ConfigError("with.aggregate: expected a map of attribute name to \"count\" or {sum|min|max: column}");
  std::vector<Aggregation> out;
  for (auto it = a.begin(); it != a.end(); ++it) {
    const std::string where = "with.aggregate." + it.key();
    Aggregation g;
    g.name = it.key();
    const Json& v = it.value();
    if (v.is_string() && v.get<std::string>() == "count") {
      g.fn = AggFn::Count;
    } else if (v.is_object() && v.size() == 1 && v.begin().value().is_string()) {
      const std::string fn = v.begin().key();
      if (fn == "sum")
        g.fn = AggFn::Sum;
      else if (fn == "min")
        g.fn = AggFn::Min;
      else if (fn == "max")
        g.fn = AggFn::Max;
      else
        throw ConfigError(where + ": unknown function '" + fn + "' (expected sum, min or max)");
      g.column = v.begin().value().get<std::string>();
    } else {
      throw ConfigError(where + ": expected \"count\" or {sum|min|max: column}");
    }
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace

sdk::OptionTable<GraphOptions> graph_options_table() {
  using O = GraphOptions;
  return sdk::OptionTable<O>()
      .string("path", &O::path,
              "Output file; relative to the pipeline file's folder. Missing parent folders are created. The file "
              "appears only when complete (written as <path>.tmp, then renamed).")
      .min_length(1)
      .string("source", &O::source, "source", "Edge column (utf8 or int64) holding the source node id.")
      .min_length(1)
      .string("target", &O::target, "target", "Edge column (utf8 or int64) holding the target node id.")
      .min_length(1)
      .string("node_id", &O::node_id, "id",
              "Column of the nodes input (utf8 or int64) holding the node id, e.g. account. Its other columns "
              "become node attributes.")
      .min_length(1)
      .boolean("directed", &O::directed, true, "Write a directed graph (true) or an undirected one (false).")
      .string("list_separator", &O::list_separator, "|",
              "Joins the items of a list<utf8> value into the one text attribute it becomes.")
      .min_length(1)
      .json("aggregate", &O::aggregate, Json::parse(R"json({
        "type": "object", "minProperties": 1,
        "additionalProperties": {
          "description": "\"count\" (number of rows of the pair, long) or {sum|min|max: column} over the pair's non-null values (null when all are null); sum needs int64/float64, min and max also take timestamps.",
          "oneOf": [
            {"type": "string", "enum": ["count"], "description": "number of rows"},
            {"type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": false, "description": "one function of one column",
             "properties": {"sum": {"type": "string", "description": "column to add up"}, "min": {"type": "string", "description": "column to take the least value of"}, "max": {"type": "string", "description": "column to take the greatest value of"}}}
          ]
        }})json"),
            Json(),
            "Merge the parallel edges of each node pair (unordered pair when directed is false) into one edge "
            "whose attributes are these aggregates, e.g. {weight: count} or {weight: {sum: likes}}; the other "
            "edge columns are then not written. Without it every row is one edge.",
            aggregate_from_json);
}

std::vector<std::string> names_of(const Schema& s) {
  std::vector<std::string> n;
  for (const auto& f : s) n.push_back(f.name);
  return n;
}

size_t column_index(const Schema& s, const std::string& name, const std::string& key, const char* port) {
  for (size_t i = 0; i < s.size(); ++i)
    if (s[i].name == name) return i;
  throw std::invalid_argument(key + ": no column '" + name + "' in input '" + port + "'" +
                              sdk::did_you_mean(name, names_of(s), "columns"));
}

void check_columns(const GraphOptions& o, const Schema& edges, const Schema* nodes) {
  for (const auto& [key, name] :
       {std::pair<std::string, std::string>{"with.source", o.source}, {"with.target", o.target}}) {
    const size_t i = column_index(edges, name, key, "edges");
    if (!is_id_type(edges[i].type))
      throw std::invalid_argument(key + ": column '" + name + "' must be utf8 or int64, is " + edges[i].type.name());
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
      throw std::invalid_argument(key + ": cannot " + (g.fn == AggFn::Sum ? "sum" : "take min/max of") + " column '" +
                                  g.column + "' of type " + t.name());
  }
  for (const auto& [key, name] :
       {std::pair<std::string, std::string>{"with.time", o.time}, {"with.time_end", o.time_end}}) {
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
