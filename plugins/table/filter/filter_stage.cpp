#include "filter_stage.hpp"

#include <stdexcept>

#include "row_filter.hpp"

namespace chorus::table_filter {

const sdk::OptionTable<Config>& FilterStage::options() {
  // The expression language of `where`, as JSON Schema: the host checks it
  // before the stage runs; conditions_from_json checks the same again (and
  // names the key) for hosts and harnesses that do not.
  static const auto table =
      sdk::OptionTable<Config>()
          .json("where", &Config::where, sdk::Json::parse(R"json({
      "type": "array",
      "minItems": 1,
      "items": {
        "description": "One condition: `column` `op` `value`.",
        "type": "object",
        "properties": {
          "column": {
            "description": "Name of the input column to test.",
            "type": "string",
            "minLength": 1
          },
          "op": {
            "description": "Comparison: == != < <= > >= compare with `value`; in / not_in test membership in the array `value`; is_null / not_null take no value; contains tests a substring of a utf8 column or an element equal to `value` of a list<utf8> column.",
            "type": "string",
            "enum": ["==", "!=", "<", "<=", ">", ">=", "in", "not_in", "is_null", "not_null", "contains"]
          },
          "value": {
            "description": "Value compared with the cell; must fit the column type: integer for int64, number for float64, string for utf8, boolean for bool, ISO 8601 UTC string (e.g. 2024-01-31T12:00:00Z) or integer in the column's unit for timestamp. An array of such values for in / not_in; a string for contains.",
            "type": ["string", "number", "boolean", "array"],
            "items": {
              "description": "One value of the set for in / not_in.",
              "type": ["string", "number", "boolean"]
            }
          }
        },
        "required": ["column", "op"],
        "additionalProperties": false,
        "allOf": [
          {
            "if": {"properties": {"op": {"enum": ["is_null", "not_null"]}}, "required": ["op"]},
            "then": {"not": {"required": ["value"]}},
            "else": {"required": ["value"]}
          },
          {
            "if": {"properties": {"op": {"enum": ["in", "not_in"]}}, "required": ["op"]},
            "then": {"properties": {"value": {"type": "array"}}},
            "else": {"properties": {"value": {"not": {"type": "array"}}}}
          },
          {
            "if": {"properties": {"op": {"const": "contains"}}, "required": ["op"]},
            "then": {"properties": {"value": {"type": "string"}}}
          }
        ]
      }})json"),
                sdk::Json(),
                "Conditions a row must all satisfy to be kept (logical AND). Any comparison with a null cell is false, "
                "except is_null.",
                conditions_from_json)
          .required();
  return table;
}

std::optional<sdk::PortTypes> FilterStage::infer(const Config& cfg, const sdk::PortTypes& inputs, sdk::Context&) {
  auto in = inputs.find("in");
  if (in == inputs.end()) throw std::invalid_argument("input port 'in' is not connected");
  bind_conditions(cfg.where, in->second.columns);
  return sdk::PortTypes{{"out", in->second}};
}

void FilterStage::run(const Config& cfg, sdk::Context& ctx) {
  std::optional<Schema> bound_schema;
  std::vector<Bound> bound;
  int64_t rows = 0;
  Batch batch;
  while (!ctx.cancelled() && ctx.read("in", batch)) {
    rows += batch.rows();
    if (!bound_schema || *bound_schema != batch.schema()) {
      bound = bind_conditions(cfg.where, batch.schema());
      bound_schema = batch.schema();
    }
    if (batch.rows() > 0) {
      Batch out = filter_batch(bound, batch);
      if (out.rows() > 0) ctx.emit("out", std::move(out));
    }
    ctx.progress(rows);
  }
}

}  // namespace chorus::table_filter
