#include "tiers.hpp"

#include <vector>

#include "figures.hpp"

namespace chorus::attribute_assess {

namespace {

// A bound on an unknown figure never holds: a tier is never raised (or
// lowered) on a number nobody measured.
bool at_least(const std::optional<int64_t>& v, const std::optional<int64_t>& lo) { return !lo || (v && *v >= *lo); }
bool at_most(const std::optional<int64_t>& v, const std::optional<int64_t>& hi) { return !hi || (v && *v <= *hi); }

bool holds(const TierCondition& c, const TierFigures& f) {
  return at_least(f.reach, c.min_reach) && at_most(f.reach, c.max_reach) &&
         at_least(f.peak_day_posts, c.min_peak_day_posts) && at_most(f.peak_day_posts, c.max_peak_day_posts) &&
         at_least(f.confidence, c.min_confidence) && at_most(f.confidence, c.max_confidence) &&
         (!c.attributed || *c.attributed == f.attributed_state.has_value()) &&
         (!c.min_reliability || f.reliability <= *c.min_reliability);
}

std::string describe(const TierCondition& c) {
  std::vector<std::string> parts;
  if (c.attributed) parts.push_back(*c.attributed ? "attributed" : "not attributed");
  if (c.min_confidence) parts.push_back("confidence >= " + std::to_string(*c.min_confidence));
  if (c.max_confidence) parts.push_back("confidence <= " + std::to_string(*c.max_confidence));
  if (c.min_reliability) parts.push_back(std::string("reliability ") + *c.min_reliability + " or better");
  if (c.min_reach) parts.push_back("reach >= " + std::to_string(*c.min_reach));
  if (c.max_reach) parts.push_back("reach <= " + std::to_string(*c.max_reach));
  if (c.min_peak_day_posts) parts.push_back("peak-day posts >= " + std::to_string(*c.min_peak_day_posts));
  if (c.max_peak_day_posts) parts.push_back("peak-day posts <= " + std::to_string(*c.max_peak_day_posts));
  std::string s;
  for (const auto& p : parts) s += (s.empty() ? "" : ", ") + p;
  return s.empty() ? "always" : s;
}

std::string state_figures(const TierFigures& f) {
  return std::string(f.attributed_state ? "attributed to " + *f.attributed_state : "not attributed") + ", confidence " +
         (f.confidence ? std::to_string(*f.confidence) : std::string("none")) + ", reliability " + f.reliability +
         ", reach " + count_or_unknown(f.reach) + ", peak-day posts " + count_or_unknown(f.peak_day_posts);
}

}  // namespace

TierChoice choose_tier(const TierFigures& figures, const std::vector<TierRule>& rules) {
  for (size_t i = 0; i < rules.size(); ++i)
    if (holds(rules[i].when, figures))
      return {rules[i].tier, "tiers[" + std::to_string(i) + "] '" + rules[i].name + "' (" + describe(rules[i].when) +
                                 "): " + state_figures(figures)};
  return {"monitor", "no tier rule matched, monitor: " + state_figures(figures)};
}

}  // namespace chorus::attribute_assess
