#include "assess_stage.hpp"

#include <chorus/sdk/suggest.hpp>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "assessment.hpp"
#include "cluster_facts.hpp"

namespace chorus::attribute_assess {

namespace {

using sdk::Json;

Json reliability_enum() { return Json::array({"A", "B", "C", "D", "E", "F"}); }

Json sources_schema() {
  return Json{{"type", "array"},
              {"items",
               {{"type", "object"},
                {"additionalProperties", false},
                {"required", {"name", "files", "reliability"}},
                {"properties",
                 {{"name", {{"type", "string"}, {"minLength", 1}, {"description", "the source's name"}}},
                  {"files",
                   {{"type", "string"},
                    {"minLength", 1},
                    {"description", "glob (fnmatch) on the post's source file name, e.g. *_tweets_csv_hashed.csv"}}},
                  {"reliability", {{"enum", reliability_enum()}, {"description", "Admiralty source reliability"}}}}}}}};
}

Json credibility_rules_schema() {
  return Json{{"type", "array"},
              {"items",
               {{"type", "object"},
                {"additionalProperties", false},
                {"required", {"credibility"}},
                {"properties",
                 {{"credibility", {{"type", "integer"}, {"minimum", 1}, {"maximum", 6}}},
                  {"min_strong", {{"type", "integer"}, {"minimum", 0}, {"description", "strong independent streams"}}},
                  {"min_streams", {{"type", "integer"}, {"minimum", 0}, {"description", "independent streams"}}}}}}}};
}

Json confidence_caps_schema() {
  return Json{{"type", "object"},
              {"propertyNames", {{"enum", reliability_enum()}}},
              {"additionalProperties", {{"type", "integer"}, {"minimum", 0}, {"maximum", 100}}}};
}

Json tiers_schema() {
  const Json count = {{"type", "integer"}, {"minimum", 0}};
  const Json pct = {{"type", "integer"}, {"minimum", 0}, {"maximum", 100}};
  return Json{{"type", "array"},
              {"items",
               {{"type", "object"},
                {"additionalProperties", false},
                {"required", {"name", "tier"}},
                {"properties",
                 {{"name", {{"type", "string"}, {"minLength", 1}}},
                  {"tier", {{"enum", {"monitor", "pre-bunk", "rebut", "escalate"}}}},
                  {"when",
                   {{"type", "object"},
                    {"additionalProperties", false},
                    {"properties",
                     {{"min_reach", count},
                      {"max_reach", count},
                      {"min_peak_day_posts", count},
                      {"max_peak_day_posts", count},
                      {"min_confidence", pct},
                      {"max_confidence", pct},
                      {"attributed", {{"type", "boolean"}}},
                      {"min_reliability", {{"enum", reliability_enum()}}}}}}}}}}}};
}

Json attribution_schema() {
  const Json text = {{"type", "string"}, {"minLength", 1}};
  return Json{{"type", "object"},
              {"additionalProperties", false},
              {"properties",
               {{"min_state_share", {{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 1}}},
                {"rules",
                 {{"type", "array"},
                  {"items",
                   {{"type", "object"},
                    {"additionalProperties", false},
                    {"required", {"name", "state", "when"}},
                    {"properties",
                     {{"name", text},
                      {"state", text},
                      {"when",
                       {{"type", "object"},
                        {"additionalProperties", false},
                        {"minProperties", 1},
                        {"properties",
                         {{"domain", text},
                          {"hashtag", text},
                          {"url", text},
                          {"min_share", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}}}}}}}}}}}}}}};
}

Json techniques_schema_json() {
  const Json text = {{"type", "string"}, {"minLength", 1}};
  const Json texts = {{"oneOf", {text, {{"type", "array"}, {"minItems", 1}, {"items", text}}}}};
  return Json{{"type", "array"},
              {"items",
               {{"type", "object"},
                {"additionalProperties", false},
                {"required", {"name", "technique", "when"}},
                {"properties",
                 {{"name", text},
                  {"technique", text},
                  {"when",
                   {{"type", "object"},
                    {"additionalProperties", false},
                    {"properties",
                     {{"stream", texts},
                      {"strong", {{"type", "boolean"}}},
                      {"hashtags", texts},
                      {"created_within_days", {{"type", "integer"}, {"minimum", 1}}},
                      {"min_share", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}}}}}}}}}}};
}

}  // namespace

const sdk::OptionTable<Config>& AssessStage::options() {
  using C = Config;
  static const auto table =
      sdk::OptionTable<C>()
          .json("sources", &C::sources, sources_schema(), Json::array(),
                "Ingest sources and their Admiralty reliability: [{name, files (glob on the source file name), "
                "reliability A-F}]. A cluster's source is the one holding most of its posts (profile facet source); "
                "on a tie the less reliable. The first matching glob names a file's source.",
                sources_from_json)
          .choice("default_reliability", &C::default_reliability,
                  {{"A", 'A'}, {"B", 'B'}, {"C", 'C'}, {"D", 'D'}, {"E", 'E'}, {"F", 'F'}}, "F",
                  "Reliability of posts whose file matches no source, and of clusters without a source facet (F: "
                  "reliability cannot be judged).")
          .number("strong_min_density", sdk::nested(&C::strong, &StrongThresholds::min_density), 0.1,
                  "A strong stream has at least this density (kept edges / member pairs) inside the cluster.")
          .range(0, 1)
          .integer("strong_min_edges", sdk::nested(&C::strong, &StrongThresholds::min_edges), 3,
                   "A strong stream has at least this many kept edges inside the cluster.")
          .at_least(1)
          .number("strong_max_q", sdk::nested(&C::strong, &StrongThresholds::max_q), 0.01,
                  "A strong stream has min_q at most this, or else a median of at least strong_min_active_days "
                  "active days per edge.")
          .range(0, 1)
          .number("strong_min_active_days", sdk::nested(&C::strong, &StrongThresholds::min_active_days), 2,
                  "A strong stream's edges co-act on a median of at least this many distinct UTC days, or else its "
                  "min_q is at most strong_max_q.")
          .at_least(0)
          .json("credibility_rules", &C::credibility_rules, credibility_rules_schema(), default_credibility_rules(),
                "Ordered rules, first match wins: {credibility 1-6, min_strong, min_streams}: the credibility when at "
                "least min_strong strong and min_streams independent streams support the cluster. No evidence rows "
                "give 6; no rule matching gives 6; one independent stream never gives better than 3, whatever the "
                "rules.",
                credibility_rules_from_json)
          .json("confidence_caps", &C::confidence_caps, confidence_caps_schema(), default_confidence_caps(),
                "Highest STIX confidence per source reliability letter (project policy: E 30, D and F 50).",
                confidence_caps_from_json)
          .json("tiers", &C::tiers, tiers_schema(), default_tiers(),
                "Ordered response-tier rules, first match wins: {name, tier (monitor, pre-bunk, rebut, escalate), "
                "when: {min_/max_reach, min_/max_peak_day_posts, min_/max_confidence, attributed, min_reliability}}. A "
                "condition on an unknown figure does not hold; no rule matching gives monitor.",
                tiers_from_json)
          .json("attribution", &C::attribution, attribution_schema(), default_attribution(),
                "{min_state_share, rules: [{name, state, when: {domain | hashtag | url: value, min_share}}]}: a "
                "state from the data when the profile's top state holds at least min_state_share of the cluster's "
                "posts, else from the first matching rule; the data wins over the rules.",
                attribution_from_json)
          .json("techniques", &C::techniques, techniques_schema_json(), default_techniques(),
                "DISARM technique rules: {name, technique (a pinned DISARM v1.6 id), when: {stream: name(s), "
                "strong} | {hashtags: [...], min_share} | {created_within_days, min_share}}. Every rule that holds "
                "names its technique.",
                techniques_from_json)
          .strings("reviewed", &C::reviewed, {}, "Cluster ids an analyst has reviewed (assessments.reviewed true).")
          .item_min_length(1);
  return table;
}

namespace {

struct Needed {
  const char* port;
  std::vector<std::pair<const char*, TypeId>> columns;
};

const std::vector<Needed>& needed_columns() {
  static const std::vector<Needed> needed = {
      {"clusters",
       {{"cluster_id", TypeId::Utf8},
        {"rank", TypeId::Int64},
        {"size", TypeId::Int64},
        {"independent_streams", TypeId::Int64}}},
      {"evidence",
       {{"cluster_id", TypeId::Utf8},
        {"stream", TypeId::Utf8},
        {"edges", TypeId::Int64},
        {"density", TypeId::Float64},
        {"median_active_days", TypeId::Float64},
        {"min_q", TypeId::Float64}}},
      {"summary", {{"cluster_id", TypeId::Utf8}, {"reach", TypeId::Int64}, {"peak_day_posts", TypeId::Int64}}},
      {"profile",
       {{"cluster_id", TypeId::Utf8},
        {"facet", TypeId::Utf8},
        {"rank", TypeId::Int64},
        {"value", TypeId::Utf8},
        {"count", TypeId::Int64},
        {"share", TypeId::Float64}}}};
  return needed;
}

std::vector<std::string> column_names(const Needed& n) {
  std::vector<std::string> out;
  for (const auto& c : n.columns) out.emplace_back(c.first);
  return out;
}

// Every batch of `port`, handed to `add`.
template <class Add>
void read_all(sdk::Context& ctx, const std::string& port, Add add) {
  Batch b;
  while (!ctx.cancelled() && ctx.read(port, b)) add(b);
}

void emit_in_parts(sdk::Context& ctx, const std::string& port, const Batch& all) {
  constexpr int64_t kRows = 65536;
  if (all.rows() <= kRows) {
    ctx.emit(port, Batch(all));
    return;
  }
  for (int64_t begin = 0; begin < all.rows(); begin += kRows) {
    const int64_t end = std::min(all.rows(), begin + kRows);
    Batch part(all.schema());
    for (size_t c = 0; c < all.num_columns(); ++c)
      for (int64_t r = begin; r < end; ++r) part.column(c).append_from(all.column(c), r);
    ctx.emit(port, std::move(part));
  }
}

}  // namespace

std::optional<sdk::PortTypes> AssessStage::infer(const Config&, const sdk::PortTypes& inputs, sdk::Context&) {
  for (const Needed& n : needed_columns()) {
    auto it = inputs.find(n.port);
    if (it == inputs.end()) continue;
    std::vector<std::string> names;
    for (const auto& f : it->second.columns) names.push_back(f.name);
    for (const auto& [name, type] : n.columns) {
      const Field* found = nullptr;
      for (const auto& f : it->second.columns)
        if (f.name == name) found = &f;
      if (!found)
        throw std::invalid_argument(std::string("input '") + n.port + "': no column '" + name + "'" +
                                    sdk::did_you_mean(name, names, "columns"));
      if (found->type.id != type)
        throw std::invalid_argument(std::string("input '") + n.port + "', column '" + name + "': is " +
                                    found->type.name() + ", expected " + DataType{type}.name());
    }
  }
  return sdk::PortTypes{{"assessments", {"assessments", assessments_schema()}},
                        {"techniques", {"assessment_techniques", techniques_schema()}}};
}

void AssessStage::run(const Config& config, sdk::Context& ctx) {
  for (const Needed& n : needed_columns()) ctx.select(n.port, column_names(n));
  ClusterTable table;
  read_all(ctx, "clusters", [&](const Batch& b) { table.add_clusters(b); });
  table.clusters_done();
  read_all(ctx, "evidence", [&](const Batch& b) { table.add_evidence(b); });
  read_all(ctx, "summary", [&](const Batch& b) { table.add_summary(b); });
  read_all(ctx, "profile", [&](const Batch& b) { table.add_profile(b); });
  if (ctx.cancelled()) return;

  const OrphanCounts& o = table.orphans();
  if (o.evidence || o.summary || o.profile)
    ctx.warn(
        "attribute/assess: rows naming no cluster of the clusters input were not used: " + std::to_string(o.evidence) +
        " evidence, " + std::to_string(o.summary) + " summary, " + std::to_string(o.profile) + " profile");
  if (o.null_profile_values)
    ctx.warn("attribute/assess: " + std::to_string(o.null_profile_values) +
             " profile rows with a null facet, value or count were not used");
  if (!ctx.input_type("profile"))
    ctx.info(
        "attribute/assess: no profile input: every cluster gets with.default_reliability, no attribution "
        "from data or rules, no hashtag or account-creation techniques");
  if (!ctx.input_type("summary"))
    ctx.info("attribute/assess: no summary input: reach and peak-day posts are unknown to the tier rules");
  std::vector<std::string> unknown;
  for (const auto& id : config.reviewed)
    if (!table.has(id)) unknown.push_back(id);
  if (!unknown.empty()) {
    std::string list;
    for (const auto& id : unknown) list += (list.empty() ? "" : ", ") + id;
    ctx.warn("with.reviewed: " + std::to_string(unknown.size()) + " id(s) name no cluster of this run: " + list);
  }

  Batch assessments(assessments_schema()), techniques(techniques_schema());
  for (const ClusterFacts& c : table.clusters()) {
    const Assessment a = assess_cluster(c, config);
    if (!a.attribution.conflict.empty()) {
      ctx.warn("attribute/assess: cluster " + c.id + ": " + a.attribution.conflict);
    }
    append_assessment(a, assessments, techniques);
  }
  ctx.progress(assessments.rows());
  emit_in_parts(ctx, "assessments", assessments);
  emit_in_parts(ctx, "techniques", techniques);
}

}  // namespace chorus::attribute_assess
