#include "clusters_stage.hpp"

#include <chorus/sdk/suggest.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cluster_stats.hpp"
#include "evidence.hpp"
#include "multiplex.hpp"
#include "outputs.hpp"

namespace chorus::detect_clusters {

const sdk::OptionTable<Config>& ClustersStage::options() {
  using C = Config;
  static const auto table =
      sdk::OptionTable<C>()
          .json("streams", &C::streams, streams_schema(), sdk::Json::object(),
                "Keep rule and family per evidence stream: {<stream>: {max_q, min_days, min_weight, family}}; "
                "<stream> is a port (co_retweet, co_link, co_hashtag, co_reply, co_mention, co_text, influence, "
                "near_duplicates) or a signal stream. An edge is kept when weight >= min_weight, active_days >= "
                "min_days (streams with active_days) and its Benjamini-Hochberg q within the stream <= max_q "
                "(streams with p-values). Defaults: co_*: max_q 0.05, min_days 2, min_weight 2; influence: "
                "min_weight 0.5; near_duplicates: min_days 2, min_weight 1; signal streams: max_q 0.05, min_days 2, "
                "min_weight 0. Families: co_text and near_duplicates are 'text', every other stream its own.",
                [](const sdk::Json& v) { return parse_streams(v); })
          .choice("method", &C::method,
                  {{"components_then_leiden", Method::ComponentsThenLeiden}, {"components", Method::Components}},
                  "components_then_leiden",
                  "components: clusters are the connected components of the kept pairs. components_then_leiden: "
                  "a component larger than split_above is split by Leiden (constant Potts model).")
          .integer("split_above", &C::split_above, 200,
                   "components_then_leiden: components with more accounts than this are split by Leiden.")
          .at_least(2)
          .number("resolution", &C::resolution, 0.1,
                  "Leiden's CPM resolution: two parts of a community stay together when the weight between them "
                  "(pair weight = streams keeping the pair) exceeds resolution x |A| x |B|.")
          .above(0)
          .integer("seed", &C::seed, 1, "Seed of igraph's random generator for Leiden.")
          .integer("min_size", &C::min_size, 5, "Clusters with fewer accounts are dropped (counted in summary).")
          .at_least(2)
          .number("support_share", &C::support_share, 0.2,
                  "A stream supports a cluster when its kept member pairs are at least this share of the "
                  "cluster's joined pairs (the stream with the most always does).")
          .range(0, 1)
          .string("influence_entity_type", &C::influence_entity_type, "average",
                  "influence: rows of this entity_type are the stream (average: one row per pair over hashtag, url "
                  "and mention, so one pair is not counted three times).")
          .min_length(1)
          .integer("near_duplicates_max_accounts", &C::near_duplicates_max_accounts, 1000,
                   "near_duplicates: a cluster with more distinct authors is left out (its pairs grow as the square; "
                   "counted in the log).")
          .at_least(2);
  return table;
}

namespace {

void check_columns(const std::string& port, const Schema& cols) {
  auto need = [&](const char* name, std::initializer_list<TypeId> types) {
    std::vector<std::string> names;
    for (const auto& f : cols) {
      names.push_back(f.name);
      if (f.name != name) continue;
      if (std::find(types.begin(), types.end(), f.type.id) == types.end())
        throw std::invalid_argument("input '" + port + "': column '" + name + "' is " + f.type.name() + ", expected " +
                                    DataType{*types.begin()}.name());
      return;
    }
    throw std::invalid_argument("input '" + port + "': no column '" + name + "'" +
                                sdk::did_you_mean(name, names, "columns"));
  };
  auto optional = [&](const char* name, std::initializer_list<TypeId> types) {
    for (const auto& f : cols)
      if (f.name == name && std::find(types.begin(), types.end(), f.type.id) == types.end())
        throw std::invalid_argument("input '" + port + "': column '" + name + "' is " + f.type.name() + ", expected " +
                                    DataType{*types.begin()}.name());
  };
  if (port == "posts") {
    need("author_id", {TypeId::Utf8});
    optional("created_at", {TypeId::Timestamp});
    return;
  }
  if (port == "near_duplicates") {
    need("cluster_id", {TypeId::Utf8});
    need("author_id", {TypeId::Utf8});
    optional("created_at", {TypeId::Timestamp});
    return;
  }
  need("source", {TypeId::Utf8});
  need("target", {TypeId::Utf8});
  need("weight", {TypeId::Float64, TypeId::Int64});
  optional("p_value", {TypeId::Float64});
  optional("active_days", {TypeId::Int64, TypeId::Float64});
  optional("mean_time_delta_s", {TypeId::Float64, TypeId::Int64});
  if (port == "influence") optional("entity_type", {TypeId::Utf8});
  if (port == "signals") need("stream", {TypeId::Utf8});
}

std::string port_list() {
  std::string s;
  for (const auto& p : evidence_ports()) s += (s.empty() ? "" : ", ") + p;
  return s;
}

void log_streams(const Evidence& ev, sdk::Context& ctx) {
  for (const Stream& s : ev.streams()) {
    const StreamCounts& c = s.counts;
    ctx.info("detect/clusters: stream " + s.name + " (family " + s.rule.family + "): " + std::to_string(c.rows) +
             " rows, " + std::to_string(c.invalid) + " invalid, " + std::to_string(c.other) + " not evidence, " +
             std::to_string(c.dropped_weight) + " below min_weight, " + std::to_string(c.dropped_days) +
             " below min_days, " + std::to_string(c.dropped_q) + " above max_q (" + std::to_string(s.tests) +
             " p-values), " + std::to_string(c.kept) + " kept, " + std::to_string(s.pairs.size()) + " pairs");
    if (c.invalid > 0)
      ctx.warn("detect/clusters: input '" + s.port + "' (stream " + s.name + "): " + std::to_string(c.invalid) +
               " rows left out: null or empty source/target/author, self-loop, null or non-finite weight, or "
               "p_value outside [0, 1]");
  }
}

// Posts, first and last activity of each cluster from the posts input.
void read_posts(std::vector<Cluster>& clusters, const Evidence& ev, sdk::Context& ctx) {
  std::vector<int32_t> cluster_of(ev.accounts().size(), -1);
  for (size_t c = 0; c < clusters.size(); ++c) {
    clusters[c].posts_known = true;
    for (const Member& m : clusters[c].members) cluster_of[m.account] = static_cast<int32_t>(c);
  }
  ctx.select("posts", {"author_id"}, {"created_at"});
  Batch b;
  while (!ctx.cancelled() && ctx.read("posts", b)) {
    const Column& au = b.column("author_id");
    const int ti = b.index_of("created_at");
    for (int64_t r = 0; r < b.rows(); ++r) {
      if (au.is_null(r)) continue;
      const int32_t a = ev.accounts().find(au.str(r));
      if (a < 0 || cluster_of[a] < 0) continue;
      Cluster& c = clusters[cluster_of[a]];
      ++c.posts;
      if (ti < 0 || b.column(static_cast<size_t>(ti)).is_null(r)) continue;
      const Column& t = b.column(static_cast<size_t>(ti));
      const int64_t ms = to_ms(t.int64(r), t.type().unit);
      if (!c.has_activity || ms < c.first_ms) c.first_ms = ms;
      if (!c.has_activity || ms > c.last_ms) c.last_ms = ms;
      c.has_activity = true;
    }
  }
}

}  // namespace

std::optional<sdk::PortTypes> ClustersStage::infer(const Config& cfg, const sdk::PortTypes& inputs, sdk::Context&) {
  std::vector<std::string> connected;
  for (const auto& p : evidence_ports())
    if (inputs.count(p)) connected.push_back(p);
  if (connected.empty())
    throw std::invalid_argument("detect/clusters: no evidence input: connect at least one of " + port_list());
  check_stream_names(cfg.streams, connected);
  for (const auto& [port, type] : inputs)
    if (!type.columns.empty()) check_columns(port, type.columns);
  return sdk::PortTypes{{"clusters", {"clusters", clusters_schema()}},
                        {"members", {"cluster_members", members_schema()}},
                        {"evidence", {"cluster_evidence", evidence_schema()}},
                        {"summary", {"", summary_schema()}}};
}

void ClustersStage::run(const Config& cfg, sdk::Context& ctx) {
  std::vector<std::string> connected;
  for (const auto& p : evidence_ports())
    if (ctx.input_type(p)) connected.push_back(p);
  if (connected.empty())
    throw std::invalid_argument("detect/clusters: no evidence input: connect at least one of " + port_list());
  check_stream_names(cfg.streams, connected);
  Evidence ev(cfg.streams, cfg.influence_entity_type, cfg.near_duplicates_max_accounts);
  int64_t rows = 0;
  for (const auto& port : connected) {
    if (port == "near_duplicates")
      ctx.select(port, {"cluster_id", "author_id"}, {"created_at"});
    else if (port == "signals")
      ctx.select(port, {"source", "target", "weight", "stream"}, {"p_value", "active_days", "mean_time_delta_s"});
    else if (port == "influence")
      ctx.select(port, {"source", "target", "weight"}, {"p_value", "active_days", "mean_time_delta_s", "entity_type"});
    else
      ctx.select(port, {"source", "target", "weight"}, {"p_value", "active_days", "mean_time_delta_s"});
    Batch b;
    while (ctx.read(port, b)) {
      if (ctx.cancelled()) return;
      if (port == "near_duplicates")
        ev.add_near_duplicates(b);
      else
        ev.add_edges(port, b);
      rows += b.rows();
      ctx.progress(rows);
    }
  }
  ev.finish();
  log_streams(ev, ctx);
  if (ev.near_duplicate_clusters_capped() > 0)
    ctx.warn("detect/clusters: " + std::to_string(ev.near_duplicate_clusters_capped()) +
             " near-duplicate clusters have more than near_duplicates_max_accounts authors and were left out");
  for (const auto& stream_rule : cfg.streams) {
    const std::string& name = stream_rule.first;  // a named local: lambdas cannot capture structured bindings
    const bool seen = std::any_of(ev.streams().begin(), ev.streams().end(),
                                  [&](const Stream& s) { return s.name == name && s.counts.rows > 0; });
    if (!seen) ctx.info("detect/clusters: with.streams." + name + ": no rows of this stream were read");
  }
  if (ctx.cancelled()) return;

  const Multiplex m = build_multiplex(ev);
  GroupOptions go;
  go.method = cfg.method;
  go.split_above = cfg.split_above;
  go.resolution = cfg.resolution;
  go.seed = cfg.seed;
  Groups g = find_groups(m, go);
  RunCounts rc;
  rc.pairs = static_cast<int64_t>(m.size());
  std::vector<char> in_pairs(m.accounts, 0);
  for (size_t i = 0; i < m.size(); ++i) in_pairs[m.a[i]] = in_pairs[m.b[i]] = 1;
  rc.accounts = std::count(in_pairs.begin(), in_pairs.end(), 1);
  rc.components = g.components;
  rc.components_split = g.components_split;
  std::vector<std::vector<int32_t>> kept;
  int64_t dropped_accounts = 0;
  for (auto& grp : g.groups) {
    if (static_cast<int64_t>(grp.size()) >= cfg.min_size) {
      kept.push_back(std::move(grp));
    } else {
      ++rc.clusters_dropped;
      dropped_accounts += static_cast<int64_t>(grp.size());
    }
  }
  ctx.info("detect/clusters: " + std::to_string(rc.pairs) + " account pairs kept, " + std::to_string(rc.components) +
           " components (" + std::to_string(rc.components_split) + " split by Leiden), " + std::to_string(kept.size()) +
           " clusters; " + std::to_string(rc.clusters_dropped) + " groups with " + std::to_string(dropped_accounts) +
           " accounts dropped below min_size " + std::to_string(cfg.min_size));
  std::vector<Cluster> clusters = describe_clusters(kept, m, ev, cfg.support_share);
  if (ctx.input_type("posts")) read_posts(clusters, ev, ctx);
  if (ctx.cancelled()) return;
  rank_clusters(clusters);
  rc.clusters = static_cast<int64_t>(clusters.size());
  for (const Cluster& c : clusters) rc.accounts_clustered += static_cast<int64_t>(c.members.size());
  emit_clusters(clusters, ev, ctx);
  emit_members(clusters, ev, ctx);
  emit_evidence(clusters, ev, ctx);
  emit_summary(rc, ev, connected, ctx);
}

}  // namespace chorus::detect_clusters
