// One cluster's graded assessment (every rule applied), and the two output
// tables it becomes: assessments and assessment_techniques.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "assess_config.hpp"
#include "attribution.hpp"
#include "cluster_facts.hpp"
#include "credibility.hpp"
#include "source_rating.hpp"
#include "techniques.hpp"
#include "tiers.hpp"

namespace chorus::attribute_assess {

struct Assessment {
  std::string cluster_id;
  SourceRating source;
  CredibilityGrade credibility;
  std::optional<int64_t> confidence;
  Attribution attribution;
  TierChoice tier;
  bool reviewed = false;
  std::vector<TechniqueHit> techniques;

  std::string admiralty() const { return std::string(1, source.reliability) + std::to_string(credibility.credibility); }
};

Assessment assess_cluster(const ClusterFacts& cluster, const Config& config);

// The contracts of schemas/datasets/assessments.json (plus reliability_rationale
// at the end) and assessment_techniques.json.
Schema assessments_schema();
Schema techniques_schema();

void append_assessment(const Assessment& a, Batch& assessments, Batch& techniques);

}  // namespace chorus::attribute_assess
