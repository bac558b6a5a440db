// The findings one bundle describes, as plain structs: the exporter's core
// (bundle_builder) works on these, whether they come from the stage's input
// ports (finding_reader) or from a benchmark's generator.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace chorus::export_stix {

struct Account {  // accounts: the first row of an author_id
  std::string handle, display_name;
  std::optional<int64_t> created_ms;
};

struct Member {  // cluster_members
  std::string account_id;
  double membership_strength = 0;
  std::optional<int64_t> degree;
  std::vector<std::string> streams;
};

struct StreamEvidence {  // cluster_evidence
  std::string stream;
  std::optional<int64_t> edges;
  std::optional<double> density, weight_sum, median_active_days, min_q, median_q, mean_latency_s;
};

struct ProfileValue {  // cluster_profile, one facet value
  int64_t rank = 0;
  std::string value;
  int64_t count = 0;
  std::optional<double> share;
  std::vector<std::string> excerpts;
};

struct Technique {  // assessment_techniques (name, tactic, rule, evidence may be empty)
  std::string id, name, tactic_id, rule, evidence;
};

struct Summary {  // cluster_summary
  std::optional<int64_t> posts, followers_sum, reach, likes, shares, replies, active_days, peak_day_posts;
  std::optional<int64_t> first_post_ms, last_post_ms;
  std::string peak_day, top_narrative;
};

struct Assessment {  // assessments
  std::string source_name, source_reliability, admiralty, credibility_rationale, tier, tier_rationale;
  int64_t information_credibility = 6;
  std::optional<int64_t> confidence;
  std::string attributed_state, attribution_basis;  // empty: not attributed
  bool reviewed = false;
  std::string disarm_version;
  std::vector<std::string> techniques;
};

struct Cluster {  // clusters, with everything joined to it
  std::string id;
  int64_t rank = 0, size = 0;
  double coordination_score = 0;
  std::optional<int64_t> independent_streams, edges, posts;
  std::optional<double> density;
  std::vector<std::string> streams;
  std::optional<int64_t> first_activity_ms, last_activity_ms;

  std::optional<Assessment> assessment;
  std::vector<Member> members;
  std::vector<StreamEvidence> evidence;
  std::vector<Technique> techniques;
  std::optional<Summary> summary;
  std::map<std::string, std::vector<ProfileValue>> profile;  // facet -> values by rank
};

struct Findings {
  std::vector<Cluster> clusters;  // by rank, then id
  std::unordered_map<std::string, Account> accounts;
};

}  // namespace chorus::export_stix
