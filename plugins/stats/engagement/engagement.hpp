// stats/engagement: per state, do posts with inter-state interactions get
// more engagement (likes, shares, replies) than posts with intra-state ones?
// Welch's t-test, Cohen's d, Benjamini-Hochberg over the table, and an
// a-priori power analysis that leaves out states with too few posts. A second
// table compares inter-state posts with a seeded sample of external posts of
// the same size by Student's t-test. Definitions: docs/methods.md.
//
// analyse() works on a PostTable and needs no host, so the tests call it
// directly; the Engagement stage reads the interactions and emits the tables.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <chorus/sdk.hpp>
#include <chorus/sdk/suggest.hpp>

#include "post_table.hpp"
#include "stats_math.hpp"

namespace chorus::stats_engagement {

using sdk::Json;

// --- config -----------------------------------------------------------------------------

struct Config {
  std::vector<std::string> metrics{"likes", "shares", "replies"};
  std::vector<std::string> exclude_types{"retweet"};
  double effect_size = 0.2, alpha = 0.05, power = 0.8;
  std::optional<int64_t> min_group_size;  // overrides the power analysis
  bool external = true;
  uint64_t seed = 1;
};

inline const std::vector<std::string>& config_keys() {
  static const std::vector<std::string> keys{"metrics", "exclude_types", "effect_size", "alpha",
                                             "power",   "min_group_size", "external",   "seed"};
  return keys;
}

inline std::vector<std::string> string_list(const Json& v, const std::string& key, bool non_empty) {
  const std::string path = "with." + key;
  if (!v.is_array()) throw std::invalid_argument(path + ": expected an array of names");
  if (non_empty && v.empty()) throw std::invalid_argument(path + ": expected at least one name");
  std::vector<std::string> out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string() || v[i].get<std::string>().empty())
      throw std::invalid_argument(path + "[" + std::to_string(i) + "]: expected a non-empty name, got " + v[i].dump());
    const std::string s = v[i].get<std::string>();
    if (std::find(out.begin(), out.end(), s) != out.end())
      throw std::invalid_argument(path + "[" + std::to_string(i) + "]: '" + s + "' is listed twice");
    out.push_back(s);
  }
  return out;
}

inline Config parse_config(const Json& config) {
  Config c;
  if (config.is_null()) return c;
  if (!config.is_object()) throw std::invalid_argument("with: expected an object");
  for (auto it = config.begin(); it != config.end(); ++it)
    if (std::find(config_keys().begin(), config_keys().end(), it.key()) == config_keys().end())
      throw std::invalid_argument("with: unknown key '" + it.key() + "'" +
                                  sdk::did_you_mean(it.key(), config_keys(), "expected"));
  auto number = [&](const char* key, double& out, double lo, double hi, const char* range) {
    if (!config.contains(key)) return;
    const Json& v = config[key];
    if (!v.is_number() || !(v.get<double>() > lo && v.get<double>() < hi))
      throw std::invalid_argument(std::string("with.") + key + ": expected a number in " + range + ", got " + v.dump());
    out = v.get<double>();
  };
  if (config.contains("metrics")) c.metrics = string_list(config["metrics"], "metrics", true);
  if (config.contains("exclude_types")) c.exclude_types = string_list(config["exclude_types"], "exclude_types", false);
  number("effect_size", c.effect_size, 0, 10.000001, "(0, 10]");
  number("alpha", c.alpha, 0, 1, "(0, 1)");
  number("power", c.power, 0, 1, "(0, 1)");
  if (c.power <= c.alpha)
    throw std::invalid_argument("with.power: " + std::to_string(c.power) + " must exceed with.alpha");
  if (config.contains("min_group_size") && !config["min_group_size"].is_null()) {
    const Json& v = config["min_group_size"];
    if (!v.is_number_integer() || v.get<int64_t>() < 2)
      throw std::invalid_argument("with.min_group_size: expected an integer >= 2 or null, got " + v.dump());
    c.min_group_size = v.get<int64_t>();
  }
  if (config.contains("external")) {
    if (!config["external"].is_boolean())
      throw std::invalid_argument("with.external: expected true or false, got " + config["external"].dump());
    c.external = config["external"].get<bool>();
  }
  if (config.contains("seed")) {
    const Json& v = config["seed"];
    if (!v.is_number_integer() || (v.is_number_integer() && !v.is_number_unsigned() && v.get<int64_t>() < 0))
      throw std::invalid_argument("with.seed: expected a non-negative integer, got " + v.dump());
    c.seed = v.get<uint64_t>();
  }
  return c;
}

// The group size each side of a test needs: with.min_group_size, or the power analysis.
inline int64_t minimum_n(const Config& c) {
  if (c.min_group_size) return *c.min_group_size;
  try {
    return minimum_group_size(c.effect_size, c.alpha, c.power);
  } catch (const std::exception& e) {
    throw std::invalid_argument("with.effect_size: the power analysis failed for effect_size " +
                                std::to_string(c.effect_size) + ", alpha " + std::to_string(c.alpha) + ", power " +
                                std::to_string(c.power) + ": " + e.what());
  }
}

// --- results ----------------------------------------------------------------------------

struct TestRow {
  std::string state, metric;
  Moments inter, other;
  TTest test;
  double d = 0, p_fdr = 0;
};

struct ExcludedRow {
  std::string comparison, state;
  std::optional<std::string> metric;  // none: the whole state
  int64_t n_inter = 0, n_other = 0, min_n = 0;
  std::string reason;
};

struct CountRow {
  std::string state, scope, metric;
  int64_t posts = 0, nulls = 0;
};

struct Results {
  std::vector<TestRow> intra, external;
  std::vector<ExcludedRow> excluded;
  std::vector<CountRow> counts;
  int64_t min_n = 0;
};

namespace detail {

inline std::vector<double> metric_values(const PostTable& posts, const std::vector<size_t>& ids, size_t metric,
                                         int64_t& nulls) {
  std::vector<double> v;
  v.reserve(ids.size());
  nulls = 0;
  for (size_t id : ids) {
    const double x = posts.value(id, metric);
    if (std::isnan(x)) ++nulls;
    else v.push_back(x);
  }
  return v;
}

inline std::string below_reason(const char* other, int64_t n_inter, int64_t n_other, int64_t min_n) {
  std::string r;
  if (n_inter < min_n) r = "inter has " + std::to_string(n_inter) + " posts";
  if (n_other < min_n) r += (r.empty() ? "" : ", ") + std::string(other) + " has " + std::to_string(n_other) + " posts";
  return r + "; the power analysis needs " + std::to_string(min_n) + " per group";
}

// One comparison of one state: inter posts against `other` posts, metric by
// metric; rows go to `table`, left-out metrics to `excluded`.
inline void compare_state(const PostTable& posts, const Config& cfg, int64_t min_n, const std::string& state,
                          const char* comparison, const std::vector<size_t>& inter,
                          const std::vector<size_t>& other, bool welch, std::vector<TestRow>& table,
                          std::vector<ExcludedRow>& excluded) {
  const int64_t ni = static_cast<int64_t>(inter.size()), no = static_cast<int64_t>(other.size());
  if (ni < min_n || no < min_n) {
    excluded.push_back({comparison, state, std::nullopt, ni, no, min_n, below_reason(comparison, ni, no, min_n)});
    return;
  }
  for (size_t m = 0; m < cfg.metrics.size(); ++m) {
    int64_t null_i = 0, null_o = 0;
    const Moments a = moments(metric_values(posts, inter, m, null_i));
    const Moments b = moments(metric_values(posts, other, m, null_o));
    if (a.n < min_n || b.n < min_n) {
      excluded.push_back({comparison, state, cfg.metrics[m], a.n, b.n, min_n,
                          "after leaving out " + std::to_string(null_i) + " + " + std::to_string(null_o) +
                              " null values, " + below_reason(comparison, a.n, b.n, min_n)});
      continue;
    }
    TestRow row{state, cfg.metrics[m], a, b, welch ? welch_t_test(a, b) : student_t_test(a, b), cohens_d(a, b), 0};
    if (!row.test.defined() || !std::isfinite(row.d)) {
      excluded.push_back({comparison, state, cfg.metrics[m], a.n, b.n, min_n,
                          "no variation: both groups have zero variance, so t and d are undefined"});
      continue;
    }
    table.push_back(std::move(row));
  }
}

inline void adjust(std::vector<TestRow>& table) {
  std::vector<double> p;
  for (const auto& r : table) p.push_back(r.test.p);
  const std::vector<double> q = benjamini_hochberg(p);
  for (size_t i = 0; i < table.size(); ++i) table[i].p_fdr = q[i];
}

}  // namespace detail

// The whole analysis on the folded posts. States in byte order; metrics in config order.
inline Results analyse(const PostTable& posts, const Config& cfg) {
  Results res;
  res.min_n = minimum_n(cfg);
  const auto& names = posts.states();
  std::vector<uint32_t> order(names.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return names[a] < names[b]; });

  // Posts of every state by scope, in key order: sums then run in an order that
  // does not depend on the input's, and the external sample draws from a fixed list.
  std::vector<std::vector<size_t>> by[3];
  for (auto& v : by) v.resize(names.size());
  for (size_t p = 0; p < posts.size(); ++p) by[static_cast<int>(posts.scope_of(p))][posts.state_of(p)].push_back(p);
  for (auto& scope : by)
    for (auto& ids : scope)
      std::sort(ids.begin(), ids.end(), [&](size_t a, size_t b) { return posts.key(a) < posts.key(b); });

  std::vector<ExcludedRow> excluded_intra, excluded_external;
  for (uint32_t s : order) {
    const std::string& state = names[s];
    const auto& inter = by[static_cast<int>(PostScope::Inter)][s];
    const auto& intra = by[static_cast<int>(PostScope::Intra)][s];
    const auto& external = by[static_cast<int>(PostScope::External)][s];
    for (PostScope sc : {PostScope::Inter, PostScope::Intra, PostScope::External})
      for (size_t m = 0; m < cfg.metrics.size(); ++m) {
        int64_t nulls = 0;
        const auto& ids = by[static_cast<int>(sc)][s];
        detail::metric_values(posts, ids, m, nulls);
        res.counts.push_back({state, scope_name(sc), cfg.metrics[m], static_cast<int64_t>(ids.size()), nulls});
      }
    detail::compare_state(posts, cfg, res.min_n, state, "intra", inter, intra, true, res.intra, excluded_intra);
    if (cfg.external) {
      const auto picked = sample_without_replacement(external.size(), inter.size(), cfg.seed ^ fnv1a(state));
      std::vector<size_t> sample;
      sample.reserve(picked.size());
      for (size_t i : picked) sample.push_back(external[i]);
      detail::compare_state(posts, cfg, res.min_n, state, "external", inter, sample, false, res.external,
                            excluded_external);
    }
  }
  detail::adjust(res.intra);
  detail::adjust(res.external);
  res.excluded = std::move(excluded_intra);
  res.excluded.insert(res.excluded.end(), excluded_external.begin(), excluded_external.end());
  return res;
}

// --- the stage --------------------------------------------------------------------------

inline Schema test_schema(const char* other) {
  const std::string o = other;
  return {{"state", {TypeId::Utf8}},         {"metric", {TypeId::Utf8}},        {"n_inter", {TypeId::Int64}},
          {"n_" + o, {TypeId::Int64}},       {"mean_inter", {TypeId::Float64}}, {"mean_" + o, {TypeId::Float64}},
          {"t", {TypeId::Float64}},          {"df", {TypeId::Float64}},         {"p", {TypeId::Float64}},
          {"p_fdr", {TypeId::Float64}},      {"d", {TypeId::Float64}},          {"effect", {TypeId::Utf8}},
          {"sd_inter", {TypeId::Float64}},   {"sd_" + o, {TypeId::Float64}}};
}
inline Schema excluded_schema() {
  return {{"comparison", {TypeId::Utf8}}, {"state", {TypeId::Utf8}},  {"metric", {TypeId::Utf8}},
          {"n_inter", {TypeId::Int64}},   {"n_other", {TypeId::Int64}}, {"min_n", {TypeId::Int64}},
          {"reason", {TypeId::Utf8}}};
}
inline Schema counts_schema() {
  return {{"state", {TypeId::Utf8}},
          {"scope", {TypeId::Utf8}},
          {"metric", {TypeId::Utf8}},
          {"posts", {TypeId::Int64}},
          {"nulls", {TypeId::Int64}}};
}

inline Batch test_batch(const std::vector<TestRow>& rows, const char* other) {
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

struct Engagement : sdk::Stage {
  static constexpr const char* type = "stats/engagement";
  static constexpr const char* description =
      "Per state, engagement of inter- vs intra-state posts (Welch t, Cohen's d, BH FDR, power analysis)";
  static constexpr const char* code_version = "2";  // 2: the external sample draws with sdk::SplitMix64::below (another sample)
  static constexpr const char* config_schema = R"({
  "title": "stats/engagement",
  "description": "Per state, compares the engagement of posts with inter-state interactions against posts with intra-state interactions (Welch's t-test, Cohen's d, Benjamini-Hochberg FDR), and against a seeded equal-size sample of external posts (Student's t-test). States whose groups are below the a-priori minimum size are listed in 'excluded'. See docs/methods.md.",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "metrics": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1, "uniqueItems": true,
                "default": ["likes", "shares", "replies"],
                "description": "Numeric (int64 or float64) columns of the interactions compared, in output order."},
    "exclude_types": {"type": "array", "items": {"type": "string"}, "uniqueItems": true, "default": ["retweet"],
                      "description": "Edge types ignored (a retweet carries the original's counts). A post whose edges are all ignored does not count."},
    "effect_size": {"type": "number", "exclusiveMinimum": 0, "maximum": 10, "default": 0.2,
                    "description": "Smallest Cohen's d the power analysis must detect."},
    "alpha": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1, "default": 0.05,
              "description": "Two-sided significance level of the power analysis."},
    "power": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1, "default": 0.8,
              "description": "Power the minimum group size must reach (d 0.2, alpha 0.05, power 0.8: 394 per group)."},
    "min_group_size": {"type": ["integer", "null"], "minimum": 2, "default": null,
                       "description": "Minimum posts per group, instead of the power analysis; null: from effect_size, alpha and power."},
    "external": {"type": "boolean", "default": true,
                 "description": "Also compare inter-state posts with a seeded random sample of external posts of the same size (port 'external', Student's t-test)."},
    "seed": {"type": "integer", "minimum": 0, "default": 1,
             "description": "Seed of the external sample (splitmix64; each state's sample uses seed XOR FNV-1a(state))."}
  }
})";
  static constexpr const char* ports = R"({
  "inputs": [
    {"name": "interactions", "type": "interactions", "description": "Interaction edges (network/interactions): post_id, type, scope, source_state and the metric columns."}
  ],
  "outputs": [
    {"name": "engagement", "type": "any", "description": "Inter vs intra posts per state and metric: state, metric, n_inter, n_intra, mean_inter, mean_intra, t, df, p, p_fdr, d, effect, sd_inter, sd_intra (Welch)."},
    {"name": "external", "type": "any", "description": "Inter posts vs an equal-size seeded sample of external posts: state, metric, n_inter, n_external, mean_inter, mean_external, t, df, p, p_fdr, d, effect, sd_inter, sd_external (Student); empty when with.external is false."},
    {"name": "excluded", "type": "any", "description": "Tests left out: comparison (intra/external), state, metric (null: every metric), n_inter, n_other, min_n, reason."},
    {"name": "counts", "type": "any", "description": "Posts per state, scope (inter/intra/external) and metric, with the null values left out of the tests."}
  ]
})";

  std::optional<sdk::PortTypes> infer(const Json& config, const sdk::PortTypes& inputs, sdk::Context&) override {
    const Config cfg = parse_config(config);
    minimum_n(cfg);  // a bad combination fails here, before the run
    auto it = inputs.find("interactions");
    if (it != inputs.end() && !it->second.columns.empty()) {
      const Schema& s = it->second.columns;
      std::vector<std::string> names;
      for (const auto& f : s) names.push_back(f.name);
      for (size_t m = 0; m < cfg.metrics.size(); ++m) {
        const std::string path = "with.metrics[" + std::to_string(m) + "]";
        auto f = std::find_if(s.begin(), s.end(), [&](const Field& x) { return x.name == cfg.metrics[m]; });
        if (f == s.end())
          throw std::invalid_argument(path + ": no column '" + cfg.metrics[m] + "' in input" +
                                      sdk::did_you_mean(cfg.metrics[m], names, "columns"));
        if (f->type.id != TypeId::Int64 && f->type.id != TypeId::Float64)
          throw std::invalid_argument(path + ": column '" + cfg.metrics[m] + "' is " + f->type.name() +
                                      ", expected int64 or float64");
      }
    }
    return sdk::PortTypes{{"engagement", {"", test_schema("intra")}},
                          {"external", {"", test_schema("external")}},
                          {"excluded", {"", excluded_schema()}},
                          {"counts", {"", counts_schema()}}};
  }

  void run(const Json& config, sdk::Context& ctx) override {
    const Config cfg = parse_config(config);
    PostTable posts(cfg.metrics, cfg.exclude_types);
    Batch b;
    // As optional, so that a missing column gets this stage's own error.
    std::vector<std::string> columns{"platform", "post_id", "type", "scope", "source_state"};
    columns.insert(columns.end(), cfg.metrics.begin(), cfg.metrics.end());
    ctx.select("interactions", {}, columns);
    while (ctx.read("interactions", b)) {
      if (ctx.cancelled()) throw std::runtime_error("cancelled");
      posts.add(b);
      ctx.progress(posts.tally().rows);
    }
    const RowTally& t = posts.tally();
    ctx.info("stats/engagement: " + std::to_string(t.rows) + " rows, " + std::to_string(posts.size()) +
             " posts; left out: " + std::to_string(t.excluded_type) + " rows of excluded types, " +
             std::to_string(t.unattributed) + " unattributed rows");
    const int64_t bad = t.null_key + t.bad_scope + t.null_type;
    if (bad > 0)
      ctx.warn("stats/engagement: " + std::to_string(bad) + " rows left out: " + std::to_string(t.null_key) +
               " with a null post_id, " + std::to_string(t.bad_scope) + " with a null or unknown scope, " +
               std::to_string(t.null_type) + " with a null type");
    if (t.conflicting_posts > 0)
      ctx.warn("stats/engagement: " + std::to_string(t.conflicting_posts) +
               " posts have rows with different metric values or states; the first row's values are used");

    Results res = analyse(posts, cfg);
    int64_t nulls = 0;
    for (const auto& c : res.counts) nulls += c.nulls;
    if (nulls > 0)
      ctx.warn("stats/engagement: " + std::to_string(nulls) +
               " null metric values left out of the tests (per state and scope in port 'counts')");
    if (!res.excluded.empty())
      ctx.info("stats/engagement: " + std::to_string(res.excluded.size()) + " tests left out (port 'excluded')");

    ctx.emit("engagement", test_batch(res.intra, "intra"));
    ctx.emit("external", test_batch(res.external, "external"));
    Batch ex(excluded_schema());
    for (const auto& r : res.excluded) {
      ex.column(0).append_string(r.comparison);
      ex.column(1).append_string(r.state);
      if (r.metric) ex.column(2).append_string(*r.metric);
      else ex.column(2).append_null();
      ex.column(3).append_int(r.n_inter);
      ex.column(4).append_int(r.n_other);
      ex.column(5).append_int(r.min_n);
      ex.column(6).append_string(r.reason);
    }
    ctx.emit("excluded", std::move(ex));
    Batch counts(counts_schema());
    for (const auto& r : res.counts) {
      counts.column(0).append_string(r.state);
      counts.column(1).append_string(r.scope);
      counts.column(2).append_string(r.metric);
      counts.column(3).append_int(r.posts);
      counts.column(4).append_int(r.nulls);
    }
    ctx.emit("counts", std::move(counts));
  }
};

}  // namespace chorus::stats_engagement
