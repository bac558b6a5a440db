#include "tables.hpp"

#include <cmath>
#include <string>

namespace chorus::stats_engagement {

Schema test_schema(const char* other) {
  const std::string o = other;
  return {{"state", {TypeId::Utf8}},       {"metric", {TypeId::Utf8}},        {"n_inter", {TypeId::Int64}},
          {"n_" + o, {TypeId::Int64}},     {"mean_inter", {TypeId::Float64}}, {"mean_" + o, {TypeId::Float64}},
          {"t", {TypeId::Float64}},        {"df", {TypeId::Float64}},         {"p", {TypeId::Float64}},
          {"p_fdr", {TypeId::Float64}},    {"d", {TypeId::Float64}},          {"effect", {TypeId::Utf8}},
          {"sd_inter", {TypeId::Float64}}, {"sd_" + o, {TypeId::Float64}}};
}
Schema excluded_schema() {
  return {{"comparison", {TypeId::Utf8}}, {"state", {TypeId::Utf8}},    {"metric", {TypeId::Utf8}},
          {"n_inter", {TypeId::Int64}},   {"n_other", {TypeId::Int64}}, {"min_n", {TypeId::Int64}},
          {"reason", {TypeId::Utf8}}};
}
Schema counts_schema() {
  return {{"state", {TypeId::Utf8}},
          {"scope", {TypeId::Utf8}},
          {"metric", {TypeId::Utf8}},
          {"posts", {TypeId::Int64}},
          {"nulls", {TypeId::Int64}}};
}

Batch test_batch(const std::vector<TestRow>& rows, const char* other) {
  Batch b(test_schema(other));
  for (const auto& r : rows) {
    size_t c = 0;
    b.column(c++).append_string(r.state);
    b.column(c++).append_string(r.metric);
    b.column(c++).append_int(r.inter.n);
    b.column(c++).append_int(r.other.n);
    b.column(c++).append_double(r.inter.mean);
    b.column(c++).append_double(r.other.mean);
    b.column(c++).append_double(r.test.t);
    b.column(c++).append_double(r.test.df);
    b.column(c++).append_double(r.test.p);
    b.column(c++).append_double(r.p_fdr);
    b.column(c++).append_double(r.d);
    b.column(c++).append_string(effect_class(r.d));
    b.column(c++).append_double(std::sqrt(r.inter.variance));
    b.column(c++).append_double(std::sqrt(r.other.variance));
  }
  return b;
}

Batch excluded_batch(const std::vector<ExcludedRow>& rows) {
  Batch ex(excluded_schema());
  for (const auto& r : rows) {
    ex.column(0).append_string(r.comparison);
    ex.column(1).append_string(r.state);
    if (r.metric)
      ex.column(2).append_string(*r.metric);
    else
      ex.column(2).append_null();
    ex.column(3).append_int(r.n_inter);
    ex.column(4).append_int(r.n_other);
    ex.column(5).append_int(r.min_n);
    ex.column(6).append_string(r.reason);
  }
  return ex;
}

Batch counts_batch(const std::vector<CountRow>& rows) {
  Batch counts(counts_schema());
  for (const auto& r : rows) {
    counts.column(0).append_string(r.state);
    counts.column(1).append_string(r.scope);
    counts.column(2).append_string(r.metric);
    counts.column(3).append_int(r.posts);
    counts.column(4).append_int(r.nulls);
  }
  return counts;
}

}  // namespace chorus::stats_engagement
