// DISARM techniques of a cluster: every with.techniques rule whose evidence
// test holds names its technique (one row per technique, the rules joined).
#pragma once

#include <string>
#include <vector>

#include "assess_config.hpp"
#include "cluster_facts.hpp"
#include "disarm_table.hpp"

namespace chorus::attribute_assess {

struct TechniqueHit {
  const DisarmTechnique* technique = nullptr;
  std::string rules;     // rule names, "; "-joined, in config order
  std::string evidence;  // what each rule saw, "; "-joined
};

// By technique id.
std::vector<TechniqueHit> match_techniques(const ClusterFacts& cluster, const Config& config);

// Days since 1970-01-01 of a "YYYY-MM-DD..." text; false when it is not one.
bool parse_day(const std::string& text, int64_t& day);

}  // namespace chorus::attribute_assess
