// The conditions of table/filter's `with.where`: parsed from JSON (with the
// key of every mistake named), then bound to an input schema, where each
// value is converted once to the column's storage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <chorus/sdk.hpp>

namespace chorus::table_filter {

enum class Op { Eq, Ne, Lt, Le, Gt, Ge, In, NotIn, IsNull, NotNull, Contains };

// The op names of `with.where[i].op`, in the schema's order.
extern const std::pair<const char*, Op> kOps[11];
const char* op_name(Op op);

// One entry of `with.where`.
struct Condition {
  std::string path;  // "with.where[i]", the prefix of error messages
  std::string column;
  Op op = Op::Eq;
  std::optional<sdk::Json> value;  // absent for is_null / not_null
};

// `with.where` from its JSON: a non-empty array of {column, op, value}, each
// checked as the option's schema says; throws sdk::ConfigError naming the key.
std::vector<Condition> conditions_from_json(const sdk::Json& where);

// A condition with its column resolved and its value converted to the column's
// storage (timestamps to the column's unit, once).
struct Bound {
  Op op = Op::Eq;
  size_t col = 0;
  DataType type;
  int64_t i = 0;                     // Bool, Int64, Timestamp
  double d = 0;                      // Float64
  std::string s;                     // Utf8, ListUtf8 (contains)
  std::vector<int64_t> ints;         // in / not_in, sorted
  std::vector<double> doubles;       // in / not_in, sorted
  std::vector<std::string> strings;  // in / not_in, sorted
};

// Resolves every condition against `schema`; throws std::invalid_argument with
// the config path on a missing column, an op the column type does not support
// or a value that does not fit the column type.
std::vector<Bound> bind_conditions(const std::vector<Condition>& conds, const Schema& schema);

}  // namespace chorus::table_filter
