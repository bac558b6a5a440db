// The parsed `with:` of attribute/assess: the rules that grade a cluster.
// Every rule list has built-in defaults (assess_config.cpp) that a pipeline
// replaces as a whole by giving the key.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace chorus::attribute_assess {

using Json = nlohmann::json;

// Admiralty source reliability: 'A' (completely reliable) .. 'F' (cannot be judged).
using Reliability = char;

// One ingest source: posts whose source file name matches the glob `files`
// come from it and carry its reliability.
struct SourceRule {
  std::string name;
  std::string files;
  Reliability reliability = 'F';
};

// What makes one evidence stream of a cluster "strong".
struct StrongThresholds {
  double min_density = 0.1;
  int64_t min_edges = 3;
  double max_q = 0.01;
  double min_active_days = 2;
};

// Credibility `credibility` when at least `min_strong` strong and
// `min_streams` independent streams support the cluster.
struct CredibilityRule {
  int credibility = 6;
  int64_t min_strong = 0;
  int64_t min_streams = 0;
};

// Conditions of a tier rule; an absent condition always holds, a condition
// on an unknown figure (no summary, no confidence) never does.
struct TierCondition {
  std::optional<int64_t> min_reach, max_reach;
  std::optional<int64_t> min_peak_day_posts, max_peak_day_posts;
  std::optional<int64_t> min_confidence, max_confidence;
  std::optional<bool> attributed;
  std::optional<Reliability> min_reliability;  // this letter or a better (earlier) one
};

struct TierRule {
  std::string name;
  std::string tier;  // monitor, pre-bunk, rebut, escalate
  TierCondition when;
};

// A state named by an analyst's rule when the cluster's profile holds a value.
struct AttributionRule {
  std::string name;
  std::string state;
  std::string facet;  // domain, hashtag or url
  std::string value;  // compared folded for hashtag and domain
  double min_share = 0;
};

struct AttributionConfig {
  double min_state_share = 0.5;
  std::vector<AttributionRule> rules;
};

enum class TechniqueTest { Stream, Hashtags, BulkCreated };

struct TechniqueRule {
  std::string name;
  std::string technique;
  TechniqueTest test = TechniqueTest::Stream;
  std::vector<std::string> streams;   // Stream: any of these
  bool strong = false;                // Stream: the stream must be strong
  std::vector<std::string> hashtags;  // Hashtags: any of these (folded)
  double min_share = 0;               // Hashtags: of the cluster's posts; BulkCreated: of its members
  int64_t window_days = 7;            // BulkCreated
};

struct Config {
  std::vector<SourceRule> sources;
  Reliability default_reliability = 'F';
  StrongThresholds strong;
  std::vector<CredibilityRule> credibility_rules;
  std::array<int64_t, 6> confidence_caps{100, 100, 100, 100, 100, 100};  // per reliability A..F
  std::vector<TierRule> tiers;
  AttributionConfig attribution;
  std::vector<TechniqueRule> techniques;
  std::vector<std::string> reviewed;
};

// The `with:` conversions: each checks what a JSON Schema cannot say and
// throws sdk::ConfigError naming `with.<key>[i].<field>`.
std::vector<SourceRule> sources_from_json(const Json& v);
std::vector<CredibilityRule> credibility_rules_from_json(const Json& v);
std::array<int64_t, 6> confidence_caps_from_json(const Json& v);
std::vector<TierRule> tiers_from_json(const Json& v);
AttributionConfig attribution_from_json(const Json& v);
std::vector<TechniqueRule> techniques_from_json(const Json& v);

// The built-in defaults, as `with:` JSON (also the options' documented defaults).
Json default_credibility_rules();
Json default_confidence_caps();
Json default_tiers();
Json default_attribution();
Json default_techniques();
const std::vector<std::string>& default_follow_train_hashtags();

// Lower-cases ASCII and drops a leading '#': how hashtags and domains are compared.
std::string fold_tag(const std::string& s);

}  // namespace chorus::attribute_assess
