#include "condition.hpp"

#include <algorithm>
#include <stdexcept>

#include <chorus/sdk/suggest.hpp>
#include <chorus/sdk/time.hpp>

namespace chorus::table_filter {

using sdk::ConfigError;
using sdk::Json;

const std::pair<const char*, Op> kOps[11] = {{"==", Op::Eq},
                                             {"!=", Op::Ne},
                                             {"<", Op::Lt},
                                             {"<=", Op::Le},
                                             {">", Op::Gt},
                                             {">=", Op::Ge},
                                             {"in", Op::In},
                                             {"not_in", Op::NotIn},
                                             {"is_null", Op::IsNull},
                                             {"not_null", Op::NotNull},
                                             {"contains", Op::Contains}};

const char* op_name(Op op) {
  for (const auto& o : kOps)
    if (o.second == op) return o.first;
  return "?";
}

namespace {

std::vector<std::string> column_names(const Schema& s) {
  std::vector<std::string> names;
  for (const auto& f : s) names.push_back(f.name);
  return names;
}

// Timestamps in conditions: ISO 8601 read exactly into the column's unit.
// A fraction finer than the unit is an error rather than truncated: a
// condition `t == 12:00:00.5` on a timestamp[s] column would otherwise
// silently compare with 12:00:00. Integers are given as JSON numbers, not
// strings.
constexpr time::ParseOptions kTimestampOptions{time::Fraction::Exact, false};

bool is_scalar(const Json& v) { return v.is_string() || v.is_number() || v.is_boolean(); }

Condition condition_from_json(const Json& w, size_t index) {
  Condition c;
  c.path = "with.where[" + std::to_string(index) + "]";
  if (!w.is_object()) throw ConfigError(c.path + ": expected an object {column, op, value}");
  for (auto it = w.begin(); it != w.end(); ++it)
    if (it.key() != "column" && it.key() != "op" && it.key() != "value")
      throw ConfigError(c.path + ": unknown key '" + it.key() + "' (expected column, op, value)");
  if (!w.contains("column") || !w["column"].is_string() || w["column"].get<std::string>().empty())
    throw ConfigError(c.path + ".column: expected a column name");
  c.column = w["column"].get<std::string>();
  if (!w.contains("op") || !w["op"].is_string())
    throw ConfigError(c.path + ".op: expected one of ==, !=, <, <=, >, >=, in, not_in, is_null, not_null, contains");
  const std::string op = w["op"].get<std::string>();
  bool found = false;
  for (const auto& o : kOps)
    if (op == o.first) c.op = o.second, found = true;
  if (!found)
    throw ConfigError(c.path + ".op: unknown op '" + op +
                      "' (expected one of ==, !=, <, <=, >, >=, in, not_in, is_null, not_null, contains)");
  const bool unary = c.op == Op::IsNull || c.op == Op::NotNull;
  if (unary && w.contains("value")) throw ConfigError(c.path + ".value: op '" + op + "' takes no value");
  if (unary) return c;
  if (!w.contains("value")) throw ConfigError(c.path + ".value: op '" + op + "' needs a value");
  const Json& v = w["value"];
  const bool list_op = c.op == Op::In || c.op == Op::NotIn;
  if (list_op && !v.is_array())
    throw ConfigError(c.path + ".value: op '" + op + "' needs an array of values, got " + v.dump());
  if (!list_op && v.is_array())
    throw ConfigError(c.path + ".value: op '" + op + "' needs a single value, got an array (use 'in' for a list)");
  if (v.is_null()) throw ConfigError(c.path + ".value: null never compares equal; use op is_null or not_null");
  // The schema's types: a string, number, boolean, or an array of those; a string for contains.
  if (!list_op && !is_scalar(v))
    throw ConfigError(c.path + ".value: expected a string, number or boolean, got " + v.dump());
  if (c.op == Op::Contains && !v.is_string())
    throw ConfigError(c.path + ".value: op 'contains' needs a string, got " + v.dump());
  if (list_op)
    for (size_t k = 0; k < v.size(); ++k) {
      const std::string at = c.path + ".value[" + std::to_string(k) + "]";
      if (v[k].is_null()) throw ConfigError(at + ": null never compares equal; use op is_null or not_null");
      if (!is_scalar(v[k])) throw ConfigError(at + ": expected a string, number or boolean, got " + v[k].dump());
    }
  c.value = v;
  return c;
}

// Converts one JSON value to the column's storage or throws naming `path`.
void convert_value(const Json& v, const DataType& t, const std::string& column, const std::string& path, int64_t& i,
                   double& d, std::string& s) {
  auto fail = [&](const std::string& want) {
    return std::invalid_argument(path + ": column '" + column + "' is " + t.name() + ", so the value must be " + want +
                                 ", got " + v.dump());
  };
  switch (t.id) {
    case TypeId::Int64:
      if (v.is_number_integer() && !(v.is_number_unsigned() && v.get<uint64_t>() > INT64_MAX)) {
        i = v.get<int64_t>();
        return;
      }
      throw fail("an integer");
    case TypeId::Float64:
      if (v.is_number()) {
        d = v.get<double>();
        return;
      }
      throw fail("a number");
    case TypeId::Utf8:
    case TypeId::ListUtf8:
      if (v.is_string()) {
        s = v.get<std::string>();
        return;
      }
      throw fail("a string");
    case TypeId::Bool:
      if (v.is_boolean()) {
        i = v.get<bool>() ? 1 : 0;
        return;
      }
      throw fail("a boolean");
    case TypeId::Timestamp:
      if (v.is_number_integer() && !(v.is_number_unsigned() && v.get<uint64_t>() > INT64_MAX)) {
        i = v.get<int64_t>();
        return;
      }
      if (v.is_string()) {
        auto r = time::parse_timestamp(v.get_ref<const std::string&>(), t.unit, i, kTimestampOptions);
        if (r) return;
        throw std::invalid_argument(path + ": " + v.dump() + " " + r.message() + " (column '" + column + "' is " +
                                    t.name() + ")");
      }
      throw fail("an ISO 8601 UTC string or an integer in the column's unit");
  }
}

}  // namespace

std::vector<Condition> conditions_from_json(const Json& where) {
  if (!where.is_array() || where.empty())
    throw ConfigError("with.where: expected a non-empty array of {column, op, value}");
  std::vector<Condition> out;
  for (size_t i = 0; i < where.size(); ++i) out.push_back(condition_from_json(where[i], i));
  return out;
}

std::vector<Bound> bind_conditions(const std::vector<Condition>& conds, const Schema& schema) {
  std::vector<Bound> out;
  for (const auto& c : conds) {
    Bound b;
    b.op = c.op;
    auto it = std::find_if(schema.begin(), schema.end(), [&](const Field& f) { return f.name == c.column; });
    if (it == schema.end())
      throw std::invalid_argument(c.path + ".column: no column '" + c.column + "' in input" +
                                  sdk::did_you_mean(c.column, column_names(schema), "columns"));
    b.col = static_cast<size_t>(it - schema.begin());
    b.type = it->type;
    const std::string op = op_name(c.op);
    if (c.op == Op::Contains && b.type.id != TypeId::Utf8 && b.type.id != TypeId::ListUtf8)
      throw std::invalid_argument(c.path + ".op: 'contains' needs a utf8 or list<utf8> column, '" + c.column + "' is " +
                                  b.type.name());
    if (b.type.id == TypeId::ListUtf8 && c.op != Op::Contains && c.op != Op::IsNull && c.op != Op::NotNull)
      throw std::invalid_argument(c.path + ".op: '" + op + "' is not defined for list<utf8> column '" + c.column +
                                  "' (use contains, is_null or not_null)");
    if (c.op == Op::In || c.op == Op::NotIn) {
      const Json& arr = *c.value;
      for (size_t k = 0; k < arr.size(); ++k) {
        int64_t i = 0;
        double d = 0;
        std::string s;
        convert_value(arr[k], b.type, c.column, c.path + ".value[" + std::to_string(k) + "]", i, d, s);
        if (b.type.id == TypeId::Float64)
          b.doubles.push_back(d);
        else if (b.type.id == TypeId::Utf8)
          b.strings.push_back(std::move(s));
        else
          b.ints.push_back(i);
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

}  // namespace chorus::table_filter
