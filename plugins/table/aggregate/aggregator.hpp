// The engine of table/aggregate: groups rows by key columns and computes SQL
// aggregates on Batches. It needs no host, so it is tested directly; the
// AggregateStage (aggregate_stage.hpp) wraps it.
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

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <chorus/sdk.hpp>

namespace chorus::table_aggregate {

enum class Fn { Count, CountDistinct, Sum, Min, Max, Mean };

// The function names of `with.aggregates[i].fn`, in the schema's order.
extern const std::pair<const char*, Fn> kFns[6];
const char* fn_name(Fn fn);

// One entry of `with.aggregates`.
struct AggSpec {
  std::string path;  // "with.aggregates[i]", the prefix of error messages
  std::string name;  // output column
  Fn fn = Fn::Count;
  std::optional<std::string> column;  // absent only for count (counts rows)
};

// The parsed `with:`; defaults live in AggregateStage::options().
struct Config {
  std::vector<std::string> group_by;
  std::vector<AggSpec> aggregates;
};

const Field* find_field(const Schema& s, const std::string& name);

// The type of an aggregate's output column, or throws std::invalid_argument
// naming the config key on a missing or unsuitable column.
DataType result_type(const AggSpec& a, const Schema& input);

// Output columns: the group_by columns, then one per aggregate. Throws
// std::invalid_argument naming the config key on a missing or unsuitable column.
Schema output_schema(const Config& cfg, const Schema& input);

class Aggregator {
 public:
  // Validates `cfg` against `input` (std::invalid_argument as output_schema).
  Aggregator(Config cfg, const Schema& input);

  const Schema& output_schema() const { return out_schema_; }
  int64_t num_groups() const { return groups_; }

  // Folds one batch in. Throws std::runtime_error when a column the config
  // uses is missing from the batch or has another type than in the first one,
  // std::overflow_error when an int64 sum overflows.
  void add(const Batch& b);

  // Output rows [begin, end) of the result, in group-key order (nulls first).
  Batch result(int64_t begin, int64_t end);
  Batch result() { return result(0, groups_); }

 private:
  struct State {
    AggSpec spec;
    DataType in_type;
    std::vector<int64_t> count;        // count, count(column), mean: non-null cells
    std::vector<int64_t> ints;         // sum of int64; min/max of bool, int64, timestamp
    std::vector<long double> sums;     // sum of float64; mean
    std::vector<double> doubles;       // min/max of float64
    std::vector<std::string> strings;  // min/max of utf8
    std::vector<uint8_t> has;          // a non-null value was seen
    std::vector<std::unordered_set<int64_t>> distinct_ints;
    std::vector<std::unordered_set<std::string>> distinct_strings;
  };

  const Column& column_of(const Batch& b, const std::string& name, const DataType& want) const;
  void new_group();
  void update(State& s, const Column& c, int64_t n);
  void emit_value(const State& s, int64_t gi, Column& out) const;
  void sort_groups();

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

}  // namespace chorus::table_aggregate
