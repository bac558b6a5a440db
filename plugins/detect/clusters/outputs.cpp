#include "outputs.hpp"

#include <algorithm>
#include <cmath>

#include "stream_rules.hpp"

namespace chorus::detect_clusters {

namespace {

constexpr int64_t kBatchRows = 65536;

void append_number(Column& c, double v) {
  if (std::isnan(v))
    c.append_null();
  else
    c.append_double(v);
}

// Emits rows in bounded batches; always at least one (maybe empty) batch.
template <class Fill>
void emit_rows(sdk::Context& ctx, const std::string& port, const Schema& schema, size_t rows, Fill fill) {
  size_t begin = 0;
  do {
    Batch b(schema);
    const size_t end = std::min(rows, begin + static_cast<size_t>(kBatchRows));
    for (size_t i = begin; i < end; ++i) fill(b, i);
    ctx.emit(port, std::move(b));
    begin = end;
  } while (begin < rows);
}

std::vector<std::string> stream_names(const std::vector<int32_t>& idx, const Evidence& ev) {
  std::vector<std::string> out;
  for (int32_t s : idx) out.push_back(ev.streams()[s].name);
  return out;  // indexes ascending = names ascending (streams sorted by name)
}

}  // namespace

Schema clusters_schema() {
  return {{"cluster_id", {TypeId::Utf8}},
          {"rank", {TypeId::Int64}},
          {"size", {TypeId::Int64}},
          {"coordination_score", {TypeId::Float64}},
          {"independent_streams", {TypeId::Int64}},
          {"streams", {TypeId::ListUtf8}},
          {"edges", {TypeId::Int64}},
          {"density", {TypeId::Float64}},
          {"posts", {TypeId::Int64}},
          {"first_activity", {TypeId::Timestamp, TimeUnit::Milli}},
          {"last_activity", {TypeId::Timestamp, TimeUnit::Milli}}};
}

Schema members_schema() {
  return {{"cluster_id", {TypeId::Utf8}},
          {"account_id", {TypeId::Utf8}},
          {"membership_strength", {TypeId::Float64}},
          {"degree", {TypeId::Int64}},
          {"streams", {TypeId::ListUtf8}}};
}

Schema evidence_schema() {
  return {{"cluster_id", {TypeId::Utf8}}, {"stream", {TypeId::Utf8}},        {"edges", {TypeId::Int64}},
          {"density", {TypeId::Float64}}, {"weight_sum", {TypeId::Float64}}, {"median_active_days", {TypeId::Float64}},
          {"min_q", {TypeId::Float64}},   {"median_q", {TypeId::Float64}},   {"mean_latency_s", {TypeId::Float64}},
          {"family", {TypeId::Utf8}},     {"supports", {TypeId::Bool}}};
}

Schema summary_schema() {
  Schema s;
  for (const char* n :
       {"streams", "accounts", "pairs", "components", "components_split", "clusters", "clusters_dropped",
        "accounts_clustered", "rows_invalid", "dropped_weight", "dropped_days", "dropped_q"})
    s.push_back({n, {TypeId::Int64}});
  for (const auto& p : evidence_ports()) {
    s.push_back({p + "_rows", {TypeId::Int64}});
    s.push_back({p + "_kept", {TypeId::Int64}});
  }
  return s;
}

void emit_clusters(const std::vector<Cluster>& clusters, const Evidence& ev, sdk::Context& ctx) {
  emit_rows(ctx, "clusters", clusters_schema(), clusters.size(), [&](Batch& b, size_t i) {
    const Cluster& c = clusters[i];
    b.column(0).append_string(c.id);
    b.column(1).append_int(c.rank);
    b.column(2).append_int(static_cast<int64_t>(c.members.size()));
    b.column(3).append_double(c.score);
    b.column(4).append_int(c.independent_streams);
    b.column(5).append_list(stream_names(c.supporting, ev));
    b.column(6).append_int(c.edges);
    b.column(7).append_double(c.density);
    if (c.posts_known)
      b.column(8).append_int(c.posts);
    else
      b.column(8).append_null();
    if (c.has_activity) {
      b.column(9).append_int(c.first_ms);
      b.column(10).append_int(c.last_ms);
    } else {
      b.column(9).append_null();
      b.column(10).append_null();
    }
  });
}

void emit_members(const std::vector<Cluster>& clusters, const Evidence& ev, sdk::Context& ctx) {
  std::vector<std::pair<size_t, size_t>> rows;
  for (size_t c = 0; c < clusters.size(); ++c)
    for (size_t k = 0; k < clusters[c].members.size(); ++k) rows.emplace_back(c, k);
  const auto& names = ev.accounts().names();
  emit_rows(ctx, "members", members_schema(), rows.size(), [&](Batch& b, size_t i) {
    const Cluster& c = clusters[rows[i].first];
    const Member& m = c.members[rows[i].second];
    b.column(0).append_string(c.id);
    b.column(1).append_string(names[m.account]);
    b.column(2).append_double(m.strength);
    b.column(3).append_int(m.degree);
    b.column(4).append_list(stream_names(m.streams, ev));
  });
}

void emit_evidence(const std::vector<Cluster>& clusters, const Evidence& ev, sdk::Context& ctx) {
  std::vector<std::pair<size_t, size_t>> rows;
  for (size_t c = 0; c < clusters.size(); ++c)
    for (size_t k = 0; k < clusters[c].evidence.size(); ++k) rows.emplace_back(c, k);
  emit_rows(ctx, "evidence", evidence_schema(), rows.size(), [&](Batch& b, size_t i) {
    const Cluster& c = clusters[rows[i].first];
    const StreamInCluster& e = c.evidence[rows[i].second];
    const Stream& s = ev.streams()[e.stream];
    b.column(0).append_string(c.id);
    b.column(1).append_string(s.name);
    b.column(2).append_int(e.edges);
    b.column(3).append_double(e.density);
    b.column(4).append_double(e.weight_sum);
    append_number(b.column(5), e.median_active_days);
    append_number(b.column(6), e.min_q);
    append_number(b.column(7), e.median_q);
    append_number(b.column(8), e.mean_latency_s);
    b.column(9).append_string(s.rule.family);
    b.column(10).append_bool(e.supports);
  });
}

void emit_summary(const RunCounts& rc, const Evidence& ev, const std::vector<std::string>& connected,
                  sdk::Context& ctx) {
  Batch b(summary_schema());
  StreamCounts total;
  for (const Stream& s : ev.streams()) {
    total.invalid += s.counts.invalid;
    total.dropped_weight += s.counts.dropped_weight;
    total.dropped_days += s.counts.dropped_days;
    total.dropped_q += s.counts.dropped_q;
  }
  int64_t streams = 0;
  for (const Stream& s : ev.streams()) streams += s.counts.rows > 0 || !s.pairs.empty();
  const int64_t fixed[] = {streams,
                           rc.accounts,
                           rc.pairs,
                           rc.components,
                           rc.components_split,
                           rc.clusters,
                           rc.clusters_dropped,
                           rc.accounts_clustered,
                           total.invalid,
                           total.dropped_weight,
                           total.dropped_days,
                           total.dropped_q};
  size_t col = 0;
  for (int64_t v : fixed) b.column(col++).append_int(v);
  for (const auto& port : evidence_ports()) {
    const bool on = std::find(connected.begin(), connected.end(), port) != connected.end();
    int64_t rows = 0, kept = 0;
    for (const Stream& s : ev.streams())
      if (s.port == port) rows += s.counts.rows, kept += s.counts.kept;
    for (int64_t v : {rows, kept}) {
      if (on)
        b.column(col).append_int(v);
      else
        b.column(col).append_null();
      ++col;
    }
  }
  ctx.emit("summary", std::move(b));
}

}  // namespace chorus::detect_clusters
