// The response tier (monitor / pre-bunk / rebut / escalate) of an assessment:
// the first with.tiers rule whose conditions hold (../shared/research/stix.md §5).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "assess_config.hpp"

namespace chorus::attribute_assess {

// The figures the tier rules look at.
struct TierFigures {
  std::optional<int64_t> reach;           // cluster_summary.reach
  std::optional<int64_t> peak_day_posts;  // cluster_summary.peak_day_posts (velocity)
  std::optional<int64_t> confidence;      // capped STIX confidence; none for credibility 6
  std::optional<std::string> attributed_state;
  Reliability reliability = 'F';
};

struct TierChoice {
  std::string tier;
  std::string rationale;
};

TierChoice choose_tier(const TierFigures& figures, const std::vector<TierRule>& rules);

}  // namespace chorus::attribute_assess
