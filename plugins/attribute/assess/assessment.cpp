#include "assessment.hpp"

#include <algorithm>

#include "disarm_table.hpp"

namespace chorus::attribute_assess {

Assessment assess_cluster(const ClusterFacts& cluster, const Config& config) {
  Assessment a;
  a.cluster_id = cluster.id;
  a.source = rate_source(cluster, config);
  a.credibility = grade_credibility(cluster, config);
  a.confidence = capped_confidence(a.credibility.credibility, a.source.reliability, config);
  a.attribution = attribute_cluster(cluster, config.attribution);
  TierFigures f;
  f.reach = cluster.reach;
  f.peak_day_posts = cluster.peak_day_posts;
  f.confidence = a.confidence;
  f.attributed_state = a.attribution.state;
  f.reliability = a.source.reliability;
  a.tier = choose_tier(f, config.tiers);
  a.reviewed = std::find(config.reviewed.begin(), config.reviewed.end(), cluster.id) != config.reviewed.end();
  a.techniques = match_techniques(cluster, config);
  return a;
}

Schema assessments_schema() {
  const DataType utf8{TypeId::Utf8}, int64{TypeId::Int64};
  return Schema{{"cluster_id", utf8},
                {"source_name", utf8},
                {"source_reliability", utf8},
                {"information_credibility", int64},
                {"admiralty", utf8},
                {"confidence", int64},
                {"credibility_rationale", utf8},
                {"tier", utf8},
                {"tier_rationale", utf8},
                {"attributed_state", utf8},
                {"attribution_basis", utf8},
                {"reviewed", {TypeId::Bool}},
                {"disarm_version", utf8},
                {"techniques", {TypeId::ListUtf8}},
                {"reliability_rationale", utf8}};
}

Schema techniques_schema() {
  const DataType utf8{TypeId::Utf8};
  return Schema{{"cluster_id", utf8}, {"technique_id", utf8}, {"name", utf8},
                {"tactic_id", utf8},  {"rule", utf8},         {"evidence", utf8}};
}

namespace {

void append_optional(Column& c, const std::optional<std::string>& v) {
  if (v)
    c.append_string(*v);
  else
    c.append_null();
}

}  // namespace

void append_assessment(const Assessment& a, Batch& out, Batch& techniques) {
  out.column("cluster_id").append_string(a.cluster_id);
  append_optional(out.column("source_name"), a.source.name);
  out.column("source_reliability").append_string(std::string(1, a.source.reliability));
  out.column("information_credibility").append_int(a.credibility.credibility);
  out.column("admiralty").append_string(a.admiralty());
  if (a.confidence)
    out.column("confidence").append_int(*a.confidence);
  else
    out.column("confidence").append_null();
  out.column("credibility_rationale").append_string(a.credibility.rationale);
  out.column("tier").append_string(a.tier.tier);
  out.column("tier_rationale").append_string(a.tier.rationale);
  append_optional(out.column("attributed_state"), a.attribution.state);
  append_optional(out.column("attribution_basis"), a.attribution.basis);
  out.column("reviewed").append_bool(a.reviewed);
  out.column("disarm_version").append_string(kDisarmVersion);
  std::vector<std::string> ids;
  for (const auto& t : a.techniques) ids.emplace_back(t.technique->id);
  out.column("techniques").append_list(ids);
  out.column("reliability_rationale").append_string(a.source.rationale);
  for (const auto& t : a.techniques) {
    techniques.column("cluster_id").append_string(a.cluster_id);
    techniques.column("technique_id").append_string(t.technique->id);
    techniques.column("name").append_string(t.technique->name);
    techniques.column("tactic_id").append_string(t.technique->tactic_id);
    techniques.column("rule").append_string(t.rules);
    techniques.column("evidence").append_string(t.evidence);
  }
}

}  // namespace chorus::attribute_assess
