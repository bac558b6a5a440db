// coordination/influence: the stage. Reads posts, builds the Active cells,
// the coordination network (network.hpp) and the tables derived from it.
#pragma once

#include <chorus/sdk.hpp>
#include <chorus/sdk/time.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "activity.hpp"
#include "network.hpp"
#include "network_matrix.hpp"
#include "options.hpp"

namespace chorus::coordination_influence {

inline Schema edges_schema() {
  return {{"source", {TypeId::Utf8}},          {"target", {TypeId::Utf8}},        {"entity_type", {TypeId::Utf8}},
          {"weight", {TypeId::Float64}},       {"coused_entities", {TypeId::Int64}}, {"lag1_events", {TypeId::Int64}},
          {"d_mean", {TypeId::Float64}}};
}
inline Schema scores_schema() {
  return {{"account", {TypeId::Utf8}},    {"class", {TypeId::Utf8}},     {"out_weight", {TypeId::Float64}},
          {"in_weight", {TypeId::Float64}}, {"total", {TypeId::Float64}},  {"out_edges", {TypeId::Int64}},
          {"in_edges", {TypeId::Int64}},  {"posts", {TypeId::Int64}},    {"rank", {TypeId::Int64}}};
}
inline Schema composition_schema() {
  return {{"entity_type", {TypeId::Utf8}},       {"source_class", {TypeId::Utf8}},     {"target_class", {TypeId::Utf8}},
          {"source_accounts", {TypeId::Int64}},  {"target_accounts", {TypeId::Int64}},
          {"source_in_network", {TypeId::Int64}}, {"target_in_network", {TypeId::Int64}},
          {"edges", {TypeId::Int64}},            {"weight_sum", {TypeId::Float64}},    {"weight_mean", {TypeId::Float64}},
          {"possible_pairs", {TypeId::Int64}},   {"weight_per_pair", {TypeId::Float64}}};
}
inline Schema before_after_schema() {
  return {{"entity_type", {TypeId::Utf8}},       {"source_class", {TypeId::Utf8}},    {"target_class", {TypeId::Utf8}},
          {"edges_before", {TypeId::Int64}},     {"mean_weight_before", {TypeId::Float64}},
          {"edges_after", {TypeId::Int64}},      {"mean_weight_after", {TypeId::Float64}}, {"ratio", {TypeId::Float64}}};
}
inline Schema capped_schema() {
  return {{"entity_type", {TypeId::Utf8}}, {"entity", {TypeId::Utf8}},
          {"bin_start", {TypeId::Timestamp, TimeUnit::Milli}}, {"accounts", {TypeId::Int64}}};
}

// Everything the stage computes, before it becomes batches.
struct Result {
  Activity activity;
  Network network;
  bool has_split = false;
  Network before, after;
  NetworkMatrix matrix;
};

inline Result analyse(ActivityBuilder& builder, const Options& o) {
  Result r;
  r.activity = builder.finish();
  const Activity& act = r.activity;
  r.network = build_network(act.cells, act.accounts.size(), act.entity_type, act.bins, o);
  if (o.split_at_ms) {
    const int64_t split = floor_div(*o.split_at_ms, o.bin_ms) - act.first_bin;
    if (split < 2 || split > act.bins - 2)
      throw std::invalid_argument("with.split_at: must leave at least 2 bins of the window on each side (window of " +
                                  std::to_string(act.bins) + " bins, split at bin " + std::to_string(split) + ")");
    std::vector<Cell> early, late;
    for (const Cell& c : act.cells)
      if (c.bin < split) early.push_back(c);
      else late.push_back({c.entity, static_cast<uint32_t>(c.bin - split), c.account});
    r.has_split = true;
    r.before = build_network(early, act.accounts.size(), act.entity_type, split, o);
    r.after = build_network(late, act.accounts.size(), act.entity_type, act.bins - split, o);
  }
  return r;
}

// Scores of one edge list: out/in sums and the rank by out_weight.
struct Score {
  double out_weight = 0, in_weight = 0;
  int64_t out_edges = 0, in_edges = 0;
};
inline std::vector<Score> scores_of(const std::vector<Edge>& edges, size_t accounts) {
  std::vector<Score> s(accounts);
  for (const Edge& e : edges) {  // edges are in (source, target) order: sums are deterministic
    s[e.source].out_weight += e.weight, ++s[e.source].out_edges;
    s[e.target].in_weight += e.weight, ++s[e.target].in_edges;
  }
  return s;
}
// Account order of the scores table: out_weight descending, then total
// descending, then account id (byte order) ascending.
inline std::vector<uint32_t> rank_order(const std::vector<Score>& s) {
  std::vector<uint32_t> order(s.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    if (s[x].out_weight != s[y].out_weight) return s[x].out_weight > s[y].out_weight;
    return s[x].out_weight + s[x].in_weight > s[y].out_weight + s[y].in_weight;
  });
  return order;
}

// D by EM for the top network_matrix_accounts accounts of the scores ranking.
inline NetworkMatrix estimate_network_matrix(const Result& r, const Options& o) {
  std::vector<uint32_t> order = rank_order(scores_of(r.network.edges[o.scores_type], r.activity.accounts.size()));
  order.resize(std::min(order.size(), static_cast<size_t>(o.network_matrix_accounts)));
  return estimate_network_matrix_for(r.activity, order, o);
}

struct Influence : sdk::Stage {
  static constexpr const char* type = "coordination/influence";
  static constexpr const char* description =
      "Influence-model coordination network (lag-1 A_ij per entity, d = 2 - tr A) from post activity";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "coordination/influence",
  "description": "Directed apparent influence between accounts from post activity alone: per entity (hashtag, URL, mention) and ordered pair, the lag-1 transition matrix A_ij of Active/Inactive per bin, d = 2 - tr(A_ij), averaged over entities; edge i->j with weight 1 - mean d when mean d < 1. See docs/methods.md.",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "bin": {"type": "string", "default": "1h", "description": "Bin length: an integer and s, m, h or d (1h, 30m, 1d). Bins are aligned to multiples of the length since the Unix epoch (UTC hour boundaries for 1h)."},
    "start": {"type": "string", "description": "Window start (ISO 8601, inclusive), floored to its bin. Default: the bin of the first post."},
    "end": {"type": "string", "description": "Window end (ISO 8601, exclusive). Default: through the bin of the last post. Posts outside the window are counted and ignored."},
    "entity_types": {"type": "array", "items": {"enum": ["hashtag", "url", "mention"]}, "minItems": 1, "uniqueItems": true, "default": ["hashtag", "url", "mention"], "description": "Entity types used: hashtag (hashtags_folded), url (urls_normalized), mention (mentions)."},
    "exclude": {"type": "object", "additionalProperties": false, "description": "Entities left out (e.g. the search terms a collection used).",
      "properties": {
        "hashtags": {"type": "array", "items": {"type": "string"}, "description": "Hashtags, with or without '#'; ASCII letters are lower-cased, other text must already be case-folded."},
        "urls": {"type": "array", "items": {"type": "string"}, "description": "Normalized URLs, matched exactly."},
        "mentions": {"type": "array", "items": {"type": "string"}, "description": "Mentioned ids or handles, matched exactly."}}},
    "min_posts": {"type": "integer", "minimum": 1, "default": 1, "description": "Accounts with fewer posts in the window are left out."},
    "top_percent": {"type": "number", "exclusiveMinimum": 0, "maximum": 100, "description": "Keep only the top x% of accounts by posts in the window (ceil; ties by account id). Default: all."},
    "balance_unaffiliated": {"type": "boolean", "default": false, "description": "Draw a seeded random sample of unaffiliated accounts (state null) as large as the number of state-linked ones."},
    "seed": {"type": "integer", "minimum": 0, "default": 1, "description": "Seed of the balanced sample (splitmix64)."},
    "class_value": {"enum": ["state_linked", "state"], "default": "state_linked", "description": "Class of an account with a state: the word state_linked or its state code; unaffiliated otherwise."},
    "max_accounts_per_entity_bin": {"type": "integer", "minimum": 0, "default": 1000, "description": "An entity-bin with more active accounts is removed for everyone and reported on 'capped'; 0: no cap."},
    "measure": {"enum": ["trace", "frobenius_distance"], "default": "trace", "description": "Per-entity d: trace = 2 - tr(A_ij) (0 = j copies i, 1 = independence); frobenius_distance = ||A_ij - I||_F."},
    "laplace": {"type": "number", "minimum": 0, "default": 0, "description": "Laplace smoothing of A_ij: (count + laplace) / (row sum + 2 laplace); 0 = none (a row without counts stays zero)."},
    "average": {"enum": ["co_used", "all"], "default": "co_used", "description": "Mean d over the entities both accounts used (co_used) or over all entities of the type in the window (all)."},
    "type_average": {"enum": ["mean_of_types", "pooled"], "default": "mean_of_types", "description": "The 'average' entity_type: mean of the per-type mean d over the types that have entities (mean_of_types), or one mean over the entities of all types (pooled)."},
    "min_coused_entities": {"type": "integer", "minimum": 1, "default": 1, "description": "Minimum number of co-used entities for an edge."},
    "min_lag1_events": {"type": "integer", "minimum": 1, "default": 1, "description": "Minimum number of lag-1 events (sum of c over entities) for an edge."},
    "scores_entity_type": {"enum": ["average", "hashtag", "url", "mention"], "default": "average", "description": "Edges the scores, composition and before_after tables use."},
    "split_at": {"type": "string", "description": "ISO 8601 time (floored to its bin): before_after compares the networks of the two sub-windows. Default: before_after is empty."},
    "network_matrix_accounts": {"type": "integer", "minimum": 0, "maximum": 1000, "default": 0, "description": "Estimate the network matrix D by maximum-likelihood EM for this many top-ranked accounts (0: off)."},
    "em_max_iterations": {"type": "integer", "minimum": 1, "default": 5000, "description": "EM iterations at most per row of D."},
    "em_tolerance": {"type": "number", "exclusiveMinimum": 0, "default": 1e-10, "description": "EM stops when no entry of the row changes by more than this."},
    "threads": {"type": "integer", "minimum": 1, "maximum": 2, "default": 2, "description": "Threads (results are identical for 1 and 2)."},
    "pair_memory_mb": {"type": "integer", "minimum": 16, "maximum": 32768, "default": 1024, "description": "Memory for lag-1 pair records per pass; more records are processed in several passes by source account."},
    "batch_rows": {"type": "integer", "minimum": 1, "default": 65536, "description": "Maximum rows per emitted batch."}
  }
})json";
  static constexpr const char* ports = R"json({
  "inputs": [
    {"name": "posts", "type": "posts", "description": "Normalized posts (normalize/posts): author_id, created_at, state, hashtags_folded, urls_normalized, mentions."}
  ],
  "outputs": [
    {"name": "edges", "type": "edges", "description": "Directed coordination edges per entity type and averaged: source, target, entity_type (hashtag, url, mention, average), weight = 1 - d_mean, coused_entities, lag1_events, d_mean; ordered by entity_type (that order), source, target."},
    {"name": "scores", "type": "any", "description": "Per selected account: account, class, out_weight, in_weight, total, out_edges, in_edges, posts, rank (1 = largest out_weight; ties by total, then account id)."},
    {"name": "composition", "type": "any", "description": "Per entity_type and ordered class pair: accounts, accounts in the network, edges, weight sum and mean, possible pairs, weight per pair."},
    {"name": "before_after", "type": "any", "description": "With split_at: per class pair (and all), edges and mean edge weight before and after, ratio after/before."},
    {"name": "capped", "type": "any", "description": "Hub entity-bins removed by max_accounts_per_entity_bin: entity_type, entity, bin_start, accounts."},
    {"name": "network_matrix", "type": "any", "description": "With network_matrix_accounts: influenced, influencer, d (row of D, sums to 1), log_likelihood, iterations."}
  ]
})json";

  std::optional<sdk::PortTypes> infer(const sdk::Json& config, const sdk::PortTypes& inputs, sdk::Context&) override {
    const Options o = parse_options(config);
    auto it = inputs.find("posts");
    if (it != inputs.end() && !it->second.columns.empty()) check_columns(it->second.columns, o);
    return sdk::PortTypes{{"edges", {"edges", edges_schema()}},
                          {"scores", {"", scores_schema()}},
                          {"composition", {"", composition_schema()}},
                          {"before_after", {"", before_after_schema()}},
                          {"capped", {"", capped_schema()}},
                          {"network_matrix", {"", network_matrix_schema()}}};
  }

  static void check_columns(const Schema& columns, const Options& o) {
    auto need = [&](const char* name, std::initializer_list<TypeId> ids, const char* what) {
      for (const auto& f : columns)
        if (f.name == name) {
          for (TypeId id : ids)
            if (f.type.id == id) return;
          throw std::invalid_argument(std::string("input posts: column '") + name + "' is " + f.type.name() + ", expected " + what);
        }
      throw std::invalid_argument(std::string("input posts: no column '") + name + "'");
    };
    need("author_id", {TypeId::Utf8}, "utf8");
    need("created_at", {TypeId::Timestamp}, "a timestamp");
    static const char* lists[] = {"hashtags_folded", "urls_normalized", "mentions"};
    for (int t = 0; t < kTypes; ++t)
      if (o.type_enabled[t]) need(lists[t], {TypeId::ListUtf8}, "list<utf8>");
  }

  void run(const sdk::Json& config, sdk::Context& ctx) override {
    const Options o = parse_options(config);
    ActivityBuilder builder(o);
    Batch b;
    int64_t rows = 0;
    // As optional, so that a missing column gets check_columns' error.
    std::vector<std::string> columns{"author_id", "created_at", "state"};
    static const char* lists[] = {"hashtags_folded", "urls_normalized", "mentions"};
    for (int t = 0; t < kTypes; ++t)
      if (o.type_enabled[t]) columns.push_back(lists[t]);
    ctx.select("posts", {}, columns);
    while (ctx.read("posts", b)) {
      if (ctx.cancelled()) return;
      check_columns(b.schema(), o);
      builder.add(b);
      ctx.progress(rows += b.rows());
    }
    Result r = analyse(builder, o);
    if (o.network_matrix_accounts > 0) r.matrix = estimate_network_matrix(r, o);
    log(r, ctx);
    for (auto& batch : to_batches(r, o)) ctx.emit(batch.first, std::move(batch.second));
  }

  static void log(const Result& r, sdk::Context& ctx) {
    const Activity& a = r.activity;
    if (a.null_author) ctx.warn(std::to_string(a.null_author) + " posts skipped: author_id is null");
    if (a.null_time) ctx.warn(std::to_string(a.null_time) + " posts skipped: created_at is null");
    if (a.null_lists) ctx.warn(std::to_string(a.null_lists) + " entity lists were null (run normalize/posts first?): no entity taken from them");
    if (a.outside_window) ctx.info(std::to_string(a.outside_window) + " posts outside the window ignored");
    if (a.state_conflicts) ctx.warn(std::to_string(a.state_conflicts) + " accounts have posts with different states: the smallest state code is used");
    if (!a.capped.empty()) ctx.warn(std::to_string(a.capped.size()) + " hub entity-bins capped (see the capped output)");
    ctx.info(std::to_string(a.accounts.size()) + " of " + std::to_string(a.accounts_seen) + " accounts, " +
             std::to_string(a.entities.size()) + " entities, " + std::to_string(a.bins) + " bins, " +
             std::to_string(a.cells.size()) + " active cells, " + std::to_string(r.network.candidate_pairs) +
             " candidate pairs, " + std::to_string(r.network.edges[kAverage].size()) + " average edges");
  }

  // The output batches, port by port (each port's rows in their documented order).
  static std::vector<std::pair<std::string, Batch>> to_batches(const Result& r, const Options& o) {
    std::vector<std::pair<std::string, Batch>> out;
    const Activity& a = r.activity;
    const size_t limit = static_cast<size_t>(o.batch_rows);
    auto batcher = [&](const char* port, const Schema& schema) {
      return [&out, port, schema, limit](Batch& b, bool last) {
        if (b.rows() >= static_cast<int64_t>(limit) || (last && (b.rows() > 0 || out.empty() || out.back().first != port))) {
          out.push_back({port, std::move(b)});
          b = Batch(schema);
        }
      };
    };
    {  // edges
      Batch b(edges_schema());
      auto flush = batcher("edges", edges_schema());
      for (int t = 0; t <= kAverage; ++t)
        for (const Edge& e : r.network.edges[t]) {
          b.column(0).append_string(a.accounts[e.source]);
          b.column(1).append_string(a.accounts[e.target]);
          b.column(2).append_string(entity_type_name(t));
          b.column(3).append_double(e.weight);
          b.column(4).append_int(e.coused);
          b.column(5).append_int(e.lag1);
          b.column(6).append_double(e.d_mean);
          flush(b, false);
        }
      flush(b, true);
    }
    const std::vector<Score> scores = scores_of(r.network.edges[o.scores_type], a.accounts.size());
    {  // scores
      Batch b(scores_schema());
      auto flush = batcher("scores", scores_schema());
      int64_t rank = 0;
      for (uint32_t i : rank_order(scores)) {
        const Score& s = scores[i];
        b.column(0).append_string(a.accounts[i]);
        b.column(1).append_string(a.classes[i]);
        b.column(2).append_double(s.out_weight);
        b.column(3).append_double(s.in_weight);
        b.column(4).append_double(s.out_weight + s.in_weight);
        b.column(5).append_int(s.out_edges);
        b.column(6).append_int(s.in_edges);
        b.column(7).append_int(a.account_posts[i]);
        b.column(8).append_int(++rank);
        flush(b, false);
      }
      flush(b, true);
    }
    const std::set<std::string> class_set(a.classes.begin(), a.classes.end());
    const std::vector<std::string> classes(class_set.begin(), class_set.end());
    std::map<std::string, int64_t> class_size;
    for (const auto& c : a.classes) ++class_size[c];
    {  // composition
      Batch b(composition_schema());
      for (int t = 0; t <= kAverage; ++t) {
        if (t < kTypes && !o.type_enabled[t]) continue;
        std::vector<uint8_t> in_network(a.accounts.size(), 0);
        std::map<std::pair<std::string, std::string>, std::pair<int64_t, double>> tally;
        for (const Edge& e : r.network.edges[t]) {
          in_network[e.source] = in_network[e.target] = 1;
          auto& cell = tally[{a.classes[e.source], a.classes[e.target]}];
          ++cell.first, cell.second += e.weight;
        }
        std::map<std::string, int64_t> in_net;
        for (size_t i = 0; i < a.accounts.size(); ++i) in_net[a.classes[i]] += in_network[i];
        for (const auto& s : classes)
          for (const auto& d : classes) {
            const auto found = tally.find({s, d});
            const int64_t edges = found == tally.end() ? 0 : found->second.first;
            const double sum = found == tally.end() ? 0.0 : found->second.second;
            const int64_t possible = class_size[s] * class_size[d] - (s == d ? class_size[s] : 0);
            b.column(0).append_string(entity_type_name(t));
            b.column(1).append_string(s);
            b.column(2).append_string(d);
            b.column(3).append_int(class_size[s]);
            b.column(4).append_int(class_size[d]);
            b.column(5).append_int(in_net[s]);
            b.column(6).append_int(in_net[d]);
            b.column(7).append_int(edges);
            b.column(8).append_double(sum);
            if (edges) b.column(9).append_double(sum / static_cast<double>(edges));
            else b.column(9).append_null();
            b.column(10).append_int(possible);
            if (possible) b.column(11).append_double(sum / static_cast<double>(possible));
            else b.column(11).append_null();
          }
      }
      out.push_back({"composition", std::move(b)});
    }
    {  // before_after
      Batch b(before_after_schema());
      if (r.has_split) {
        auto tally = [&](const Network& net) {
          std::map<std::pair<std::string, std::string>, std::pair<int64_t, double>> m;
          for (const Edge& e : net.edges[o.scores_type]) {
            auto& all = m[{"all", "all"}];
            ++all.first, all.second += e.weight;
            auto& cell = m[{a.classes[e.source], a.classes[e.target]}];
            ++cell.first, cell.second += e.weight;
          }
          return m;
        };
        auto before = tally(r.before), after = tally(r.after);
        std::vector<std::pair<std::string, std::string>> keys{{"all", "all"}};
        for (const auto& s : classes)
          for (const auto& d : classes) keys.push_back({s, d});
        for (const auto& k : keys) {
          const auto x = before[k], y = after[k];
          b.column(0).append_string(entity_type_name(o.scores_type));
          b.column(1).append_string(k.first);
          b.column(2).append_string(k.second);
          b.column(3).append_int(x.first);
          if (x.first) b.column(4).append_double(x.second / static_cast<double>(x.first));
          else b.column(4).append_null();
          b.column(5).append_int(y.first);
          if (y.first) b.column(6).append_double(y.second / static_cast<double>(y.first));
          else b.column(6).append_null();
          if (x.first && y.first)
            b.column(7).append_double((y.second / static_cast<double>(y.first)) / (x.second / static_cast<double>(x.first)));
          else b.column(7).append_null();
        }
      }
      out.push_back({"before_after", std::move(b)});
    }
    {  // capped, in (entity, bin) order
      Batch b(capped_schema());
      for (const CappedBin& c : a.capped) {
        b.column(0).append_string(entity_type_name(a.entity_type[c.entity]));
        b.column(1).append_string(a.entities[c.entity]);
        b.column(2).append_int((a.first_bin + c.bin) * a.bin_ms);
        b.column(3).append_int(c.accounts);
      }
      out.push_back({"capped", std::move(b)});
    }
    out.push_back({"network_matrix", network_matrix_batch(r.matrix, a)});
    return out;
  }
};

}  // namespace chorus::coordination_influence
