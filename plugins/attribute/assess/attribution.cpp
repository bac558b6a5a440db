#include "attribution.hpp"

#include "figures.hpp"

namespace chorus::attribute_assess {

namespace {

// The state holding most of the cluster's posts (ties: the first in byte order).
const FacetValue* top_state(const ClusterFacts& cluster) {
  const auto* states = cluster.facet("state");
  const FacetValue* top = nullptr;
  if (!states) return top;
  for (const FacetValue& v : *states) {
    if (v.value.empty()) continue;
    if (!top || v.count > top->count || (v.count == top->count && v.value < top->value)) top = &v;
  }
  return top;
}

const AttributionRule* first_rule(const ClusterFacts& cluster, const AttributionConfig& config) {
  for (const AttributionRule& r : config.rules) {
    const auto* values = cluster.facet(r.facet);
    if (!values) continue;
    for (const FacetValue& v : *values) {
      const bool equal = r.facet == "url" ? v.value == r.value : fold_tag(v.value) == r.value;
      if (equal && v.count > 0 && v.share >= r.min_share) return &r;
    }
  }
  return nullptr;
}

}  // namespace

Attribution attribute_cluster(const ClusterFacts& cluster, const AttributionConfig& config) {
  Attribution a;
  const FacetValue* data = top_state(cluster);
  const AttributionRule* rule = first_rule(cluster, config);
  // The data wins: a state column is the platform's own attribution of these
  // posts, a rule is an inference from one indicator.
  if (data && data->share >= config.min_state_share) {
    a.state = data->value;
    a.basis = "data: posts' state column, " + percent(data->share) + " of the cluster's posts";
    if (rule && rule->state != data->value)
      a.conflict = "rule '" + rule->name + "' names " + rule->state + ", the data " + data->value + " (" +
                   percent(data->share) + " of the posts); the data is kept";
    return a;
  }
  if (rule) {
    a.state = rule->state;
    a.basis = "rule: " + rule->name;
  }
  return a;
}

}  // namespace chorus::attribute_assess
