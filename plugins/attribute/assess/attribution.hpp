// Attribution of a cluster to a state actor, only where the data carries it
// (the profile's `state` facet: the posts' attributed state, as a platform's
// takedown archive gives it) or an analyst's rule supplies it. Data wins.
#pragma once

#include <optional>
#include <string>

#include "assess_config.hpp"
#include "cluster_facts.hpp"

namespace chorus::attribute_assess {

struct Attribution {
  std::optional<std::string> state;
  std::optional<std::string> basis;  // "data: ..." or "rule: <name>"
  std::string conflict;              // non-empty when a rule names another state than the data
};

Attribution attribute_cluster(const ClusterFacts& cluster, const AttributionConfig& config);

}  // namespace chorus::attribute_assess
