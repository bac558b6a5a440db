// table/filter: keeps the rows that match every condition of `with.where`.
//
// Header-only so the unit tests (globbed into chorus_tests, which cannot link
// the plugin module) can use the stage and its helpers directly; the plugin
// library itself is plugin.cpp, which adds the CHORUS_PLUGIN entry point.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <chorus/sdk.hpp>
#include <chorus/sdk/suggest.hpp>
#include <chorus/sdk/time.hpp>

namespace chorus::table_filter {

using sdk::Json;

enum class Op { Eq, Ne, Lt, Le, Gt, Ge, In, NotIn, IsNull, NotNull, Contains };

inline const std::pair<const char*, Op> kOps[] = {
    {"==", Op::Eq},          {"!=", Op::Ne},         {"<", Op::Lt},        {"<=", Op::Le},
    {">", Op::Gt},           {">=", Op::Ge},         {"in", Op::In},       {"not_in", Op::NotIn},
    {"is_null", Op::IsNull}, {"not_null", Op::NotNull}, {"contains", Op::Contains}};

inline const char* op_name(Op op) {
  for (const auto& o : kOps)
    if (o.second == op) return o.first;
  return "?";
}

// --- small helpers ---------------------------------------------------------

inline std::vector<std::string> column_names(const Schema& s) {
  std::vector<std::string> names;
  for (const auto& f : s) names.push_back(f.name);
  return names;
}

// Timestamps in conditions: ISO 8601 read exactly into the column's unit.
// A fraction finer than the unit is an error rather than truncated: a
// condition `t == 12:00:00.5` on a timestamp[s] column would otherwise
// silently compare with 12:00:00. Integers are given as JSON numbers, not
// strings.
inline constexpr time::ParseOptions kTimestampOptions{time::Fraction::Exact, false};

// --- config ------------------------------------------------------------------

struct Condition {
  std::string path;  // "with.where[i]", the prefix of error messages
  std::string column;
  Op op = Op::Eq;
  std::optional<Json> value;
};

inline std::vector<Condition> parse_config(const Json& config) {
  if (!config.is_object()) throw std::invalid_argument("with: expected an object with key 'where'");
  for (auto it = config.begin(); it != config.end(); ++it)
    if (it.key() != "where")
      throw std::invalid_argument("with: unknown key '" + it.key() + "'" +
                                  (sdk::closest_match(it.key(), {"where"}).empty()
                                       ? " (expected 'where')"
                                       : " (did you mean 'where'?)"));
  if (!config.contains("where")) throw std::invalid_argument("with.where: is required");
  const Json& where = config.at("where");
  if (!where.is_array() || where.empty())
    throw std::invalid_argument("with.where: expected a non-empty array of {column, op, value}");
  std::vector<Condition> out;
  for (size_t i = 0; i < where.size(); ++i) {
    const Json& w = where[i];
    Condition c;
    c.path = "with.where[" + std::to_string(i) + "]";
    if (!w.is_object()) throw std::invalid_argument(c.path + ": expected an object {column, op, value}");
    for (auto it = w.begin(); it != w.end(); ++it)
      if (it.key() != "column" && it.key() != "op" && it.key() != "value")
        throw std::invalid_argument(c.path + ": unknown key '" + it.key() +
                                    "' (expected column, op, value)");
    if (!w.contains("column") || !w["column"].is_string() || w["column"].get<std::string>().empty())
      throw std::invalid_argument(c.path + ".column: expected a column name");
    c.column = w["column"].get<std::string>();
    if (!w.contains("op") || !w["op"].is_string())
      throw std::invalid_argument(c.path + ".op: expected one of ==, !=, <, <=, >, >=, in, not_in, "
                                           "is_null, not_null, contains");
    std::string op = w["op"].get<std::string>();
    bool found = false;
    for (const auto& o : kOps)
      if (op == o.first) c.op = o.second, found = true;
    if (!found)
      throw std::invalid_argument(c.path + ".op: unknown op '" + op +
                                  "' (expected one of ==, !=, <, <=, >, >=, in, not_in, is_null, "
                                  "not_null, contains)");
    bool unary = c.op == Op::IsNull || c.op == Op::NotNull;
    if (unary && w.contains("value"))
      throw std::invalid_argument(c.path + ".value: op '" + op + "' takes no value");
    if (!unary) {
      if (!w.contains("value"))
        throw std::invalid_argument(c.path + ".value: op '" + op + "' needs a value");
      const Json& v = w["value"];
      bool list_op = c.op == Op::In || c.op == Op::NotIn;
      if (list_op && !v.is_array())
        throw std::invalid_argument(c.path + ".value: op '" + op + "' needs an array of values, got " +
                                    v.dump());
      if (!list_op && v.is_array())
        throw std::invalid_argument(c.path + ".value: op '" + op +
                                    "' needs a single value, got an array (use 'in' for a list)");
      if (v.is_null())
        throw std::invalid_argument(c.path + ".value: null never compares equal; use op is_null or "
                                             "not_null");
      c.value = v;
    }
    out.push_back(std::move(c));
  }
  return out;
}

// --- conditions bound to a schema ----------------------------------------------

// A condition with its column resolved and its value converted to the column's
// storage (timestamps to the column's unit, once).
struct Bound {
  Op op = Op::Eq;
  size_t col = 0;
  DataType type;
  int64_t i = 0;  // Bool, Int64, Timestamp
  double d = 0;   // Float64
  std::string s;  // Utf8, ListUtf8 (contains)
  std::vector<int64_t> ints;          // in / not_in, sorted
  std::vector<double> doubles;        // in / not_in, sorted
  std::vector<std::string> strings;   // in / not_in, sorted
};

// Converts one JSON value to the column's storage or throws naming `path`.
inline void convert_value(const Json& v, const DataType& t, const std::string& column,
                          const std::string& path, int64_t& i, double& d, std::string& s) {
  auto fail = [&](const std::string& want) {
    return std::invalid_argument(path + ": column '" + column + "' is " + t.name() +
                                 ", so the value must be " + want + ", got " + v.dump());
  };
  switch (t.id) {
    case TypeId::Int64:
      if (v.is_number_integer() && !(v.is_number_unsigned() && v.get<uint64_t>() > INT64_MAX)) {
        i = v.get<int64_t>();
        return;
      }
      throw fail("an integer");
    case TypeId::Float64:
      if (v.is_number()) { d = v.get<double>(); return; }
      throw fail("a number");
    case TypeId::Utf8:
    case TypeId::ListUtf8:
      if (v.is_string()) { s = v.get<std::string>(); return; }
      throw fail("a string");
    case TypeId::Bool:
      if (v.is_boolean()) { i = v.get<bool>() ? 1 : 0; return; }
      throw fail("a boolean");
    case TypeId::Timestamp:
      if (v.is_number_integer() && !(v.is_number_unsigned() && v.get<uint64_t>() > INT64_MAX)) {
        i = v.get<int64_t>();
        return;
      }
      if (v.is_string()) {
        auto r = time::parse_timestamp(v.get_ref<const std::string&>(), t.unit, i, kTimestampOptions);
        if (r) return;
        throw std::invalid_argument(path + ": " + v.dump() + " " + r.message() + " (column '" +
                                    column + "' is " + t.name() + ")");
      }
      throw fail("an ISO 8601 UTC string or an integer in the column's unit");
  }
}

// Resolves every condition against `schema`; throws std::invalid_argument with
// the config path on a missing column, an op the column type does not support
// or a value that does not fit the column type.
inline std::vector<Bound> bind_conditions(const std::vector<Condition>& conds,
                                          const Schema& schema) {
  std::vector<Bound> out;
  for (const auto& c : conds) {
    Bound b;
    b.op = c.op;
    auto it = std::find_if(schema.begin(), schema.end(),
                           [&](const Field& f) { return f.name == c.column; });
    if (it == schema.end())
      throw std::invalid_argument(c.path + ".column: no column '" + c.column + "' in input" +
                                  sdk::did_you_mean(c.column, column_names(schema), "columns"));
    b.col = static_cast<size_t>(it - schema.begin());
    b.type = it->type;
    const std::string op = op_name(c.op);
    if (c.op == Op::Contains && b.type.id != TypeId::Utf8 && b.type.id != TypeId::ListUtf8)
      throw std::invalid_argument(c.path + ".op: 'contains' needs a utf8 or list<utf8> column, '" +
                                  c.column + "' is " + b.type.name());
    if (b.type.id == TypeId::ListUtf8 && c.op != Op::Contains && c.op != Op::IsNull &&
        c.op != Op::NotNull)
      throw std::invalid_argument(c.path + ".op: '" + op + "' is not defined for list<utf8> column '" +
                                  c.column + "' (use contains, is_null or not_null)");
    if (c.op == Op::In || c.op == Op::NotIn) {
      const Json& arr = *c.value;
      for (size_t k = 0; k < arr.size(); ++k) {
        if (arr[k].is_null())
          throw std::invalid_argument(c.path + ".value[" + std::to_string(k) +
                                      "]: null never compares equal; use op is_null or not_null");
        int64_t i = 0;
        double d = 0;
        std::string s;
        convert_value(arr[k], b.type, c.column, c.path + ".value[" + std::to_string(k) + "]", i, d, s);
        if (b.type.id == TypeId::Float64) b.doubles.push_back(d);
        else if (b.type.id == TypeId::Utf8) b.strings.push_back(std::move(s));
        else b.ints.push_back(i);
      }
      std::sort(b.ints.begin(), b.ints.end());
      std::sort(b.doubles.begin(), b.doubles.end());
      std::sort(b.strings.begin(), b.strings.end());
    } else if (c.value) {
      convert_value(*c.value, b.type, c.column, c.path + ".value", b.i, b.d, b.s);
    }
    out.push_back(std::move(b));
  }
  return out;
}

template <class T>
bool compare(Op op, const T& a, const T& b) {
  switch (op) {
    case Op::Eq: return a == b;
    case Op::Ne: return a != b;
    case Op::Lt: return a < b;
    case Op::Le: return a <= b;
    case Op::Gt: return a > b;
    case Op::Ge: return a >= b;
    default: return false;
  }
}

// Clears keep[r] for every row r of `col` that fails the condition. Null
// cells fail every condition but is_null (SQL semantics).
inline void apply_condition(const Bound& b, const Column& col, std::vector<uint8_t>& keep) {
  const int64_t n = col.size();
  if (b.op == Op::IsNull || b.op == Op::NotNull) {
    const bool want_null = b.op == Op::IsNull;
    for (int64_t r = 0; r < n; ++r)
      if (keep[r] && col.is_null(r) != want_null) keep[r] = 0;
    return;
  }
  const bool in = b.op == Op::In, not_in = b.op == Op::NotIn;
  for (int64_t r = 0; r < n; ++r) {
    if (!keep[r]) continue;
    if (col.is_null(r)) { keep[r] = 0; continue; }
    bool ok = false;
    switch (b.type.id) {
      case TypeId::Bool:
      case TypeId::Int64:
      case TypeId::Timestamp: {
        int64_t v = col.int64(r);
        if (in || not_in) ok = std::binary_search(b.ints.begin(), b.ints.end(), v) == in;
        else ok = compare(b.op, v, b.i);
        break;
      }
      case TypeId::Float64: {
        double v = col.float64(r);
        if (in || not_in) ok = std::binary_search(b.doubles.begin(), b.doubles.end(), v) == in;
        else ok = compare(b.op, v, b.d);
        break;
      }
      case TypeId::Utf8: {
        std::string_view v = col.str(r);
        if (in || not_in)
          ok = std::binary_search(b.strings.begin(), b.strings.end(), v, std::less<>()) == in;
        else if (b.op == Op::Contains)
          ok = v.find(b.s) != std::string_view::npos;
        else
          ok = compare(b.op, v, std::string_view(b.s));
        break;
      }
      case TypeId::ListUtf8: {  // only contains reaches here
        for (int64_t j = 0; j < col.list_size(r) && !ok; ++j) ok = col.list_item(r, j) == b.s;
        break;
      }
    }
    if (!ok) keep[r] = 0;
  }
}

// The rows of `in` that match every bound condition, with the same schema.
inline Batch filter_batch(const std::vector<Bound>& conds, const Batch& in) {
  const int64_t n = in.rows();
  std::vector<uint8_t> keep(static_cast<size_t>(n), 1);
  for (const auto& b : conds) apply_condition(b, in.column(b.col), keep);
  size_t kept = static_cast<size_t>(std::count(keep.begin(), keep.end(), 1));
  Batch out(in.schema());
  for (size_t c = 0; c < in.num_columns(); ++c) {
    const Column& src = in.column(c);
    Column& dst = out.column(c);
    dst.reserve(kept);
    for (int64_t r = 0; r < n; ++r)
      if (keep[r]) dst.append_from(src, r);
  }
  out.set_empty_rows(static_cast<int64_t>(kept));
  return out;
}

// --- the stage ------------------------------------------------------------------

struct Filter : sdk::Stage {
  static constexpr const char* type = "table/filter";
  static constexpr const char* description =
      "Keeps the rows that match every condition of `where` (SQL null semantics).";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "table/filter",
  "description": "Keeps the rows that match every condition of `where`; the output has the input's columns and dataset type.",
  "type": "object",
  "properties": {
    "where": {
      "description": "Conditions a row must all satisfy to be kept (logical AND). Any comparison with a null cell is false, except is_null.",
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
      }
    }
  },
  "required": ["where"],
  "additionalProperties": false
})json";
  static constexpr const char* ports = R"json({
  "inputs": [{"name": "in", "type": "any", "description": "Rows to filter."}],
  "outputs": [{"name": "out", "type": "any", "description": "The input rows matching every condition, with the input's columns and dataset type."}]
})json";

  std::optional<sdk::PortTypes> infer(const Json& config, const sdk::PortTypes& inputs,
                                      sdk::Context&) override {
    auto conds = parse_config(config);
    auto in = inputs.find("in");
    if (in == inputs.end()) throw std::invalid_argument("input port 'in' is not connected");
    bind_conditions(conds, in->second.columns);
    return sdk::PortTypes{{"out", in->second}};
  }

  void run(const Json& config, sdk::Context& ctx) override {
    const auto conds = parse_config(config);
    std::optional<Schema> bound_schema;
    std::vector<Bound> bound;
    int64_t rows = 0;
    Batch batch;
    while (!ctx.cancelled() && ctx.read("in", batch)) {
      rows += batch.rows();
      if (!bound_schema || *bound_schema != batch.schema()) {
        bound = bind_conditions(conds, batch.schema());
        bound_schema = batch.schema();
      }
      if (batch.rows() > 0) {
        Batch out = filter_batch(bound, batch);
        if (out.rows() > 0) ctx.emit("out", std::move(out));
      }
      ctx.progress(rows);
    }
  }
};

}  // namespace chorus::table_filter
