// Admiralty information credibility (1..6) of a cluster from the number and
// strength of its independent evidence streams, and the STIX confidence the
// digit gives (STIX 2.1 Appendix A, with the project's caps by reliability).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "assess_config.hpp"
#include "cluster_facts.hpp"

namespace chorus::attribute_assess {

// Whether one stream is strong under the thresholds; `why` gets the figures
// ("strong (density 0.5, 12 edges, min_q 0.001, median 4 active days)" or
// "weak (density 0.05 < 0.1)").
bool is_strong(const StreamEvidence& e, const StrongThresholds& t, std::string* why);

struct CredibilityGrade {
  int credibility = 6;
  int64_t strong = 0;       // strong streams, at most `independent`
  int64_t independent = 0;  // distinct streams, at most clusters.independent_streams
  std::string rationale;
};

CredibilityGrade grade_credibility(const ClusterFacts& cluster, const Config& config);

// STIX 2.1 Appendix A, Admiralty credibility: 1 -> 90, 2 -> 70, 3 -> 50, 4 -> 30, 5 -> 10, 6 -> none.
std::optional<int64_t> stix_confidence(int credibility);
// The same, capped by with.confidence_caps for the source reliability.
std::optional<int64_t> capped_confidence(int credibility, Reliability reliability, const Config& config);

}  // namespace chorus::attribute_assess
