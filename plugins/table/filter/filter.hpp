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

inline size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// " (did you mean 'x'?)" for the closest candidate, or a list of the
// candidates when none is close, or "" when there are none.
inline std::string suggestion(std::string_view wrong, const std::vector<std::string>& candidates) {
  const std::string* best = nullptr;
  size_t best_d = 0;
  for (const auto& c : candidates) {
    size_t d = edit_distance(wrong, c);
    if (!best || d < best_d) best = &c, best_d = d;
  }
  if (!best) return "";
  if (best_d <= std::max<size_t>(2, wrong.size() / 3)) return " (did you mean '" + *best + "'?)";
  std::string list;
  for (const auto& c : candidates) list += (list.empty() ? "" : ", ") + c;
  return " (columns: " + list + ")";
}

inline std::vector<std::string> column_names(const Schema& s) {
  std::vector<std::string> names;
  for (const auto& f : s) names.push_back(f.name);
  return names;
}

// --- ISO 8601 timestamps ----------------------------------------------------

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
inline int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

inline int64_t units_per_second(TimeUnit u) {
  switch (u) {
    case TimeUnit::Second: return 1;
    case TimeUnit::Milli: return 1000;
    case TimeUnit::Micro: return 1000000;
    case TimeUnit::Nano: return 1000000000;
  }
  return 1;
}

// Parses YYYY-MM-DD[(T| )HH:MM[:SS[.fraction]]][Z|+HH:MM|-HH:MM|+HHMM|+HH] into
// `unit` since the epoch. A time without a zone designator is taken as UTC
// (columns are always UTC); an offset is converted to UTC. Returns an error
// text, empty on success.
inline std::string parse_timestamp(std::string_view s, TimeUnit unit, int64_t& out) {
  size_t p = 0;
  auto digits = [&](size_t n, int& v) {
    if (p + n > s.size()) return false;
    v = 0;
    for (size_t k = 0; k < n; ++k) {
      char c = s[p + k];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    p += n;
    return true;
  };
  auto lit = [&](char c) {
    if (p < s.size() && s[p] == c) { ++p; return true; }
    return false;
  };
  const std::string bad = "is not an ISO 8601 timestamp (expected e.g. 2024-01-31 or 2024-01-31T12:00:00Z)";
  int y, mo, d, h = 0, mi = 0, sec = 0;
  int64_t frac_ns = 0;
  if (!digits(4, y) || !lit('-') || !digits(2, mo) || !lit('-') || !digits(2, d)) return bad;
  if (mo < 1 || mo > 12) return "has month " + std::to_string(mo) + " out of 1..12";
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int dim = mdays[mo - 1] + (mo == 2 && leap);
  if (d < 1 || d > dim) return "has day " + std::to_string(d) + " out of 1.." + std::to_string(dim);
  int64_t offset_s = 0;
  if (p < s.size()) {
    if (!(lit('T') || lit('t') || lit(' '))) return bad;
    if (!digits(2, h) || !lit(':') || !digits(2, mi)) return bad;
    if (lit(':')) {
      if (!digits(2, sec)) return bad;
      if (lit('.') || lit(',')) {
        size_t start = p;
        int64_t scale = 100000000;
        while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
          if (p - start >= 9) return "has more than 9 fractional digits";
          frac_ns += (s[p] - '0') * scale;
          scale /= 10;
          ++p;
        }
        if (p == start) return bad;
      }
    }
    if (h > 23 || mi > 59 || sec > 59) return "has a time of day out of range";
    if (lit('Z') || lit('z')) {
    } else if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
      int sign = s[p] == '-' ? -1 : 1;
      ++p;
      int oh, om = 0;
      if (!digits(2, oh)) return bad;
      if (lit(':')) {
        if (!digits(2, om)) return bad;
      } else if (p < s.size()) {
        if (!digits(2, om)) return bad;
      }
      if (oh > 23 || om > 59) return "has a zone offset out of range";
      offset_s = sign * (oh * 3600 + om * 60);
    }
    if (p != s.size()) return bad;
  }
  int64_t secs = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
                 h * 3600 + mi * 60 + sec - offset_s;
  const int64_t per = units_per_second(unit);
  const int64_t ns_per_unit = 1000000000 / per;
  if (frac_ns % ns_per_unit != 0)
    return "has a fraction of a second finer than the column unit";
  int64_t v;
  if (__builtin_mul_overflow(secs, per, &v) || __builtin_add_overflow(v, frac_ns / ns_per_unit, &v))
    return "is out of the range of the column unit";
  out = v;
  return "";
}

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
                                  (edit_distance(it.key(), "where") <= 2 ? " (did you mean 'where'?)"
                                                                        : " (expected 'where')"));
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
        std::string err = parse_timestamp(v.get_ref<const std::string&>(), t.unit, i);
        if (err.empty()) return;
        throw std::invalid_argument(path + ": " + v.dump() + " " + err + " (column '" + column +
                                    "' is " + t.name() + ")");
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
                                  suggestion(c.column, column_names(schema)));
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
