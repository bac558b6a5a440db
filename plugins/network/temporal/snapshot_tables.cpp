#include "snapshot_tables.hpp"

#include "input_columns.hpp"

namespace chorus::network_temporal {

const Schema& snapshots_schema() {
  static const Schema s{{"year", {TypeId::Int64}},
                        {"source", {TypeId::Utf8}},
                        {"target", {TypeId::Utf8}},
                        {"weight", {TypeId::Float64}},
                        {"count", {TypeId::Int64}},
                        {"first", {TypeId::Timestamp, TimeUnit::Milli}},
                        {"last", {TypeId::Timestamp, TimeUnit::Milli}}};
  return s;
}

int64_t add_snapshot_batch(SnapshotCounter& s, const Batch& b, const std::string& weight_column,
                           int64_t& null_weights) {
  const Column& src = input_column(b, "in", "source", {TypeId::Utf8}, "utf8");
  const Column& dst = input_column(b, "in", "target", {TypeId::Utf8}, "utf8");
  const Column& time = input_column(b, "in", "time", {TypeId::Timestamp}, "a timestamp");
  const Column* w = weight_column.empty()
                        ? nullptr
                        : &input_column(b, "in", weight_column, {TypeId::Int64, TypeId::Float64}, "int64 or float64");
  const TimeUnit unit = time.type().unit;
  int64_t skipped = 0;
  for (int64_t r = 0; r < b.rows(); ++r) {
    if (src.is_null(r) || dst.is_null(r) || time.is_null(r)) {
      ++skipped;
      continue;
    }
    double weight = 1;
    if (w) {
      if (w->is_null(r))
        weight = 0, ++null_weights;
      else
        weight = w->type().id == TypeId::Int64 ? static_cast<double>(w->int64(r)) : w->float64(r);
    }
    s.add(src.str(r), dst.str(r), millis_of(time.int64(r), unit), weight);
  }
  return skipped;
}

void write_snapshots(const SnapshotCounter& s, int64_t batch_rows, const std::function<void(Batch&&)>& emit) {
  Batch b(snapshots_schema());
  for (const SnapshotRow& r : s.rows()) {
    b.column(0).append_int(r.year);
    b.column(1).append_string(r.source);
    b.column(2).append_string(r.target);
    b.column(3).append_double(r.weight);
    b.column(4).append_int(r.count);
    b.column(5).append_int(r.first);
    b.column(6).append_int(r.last);
    if (b.rows() >= batch_rows) {
      emit(std::move(b));
      b = Batch(snapshots_schema());
    }
  }
  if (b.rows() > 0) emit(std::move(b));
}

}  // namespace chorus::network_temporal
