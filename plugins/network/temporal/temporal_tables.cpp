#include "temporal_tables.hpp"

#include <optional>
#include <string_view>

#include "input_columns.hpp"

namespace chorus::network_temporal {

const Schema& monthly_schema() {
  static const Schema s{{"state", {TypeId::Utf8}},
                        {"scope", {TypeId::Utf8}},
                        {"month", {TypeId::Utf8}},
                        {"count", {TypeId::Int64}},
                        {"cumulative", {TypeId::Int64}}};
  return s;
}

const Schema& peaks_schema() {
  static const Schema s{{"state", {TypeId::Utf8}},
                        {"intra_edges", {TypeId::Int64}},
                        {"inter_edges", {TypeId::Int64}},
                        {"external_edges", {TypeId::Int64}},
                        {"first_intra", {TypeId::Timestamp, TimeUnit::Milli}},
                        {"first_inter", {TypeId::Timestamp, TimeUnit::Milli}},
                        {"lag_days", {TypeId::Float64}},
                        {"intra_peak_month", {TypeId::Utf8}},
                        {"intra_peak_count", {TypeId::Int64}},
                        {"inter_peak_month", {TypeId::Utf8}},
                        {"inter_peak_count", {TypeId::Int64}},
                        {"peak_distance_months", {TypeId::Int64}},
                        {"peak_distance_class", {TypeId::Utf8}}};
  return s;
}

void add_temporal_batch(TemporalCounter& t, const Batch& b) {
  const Column& ss = input_column(b, "interactions", "source_state", {TypeId::Utf8}, "utf8");
  const Column& ts = input_column(b, "interactions", "target_state", {TypeId::Utf8}, "utf8");
  const Column& time = input_column(b, "interactions", "time", {TypeId::Timestamp}, "a timestamp");
  const TimeUnit unit = time.type().unit;
  for (int64_t r = 0; r < b.rows(); ++r) {
    if (time.is_null(r)) {
      t.add_bad_row();
      continue;
    }
    t.add(ss.is_null(r) ? std::nullopt : std::optional<std::string_view>(ss.str(r)),
          ts.is_null(r) ? std::nullopt : std::optional<std::string_view>(ts.str(r)), millis_of(time.int64(r), unit));
  }
}

TemporalOutputs temporal_outputs(const TemporalCounter& t) {
  TemporalOutputs o;
  for (const MonthRow& m : t.monthly()) {
    o.monthly.column(0).append_string(m.state);
    o.monthly.column(1).append_string(m.scope);
    o.monthly.column(2).append_string(month_label(m.month));
    o.monthly.column(3).append_int(m.count);
    o.monthly.column(4).append_int(m.cumulative);
  }
  auto opt_int = [](Column& c, const std::optional<int64_t>& v) {
    if (v)
      c.append_int(*v);
    else
      c.append_null();
  };
  for (const StatePeaks& p : t.peaks()) {
    Batch& b = o.peaks;
    b.column(0).append_string(p.state);
    b.column(1).append_int(p.intra_edges);
    b.column(2).append_int(p.inter_edges);
    b.column(3).append_int(p.external_edges);
    opt_int(b.column(4), p.first_intra);
    opt_int(b.column(5), p.first_inter);
    if (p.lag_days)
      b.column(6).append_double(*p.lag_days);
    else
      b.column(6).append_null();
    if (p.intra_peak)
      b.column(7).append_string(month_label(p.intra_peak->first)), b.column(8).append_int(p.intra_peak->second);
    else
      b.column(7).append_null(), b.column(8).append_null();
    if (p.inter_peak)
      b.column(9).append_string(month_label(p.inter_peak->first)), b.column(10).append_int(p.inter_peak->second);
    else
      b.column(9).append_null(), b.column(10).append_null();
    opt_int(b.column(11), p.peak_distance_months);
    if (p.peak_distance_months)
      b.column(12).append_string(peak_distance_class(*p.peak_distance_months));
    else
      b.column(12).append_null();
  }
  return o;
}

}  // namespace chorus::network_temporal
