#include "engagement_stage.hpp"

#include <chorus/sdk/suggest.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "post_table.hpp"
#include "tables.hpp"

namespace chorus::stats_engagement {

namespace {

// with.metrics: non-empty names, at least one, none twice.
std::vector<std::string> metric_names(const sdk::Json& v) {
  if (!v.is_array()) throw sdk::ConfigError("with.metrics: expected a list of column names, got " + v.dump());
  if (v.empty()) throw sdk::ConfigError("with.metrics: expected at least one column name");
  std::vector<std::string> out;
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string key = "with.metrics[" + std::to_string(i) + "]";
    if (!v[i].is_string() || v[i].get<std::string>().empty())
      throw sdk::ConfigError(key + ": expected a non-empty name, got " + v[i].dump());
    const std::string s = v[i].get<std::string>();
    if (std::find(out.begin(), out.end(), s) != out.end())
      throw sdk::ConfigError(key + ": '" + s + "' is listed twice");
    out.push_back(s);
  }
  return out;
}

// A probability strictly between 0 and 1 (alpha, power).
auto open_unit(const char* key) {
  return [key](const sdk::Json& v) {
    if (!v.is_number() || !(v.get<double>() > 0 && v.get<double>() < 1))
      throw sdk::ConfigError(std::string("with.") + key + ": expected a number > 0 and < 1, got " + v.dump());
    return v.get<double>();
  };
}

}  // namespace

// Per state, compares the engagement of posts with inter-state interactions
// against posts with intra-state interactions (Welch's t-test, Cohen's d,
// Benjamini-Hochberg FDR), and against a seeded equal-size sample of external
// posts (Student's t-test). States whose groups are below the a-priori
// minimum size are listed in 'excluded'.
//
// metrics (items' minLength) and alpha and power (exclusiveMaximum) need
// schema keywords the SDK's declarations cannot state: their schemas are
// given whole, and the conversion checks what the schema says.
const sdk::OptionTable<Config>& EngagementStage::options() {
  using C = Config;
  using sdk::Json;
  static const auto table =
      sdk::OptionTable<C>()
          .json("metrics", &C::metrics,
                {{"type", "array"},
                 {"items", {{"type", "string"}, {"minLength", 1}}},
                 {"minItems", 1},
                 {"uniqueItems", true}},
                Json::array({"likes", "shares", "replies"}),
                "Numeric (int64 or float64) columns of the interactions compared, in output order.", metric_names)
          .strings("exclude_types", &C::exclude_types, {"retweet"},
                   "Edge types ignored (a retweet carries the original's counts). A post whose edges are all ignored "
                   "does not count.")
          .unique_items()
          .number("effect_size", &C::effect_size, 0.2, "Smallest Cohen's d the power analysis must detect.")
          .above(0)
          .at_most(10)
          .json("alpha", &C::alpha, {{"type", "number"}, {"exclusiveMinimum", 0}, {"exclusiveMaximum", 1}}, 0.05,
                "Two-sided significance level of the power analysis.", open_unit("alpha"))
          .json("power", &C::power, {{"type", "number"}, {"exclusiveMinimum", 0}, {"exclusiveMaximum", 1}}, 0.8,
                "Power the minimum group size must reach (d 0.2, alpha 0.05, power 0.8: 394 per group).",
                open_unit("power"))
          .integer("min_group_size", &C::min_group_size,
                   "Minimum posts per group, instead of the power analysis; null: from effect_size, alpha and power.")
          .optional()
          .at_least(2)
          .nullable()
          .boolean("external", &C::external, true,
                   "Also compare inter-state posts with a seeded random sample of external posts of the same size "
                   "(port 'external', Student's t-test).")
          .integer("seed", &C::seed, 1,
                   "Seed of the external sample (splitmix64; each state's sample uses seed XOR FNV-1a(state)).")
          .check([](const C& c) {
            if (c.power <= c.alpha)
              throw sdk::ConfigError("with.power: " + std::to_string(c.power) + " must exceed with.alpha (" +
                                     std::to_string(c.alpha) + ")");
          });
  return table;
}

std::optional<sdk::PortTypes> EngagementStage::infer(const Config& cfg, const sdk::PortTypes& inputs, sdk::Context&) {
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

void EngagementStage::run(const Config& cfg, sdk::Context& ctx) {
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
  ctx.emit("excluded", excluded_batch(res.excluded));
  ctx.emit("counts", counts_batch(res.counts));
}

}  // namespace chorus::stats_engagement
