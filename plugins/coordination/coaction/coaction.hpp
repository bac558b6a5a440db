// coordination/coaction: co-action networks (co-retweet, co-link,
// co-hashtag, co-reply, co-mention, co-post-text) under the
// coordination-network-toolkit's or CooRTweet's definition, with a seeded
// permutation null model. See docs/methods.md.
//
// This file: config, reading posts into shares (which rows count for which
// kind), and writing the three outputs. The engine is coaction_core.hpp,
// the edge definitions network.hpp, the null model null_model.hpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <chorus/sdk.hpp>
#include <chorus/sdk/suggest.hpp>

#include "coaction_core.hpp"
#include "network.hpp"
#include "null_model.hpp"
#include "text_key.hpp"

namespace chorus::coordination_coaction {

using sdk::Json;

enum class Kind { CoRetweet, CoLink, CoHashtag, CoReply, CoMention, CoPostText };

inline const std::pair<const char*, Kind> kKinds[] = {
    {"co_retweet", Kind::CoRetweet}, {"co_link", Kind::CoLink},       {"co_hashtag", Kind::CoHashtag},
    {"co_reply", Kind::CoReply},     {"co_mention", Kind::CoMention}, {"co_post_text", Kind::CoPostText}};

inline const char* kind_name(Kind k) {
  for (const auto& e : kKinds)
    if (e.second == k) return e.first;
  return "?";
}

struct Config {
  Kind kind = Kind::CoRetweet;
  double window_s = 60;
  EdgeOptions edges;
  bool include_shares = false;
  int64_t min_text_chars = 1;
  uint64_t max_pairs_per_object = 100000000;
  int permutations = 0;
  NullModel null_model = NullModel::ObjectTimes;
  uint64_t seed = 1;
};

inline const std::vector<std::string> kConfigKeys = {
    "kind",     "window",      "semantics",     "min_weight",     "min_participation", "participation_rule",
    "percentile", "only_above_percentile", "include_shares", "min_text_chars", "max_pairs_per_object",
    "permutations", "null_model", "seed"};

inline Config parse_config(const Json& c) {
  if (!c.is_object()) throw std::invalid_argument("with: expected an object with at least kind and window");
  for (auto it = c.begin(); it != c.end(); ++it)
    if (std::find(kConfigKeys.begin(), kConfigKeys.end(), it.key()) == kConfigKeys.end())
      throw std::invalid_argument("with: unknown key '" + it.key() + "'" +
                                  sdk::did_you_mean(it.key(), kConfigKeys, "expected"));
  Config cfg;
  const std::string kinds = "co_retweet, co_link, co_hashtag, co_reply, co_mention or co_post_text";
  if (!c.contains("kind") || !c["kind"].is_string())
    throw std::invalid_argument("with.kind: is required, one of " + kinds);
  bool found = false;
  for (const auto& k : kKinds)
    if (c["kind"].get<std::string>() == k.first) cfg.kind = k.second, found = true;
  if (!found) throw std::invalid_argument("with.kind: unknown kind '" + c["kind"].get<std::string>() + "' (expected " + kinds + ")");
  if (!c.contains("window") || !c["window"].is_number() || c["window"].get<double>() < 0 ||
      !std::isfinite(c["window"].get<double>()) || c["window"].get<double>() > 1e12)
    throw std::invalid_argument("with.window: expected the time window W in seconds, a number >= 0");
  cfg.window_s = c["window"].get<double>();
  auto number = [&](const char* key, double lo, double hi, double fallback) {
    if (!c.contains(key)) return fallback;
    if (!c[key].is_number() || c[key].get<double>() < lo || c[key].get<double>() > hi)
      throw std::invalid_argument(std::string("with.") + key + ": expected a number in [" + sdk::Json(lo).dump() +
                                  ", " + sdk::Json(hi).dump() + "], got " + c[key].dump());
    return c[key].get<double>();
  };
  auto integer = [&](const char* key, int64_t lo, int64_t hi, int64_t fallback) {
    if (!c.contains(key)) return fallback;
    if (!c[key].is_number_integer() || c[key].get<int64_t>() < lo || c[key].get<int64_t>() > hi)
      throw std::invalid_argument(std::string("with.") + key + ": expected an integer in [" + std::to_string(lo) +
                                  ", " + std::to_string(hi) + "], got " + c[key].dump());
    return c[key].get<int64_t>();
  };
  auto boolean = [&](const char* key, bool fallback) {
    if (!c.contains(key)) return fallback;
    if (!c[key].is_boolean()) throw std::invalid_argument(std::string("with.") + key + ": expected true or false, got " + c[key].dump());
    return c[key].get<bool>();
  };
  auto choice = [&](const char* key, const char* a, const char* b, const char* fallback) {
    if (!c.contains(key)) return std::string(fallback);
    if (!c[key].is_string() || (c[key] != a && c[key] != b))
      throw std::invalid_argument(std::string("with.") + key + ": expected " + a + " or " + b + ", got " + c[key].dump());
    return c[key].get<std::string>();
  };
  cfg.edges.semantics = choice("semantics", "toolkit", "coortweet", "toolkit") == "toolkit" ? Semantics::Toolkit : Semantics::CooRTweet;
  cfg.edges.min_weight = number("min_weight", 0, 1e18, 1);
  cfg.edges.min_participation = integer("min_participation", 1, INT64_MAX, 2);
  cfg.edges.participation_rule =
      choice("participation_rule", "either", "both", "either") == "either" ? ParticipationRule::Either : ParticipationRule::Both;
  cfg.edges.percentile = number("percentile", 0, 1, 0.5);
  cfg.edges.only_above_percentile = boolean("only_above_percentile", false);
  cfg.include_shares = boolean("include_shares", false);
  cfg.min_text_chars = integer("min_text_chars", 1, INT64_MAX, 1);
  cfg.max_pairs_per_object = static_cast<uint64_t>(integer("max_pairs_per_object", 0, INT64_MAX, 100000000));
  cfg.permutations = static_cast<int>(integer("permutations", 0, 100000, 0));
  cfg.null_model = choice("null_model", "object_times", "account_times", "object_times") == "object_times"
                       ? NullModel::ObjectTimes : NullModel::AccountTimes;
  cfg.seed = static_cast<uint64_t>(integer("seed", 0, INT64_MAX, 1));
  return cfg;
}

inline int64_t window_ms(const Config& c) { return static_cast<int64_t>(std::llround(c.window_s * 1000.0)); }

// Columns of `posts` each kind reads (author_id and created_at always).
inline std::vector<std::string> needed_columns(Kind k, bool include_shares) {
  std::vector<std::string> cols = {"author_id", "created_at"};
  switch (k) {
    case Kind::CoRetweet:
    case Kind::CoReply: cols.insert(cols.end(), {"interaction_type", "target_post_id"}); break;
    case Kind::CoLink: cols.push_back("urls_normalized"); break;
    case Kind::CoHashtag: cols.push_back("hashtags_folded"); break;
    case Kind::CoMention: cols.push_back("mentions"); break;
    case Kind::CoPostText: cols.push_back("text"); break;
  }
  if (!include_shares && k != Kind::CoRetweet && k != Kind::CoReply) cols.push_back("interaction_type");
  return cols;
}

inline TypeId needed_type(const std::string& col) {
  if (col == "created_at") return TypeId::Timestamp;
  if (col == "urls_normalized" || col == "hashtags_folded" || col == "mentions") return TypeId::ListUtf8;
  return TypeId::Utf8;
}

inline void check_input(const Config& cfg, const Schema& s) {
  std::vector<std::string> names;
  for (const auto& f : s) names.push_back(f.name);
  for (const auto& col : needed_columns(cfg.kind, cfg.include_shares)) {
    auto it = std::find_if(s.begin(), s.end(), [&](const Field& f) { return f.name == col; });
    if (it == s.end())
      throw std::invalid_argument(std::string("with.kind: ") + kind_name(cfg.kind) + " needs column '" + col +
                                  "' in input 'posts'" + sdk::did_you_mean(col, names, "columns"));
    if (it->type.id != needed_type(col))
      throw std::invalid_argument("input 'posts': column '" + col + "' is " + it->type.name() + ", expected " +
                                  (needed_type(col) == TypeId::Timestamp ? std::string("timestamp[ms]")
                                                                         : DataType{needed_type(col)}.name()));
  }
}

// --- reading posts into shares ------------------------------------------------------

struct RowCounts {
  int64_t input_rows = 0;
  int64_t used = 0;                  // rows that became a post with >= 1 key
  int64_t not_applicable = 0;        // co_retweet / co_reply: not a share / reply
  int64_t shares_excluded = 0;       // other kinds: a share / forward, include_shares false
  int64_t null_interaction_type = 0;
  int64_t null_key = 0;              // applicable row, key column null
  int64_t no_key = 0;                // applicable row, empty list or text too short after normalization
  int64_t null_author = 0;
  int64_t null_time = 0;
};

inline int64_t to_ms(int64_t v, TimeUnit u) {
  switch (u) {
    case TimeUnit::Second: return v * 1000;
    case TimeUnit::Milli: return v;
    case TimeUnit::Micro: return v >= 0 ? v / 1000 : -((-v + 999) / 1000);
    case TimeUnit::Nano: return v >= 0 ? v / 1000000 : -((-v + 999999) / 1000000);
  }
  return v;
}

inline int64_t utf8_chars(std::string_view s) {
  int64_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

class ShareReader {
 public:
  explicit ShareReader(const Config& cfg) : cfg_(cfg) {}

  // The posts column that holds the co-action's object.
  static const char* key_column(Kind k) {
    return k == Kind::CoRetweet || k == Kind::CoReply ? "target_post_id"
           : k == Kind::CoLink                       ? "urls_normalized"
           : k == Kind::CoHashtag                    ? "hashtags_folded"
           : k == Kind::CoMention                    ? "mentions"
                                                     : "text";
  }
  // Every column add() reads (as optional: check_input names a missing one).
  std::vector<std::string> columns() const {
    return {"author_id", "created_at", "interaction_type", "mentions_kind", key_column(cfg_.kind)};
  }

  void add(const Batch& b) {
    check_input(cfg_, b.schema());
    const Column& author = b.column("author_id");
    const Column& created = b.column("created_at");
    const TimeUnit unit = created.type().unit;
    const int it_index = b.index_of("interaction_type");
    const Column* itype = it_index >= 0 ? &b.column(static_cast<size_t>(it_index)) : nullptr;
    const int mk_index = b.index_of("mentions_kind");
    const Column* mkind = mk_index >= 0 && b.column(static_cast<size_t>(mk_index)).type().id == TypeId::Utf8
                              ? &b.column(static_cast<size_t>(mk_index)) : nullptr;
    const Kind k = cfg_.kind;
    const Column& key = b.column(key_column(k));
    for (int64_t r = 0; r < b.rows(); ++r) {
      ++counts_.input_rows;
      // Which rows take part.
      const bool null_type = itype && itype->is_null(r);
      const std::string_view type = itype && !null_type ? itype->str(r) : std::string_view();
      if (k == Kind::CoRetweet || k == Kind::CoReply) {
        if (null_type) { ++counts_.null_interaction_type; ++counts_.not_applicable; continue; }
        const bool ok = k == Kind::CoRetweet ? (type == "share" || type == "forward") : (type == "reply" || type == "comment");
        if (!ok) { ++counts_.not_applicable; continue; }
      } else if (!cfg_.include_shares) {
        if (null_type) ++counts_.null_interaction_type;  // kept: not known to be a share
        else if (type == "share" || type == "forward") { ++counts_.shares_excluded; continue; }
      }
      if (key.is_null(r)) { ++counts_.null_key; continue; }
      keys_.clear();
      if (key.type().id == TypeId::ListUtf8) {
        const bool handles = k == Kind::CoMention && mkind && !mkind->is_null(r) && mkind->str(r) == "handle";
        for (int64_t j = 0; j < key.list_size(r); ++j) {
          std::string item(key.list_item(r, j));
          if (k == Kind::CoMention) {
            if (!item.empty() && item[0] == '@') item.erase(0, 1);
            if (handles)
              for (char& ch : item)
                if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
          }
          if (!item.empty()) keys_.push_back(std::move(item));
        }
      } else if (k == Kind::CoPostText) {
        std::string t = normalize_post_text(key.str(r));
        if (utf8_chars(t) >= cfg_.min_text_chars) keys_.push_back(std::move(t));
      } else if (!key.str(r).empty()) {
        keys_.emplace_back(key.str(r));
      }
      if (keys_.empty()) { ++counts_.no_key; continue; }
      if (author.is_null(r) || author.str(r).empty()) { ++counts_.null_author; continue; }
      if (created.is_null(r)) { ++counts_.null_time; continue; }
      builder_.add_post(author.str(r), to_ms(created.int64(r), unit), keys_);
      ++counts_.used;
    }
  }

  const RowCounts& counts() const { return counts_; }
  ShareTable finish() { return builder_.finish(); }

 private:
  Config cfg_;
  ShareTableBuilder builder_;
  RowCounts counts_;
  std::vector<std::string> keys_;
};

// --- the analysis, host-free ------------------------------------------------------

struct CappedObject {
  std::string key;
  int64_t shares;
  uint64_t pairs;
};

struct Result {
  ShareTable table;
  PairStats pair_stats;
  Network network;
  std::vector<double> p_value, z;  // per network edge; empty when permutations = 0
  int permutations_done = 0;
  std::vector<CappedObject> capped;
  std::vector<int64_t> shares_of_account, posts_of_account, coordinated_posts;
  uint64_t pairs_within_window = 0;  // all keys not capped, unordered, incl. same-account pairs
  uint64_t visits = 0;
  int64_t directed_pairs = 0;

  size_t num_edges() const { return network.size(); }
  Edge edge(size_t k) const { return network.edge(pair_stats, k); }
};

inline Result analyse(ShareTable table, const Config& cfg, const std::function<bool()>& cancelled = {}) {
  Result res;
  res.table = std::move(table);
  const ShareTable& t = res.table;
  const int64_t w = window_ms(cfg);
  const KeyIndex x = build_key_index(t, t.post_time_ms);
  const int64_t min_shares = cfg.edges.semantics == Semantics::CooRTweet ? cfg.edges.min_participation : 0;
  const Prepared prep = prepare(t, x, w, cfg.max_pairs_per_object, min_shares);
  for (size_t k = 0; k < t.num_keys(); ++k) {
    if (prep.key_excluded[k])
      res.capped.push_back({t.keys[k], x.key_begin[k + 1] - x.key_begin[k], prep.key_pairs[k]});
    else
      res.pairs_within_window += prep.key_pairs[k];
  }
  std::sort(res.capped.begin(), res.capped.end(), [](const CappedObject& a, const CappedObject& b) {
    return a.pairs != b.pairs ? a.pairs > b.pairs : a.key < b.key;
  });
  res.pair_stats = gather_pair_stats(t, prep, x, w);
  const PairStats& ps = res.pair_stats;
  res.visits = ps.visits;
  res.directed_pairs = 2 * static_cast<int64_t>(ps.size());
  res.network = build_network(ps, cfg.edges);
  res.shares_of_account = prep.shares_of_account;
  res.coordinated_posts = ps.coordinated_posts;
  res.posts_of_account.resize(t.num_accounts());
  for (size_t a = 0; a < t.num_accounts(); ++a)
    res.posts_of_account[a] = prep.posts_of_account.begin[a + 1] - prep.posts_of_account.begin[a];
  if (cfg.permutations > 0) {
    std::vector<TestedEdge> tested;
    tested.reserve(res.network.size());
    for (size_t k = 0; k < res.network.size(); ++k) {
      const Edge e = res.edge(k);
      tested.push_back({e.source, e.target, e.weight});
    }
    const Statistic stat = cfg.edges.semantics == Semantics::Toolkit ? Statistic::Posts : Statistic::Pairs;
    NullOutcome n = permutation_test(t, prep, x, w, tested, cfg.null_model, stat, cfg.permutations, cfg.seed, cancelled);
    res.p_value = std::move(n.p_value);
    res.z = std::move(n.z);
    res.permutations_done = n.permutations_done;
  }
  return res;
}

// --- output schemas ----------------------------------------------------------------

inline Schema edges_schema() {
  return {{"source", {TypeId::Utf8}},         {"target", {TypeId::Utf8}},          {"weight", {TypeId::Float64}},
          {"kind", {TypeId::Utf8}},           {"semantics", {TypeId::Utf8}},       {"directed", {TypeId::Bool}},
          {"pairs", {TypeId::Int64}},         {"posts_source", {TypeId::Int64}},   {"posts_target", {TypeId::Int64}},
          {"mean_time_delta_s", {TypeId::Float64}}, {"symmetry", {TypeId::Float64}},
          {"above_percentile", {TypeId::Bool}}, {"p_value", {TypeId::Float64}},    {"z", {TypeId::Float64}}};
}
inline Schema accounts_schema() {
  return {{"account_id", {TypeId::Utf8}},   {"shares", {TypeId::Int64}}, {"posts", {TypeId::Int64}},
          {"coordinated_posts", {TypeId::Int64}}, {"edges", {TypeId::Int64}}, {"strength", {TypeId::Float64}}};
}
inline Schema summary_schema() {
  return {{"metric", {TypeId::Utf8}}, {"value", {TypeId::Float64}}, {"detail", {TypeId::Utf8}}};
}

struct Coaction : sdk::Stage {
  static constexpr const char* type = "coordination/coaction";
  static constexpr const char* description =
      "Co-action networks (co-retweet, co-link, co-hashtag, co-reply, co-mention, co-post-text within W seconds) "
      "under the coordination-network-toolkit or CooRTweet definition, with permutation p-values";
  static constexpr const char* code_version = "2";  // 2: the null model draws with sdk::SplitMix64::below (other permutations)
  static constexpr const char* config_schema = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "coordination/coaction",
  "description": "Links accounts that did the same thing (retweeted the same post, shared the same link, used the same hashtag, replied to the same post, mentioned the same account, posted the same normalized text) within W seconds of each other. See docs/methods.md.",
  "type": "object",
  "properties": {
    "kind": {"type": "string", "enum": ["co_retweet", "co_link", "co_hashtag", "co_reply", "co_mention", "co_post_text"],
             "description": "The shared object: co_retweet target_post_id of share/forward posts; co_reply target_post_id of reply/comment posts; co_link each urls_normalized item; co_hashtag each hashtags_folded item; co_mention each mentions item; co_post_text the normalized text."},
    "window": {"type": "number", "minimum": 0, "description": "W in seconds: two shares of one object co-occur when |t1 - t2| <= W (inclusive); rounded to milliseconds."},
    "semantics": {"type": "string", "enum": ["toolkit", "coortweet"], "default": "toolkit",
                  "description": "toolkit: directed, weight(A->B) = A's distinct posts with a B share of the same object within W. coortweet: undirected, weight = share pairs within W, min_participation and percentile threshold."},
    "min_weight": {"type": "number", "minimum": 0, "default": 1, "description": "Edges with weight below this are dropped (both semantics)."},
    "min_participation": {"type": "integer", "minimum": 1, "default": 2, "description": "coortweet only: accounts with fewer shares are removed before pairing, and an account qualifies with at least this many coordinated posts."},
    "participation_rule": {"type": "string", "enum": ["either", "both"], "default": "either", "description": "coortweet only: keep an edge when either account qualifies (CooRTweet's behaviour) or only when both do."},
    "percentile": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.5, "description": "coortweet only: q of the edge-weight threshold (R quantile type 7 over the edges kept by min_participation); above_percentile = weight > threshold. CooRTweet's edge_weight."},
    "only_above_percentile": {"type": "boolean", "default": false, "description": "coortweet only: output only edges above the percentile threshold (CooRTweet subgraph = 1)."},
    "include_shares": {"type": "boolean", "default": false, "description": "co_link, co_hashtag, co_mention, co_post_text: also count share/forward posts (retweets copy the original's links, hashtags, mentions and text, so by default they do not count)."},
    "min_text_chars": {"type": "integer", "minimum": 1, "default": 1, "description": "co_post_text: normalized texts shorter than this many characters (code points) are not keys."},
    "max_pairs_per_object": {"type": "integer", "minimum": 0, "default": 100000000, "description": "An object with more share pairs inside W than this is left out entirely and listed in summary (capped_object); 0: no cap."},
    "permutations": {"type": "integer", "minimum": 0, "maximum": 100000, "default": 0, "description": "R, permutations of the null model (each account's post times shuffled among its posts); 0: no p_value / z."},
    "null_model": {"type": "string", "enum": ["object_times", "account_times"], "default": "object_times", "description": "object_times: permute the share times within each object (keeps every object's time profile); account_times: permute each account's post times among its posts (keeps every account's rhythm, destroys object time profiles)."},
    "seed": {"type": "integer", "minimum": 0, "default": 1, "description": "Seed of the null model's random generator (splitmix64)."}
  },
  "required": ["kind", "window"],
  "additionalProperties": false
})json";
  static constexpr const char* ports = R"json({
  "inputs": [{"name": "posts", "type": "posts", "description": "Normalized posts: author_id, created_at and the columns of the kind."}],
  "outputs": [
    {"name": "edges", "type": "edges", "description": "One row per edge sorted by (source, target) in byte order: source, target, weight, kind, semantics, directed, pairs, posts_source, posts_target, mean_time_delta_s, symmetry, above_percentile, p_value, z."},
    {"name": "accounts", "type": "any", "description": "One row per account with at least one share, sorted by account_id: account_id, shares, posts, coordinated_posts, edges, strength."},
    {"name": "summary", "type": "any", "description": "metric, value, detail: row counts, shares, objects, pairs, edges, the percentile threshold, and one capped_object row per object left out by max_pairs_per_object."}
  ]
})json";

  static constexpr int64_t kBatchRows = 65536;

  std::optional<sdk::PortTypes> infer(const Json& config, const sdk::PortTypes& inputs, sdk::Context&) override {
    Config cfg = parse_config(config);
    auto in = inputs.find("posts");
    if (in != inputs.end() && !in->second.columns.empty()) check_input(cfg, in->second.columns);
    return sdk::PortTypes{{"edges", {"edges", edges_schema()}},
                          {"accounts", {"", accounts_schema()}},
                          {"summary", {"", summary_schema()}}};
  }

  void run(const Json& config, sdk::Context& ctx) override {
    const Config cfg = parse_config(config);
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

  static void emit_edges(const Config& cfg, const Result& res, sdk::Context& ctx) {
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
        if (e.above_percentile < 0) b.column(11).append_null();
        else b.column(11).append_bool(e.above_percentile == 1);
        if (res.p_value.empty()) b.column(12).append_null();
        else b.column(12).append_double(res.p_value[i]);
        if (res.z.empty() || std::isnan(res.z[i])) b.column(13).append_null();
        else b.column(13).append_double(res.z[i]);
      }
      ctx.emit("edges", std::move(b));
      if (n == 0) break;
    }
  }

  static void emit_accounts(const Config&, const Result& res, sdk::Context& ctx) {
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

  static void emit_summary(const Config& cfg, const RowCounts& rc, const Result& res, sdk::Context& ctx) {
    Batch b(summary_schema());
    auto row = [&](const std::string& metric, double value, const std::string& detail = "") {
      b.column(0).append_string(metric);
      if (std::isnan(value)) b.column(1).append_null();
      else b.column(1).append_double(value);
      if (detail.empty()) b.column(2).append_null();
      else b.column(2).append_string(detail);
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
    row("pairs_within_window", d(res.pairs_within_window), "share pairs inside W over the objects kept (incl. same-account pairs)");
    row("directed_account_pairs", d(res.directed_pairs), "account pairs with at least one co-share, per direction");
    row("candidate_edges", d(res.network.candidate_edges));
    row("edges_dropped_participation", d(res.network.dropped_participation));
    row("edges_dropped_percentile", d(res.network.dropped_percentile));
    row("edges_dropped_min_weight", d(res.network.dropped_min_weight));
    row("edges", d(res.num_edges()));
    row("percentile_threshold", res.network.threshold,
        cfg.edges.semantics == Semantics::CooRTweet ? "q = " + Json(cfg.edges.percentile).dump() : "");
    row("permutations", d(res.permutations_done));
    row("window_s", cfg.window_s);
    for (const auto& c : res.capped)
      row("capped_object", d(c.pairs), "key=" + c.key + " shares=" + std::to_string(c.shares));
    ctx.emit("summary", std::move(b));
  }
};

}  // namespace chorus::coordination_coaction
