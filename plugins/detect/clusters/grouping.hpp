// detect/clusters, the groups: connected components of the multiplex graph,
// and, with components_then_leiden, Leiden (CPM objective, igraph, seeded)
// inside each component larger than split_above. See docs/methods.md.
#pragma once

#include <cstdint>
#include <vector>

#include "multiplex.hpp"

namespace chorus::detect_clusters {

enum class Method { ComponentsThenLeiden, Components };

struct GroupOptions {
  Method method = Method::ComponentsThenLeiden;
  int64_t split_above = 200;
  double resolution = 0.1;  // CPM: two parts stay together when their cross weight exceeds resolution * |A| * |B|
  uint64_t seed = 1;
};

struct Groups {
  std::vector<std::vector<int32_t>> groups;  // accounts of each group (>= 2), ascending; groups by first account
  int64_t components = 0;                    // components with at least one pair
  int64_t components_split = 0;              // components given to Leiden
};

Groups find_groups(const Multiplex& m, const GroupOptions& o);

// Leiden with the constant Potts model on an undirected weighted graph
// (vertices 0..n-1, each pair once): quality sum_c (w_c - resolution * n_c^2 / 2),
// node weights 1, igraph's RNG seeded with `seed`, iterated until stable.
// Returns a community index per vertex.
struct WeightedPair {
  int64_t u, v;
  double weight;
};
std::vector<int64_t> leiden_cpm(int64_t vertices, const std::vector<WeightedPair>& edges, double resolution,
                                uint64_t seed);

}  // namespace chorus::detect_clusters
