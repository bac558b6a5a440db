// Admiralty source reliability (A..F) of a cluster: the reliability of the
// ingest source that holds most of its posts (the profile's `source` facet
// matched against with.sources globs).
#pragma once

#include <optional>
#include <string>

#include "assess_config.hpp"
#include "cluster_facts.hpp"

namespace chorus::attribute_assess {

struct SourceRating {
  std::optional<std::string> name;  // null: no with.sources entry matched
  Reliability reliability = 'F';
  std::string rationale;
};

SourceRating rate_source(const ClusterFacts& cluster, const Config& config);

}  // namespace chorus::attribute_assess
