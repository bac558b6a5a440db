// table/aggregate: group rows by key columns and compute SQL aggregates.
//
// The Aggregator below does the work on Batches and needs no host, so it is
// tested directly; the Aggregate stage wraps it. Header-only so the unit tests
// (globbed into chorus_tests, which cannot link the plugin module) can use it;
// the plugin library itself is plugin.cpp, which adds the CHORUS_PLUGIN entry.
//
// Semantics (SQL): count() counts rows, count(column) non-null cells;
// count_distinct counts distinct non-null values; sum/min/max/mean ignore
// nulls and are null for a group without a non-null value. A null key is a
// group of its own. Output rows are sorted by the group key, nulls first, so
// the result does not depend on the input order.
//
// float64 in keys, count_distinct and min/max: -0.0 and 0.0 are one value,
// every NaN is one value, and NaN sorts after every number (as in PostgreSQL),
// so max of a column holding a NaN is NaN.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <chorus/sdk.hpp>
#include <chorus/sdk/suggest.hpp>

namespace chorus::table_aggregate {

using sdk::Json;

enum class Fn { Count, CountDistinct, Sum, Min, Max, Mean };

inline const std::pair<const char*, Fn> kFns[] = {
    {"count", Fn::Count}, {"count_distinct", Fn::CountDistinct}, {"sum", Fn::Sum},
    {"min", Fn::Min},     {"max", Fn::Max},                      {"mean", Fn::Mean}};

inline const char* fn_name(Fn fn) {
  for (const auto& f : kFns)
    if (f.second == fn) return f.first;
  return "?";
}

// --- small helpers ---------------------------------------------------------

// -0.0 -> 0.0 and every NaN -> one NaN, so equal-looking values group together.
inline double canonical(double d) {
  if (std::isnan(d)) return std::numeric_limits<double>::quiet_NaN();
  return d == 0 ? 0.0 : d;
}
inline int64_t double_bits(double d) {
  d = canonical(d);
  int64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return bits;
}
// Total order on doubles with NaN after every number.
inline bool less_double(double a, double b) {
  if (std::isnan(a)) return false;
  if (std::isnan(b)) return true;
  return a < b;
}

// --- config ------------------------------------------------------------------

struct AggSpec {
  std::string path;  // "with.aggregates[i]", the prefix of error messages
  std::string name;  // output column
  Fn fn = Fn::Count;
  std::optional<std::string> column;  // absent only for count (counts rows)
};

struct Config {
  std::vector<std::string> group_by;
  std::vector<AggSpec> aggregates;
};

inline Config parse_config(const Json& config) {
  if (!config.is_object())
    throw std::invalid_argument("with: expected an object with keys group_by and aggregates");
  for (auto it = config.begin(); it != config.end(); ++it)
    if (it.key() != "group_by" && it.key() != "aggregates")
      throw std::invalid_argument("with: unknown key '" + it.key() + "'" +
                                  sdk::did_you_mean(it.key(), {"group_by", "aggregates"}, "expected"));
  Config cfg;
  if (config.contains("group_by")) {
    const Json& g = config["group_by"];
    if (!g.is_array())
      throw std::invalid_argument("with.group_by: expected an array of column names, e.g. [region]");
    for (size_t i = 0; i < g.size(); ++i) {
      std::string path = "with.group_by[" + std::to_string(i) + "]";
      if (!g[i].is_string() || g[i].get<std::string>().empty())
        throw std::invalid_argument(path + ": expected a column name, got " + g[i].dump());
      std::string name = g[i].get<std::string>();
      if (std::find(cfg.group_by.begin(), cfg.group_by.end(), name) != cfg.group_by.end())
        throw std::invalid_argument(path + ": column '" + name + "' is listed twice");
      cfg.group_by.push_back(std::move(name));
    }
  }
  if (!config.contains("aggregates"))
    throw std::invalid_argument("with.aggregates: is required (an array of {name, fn, column})");
  const Json& aggs = config["aggregates"];
  if (!aggs.is_array() || aggs.empty())
    throw std::invalid_argument("with.aggregates: expected a non-empty array of {name, fn, column}");
  for (size_t i = 0; i < aggs.size(); ++i) {
    const Json& a = aggs[i];
    AggSpec s;
    s.path = "with.aggregates[" + std::to_string(i) + "]";
    if (!a.is_object()) throw std::invalid_argument(s.path + ": expected an object {name, fn, column}");
    for (auto it = a.begin(); it != a.end(); ++it)
      if (it.key() != "name" && it.key() != "fn" && it.key() != "column")
        throw std::invalid_argument(s.path + ": unknown key '" + it.key() +
                                    "' (expected name, fn, column)");
    if (!a.contains("name") || !a["name"].is_string() || a["name"].get<std::string>().empty())
      throw std::invalid_argument(s.path + ".name: expected the name of the output column");
    s.name = a["name"].get<std::string>();
    if (!a.contains("fn") || !a["fn"].is_string())
      throw std::invalid_argument(s.path +
                                  ".fn: expected one of count, count_distinct, sum, min, max, mean");
    std::string fn = a["fn"].get<std::string>();
    bool found = false;
    for (const auto& f : kFns)
      if (fn == f.first) s.fn = f.second, found = true;
    if (!found)
      throw std::invalid_argument(s.path + ".fn: unknown function '" + fn +
                                  "' (expected one of count, count_distinct, sum, min, max, mean)");
    if (a.contains("column")) {
      if (!a["column"].is_string() || a["column"].get<std::string>().empty())
        throw std::invalid_argument(s.path + ".column: expected a column name, got " +
                                    a["column"].dump());
      s.column = a["column"].get<std::string>();
    } else if (s.fn != Fn::Count) {
      throw std::invalid_argument(s.path + ".column: is required for fn '" + fn +
                                  "' (only count works without a column)");
    }
    cfg.aggregates.push_back(std::move(s));
  }
  // Output column names must be unique.
  for (size_t i = 0; i < cfg.aggregates.size(); ++i) {
    const AggSpec& s = cfg.aggregates[i];
    if (std::find(cfg.group_by.begin(), cfg.group_by.end(), s.name) != cfg.group_by.end())
      throw std::invalid_argument(s.path + ".name: '" + s.name +
                                  "' is already an output column (it is in group_by)");
    for (size_t j = 0; j < i; ++j)
      if (cfg.aggregates[j].name == s.name)
        throw std::invalid_argument(s.path + ".name: '" + s.name + "' is already the name of " +
                                    "with.aggregates[" + std::to_string(j) + "]");
  }
  return cfg;
}

// --- types -------------------------------------------------------------------

inline const Field* find_field(const Schema& s, const std::string& name) {
  for (const auto& f : s)
    if (f.name == name) return &f;
  return nullptr;
}

inline const Field& require_field(const Schema& s, const std::string& name, const std::string& path) {
  if (const Field* f = find_field(s, name)) return *f;
  std::vector<std::string> names;
  for (const auto& f : s) names.push_back(f.name);
  throw std::invalid_argument(path + ": no column '" + name + "' in input" +
                              sdk::did_you_mean(name, names, "columns"));
}

// The type of an aggregate's output column, or throws naming the config key.
inline DataType result_type(const AggSpec& a, const Schema& input) {
  if (!a.column) return {TypeId::Int64};  // count of rows
  const DataType t = require_field(input, *a.column, a.path + ".column").type;
  auto undefined = [&](const char* needs) {
    return std::invalid_argument(a.path + ".fn: " + fn_name(a.fn) + " of a " + t.name() +
                                 " column '" + *a.column + "' is not defined (" + fn_name(a.fn) +
                                 " needs " + needs + ")");
  };
  switch (a.fn) {
    case Fn::Count: return {TypeId::Int64};
    case Fn::CountDistinct:
      if (t.id == TypeId::ListUtf8) throw undefined("bool, int64, float64, utf8 or timestamp");
      return {TypeId::Int64};
    case Fn::Sum:
      if (t.id != TypeId::Int64 && t.id != TypeId::Float64) throw undefined("int64 or float64");
      return t;
    case Fn::Mean:
      if (t.id != TypeId::Int64 && t.id != TypeId::Float64) throw undefined("int64 or float64");
      return {TypeId::Float64};
    case Fn::Min:
    case Fn::Max:
      if (t.id == TypeId::ListUtf8) throw undefined("bool, int64, float64, utf8 or timestamp");
      return t;
  }
  return t;
}

// Output columns: the group_by columns, then one per aggregate. Throws
// std::invalid_argument naming the config key on a missing or unsuitable column.
inline Schema output_schema(const Config& cfg, const Schema& input) {
  Schema out;
  for (size_t i = 0; i < cfg.group_by.size(); ++i) {
    const Field& f =
        require_field(input, cfg.group_by[i], "with.group_by[" + std::to_string(i) + "]");
    if (f.type.id == TypeId::ListUtf8)
      throw std::invalid_argument("with.group_by[" + std::to_string(i) +
                                  "]: cannot group by list<utf8> column '" + f.name +
                                  "' (keys can be bool, int64, float64, utf8 or timestamp)");
    out.push_back(f);
  }
  for (const auto& a : cfg.aggregates) out.push_back({a.name, result_type(a, input)});
  return out;
}

// --- the aggregation -----------------------------------------------------------

class Aggregator {
 public:
  // Validates `cfg` against `input` (std::invalid_argument as output_schema).
  Aggregator(Config cfg, const Schema& input)
      : cfg_(std::move(cfg)), out_schema_(table_aggregate::output_schema(cfg_, input)) {
    Schema key_schema(out_schema_.begin(), out_schema_.begin() + cfg_.group_by.size());
    keys_ = Batch(key_schema);
    for (const auto& a : cfg_.aggregates) {
      State s;
      s.spec = a;
      if (a.column) s.in_type = find_field(input, *a.column)->type;
      states_.push_back(std::move(s));
    }
    if (cfg_.group_by.empty()) new_group();  // one row even for an empty input
  }

  const Schema& output_schema() const { return out_schema_; }
  int64_t num_groups() const { return groups_; }

  // Folds one batch in. Throws std::runtime_error when a column the config
  // uses is missing from the batch or has another type than in the first one,
  // std::overflow_error when an int64 sum overflows.
  void add(const Batch& b) {
    const int64_t n = b.rows();
    if (n == 0) return;
    std::vector<const Column*> keys;
    for (size_t k = 0; k < cfg_.group_by.size(); ++k)
      keys.push_back(&column_of(b, cfg_.group_by[k], out_schema_[k].type));
    gid_.assign(static_cast<size_t>(n), 0);
    if (!keys.empty()) {
      std::string key;
      for (int64_t r = 0; r < n; ++r) {
        key.clear();
        for (const Column* c : keys) encode(*c, r, key);
        auto [it, inserted] = index_.try_emplace(key, groups_);
        if (inserted) {
          for (size_t k = 0; k < keys.size(); ++k) append_key(keys_.column(k), *keys[k], r);
          new_group();
        }
        gid_[r] = it->second;
      }
    }
    for (auto& s : states_) {
      if (!s.spec.column) {  // count of rows
        for (int64_t r = 0; r < n; ++r) ++s.count[gid_[r]];
        continue;
      }
      update(s, column_of(b, *s.spec.column, s.in_type), n);
    }
    sorted_ = false;
  }

  // Output rows [begin, end) of the result, in group-key order (nulls first).
  Batch result(int64_t begin, int64_t end) {
    sort_groups();
    begin = std::clamp<int64_t>(begin, 0, groups_);
    end = std::clamp<int64_t>(end, begin, groups_);
    Batch out(out_schema_);
    const size_t nk = cfg_.group_by.size();
    for (size_t c = 0; c < out.num_columns(); ++c) out.column(c).reserve(static_cast<size_t>(end - begin));
    for (int64_t i = begin; i < end; ++i) {
      const int64_t g = order_[static_cast<size_t>(i)];
      for (size_t k = 0; k < nk; ++k) out.column(k).append_from(keys_.column(k), g);
      for (size_t a = 0; a < states_.size(); ++a) emit_value(states_[a], g, out.column(nk + a));
    }
    out.set_empty_rows(end - begin);
    return out;
  }
  Batch result() { return result(0, groups_); }

 private:
  struct State {
    AggSpec spec;
    DataType in_type;
    std::vector<int64_t> count;          // count, count(column), mean: non-null cells
    std::vector<int64_t> ints;           // sum of int64; min/max of bool, int64, timestamp
    std::vector<long double> sums;       // sum of float64; mean
    std::vector<double> doubles;         // min/max of float64
    std::vector<std::string> strings;    // min/max of utf8
    std::vector<uint8_t> has;            // a non-null value was seen
    std::vector<std::unordered_set<int64_t>> distinct_ints;
    std::vector<std::unordered_set<std::string>> distinct_strings;
  };

  const Column& column_of(const Batch& b, const std::string& name, const DataType& want) const {
    int i = b.index_of(name);
    if (i < 0)
      throw std::runtime_error("input batch has no column '" + name +
                               "' (the first batch had it; batches must share one schema)");
    const Column& c = b.column(static_cast<size_t>(i));
    if (c.type() != want)
      throw std::runtime_error("column '" + name + "' is " + c.type().name() +
                               " in this batch but was " + want.name() + " before");
    return c;
  }

  // Appends an unambiguous encoding of cell r to `key`.
  static void encode(const Column& c, int64_t r, std::string& key) {
    if (c.is_null(r)) { key.push_back('\0'); return; }
    key.push_back('\1');
    int64_t v = 0;
    switch (c.type().id) {
      case TypeId::Float64: v = double_bits(c.float64(r)); break;
      case TypeId::Utf8: {
        std::string_view s = c.str(r);
        uint32_t len = static_cast<uint32_t>(s.size());
        key.append(reinterpret_cast<const char*>(&len), sizeof len);
        key.append(s.data(), s.size());
        return;
      }
      default: v = c.int64(r);
    }
    key.append(reinterpret_cast<const char*>(&v), sizeof v);
  }

  static void append_key(Column& dst, const Column& src, int64_t r) {
    if (src.type().id == TypeId::Float64 && !src.is_null(r)) dst.append_double(canonical(src.float64(r)));
    else dst.append_from(src, r);
  }

  void new_group() {
    ++groups_;
    const size_t n = static_cast<size_t>(groups_);
    for (auto& s : states_) {
      s.count.resize(n, 0);
      s.has.resize(n, 0);
      switch (s.spec.fn) {
        case Fn::Count: break;
        case Fn::CountDistinct:
          if (s.in_type.id == TypeId::Utf8) s.distinct_strings.resize(n);
          else s.distinct_ints.resize(n);
          break;
        case Fn::Sum:
        case Fn::Mean:
          if (s.spec.fn == Fn::Sum && s.in_type.id == TypeId::Int64) s.ints.resize(n, 0);
          else s.sums.resize(n, 0);
          break;
        case Fn::Min:
        case Fn::Max:
          if (s.in_type.id == TypeId::Float64) s.doubles.resize(n, 0);
          else if (s.in_type.id == TypeId::Utf8) s.strings.resize(n);
          else s.ints.resize(n, 0);
          break;
      }
    }
  }

  void update(State& s, const Column& c, int64_t n) {
    const TypeId t = s.in_type.id;
    const bool is_max = s.spec.fn == Fn::Max;
    for (int64_t r = 0; r < n; ++r) {
      if (c.is_null(r)) continue;
      const size_t g = static_cast<size_t>(gid_[r]);
      ++s.count[g];
      switch (s.spec.fn) {
        case Fn::Count: break;
        case Fn::CountDistinct:
          if (t == TypeId::Utf8) s.distinct_strings[g].emplace(c.str(r));
          else if (t == TypeId::Float64) s.distinct_ints[g].insert(double_bits(c.float64(r)));
          else s.distinct_ints[g].insert(c.int64(r));
          break;
        case Fn::Sum:
          if (t == TypeId::Int64) {
            if (__builtin_add_overflow(s.ints[g], c.int64(r), &s.ints[g]))
              throw std::overflow_error("aggregate '" + s.spec.name + "': sum of int64 column '" +
                                        *s.spec.column + "' overflows int64");
          } else {
            s.sums[g] += c.float64(r);  // long double, rounded to float64 once at the end
          }
          break;
        case Fn::Mean:
          // Summed in long double (x86-64: 64-bit mantissa, so every int64 is
          // exact and float64 rounding error accumulates 2^11 times slower),
          // not Kahan; divided once at the end.
          s.sums[g] += t == TypeId::Int64 ? static_cast<long double>(c.int64(r))
                                          : static_cast<long double>(c.float64(r));
          break;
        case Fn::Min:
        case Fn::Max: {
          const bool first = !s.has[g];
          if (t == TypeId::Float64) {
            double v = c.float64(r);
            if (first || (is_max ? less_double(s.doubles[g], v) : less_double(v, s.doubles[g])))
              s.doubles[g] = canonical(v);
          } else if (t == TypeId::Utf8) {
            // Byte order: char_traits<char> compares as unsigned char.
            std::string_view v = c.str(r);
            if (first || (is_max ? std::string_view(s.strings[g]) < v : v < std::string_view(s.strings[g])))
              s.strings[g].assign(v.data(), v.size());
          } else {
            int64_t v = c.int64(r);
            if (first || (is_max ? s.ints[g] < v : v < s.ints[g])) s.ints[g] = v;
          }
          break;
        }
      }
      s.has[g] = 1;
    }
  }

  void emit_value(const State& s, int64_t gi, Column& out) const {
    const size_t g = static_cast<size_t>(gi);
    const TypeId t = s.in_type.id;
    switch (s.spec.fn) {
      case Fn::Count: out.append_int(s.count[g]); return;
      case Fn::CountDistinct:
        out.append_int(static_cast<int64_t>(t == TypeId::Utf8 ? s.distinct_strings[g].size()
                                                              : s.distinct_ints[g].size()));
        return;
      default: break;
    }
    if (!s.has[g]) { out.append_null(); return; }
    switch (s.spec.fn) {
      case Fn::Sum:
        if (t == TypeId::Int64) out.append_int(s.ints[g]);
        else out.append_double(static_cast<double>(s.sums[g]));
        return;
      case Fn::Mean:
        out.append_double(static_cast<double>(s.sums[g] / static_cast<long double>(s.count[g])));
        return;
      default:  // min, max
        if (t == TypeId::Float64) out.append_double(s.doubles[g]);
        else if (t == TypeId::Utf8) out.append_string(s.strings[g]);
        else if (t == TypeId::Bool) out.append_bool(s.ints[g] != 0);
        else out.append_int(s.ints[g]);
    }
  }

  // -1, 0, 1 comparing key cells a and b of one column; null first.
  static int compare_cell(const Column& c, int64_t a, int64_t b) {
    const bool na = c.is_null(a), nb = c.is_null(b);
    if (na || nb) return na == nb ? 0 : (na ? -1 : 1);
    switch (c.type().id) {
      case TypeId::Float64: {
        double x = c.float64(a), y = c.float64(b);
        return less_double(x, y) ? -1 : less_double(y, x) ? 1 : 0;
      }
      case TypeId::Utf8: {
        int r = c.str(a).compare(c.str(b));
        return r < 0 ? -1 : r > 0 ? 1 : 0;
      }
      default: {
        int64_t x = c.int64(a), y = c.int64(b);
        return x < y ? -1 : x > y ? 1 : 0;
      }
    }
  }

  void sort_groups() {
    if (sorted_ && static_cast<int64_t>(order_.size()) == groups_) return;
    order_.resize(static_cast<size_t>(groups_));
    std::iota(order_.begin(), order_.end(), 0);
    std::sort(order_.begin(), order_.end(), [&](int64_t a, int64_t b) {
      for (size_t k = 0; k < keys_.num_columns(); ++k) {
        int c = compare_cell(keys_.column(k), a, b);
        if (c) return c < 0;
      }
      return false;
    });
    sorted_ = true;
  }

  Config cfg_;
  Schema out_schema_;
  Batch keys_;  // one row per group: its key values
  std::unordered_map<std::string, int64_t> index_;
  std::vector<State> states_;
  int64_t groups_ = 0;
  std::vector<int64_t> gid_;  // group of each row of the current batch
  std::vector<int64_t> order_;
  bool sorted_ = false;
};

// --- the stage ------------------------------------------------------------------

struct Aggregate : sdk::Stage {
  static constexpr const char* type = "table/aggregate";
  static constexpr const char* description =
      "Groups rows by key columns and computes count, count_distinct, sum, min, max and mean.";
  // 2: without group_by, an input without any batch gives its one row also
  // for sum, min and max (was no row).
  static constexpr const char* code_version = "2";
  static constexpr const char* config_schema = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "table/aggregate",
  "description": "Groups rows by the group_by columns and computes one output column per aggregate (SQL semantics: nulls are ignored, a null key is a group of its own). Output: the group_by columns then the aggregates, one row per group sorted by the key with nulls first; exactly one row when group_by is empty.",
  "type": "object",
  "properties": {
    "group_by": {
      "description": "Key columns (bool, int64, float64, utf8 or timestamp); each distinct combination of their values is one output row. Empty: a single group of all rows.",
      "type": "array",
      "items": {"description": "Name of an input column.", "type": "string", "minLength": 1},
      "uniqueItems": true,
      "default": []
    },
    "aggregates": {
      "description": "Output columns computed over each group, in order after the group_by columns.",
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
      }
    }
  },
  "required": ["aggregates"],
  "additionalProperties": false
})json";
  static constexpr const char* ports = R"json({
  "inputs": [{"name": "in", "type": "any", "description": "Rows to aggregate."}],
  "outputs": [{"name": "out", "type": "any", "description": "One row per group: the group_by columns then the aggregates, sorted by the group key (nulls first); no dataset type name."}]
})json";

  // Rows per emitted batch when there are many groups.
  static constexpr int64_t kOutputBatchRows = 65536;

  std::optional<sdk::PortTypes> infer(const Json& config, const sdk::PortTypes& inputs,
                                      sdk::Context&) override {
    Config cfg = parse_config(config);
    auto in = inputs.find("in");
    if (in == inputs.end()) throw std::invalid_argument("input port 'in' is not connected");
    return sdk::PortTypes{{"out", {"", output_schema(cfg, in->second.columns)}}};
  }

  void run(const Json& config, sdk::Context& ctx) override {
    Config cfg = parse_config(config);
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
          ctx.warn("table/aggregate: the input had no batch, so the type of '" + a.name +
                   "' is unknown; no row emitted");
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
};

}  // namespace chorus::table_aggregate
