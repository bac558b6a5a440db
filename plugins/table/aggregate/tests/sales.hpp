// Test data shared by the table/aggregate tests: the sales table (groups
// computed by hand in the tests) and small builders.
#pragma once

#include <chorus/sdk/testing.hpp>

#include "aggregate_stage.hpp"

namespace chorus::table_aggregate::testing {

using namespace chorus::sdk::testing;

// Sales over two batches; hand-computed groups in the tests.
inline Schema sales_schema() {
  return schema({{"region", "utf8"}, {"qty", "int64"}, {"price", "float64"}, {"customer", "utf8"}});
}
inline std::vector<Batch> sales() {
  Schema s = sales_schema();
  return {batch(s, {{"north", int64_t{3}, 1.5, "bob"},
                    {"south", null, 2.0, "amy"},
                    {null, int64_t{5}, null, "cat"},
                    {"north", int64_t{4}, 2.5, "bob"}}),
          batch(s, {{"south", int64_t{7}, null, null},
                    {null, null, 4.0, "dan"},
                    {"north", int64_t{-2}, 0.25, "Zed"},
                    {"east", null, null, null}})};
}

inline Json agg(const char* name, const char* fn, const char* column = nullptr) {
  Json a = {{"name", name}, {"fn", fn}};
  if (column) a["column"] = column;
  return a;
}

// The Aggregator over `in`, configured as the stage would be by `config`.
inline Batch aggregate(const Json& config, const Schema& s, const std::vector<Batch>& in) {
  Aggregator a(AggregateStage::options().parse(config), s);
  for (const auto& b : in) a.add(b);
  return a.result();
}

}  // namespace chorus::table_aggregate::testing
