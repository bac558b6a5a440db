// network/temporal and network/snapshots: the stages around
// TemporalCounter (temporal_core.hpp) and SnapshotCounter (snapshots_core.hpp).
#pragma once

#include <optional>
#include <string>

#include <chorus/sdk.hpp>
#include <chorus/sdk/suggest.hpp>

#include "snapshots_core.hpp"
#include "temporal_core.hpp"

namespace chorus::network {

using sdk::Json;

inline const Schema& monthly_schema() {
  static const Schema s{{"state", {TypeId::Utf8}},
                        {"scope", {TypeId::Utf8}},
                        {"month", {TypeId::Utf8}},
                        {"count", {TypeId::Int64}},
                        {"cumulative", {TypeId::Int64}}};
  return s;
}

inline const Schema& peaks_schema() {
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

inline const Schema& snapshots_schema() {
  static const Schema s{{"year", {TypeId::Int64}},
                        {"source", {TypeId::Utf8}},
                        {"target", {TypeId::Utf8}},
                        {"weight", {TypeId::Float64}},
                        {"count", {TypeId::Int64}},
                        {"first", {TypeId::Timestamp, TimeUnit::Milli}},
                        {"last", {TypeId::Timestamp, TimeUnit::Milli}}};
  return s;
}

// A column of an input batch by name and type ids, or an error naming both.
inline const Column& input_column(const Batch& b, const std::string& port, const std::string& name,
                                  std::initializer_list<TypeId> types, const char* expected) {
  const int i = b.index_of(name);
  if (i < 0) {
    std::vector<std::string> names;
    for (const auto& f : b.schema()) names.push_back(f.name);
    throw std::invalid_argument("input '" + port + "': no column '" + name + "'" +
                                sdk::did_you_mean(name, names, "columns"));
  }
  const Column& c = b.column(static_cast<size_t>(i));
  for (TypeId t : types)
    if (c.type().id == t) return c;
  throw std::invalid_argument("input '" + port + "': column '" + name + "' is " + c.type().name() + ", expected " +
                              expected);
}

// Same check on an inferred input type (infer: before anything runs).
inline void check_input_type(const sdk::PortTypes& inputs, const std::string& port, const std::string& name,
                             std::initializer_list<TypeId> types, const char* expected, const std::string& key = "") {
  auto it = inputs.find(port);
  if (it == inputs.end() || it->second.columns.empty()) return;
  std::vector<std::string> names;
  for (const auto& f : it->second.columns) {
    names.push_back(f.name);
    if (f.name != name) continue;
    for (TypeId t : types)
      if (f.type.id == t) return;
    throw std::invalid_argument((key.empty() ? "" : key + ": ") + "input '" + port + "': column '" + name + "' is " +
                                f.type.name() + ", expected " + expected);
  }
  throw std::invalid_argument((key.empty() ? "" : key + ": ") + "input '" + port + "': no column '" + name + "'" +
                              sdk::did_you_mean(name, names, "columns"));
}

inline void reject_unknown_keys(const Json& config, const std::vector<std::string>& keys) {
  if (config.is_null()) return;
  if (!config.is_object()) throw std::invalid_argument("with: expected an object");
  for (auto it = config.begin(); it != config.end(); ++it)
    if (std::find(keys.begin(), keys.end(), it.key()) == keys.end())
      throw std::invalid_argument("with: unknown key '" + it.key() + "'" + sdk::did_you_mean(it.key(), keys, "expected"));
}

inline void add_temporal_batch(TemporalCounter& t, const Batch& b) {
  const Column& ss = input_column(b, "interactions", "source_state", {TypeId::Utf8}, "utf8");
  const Column& ts = input_column(b, "interactions", "target_state", {TypeId::Utf8}, "utf8");
  const Column& time = input_column(b, "interactions", "time", {TypeId::Timestamp}, "a timestamp");
  const TimeUnit unit = time.type().unit;
  for (int64_t r = 0; r < b.rows(); ++r) {
    if (time.is_null(r)) { t.add_bad_row(); continue; }
    t.add(ss.is_null(r) ? std::nullopt : std::optional<std::string_view>(ss.str(r)),
          ts.is_null(r) ? std::nullopt : std::optional<std::string_view>(ts.str(r)), millis_of(time.int64(r), unit));
  }
}

struct TemporalOutputs {
  Batch monthly{monthly_schema()}, peaks{peaks_schema()};
};

inline TemporalOutputs temporal_outputs(const TemporalCounter& t) {
  TemporalOutputs o;
  for (const MonthRow& m : t.monthly()) {
    o.monthly.column(0).append_string(m.state);
    o.monthly.column(1).append_string(m.scope);
    o.monthly.column(2).append_string(month_label(m.month));
    o.monthly.column(3).append_int(m.count);
    o.monthly.column(4).append_int(m.cumulative);
  }
  auto opt_int = [](Column& c, const std::optional<int64_t>& v) {
    if (v) c.append_int(*v);
    else c.append_null();
  };
  for (const StatePeaks& p : t.peaks()) {
    Batch& b = o.peaks;
    b.column(0).append_string(p.state);
    b.column(1).append_int(p.intra_edges);
    b.column(2).append_int(p.inter_edges);
    b.column(3).append_int(p.external_edges);
    opt_int(b.column(4), p.first_intra);
    opt_int(b.column(5), p.first_inter);
    if (p.lag_days) b.column(6).append_double(*p.lag_days);
    else b.column(6).append_null();
    if (p.intra_peak) b.column(7).append_string(month_label(p.intra_peak->first)), b.column(8).append_int(p.intra_peak->second);
    else b.column(7).append_null(), b.column(8).append_null();
    if (p.inter_peak) b.column(9).append_string(month_label(p.inter_peak->first)), b.column(10).append_int(p.inter_peak->second);
    else b.column(9).append_null(), b.column(10).append_null();
    opt_int(b.column(11), p.peak_distance_months);
    if (p.peak_distance_months) b.column(12).append_string(peak_distance_class(*p.peak_distance_months));
    else b.column(12).append_null();
  }
  return o;
}

struct Temporal : sdk::Stage {
  static constexpr const char* type = "network/temporal";
  static constexpr const char* description =
      "Monthly interaction counts per state and scope; peak months and the lag of inter- vs intra-state activity";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = R"json({
    "type": "object", "additionalProperties": false, "properties": {}})json";
  static constexpr const char* ports = R"json({
    "inputs": [
      {"name": "interactions", "type": "any", "description": "interaction edges with source_state, target_state (utf8) and time (timestamp) (network/interactions)"}],
    "outputs": [
      {"name": "monthly", "type": "any", "description": "state, scope (external, inter, inter_in, intra), month YYYY-MM (UTC), count, cumulative; every month from the series' first to its last; by state, scope, month"},
      {"name": "peaks", "type": "any", "description": "per sending state: edges per scope, first intra/inter time, lag_days, peak months (earliest on ties) and counts, peak_distance_months (inter - intra) and its class"}]})json";

  std::optional<sdk::PortTypes> infer(const Json& config, const sdk::PortTypes& inputs, sdk::Context&) override {
    reject_unknown_keys(config, {});
    check_input_type(inputs, "interactions", "source_state", {TypeId::Utf8}, "utf8");
    check_input_type(inputs, "interactions", "target_state", {TypeId::Utf8}, "utf8");
    check_input_type(inputs, "interactions", "time", {TypeId::Timestamp}, "a timestamp");
    return sdk::PortTypes{{"monthly", {"", monthly_schema()}}, {"peaks", {"", peaks_schema()}}};
  }

  void run(const Json& config, sdk::Context& ctx) override {
    reject_unknown_keys(config, {});
    TemporalCounter t;
    Batch in;
    int64_t rows = 0;
    ctx.select("interactions", {"source_state", "target_state", "time"});
    while (ctx.read("interactions", in)) {
      if (ctx.cancelled()) return;
      add_temporal_batch(t, in);
      ctx.progress(rows += in.rows());
    }
    if (t.bad_rows()) ctx.warn(std::to_string(t.bad_rows()) + " interactions with a null time skipped");
    if (t.unattributed())
      ctx.info(std::to_string(t.unattributed()) + " interactions without a source state (unattributed) not counted");
    TemporalOutputs o = temporal_outputs(t);
    ctx.emit("monthly", std::move(o.monthly));
    ctx.emit("peaks", std::move(o.peaks));
  }
};

struct SnapshotConfig {
  std::string weight;  // "" = count rows
  int64_t batch_rows = 65536;
};

inline SnapshotConfig parse_snapshot_config(const Json& config) {
  reject_unknown_keys(config, {"weight", "batch_rows"});
  SnapshotConfig c;
  if (config.is_object() && config.contains("weight")) {
    const Json& w = config["weight"];
    if (!w.is_string() || w.get<std::string>().empty())
      throw std::invalid_argument("with.weight: expected the name of a numeric column, got " + w.dump());
    c.weight = w.get<std::string>();
  }
  if (config.is_object() && config.contains("batch_rows")) {
    const Json& v = config["batch_rows"];
    if (!v.is_number_integer() || v.get<int64_t>() < 1)
      throw std::invalid_argument("with.batch_rows: expected a positive integer, got " + v.dump());
    c.batch_rows = v.get<int64_t>();
  }
  return c;
}

// Adds a batch; returns the rows skipped (null source, target or time) and
// counts null weights (taken as 0) into null_weights.
inline int64_t add_snapshot_batch(SnapshotCounter& s, const Batch& b, const SnapshotConfig& cfg, int64_t& null_weights) {
  const Column& src = input_column(b, "in", "source", {TypeId::Utf8}, "utf8");
  const Column& dst = input_column(b, "in", "target", {TypeId::Utf8}, "utf8");
  const Column& time = input_column(b, "in", "time", {TypeId::Timestamp}, "a timestamp");
  const Column* w = cfg.weight.empty()
                        ? nullptr
                        : &input_column(b, "in", cfg.weight, {TypeId::Int64, TypeId::Float64}, "int64 or float64");
  const TimeUnit unit = time.type().unit;
  int64_t skipped = 0;
  for (int64_t r = 0; r < b.rows(); ++r) {
    if (src.is_null(r) || dst.is_null(r) || time.is_null(r)) { ++skipped; continue; }
    double weight = 1;
    if (w) {
      if (w->is_null(r)) weight = 0, ++null_weights;
      else weight = w->type().id == TypeId::Int64 ? static_cast<double>(w->int64(r)) : w->float64(r);
    }
    s.add(src.str(r), dst.str(r), millis_of(time.int64(r), unit), weight);
  }
  return skipped;
}

template <class Emit>
void write_snapshots(const SnapshotCounter& s, int64_t batch_rows, Emit&& emit) {
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

struct Snapshots : sdk::Stage {
  static constexpr const char* type = "network/snapshots";
  static constexpr const char* description =
      "Yearly snapshots of an edge list (year, source, target, weight, count, first, last) for dynamic network views";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = R"json({
    "type": "object", "additionalProperties": false,
    "properties": {
      "weight": {"type": "string", "minLength": 1,
        "description": "numeric column (int64 or float64) whose sum is the snapshot weight; default: none, the weight is the number of rows (null weights count 0 and are reported)"},
      "batch_rows": {"type": "integer", "minimum": 1, "default": 65536, "description": "maximum rows per emitted batch"}
    }})json";
  static constexpr const char* ports = R"json({
    "inputs": [{"name": "in", "type": "any", "description": "any edge list with source, target (utf8) and time (timestamp), e.g. interactions"}],
    "outputs": [{"name": "out", "type": "edges", "description": "year (UTC), source, target, weight, count (rows), first, last (time of the pair's first and last row in that year); by year, source, target"}]})json";

  std::optional<sdk::PortTypes> infer(const Json& config, const sdk::PortTypes& inputs, sdk::Context&) override {
    const SnapshotConfig cfg = parse_snapshot_config(config);
    check_input_type(inputs, "in", "source", {TypeId::Utf8}, "utf8");
    check_input_type(inputs, "in", "target", {TypeId::Utf8}, "utf8");
    check_input_type(inputs, "in", "time", {TypeId::Timestamp}, "a timestamp");
    if (!cfg.weight.empty())
      check_input_type(inputs, "in", cfg.weight, {TypeId::Int64, TypeId::Float64}, "int64 or float64", "with.weight");
    return sdk::PortTypes{{"out", {"edges", snapshots_schema()}}};
  }

  void run(const Json& config, sdk::Context& ctx) override {
    const SnapshotConfig cfg = parse_snapshot_config(config);
    SnapshotCounter s;
    Batch in;
    int64_t rows = 0, skipped = 0, null_weights = 0;
    std::vector<std::string> columns{"source", "target", "time"};
    if (!cfg.weight.empty()) columns.push_back(cfg.weight);
    ctx.select("in", columns);
    while (ctx.read("in", in)) {
      if (ctx.cancelled()) return;
      skipped += add_snapshot_batch(s, in, cfg, null_weights);
      ctx.progress(rows += in.rows());
    }
    if (skipped) ctx.warn(std::to_string(skipped) + " rows with a null source, target or time skipped");
    if (null_weights) ctx.warn(std::to_string(null_weights) + " rows with a null '" + cfg.weight + "' counted as weight 0");
    write_snapshots(s, cfg.batch_rows, [&](Batch&& b) { ctx.emit("out", std::move(b)); });
  }
};

}  // namespace chorus::network
