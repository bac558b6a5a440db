#include "aggregate_stage.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace chorus::table_aggregate {

namespace {

using sdk::ConfigError;
using sdk::Json;

// `with.group_by`: what its schema says (non-empty names, none twice), with
// the key named, for hosts and test harnesses that do not check the schema.
std::vector<std::string> group_by_from_json(const Json& g) {
  if (!g.is_array()) throw ConfigError("with.group_by: expected an array of column names, e.g. [region]");
  std::vector<std::string> out;
  for (size_t i = 0; i < g.size(); ++i) {
    const std::string path = "with.group_by[" + std::to_string(i) + "]";
    if (!g[i].is_string() || g[i].get<std::string>().empty())
      throw ConfigError(path + ": expected a column name, got " + g[i].dump());
    std::string name = g[i].get<std::string>();
    if (std::find(out.begin(), out.end(), name) != out.end())
      throw ConfigError(path + ": column '" + name + "' is listed twice");
    out.push_back(std::move(name));
  }
  return out;
}

// `with.aggregates`: a non-empty array of {name, fn, column}; column is
// required but for count; output names are unique among the aggregates.
std::vector<AggSpec> aggregates_from_json(const Json& aggs) {
  if (!aggs.is_array() || aggs.empty())
    throw ConfigError("with.aggregates: expected a non-empty array of {name, fn, column}");
  std::vector<AggSpec> out;
  for (size_t i = 0; i < aggs.size(); ++i) {
    const Json& a = aggs[i];
    AggSpec s;
    s.path = "with.aggregates[" + std::to_string(i) + "]";
    if (!a.is_object()) throw ConfigError(s.path + ": expected an object {name, fn, column}");
    for (auto it = a.begin(); it != a.end(); ++it)
      if (it.key() != "name" && it.key() != "fn" && it.key() != "column")
        throw ConfigError(s.path + ": unknown key '" + it.key() + "' (expected name, fn, column)");
    if (!a.contains("name") || !a["name"].is_string() || a["name"].get<std::string>().empty())
      throw ConfigError(s.path + ".name: expected the name of the output column");
    s.name = a["name"].get<std::string>();
    if (!a.contains("fn") || !a["fn"].is_string())
      throw ConfigError(s.path + ".fn: expected one of count, count_distinct, sum, min, max, mean");
    const std::string fn = a["fn"].get<std::string>();
    bool found = false;
    for (const auto& f : kFns)
      if (fn == f.first) s.fn = f.second, found = true;
    if (!found)
      throw ConfigError(s.path + ".fn: unknown function '" + fn +
                        "' (expected one of count, count_distinct, sum, min, max, mean)");
    if (a.contains("column")) {
      if (!a["column"].is_string() || a["column"].get<std::string>().empty())
        throw ConfigError(s.path + ".column: expected a column name, got " + a["column"].dump());
      s.column = a["column"].get<std::string>();
    } else if (s.fn != Fn::Count) {
      throw ConfigError(s.path + ".column: is required for fn '" + fn + "' (only count works without a column)");
    }
    for (size_t j = 0; j < out.size(); ++j)
      if (out[j].name == s.name)
        throw ConfigError(s.path + ".name: '" + s.name + "' is already the name of with.aggregates[" +
                          std::to_string(j) + "]");
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

const sdk::OptionTable<Config>& AggregateStage::options() {
  static const auto table =
      sdk::OptionTable<Config>()
          .json("group_by", &Config::group_by, Json::parse(R"json({
            "type": "array",
            "items": {"description": "Name of an input column.", "type": "string", "minLength": 1},
            "uniqueItems": true})json"),
                Json::array(),
                "Key columns (bool, int64, float64, utf8 or timestamp); each distinct combination of their values "
                "is one output row. Empty: a single group of all rows.",
                group_by_from_json)
          .json("aggregates", &Config::aggregates, Json::parse(R"json({
            "type": "array",
            "minItems": 1,
            "items": {
              "description": "One aggregate: `fn` over `column`, written to the output column `name`.",
              "type": "object",
              "properties": {
                "name": {"description": "Name of the output column; must differ from the group_by columns and the other aggregates.", "type": "string", "minLength": 1},
                "fn": {
                  "description": "count: rows (no column) or non-null cells of column (int64); count_distinct: distinct non-null values (int64); sum: of int64 (int64, fails on overflow) or float64 (float64); min / max: smallest / largest value, same type as the column (utf8 compares bytes); mean: average of int64 or float64 (float64). All but count ignore nulls and give null for a group without a non-null value.",
                  "type": "string",
                  "enum": ["count", "count_distinct", "sum", "min", "max", "mean"]
                },
                "column": {"description": "Input column the function reads; required except for count, where leaving it out counts rows.", "type": "string", "minLength": 1}
              },
              "required": ["name", "fn"],
              "additionalProperties": false,
              "if": {"properties": {"fn": {"not": {"const": "count"}}}, "required": ["fn"]},
              "then": {"required": ["column"]}
            }})json"),
                Json(), "Output columns computed over each group, in order after the group_by columns.",
                aggregates_from_json)
          .required()
          .check([](const Config& c) {
            for (const auto& a : c.aggregates)
              if (std::find(c.group_by.begin(), c.group_by.end(), a.name) != c.group_by.end())
                throw ConfigError(a.path + ".name: '" + a.name + "' is already an output column (it is in group_by)");
          });
  return table;
}

std::optional<sdk::PortTypes> AggregateStage::infer(const Config& cfg, const sdk::PortTypes& inputs, sdk::Context&) {
  auto in = inputs.find("in");
  if (in == inputs.end()) throw std::invalid_argument("input port 'in' is not connected");
  return sdk::PortTypes{{"out", {"", output_schema(cfg, in->second.columns)}}};
}

void AggregateStage::run(const Config& cfg, sdk::Context& ctx) {
  std::optional<Aggregator> agg;
  Batch batch;
  int64_t rows = 0;
  while (!ctx.cancelled() && ctx.read("in", batch)) {
    if (!agg) agg.emplace(cfg, batch.schema());
    agg->add(batch);
    rows += batch.rows();
    ctx.progress(rows);
  }
  if (ctx.cancelled()) return;
  if (!agg) {
    // No batch at all. With group_by the result has no row; without, it is
    // one row (counts 0, the rest null) typed from the input's inferred
    // columns, which the host reports even when no batch arrives.
    if (!cfg.group_by.empty()) return;
    if (auto in = ctx.input_type("in")) {
      agg.emplace(cfg, in->columns);
      ctx.emit("out", agg->result());
      return;
    }
    // A host without port_types: the row can still be built when no output
    // type depends on an input type.
    Schema guess;
    for (const auto& a : cfg.aggregates) {
      if (a.fn == Fn::Sum || a.fn == Fn::Min || a.fn == Fn::Max) {
        ctx.warn("table/aggregate: the input had no batch, so the type of '" + a.name + "' is unknown; no row emitted");
        return;
      }
      if (a.column && !find_field(guess, *a.column)) guess.push_back({*a.column, {TypeId::Float64}});
    }
    agg.emplace(cfg, guess);
  }
  for (int64_t begin = 0; begin < agg->num_groups(); begin += kOutputBatchRows) {
    if (ctx.cancelled()) return;
    ctx.emit("out", agg->result(begin, begin + kOutputBatchRows));
  }
}

}  // namespace chorus::table_aggregate
