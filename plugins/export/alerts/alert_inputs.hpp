// The findings tables an alert is made from, read whole and grouped by
// cluster (they are small: one row per cluster, member, stream, technique or
// profile value). Null cells where the contract promises a value are errors
// naming the input and column.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace chorus::export_alerts {

struct ClusterRow {
  std::string cluster_id;
  int64_t rank = 0, size = 0, independent_streams = 0, edges = 0;
  double coordination_score = 0, density = 0;
  std::vector<std::string> streams;
  std::optional<int64_t> posts, first_activity_ms, last_activity_ms;
};

struct MemberRow {
  std::string account_id;
  double membership_strength = 0;
  std::optional<int64_t> degree;
  std::vector<std::string> streams;
};

struct EvidenceRow {
  std::string stream;
  int64_t edges = 0;
  double density = 0, weight_sum = 0;
  std::optional<double> median_active_days, min_q, median_q, mean_latency_s;
  std::optional<std::string> family;  // optional columns of cluster_evidence
  std::optional<bool> supports;
};

struct TechniqueRow {
  std::string technique_id;
  std::optional<std::string> name, tactic_id, rule, evidence;
};

struct ProfileRow {
  std::string facet, value;
  int64_t rank = 0, count = 0;
  double share = 0;
  std::vector<std::string> excerpts;
  std::optional<std::string> translated_excerpt;
};

struct SummaryRow {
  std::optional<int64_t> posts, originals, followers_sum, followers_max, likes, shares, replies, reach, active_days;
  std::optional<int64_t> first_post_ms, last_post_ms, peak_day_posts;
  std::optional<std::string> peak_day, top_narrative;
};

struct AssessmentRow {
  std::string cluster_id, source_name, source_reliability, admiralty, credibility_rationale, tier, tier_rationale;
  int64_t information_credibility = 0;
  std::optional<int64_t> confidence;
  std::optional<std::string> attributed_state, attribution_basis, disarm_version, reliability_rationale;
  bool reviewed = false;
  std::vector<std::string> techniques;
};

struct FindingInputs {
  std::vector<AssessmentRow> assessments;  // input order
  std::map<std::string, ClusterRow> clusters;
  std::map<std::string, std::vector<MemberRow>> members;
  std::map<std::string, std::vector<EvidenceRow>> evidence;
  std::map<std::string, std::vector<TechniqueRow>> techniques;
  std::map<std::string, std::vector<ProfileRow>> profile;
  std::map<std::string, SummaryRow> summary;
  std::unordered_map<std::string, std::string> handles;  // author_id -> author_handle of its first row ("" none)
  bool has_summary = false;
  // Rows that name a cluster absent from `clusters`, per input (logged).
  std::map<std::string, int64_t> orphan_rows;
};

// Selects the columns of every connected input and reads them all.
FindingInputs read_finding_inputs(sdk::Context& ctx);

}  // namespace chorus::export_alerts
