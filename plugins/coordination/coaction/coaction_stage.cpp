#include "coaction_stage.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "analysis.hpp"
#include "share_reader.hpp"

namespace chorus::coordination_coaction {

namespace {

std::vector<std::pair<std::string, Kind>> kind_choices() {
  std::vector<std::pair<std::string, Kind>> kinds;
  for (const auto& [name, kind] : kKinds) kinds.emplace_back(name, kind);
  return kinds;
}

}  // namespace

const sdk::OptionTable<Config>& CoactionStage::options() {
  using C = Config;
  using E = EdgeOptions;
  using sdk::nested;
  static const auto table =
      sdk::OptionTable<C>()
          .choice("kind", &C::kind, kind_choices(), nullptr,
                  "The shared object: co_retweet target_post_id of share/forward posts; co_reply target_post_id of "
                  "reply/comment posts; co_link each urls_normalized item; co_hashtag each hashtags_folded item; "
                  "co_mention each mentions item; co_post_text the normalized text.")
          .number("window", &C::window_s,
                  "W in seconds: two shares of one object co-occur when |t1 - t2| <= W (inclusive); rounded to "
                  "milliseconds.")
          .at_least(0)
          .choice("semantics", nested(&C::edges, &E::semantics),
                  {{"toolkit", Semantics::Toolkit}, {"coortweet", Semantics::CooRTweet}}, "toolkit",
                  "toolkit: directed, weight(A->B) = A's distinct posts with a B share of the same object within W. "
                  "coortweet: undirected, weight = share pairs within W, min_participation and percentile threshold.")
          .number("min_weight", nested(&C::edges, &E::min_weight), 1,
                  "Edges with weight below this are dropped (both semantics).")
          .at_least(0)
          .integer("min_participation", nested(&C::edges, &E::min_participation), 2,
                   "coortweet only: accounts with fewer shares are removed before pairing, and an account qualifies "
                   "with at least this many coordinated posts.")
          .at_least(1)
          .choice("participation_rule", nested(&C::edges, &E::participation_rule),
                  {{"either", ParticipationRule::Either}, {"both", ParticipationRule::Both}}, "either",
                  "coortweet only: keep an edge when either account qualifies (CooRTweet's behaviour) or only when "
                  "both do.")
          .number("percentile", nested(&C::edges, &E::percentile), 0.5,
                  "coortweet only: q of the edge-weight threshold (R quantile type 7 over the edges kept by "
                  "min_participation); above_percentile = weight > threshold. CooRTweet's edge_weight.")
          .range(0, 1)
          .boolean("only_above_percentile", nested(&C::edges, &E::only_above_percentile), false,
                   "coortweet only: output only edges above the percentile threshold (CooRTweet subgraph = 1).")
          .boolean("include_shares", &C::include_shares, false,
                   "co_link, co_hashtag, co_mention, co_post_text: also count share/forward posts (retweets copy the "
                   "original's links, hashtags, mentions and text, so by default they do not count).")
          .integer("min_text_chars", &C::min_text_chars, 1,
                   "co_post_text: normalized texts shorter than this many characters (code points) are not keys.")
          .at_least(1)
          .integer("max_pairs_per_object", &C::max_pairs_per_object, 100000000,
                   "An object with more share pairs inside W than this is left out entirely and listed in summary "
                   "(capped_object); 0: no cap.")
          .integer("permutations", &C::permutations, 0,
                   "R, permutations of the null model (each account's post times shuffled among its posts); 0: no "
                   "p_value / z.")
          .range(0, 100000)
          .choice("null_model", &C::null_model,
                  {{"object_times", NullModel::ObjectTimes}, {"account_times", NullModel::AccountTimes}},
                  "object_times",
                  "object_times: permute the share times within each object (keeps every object's time profile); "
                  "account_times: permute each account's post times among its posts (keeps every account's rhythm, "
                  "destroys object time profiles).")
          .integer("seed", &C::seed, 1, "Seed of the null model's random generator (splitmix64).");
  return table;
}

namespace {

constexpr int64_t kBatchRows = 65536;

Schema edges_schema() {
  return {{"source", {TypeId::Utf8}},        {"target", {TypeId::Utf8}},
          {"weight", {TypeId::Float64}},     {"kind", {TypeId::Utf8}},
          {"semantics", {TypeId::Utf8}},     {"directed", {TypeId::Bool}},
          {"pairs", {TypeId::Int64}},        {"posts_source", {TypeId::Int64}},
          {"posts_target", {TypeId::Int64}}, {"mean_time_delta_s", {TypeId::Float64}},
          {"symmetry", {TypeId::Float64}},   {"above_percentile", {TypeId::Bool}},
          {"p_value", {TypeId::Float64}},    {"z", {TypeId::Float64}},
          {"active_days", {TypeId::Int64}}};
}
Schema accounts_schema() {
  return {{"account_id", {TypeId::Utf8}},         {"shares", {TypeId::Int64}}, {"posts", {TypeId::Int64}},
          {"coordinated_posts", {TypeId::Int64}}, {"edges", {TypeId::Int64}},  {"strength", {TypeId::Float64}}};
}
Schema summary_schema() {
  return {{"metric", {TypeId::Utf8}}, {"value", {TypeId::Float64}}, {"detail", {TypeId::Utf8}}};
}

void emit_edges(const Config& cfg, const Result& res, sdk::Context& ctx) {
  const auto& t = res.table;
  const size_t n = res.num_edges();
  const bool toolkit = cfg.edges.semantics == Semantics::Toolkit;
  for (size_t begin = 0; begin < n || begin == 0; begin += kBatchRows) {
    Batch b(edges_schema());
    for (size_t i = begin; i < std::min(n, begin + kBatchRows); ++i) {
      const Edge e = res.edge(i);
      b.column(0).append_string(t.accounts[e.source]);
      b.column(1).append_string(t.accounts[e.target]);
      b.column(2).append_double(e.weight);
      b.column(3).append_string(kind_name(cfg.kind));
      b.column(4).append_string(toolkit ? "toolkit" : "coortweet");
      b.column(5).append_bool(toolkit);
      b.column(6).append_int(static_cast<int64_t>(e.pairs));
      b.column(7).append_int(e.posts_source);
      b.column(8).append_int(e.posts_target);
      b.column(9).append_double(e.mean_time_delta_s);
      b.column(10).append_double(e.symmetry);
      if (e.above_percentile < 0)
        b.column(11).append_null();
      else
        b.column(11).append_bool(e.above_percentile == 1);
      if (res.p_value.empty())
        b.column(12).append_null();
      else
        b.column(12).append_double(res.p_value[i]);
      if (res.z.empty() || std::isnan(res.z[i]))
        b.column(13).append_null();
      else
        b.column(13).append_double(res.z[i]);
      b.column(14).append_int(static_cast<int64_t>(e.active_days));
    }
    ctx.emit("edges", std::move(b));
    if (n == 0) break;
  }
}

void emit_accounts(const Config&, const Result& res, sdk::Context& ctx) {
  const auto& t = res.table;
  std::vector<int64_t> degree(t.num_accounts(), 0);
  std::vector<double> strength(t.num_accounts(), 0);
  for (size_t k = 0; k < res.num_edges(); ++k) {
    const Edge e = res.edge(k);
    ++degree[e.source], ++degree[e.target];
    strength[e.source] += e.weight, strength[e.target] += e.weight;
  }
  for (size_t begin = 0; begin < t.num_accounts() || begin == 0; begin += kBatchRows) {
    Batch b(accounts_schema());
    for (size_t a = begin; a < std::min(t.num_accounts(), begin + kBatchRows); ++a) {
      b.column(0).append_string(t.accounts[a]);
      b.column(1).append_int(res.shares_of_account[a]);
      b.column(2).append_int(res.posts_of_account[a]);
      b.column(3).append_int(res.coordinated_posts[a]);
      b.column(4).append_int(degree[a]);
      b.column(5).append_double(strength[a]);
    }
    ctx.emit("accounts", std::move(b));
    if (t.num_accounts() == 0) break;
  }
}

void emit_summary(const Config& cfg, const RowCounts& rc, const Result& res, sdk::Context& ctx) {
  Batch b(summary_schema());
  auto row = [&](const std::string& metric, double value, const std::string& detail = "") {
    b.column(0).append_string(metric);
    if (std::isnan(value))
      b.column(1).append_null();
    else
      b.column(1).append_double(value);
    if (detail.empty())
      b.column(2).append_null();
    else
      b.column(2).append_string(detail);
  };
  const auto d = [](auto v) { return static_cast<double>(v); };
  row("input_rows", d(rc.input_rows));
  row("rows_used", d(rc.used), "rows that gave at least one share");
  row("rows_not_applicable", d(rc.not_applicable), "co_retweet/co_reply: not a share/forward or reply/comment");
  row("rows_shares_excluded", d(rc.shares_excluded), "share/forward rows left out (include_shares false)");
  row("rows_null_interaction_type", d(rc.null_interaction_type));
  row("rows_null_key", d(rc.null_key), "the key column was null");
  row("rows_no_key", d(rc.no_key), "empty list, or text empty/too short after normalization");
  row("rows_null_author", d(rc.null_author), "bad rows: no author_id, left out");
  row("rows_null_time", d(rc.null_time), "bad rows: no created_at, left out");
  const ShareTable& t = res.table;
  row("shares", d(t.num_shares()), "(post, object) pairs");
  row("accounts", d(t.num_accounts()));
  row("objects", d(t.num_keys()));
  int64_t capped_shares = 0;
  for (const auto& c : res.capped) capped_shares += c.shares;
  row("objects_capped", d(res.capped.size()), "more pairs inside W than max_pairs_per_object: left out");
  row("shares_in_capped_objects", d(capped_shares));
  row("pairs_within_window", d(res.pairs_within_window),
      "share pairs inside W over the objects kept (incl. same-account pairs)");
  row("directed_account_pairs", d(res.directed_pairs), "account pairs with at least one co-share, per direction");
  row("candidate_edges", d(res.network.candidate_edges));
  row("edges_dropped_participation", d(res.network.dropped_participation));
  row("edges_dropped_percentile", d(res.network.dropped_percentile));
  row("edges_dropped_min_weight", d(res.network.dropped_min_weight));
  row("edges", d(res.num_edges()));
  row("percentile_threshold", res.network.threshold,
      cfg.edges.semantics == Semantics::CooRTweet ? "q = " + sdk::Json(cfg.edges.percentile).dump() : "");
  row("permutations", d(res.permutations_done));
  row("window_s", cfg.window_s);
  for (const auto& c : res.capped)
    row("capped_object", d(c.pairs), "key=" + c.key + " shares=" + std::to_string(c.shares));
  ctx.emit("summary", std::move(b));
}

}  // namespace

std::optional<sdk::PortTypes> CoactionStage::infer(const Config& cfg, const sdk::PortTypes& inputs, sdk::Context&) {
  auto in = inputs.find("posts");
  if (in != inputs.end() && !in->second.columns.empty()) check_input(cfg, in->second.columns);
  return sdk::PortTypes{
      {"edges", {"edges", edges_schema()}}, {"accounts", {"", accounts_schema()}}, {"summary", {"", summary_schema()}}};
}

void CoactionStage::run(const Config& cfg, sdk::Context& ctx) {
  ShareReader reader(cfg);
  Batch batch;
  ctx.select("posts", {}, reader.columns());
  while (!ctx.cancelled() && ctx.read("posts", batch)) {
    reader.add(batch);
    ctx.progress(reader.counts().input_rows);
  }
  if (ctx.cancelled()) return;
  const RowCounts rc = reader.counts();
  if (rc.null_author + rc.null_time > 0)
    ctx.warn("coordination/coaction: " + std::to_string(rc.null_author) + " rows without author_id and " +
             std::to_string(rc.null_time) + " rows without created_at were left out (see summary)");
  Result res = analyse(reader.finish(), cfg, [&] { return ctx.cancelled(); });
  if (ctx.cancelled()) return;
  if (!res.capped.empty())
    ctx.warn("coordination/coaction: " + std::to_string(res.capped.size()) +
             " objects exceeded max_pairs_per_object and were left out (summary: capped_object)");
  emit_edges(cfg, res, ctx);
  emit_accounts(cfg, res, ctx);
  emit_summary(cfg, rc, res, ctx);
}

}  // namespace chorus::coordination_coaction
