// coordination/near_duplicates: clusters of near-duplicate posts (many
// accounts posting lightly edited copies of one template).
//
// Posts are tokenized (tokenize.hpp), cut into word shingles, and compared
// with MinHash + LSH and exact Jaccard verification (minhash.hpp); clusters
// are the connected components of the similar pairs. The NearDuplicates
// class below collects posts and builds the output tables without a host;
// the stage wraps it. See docs/methods.md.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <chorus/sdk.hpp>
#include <chorus/sdk/suggest.hpp>

#include "minhash.hpp"
#include "tokenize.hpp"

namespace chorus::near_duplicates {

using sdk::Json;

struct Config {
  int shingle_size = 2;
  MinHashParams minhash;
  int min_tokens = 6;
  TokenizeOptions tokenize;
  bool exclude_shares = true;
  int min_posts = 2;
  int min_accounts = 2;
  bool pairs = false;
};

inline const std::vector<std::string>& config_keys() {
  static const std::vector<std::string> keys = {
      "shingle_size", "num_hashes", "bands", "threshold", "min_tokens", "strip_urls", "strip_mentions",
      "exclude_shares", "min_posts", "min_accounts", "seed", "pairs"};
  return keys;
}

inline Config parse_config(const Json& config) {
  if (!config.is_null() && !config.is_object()) throw std::invalid_argument("with: expected an object");
  Config c;
  if (config.is_null()) return c;
  for (auto it = config.begin(); it != config.end(); ++it)
    if (std::find(config_keys().begin(), config_keys().end(), it.key()) == config_keys().end())
      throw std::invalid_argument("with: unknown key '" + it.key() + "'" +
                                  sdk::did_you_mean(it.key(), config_keys(), "expected"));
  auto integer = [&](const char* key, int lo, int hi, int def) {
    if (!config.contains(key)) return def;
    const Json& v = config[key];
    if (!v.is_number_integer() || v.get<int64_t>() < lo || v.get<int64_t>() > hi)
      throw std::invalid_argument(std::string("with.") + key + ": expected an integer from " +
                                  std::to_string(lo) + " to " + std::to_string(hi) + ", got " + v.dump());
    return static_cast<int>(v.get<int64_t>());
  };
  auto boolean = [&](const char* key, bool def) {
    if (!config.contains(key)) return def;
    if (!config[key].is_boolean())
      throw std::invalid_argument(std::string("with.") + key + ": expected true or false, got " + config[key].dump());
    return config[key].get<bool>();
  };
  c.shingle_size = integer("shingle_size", 1, 16, c.shingle_size);
  c.minhash.num_hashes = integer("num_hashes", 1, 1024, c.minhash.num_hashes);
  c.minhash.bands = integer("bands", 1, 1024, c.minhash.bands);
  if (c.minhash.num_hashes % c.minhash.bands != 0)
    throw std::invalid_argument("with.bands: " + std::to_string(c.minhash.bands) + " does not divide with.num_hashes " +
                                std::to_string(c.minhash.num_hashes) + " (rows per band = num_hashes / bands)");
  if (config.contains("threshold")) {
    const Json& v = config["threshold"];
    if (!v.is_number() || !(v.get<double>() > 0 && v.get<double>() <= 1))
      throw std::invalid_argument("with.threshold: expected a Jaccard similarity in (0, 1], got " + v.dump());
    c.minhash.threshold = v.get<double>();
  }
  c.min_tokens = integer("min_tokens", 1, 100000, c.min_tokens);
  if (c.min_tokens < c.shingle_size)
    throw std::invalid_argument("with.min_tokens: " + std::to_string(c.min_tokens) +
                                " is less than with.shingle_size " + std::to_string(c.shingle_size) +
                                " (a post needs at least one shingle)");
  c.tokenize.strip_urls = boolean("strip_urls", true);
  c.tokenize.strip_mentions = boolean("strip_mentions", true);
  c.exclude_shares = boolean("exclude_shares", true);
  c.min_posts = integer("min_posts", 2, std::numeric_limits<int>::max(), c.min_posts);
  c.min_accounts = integer("min_accounts", 1, std::numeric_limits<int>::max(), c.min_accounts);
  if (config.contains("seed")) {
    const Json& v = config["seed"];
    if (!v.is_number_integer() || (v.is_number_integer() && !v.is_number_unsigned() && v.get<int64_t>() < 0))
      throw std::invalid_argument("with.seed: expected a non-negative integer, got " + v.dump());
    c.minhash.seed = v.get<uint64_t>();
  }
  c.pairs = boolean("pairs", false);
  return c;
}

// --- output schemas -------------------------------------------------------------

inline Schema clusters_schema() {
  return {{"cluster_id", {TypeId::Utf8}},       {"posts", {TypeId::Int64}},
          {"accounts", {TypeId::Int64}},         {"distinct_texts", {TypeId::Int64}},
          {"first", {TypeId::Timestamp, TimeUnit::Milli}}, {"last", {TypeId::Timestamp, TimeUnit::Milli}},
          {"span_seconds", {TypeId::Float64}},   {"representative_post_id", {TypeId::Utf8}},
          {"representative_text", {TypeId::Utf8}}};
}
inline Schema members_schema() {
  return {{"cluster_id", {TypeId::Utf8}},
          {"post_id", {TypeId::Utf8}},
          {"author_id", {TypeId::Utf8}},
          {"created_at", {TypeId::Timestamp, TimeUnit::Milli}}};
}
inline Schema pairs_schema() {
  return {{"cluster_id", {TypeId::Utf8}},
          {"post_id_a", {TypeId::Utf8}},
          {"post_id_b", {TypeId::Utf8}},
          {"jaccard", {TypeId::Float64}}};
}
inline Schema summary_schema() {
  Schema s;
  for (const char* name : {"posts_read", "null_post_id", "shares_skipped", "null_text", "short_text", "posts_hashed",
                           "distinct_texts", "jaccard_checks", "similar_checks", "clusters", "clustered_posts"})
    s.push_back({name, {TypeId::Int64}});
  return s;
}

struct Counts {
  int64_t posts_read = 0, null_post_id = 0, shares_skipped = 0, null_text = 0, short_text = 0;
};

// Millisecond value of a timestamp cell of any unit (floor division).
inline int64_t to_millis(int64_t v, TimeUnit unit) {
  auto floor_div = [](int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); };
  switch (unit) {
    case TimeUnit::Second: return v * 1000;
    case TimeUnit::Milli: return v;
    case TimeUnit::Micro: return floor_div(v, 1000);
    case TimeUnit::Nano: return floor_div(v, 1000000);
  }
  return v;
}

// --- the work ------------------------------------------------------------------------

class NearDuplicates {
 public:
  static constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();

  explicit NearDuplicates(Config cfg) : cfg_(std::move(cfg)) {}

  const Counts& counts() const { return counts_; }

  // Reads one batch of posts (columns post_id, author_id, created_at, text and,
  // with exclude_shares, interaction_type).
  void add(const Batch& b) {
    const Column& post_id = required(b, "post_id", TypeId::Utf8);
    const Column& author = required(b, "author_id", TypeId::Utf8);
    const Column& created = required(b, "created_at", TypeId::Timestamp);
    const Column& text = required(b, "text", TypeId::Utf8);
    const Column* kind = cfg_.exclude_shares ? &required(b, "interaction_type", TypeId::Utf8) : nullptr;
    for (int64_t r = 0; r < b.rows(); ++r) {
      ++counts_.posts_read;
      if (post_id.is_null(r)) { ++counts_.null_post_id; continue; }
      if (kind && !kind->is_null(r) && kind->str(r) == "share") { ++counts_.shares_skipped; continue; }
      if (text.is_null(r)) { ++counts_.null_text; continue; }
      token_hashes(text.str(r), cfg_.tokenize, tokens_);
      if (tokens_.size() < static_cast<size_t>(cfg_.min_tokens)) { ++counts_.short_text; continue; }
      shingle_set(tokens_, cfg_.shingle_size, shingles_);
      sets_.add(shingles_);
      push(post_ids_, post_offsets_, post_id.str(r));
      push(texts_, text_offsets_, text.str(r));
      authors_.push_back(author.is_null(r) ? -1 : intern_author(author.str(r)));
      times_.push_back(created.is_null(r) ? kNoTime : to_millis(created.int64(r), created.type().unit));
    }
  }

  struct Output {
    Batch clusters{clusters_schema()}, members{members_schema()}, pairs{pairs_schema()},
        summary{summary_schema()};
  };

  // Runs MinHash/LSH over everything added and builds the four tables.
  Output finish() {
    NearDuplicateResult res = find_near_duplicates(sets_, cfg_.minhash, cfg_.pairs);
    const size_t n = sets_.size();
    // Group documents by component.
    std::vector<uint32_t> order(n);
    for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return res.component[a] < res.component[b]; });
    struct Cluster {
      std::vector<uint32_t> docs;  // by created_at (null last), then post_id
      std::string id;              // smallest post_id
      int64_t accounts = 0, distinct = 0;
    };
    std::vector<Cluster> clusters;
    std::vector<int32_t> cluster_of(n, -1);
    for (size_t i = 0; i < n;) {
      size_t j = i;
      while (j < n && res.component[order[j]] == res.component[order[i]]) ++j;
      Cluster c;
      c.docs.assign(order.begin() + static_cast<std::ptrdiff_t>(i), order.begin() + static_cast<std::ptrdiff_t>(j));
      i = j;
      if (c.docs.size() < static_cast<size_t>(cfg_.min_posts)) continue;
      std::vector<int32_t> authors;
      for (uint32_t d : c.docs)
        if (authors_[d] >= 0) authors.push_back(authors_[d]);
      std::sort(authors.begin(), authors.end());
      c.accounts = std::unique(authors.begin(), authors.end()) - authors.begin();
      if (c.accounts < cfg_.min_accounts) continue;
      std::sort(c.docs.begin(), c.docs.end(), [&](uint32_t a, uint32_t b) { return earlier(a, b); });
      c.id = std::string(post_id(c.docs[0]));
      std::vector<std::pair<uint64_t, uint32_t>> sets;
      for (uint32_t d : c.docs) {
        if (post_id(d) < c.id) c.id = std::string(post_id(d));
        sets.emplace_back(detail::set_fingerprint(sets_.data(d), sets_.length(d)), d);
      }
      std::sort(sets.begin(), sets.end());
      c.distinct = 0;
      for (size_t k = 0; k < sets.size(); ++k)
        if (k == 0 || sets[k].first != sets[k - 1].first || !same_set(sets[k].second, sets[k - 1].second)) ++c.distinct;
      clusters.push_back(std::move(c));
    }
    // Largest clusters first, then by id.
    std::sort(clusters.begin(), clusters.end(), [](const Cluster& a, const Cluster& b) {
      return a.docs.size() != b.docs.size() ? a.docs.size() > b.docs.size() : a.id < b.id;
    });
    Output out;
    int64_t clustered = 0;
    for (size_t k = 0; k < clusters.size(); ++k) {
      const Cluster& c = clusters[k];
      for (uint32_t d : c.docs) cluster_of[d] = static_cast<int32_t>(k);
      clustered += static_cast<int64_t>(c.docs.size());
      int64_t first = kNoTime, last = kNoTime;
      for (uint32_t d : c.docs)
        if (times_[d] != kNoTime) {
          first = first == kNoTime ? times_[d] : std::min(first, times_[d]);
          last = last == kNoTime ? times_[d] : std::max(last, times_[d]);
        }
      Batch& t = out.clusters;
      t.column("cluster_id").append_string(c.id);
      t.column("posts").append_int(static_cast<int64_t>(c.docs.size()));
      t.column("accounts").append_int(c.accounts);
      t.column("distinct_texts").append_int(c.distinct);
      append_time(t.column("first"), first);
      append_time(t.column("last"), last);
      if (first == kNoTime) t.column("span_seconds").append_null();
      else t.column("span_seconds").append_double(static_cast<double>(last - first) / 1000.0);
      t.column("representative_post_id").append_string(post_id(c.docs[0]));
      t.column("representative_text").append_string(text(c.docs[0]));
      for (uint32_t d : c.docs) {
        Batch& m = out.members;
        m.column("cluster_id").append_string(c.id);
        m.column("post_id").append_string(post_id(d));
        if (authors_[d] < 0) m.column("author_id").append_null();
        else m.column("author_id").append_string(author_names_[static_cast<size_t>(authors_[d])]);
        append_time(m.column("created_at"), times_[d]);
      }
    }
    if (cfg_.pairs) {
      // Pairs inside reported clusters, by cluster order then post ids.
      struct Row { int32_t cluster; std::string_view a, b; double j; };
      std::vector<Row> rows;
      for (const SimilarPair& p : res.pairs) {
        const int32_t k = cluster_of[p.a];
        if (k < 0) continue;
        std::string_view a = post_id(p.a), b = post_id(p.b);
        if (b < a) std::swap(a, b);
        rows.push_back({k, a, b, p.jaccard});
      }
      std::sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) {
        if (x.cluster != y.cluster) return x.cluster < y.cluster;
        if (x.a != y.a) return x.a < y.a;
        return x.b < y.b;
      });
      for (const Row& r : rows) {
        out.pairs.column("cluster_id").append_string(clusters[static_cast<size_t>(r.cluster)].id);
        out.pairs.column("post_id_a").append_string(r.a);
        out.pairs.column("post_id_b").append_string(r.b);
        out.pairs.column("jaccard").append_double(r.j);
      }
    }
    const int64_t values[] = {counts_.posts_read, counts_.null_post_id, counts_.shares_skipped, counts_.null_text,
                              counts_.short_text, static_cast<int64_t>(n), res.distinct_texts, res.jaccard_checks,
                              res.similar_checks, static_cast<int64_t>(clusters.size()), clustered};
    for (size_t i = 0; i < out.summary.num_columns(); ++i) out.summary.column(i).append_int(values[i]);
    for (Batch* b : {&out.clusters, &out.members, &out.pairs, &out.summary}) b->set_empty_rows(b->rows());
    return out;
  }

 private:
  static const Column& required(const Batch& b, const char* name, TypeId type) {
    const int i = b.index_of(name);
    if (i < 0) throw std::runtime_error(std::string("input 'posts' has no column '") + name + "'");
    const Column& c = b.column(static_cast<size_t>(i));
    if (c.type().id != type)
      throw std::runtime_error(std::string("input 'posts': column '") + name + "' is " + c.type().name() +
                               ", expected " + DataType{type, TimeUnit::Milli}.name());
    return c;
  }
  static void push(std::string& arena, std::vector<size_t>& offsets, std::string_view s) {
    if (offsets.empty()) offsets.push_back(0);
    arena.append(s.data(), s.size());
    offsets.push_back(arena.size());
  }
  static std::string_view get(const std::string& arena, const std::vector<size_t>& offsets, uint32_t i) {
    return std::string_view(arena.data() + offsets[i], offsets[i + 1] - offsets[i]);
  }
  std::string_view post_id(uint32_t i) const { return get(post_ids_, post_offsets_, i); }
  std::string_view text(uint32_t i) const { return get(texts_, text_offsets_, i); }
  int32_t intern_author(std::string_view a) {
    auto [it, inserted] = author_index_.try_emplace(std::string(a), static_cast<int32_t>(author_names_.size()));
    if (inserted) author_names_.emplace_back(a);
    return it->second;
  }
  // created_at ascending with nulls last, then post_id.
  bool earlier(uint32_t a, uint32_t b) const {
    const bool na = times_[a] == kNoTime, nb = times_[b] == kNoTime;
    if (na != nb) return nb;
    if (!na && times_[a] != times_[b]) return times_[a] < times_[b];
    return post_id(a) < post_id(b);
  }
  bool same_set(uint32_t a, uint32_t b) const {
    return sets_.length(a) == sets_.length(b) &&
           std::equal(sets_.data(a), sets_.data(a) + sets_.length(a), sets_.data(b));
  }
  static void append_time(Column& c, int64_t v) {
    if (v == kNoTime) c.append_null();
    else c.append_int(v);
  }

  Config cfg_;
  Counts counts_;
  std::vector<uint64_t> tokens_, shingles_;
  ShingleSets sets_;
  std::string post_ids_, texts_;
  std::vector<size_t> post_offsets_{0}, text_offsets_{0};
  std::vector<int32_t> authors_;
  std::vector<std::string> author_names_;
  std::unordered_map<std::string, int32_t> author_index_;
  std::vector<int64_t> times_;
};

// --- the stage ----------------------------------------------------------------------

struct NearDuplicatesStage : sdk::Stage {
  static constexpr const char* type = "coordination/near_duplicates";
  static constexpr const char* description =
      "Clusters of near-duplicate posts (lightly edited copies of one text) by MinHash/LSH over word shingles, "
      "verified by exact Jaccard.";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "coordination/near_duplicates",
  "description": "Near-duplicate post clusters: posts are tokenized (Unicode letters/marks/numbers, case-folded; ideographs one token each), cut into word shingles, compared with MinHash + LSH banding, and every candidate pair is verified by exact Jaccard similarity of the shingle sets. Clusters are connected components of pairs with Jaccard >= threshold.",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "shingle_size": {"description": "Words per shingle (k). With 2, one substituted word changes at most 2 shingles, so a 20-word post with two substituted words keeps Jaccard 0.65 with the original (k = 3: 0.5).", "type": "integer", "minimum": 1, "maximum": 16, "default": 2},
    "num_hashes": {"description": "MinHash signature length (number of seeded hash functions).", "type": "integer", "minimum": 1, "maximum": 1024, "default": 128},
    "bands": {"description": "LSH bands; must divide num_hashes (rows per band r = num_hashes / bands). A pair with Jaccard s becomes a candidate with probability 1 - (1 - s^r)^bands: 0.988 at s = 0.6 for the defaults.", "type": "integer", "minimum": 1, "maximum": 1024, "default": 32},
    "threshold": {"description": "Minimum exact Jaccard similarity of two posts' shingle sets for them to be linked.", "type": "number", "exclusiveMinimum": 0, "maximum": 1, "default": 0.6},
    "min_tokens": {"description": "Posts with fewer tokens (after URL/mention removal) are not compared and are counted as short_text in summary. At least shingle_size.", "type": "integer", "minimum": 1, "default": 6},
    "strip_urls": {"description": "Remove URLs (http://, https://, www. to the next white space) before tokenizing.", "type": "boolean", "default": true},
    "strip_mentions": {"description": "Remove @mentions (@ followed by ASCII letters, digits, _) before tokenizing.", "type": "boolean", "default": true},
    "exclude_shares": {"description": "Skip posts whose interaction_type is 'share' (retweets carry the shared text verbatim and are not authored copies); counted as shares_skipped.", "type": "boolean", "default": true},
    "min_posts": {"description": "Smallest cluster reported (posts).", "type": "integer", "minimum": 2, "default": 2},
    "min_accounts": {"description": "Smallest number of distinct non-null author_id in a reported cluster (2: one account repeating itself is not coordination).", "type": "integer", "minimum": 1, "default": 2},
    "seed": {"description": "Seed of the MinHash hash functions.", "type": "integer", "minimum": 0, "default": 42},
    "pairs": {"description": "Emit every similar post pair of the reported clusters on the pairs port (quadratic in cluster size: for inspection of small inputs).", "type": "boolean", "default": false}
  }
})json";
  static constexpr const char* ports = R"json({
  "inputs": [{"name": "posts", "type": "posts", "description": "Normalized posts; reads post_id, author_id, created_at, text, interaction_type."}],
  "outputs": [
    {"name": "clusters", "type": "any", "description": "One row per cluster: cluster_id (smallest post_id), posts, accounts, distinct_texts, first, last, span_seconds, representative_post_id and representative_text (the earliest post); largest first, then by cluster_id."},
    {"name": "members", "type": "any", "description": "One row per clustered post: cluster_id, post_id, author_id, created_at; in cluster order, then created_at (nulls last), then post_id."},
    {"name": "pairs", "type": "any", "description": "With with.pairs: cluster_id, post_id_a < post_id_b, jaccard for every similar pair inside a reported cluster; empty otherwise."},
    {"name": "summary", "type": "any", "description": "One row of counts: posts_read, null_post_id, shares_skipped, null_text, short_text (rows not compared), posts_hashed, distinct_texts, jaccard_checks, similar_checks, clusters, clustered_posts."}
  ]
})json";

  static constexpr int64_t kBatchRows = 65536;

  std::optional<sdk::PortTypes> infer(const Json& config, const sdk::PortTypes&, sdk::Context&) override {
    parse_config(config);
    return sdk::PortTypes{{"clusters", {"", clusters_schema()}},
                          {"members", {"", members_schema()}},
                          {"pairs", {"", pairs_schema()}},
                          {"summary", {"", summary_schema()}}};
  }

  void run(const Json& config, sdk::Context& ctx) override {
    NearDuplicates nd(parse_config(config));
    Batch batch;
    while (!ctx.cancelled() && ctx.read("posts", batch)) {
      nd.add(batch);
      ctx.progress(nd.counts().posts_read);
    }
    if (ctx.cancelled()) return;
    const Counts& c = nd.counts();
    if (c.null_post_id || c.null_text || c.short_text)
      ctx.warn("coordination/near_duplicates: not compared: " + std::to_string(c.null_post_id) +
               " posts without post_id, " + std::to_string(c.null_text) + " without text, " +
               std::to_string(c.short_text) + " with fewer tokens than min_tokens (see the summary port)");
    NearDuplicates::Output out = nd.finish();
    emit_chunked(ctx, "clusters", out.clusters);
    emit_chunked(ctx, "members", out.members);
    emit_chunked(ctx, "pairs", out.pairs);
    ctx.emit("summary", std::move(out.summary));
  }

  static void emit_chunked(sdk::Context& ctx, const std::string& port, const Batch& all) {
    if (all.rows() == 0) {
      ctx.emit(port, Batch(all.schema()));
      return;
    }
    for (int64_t begin = 0; begin < all.rows(); begin += kBatchRows) {
      const int64_t end = std::min(all.rows(), begin + kBatchRows);
      Batch part(all.schema());
      for (size_t c = 0; c < all.num_columns(); ++c)
        for (int64_t r = begin; r < end; ++r) part.column(c).append_from(all.column(c), r);
      part.set_empty_rows(end - begin);
      ctx.emit(port, std::move(part));
    }
  }
};

}  // namespace chorus::near_duplicates
