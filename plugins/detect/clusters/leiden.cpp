// The igraph side of grouping.hpp: Leiden with the constant Potts model.
// igraph keeps global state: its error handler (by default it aborts) and its
// default RNG. The call runs under a handler that returns the error code
// (restored afterwards), and the RNG is reseeded right before the algorithm.
#include "community/igraph_support/igraph_support.hpp"

#include <stdexcept>
#include <string>

#include "grouping.hpp"

namespace chorus::detect_clusters {

namespace {

using community_igraph_support::Graph;
using community_igraph_support::IgraphErrors;
using community_igraph_support::IntVector;
using community_igraph_support::Vector;

}  // namespace

std::vector<int64_t> leiden_cpm(int64_t vertices, const std::vector<WeightedPair>& edges, double resolution,
                                uint64_t seed) {
  IgraphErrors errors;
  const auto m = static_cast<igraph_integer_t>(edges.size());
  IntVector ends(2 * m);
  Vector weights(m);
  for (igraph_integer_t i = 0; i < m; ++i) {
    VECTOR(ends.v)[2 * i] = edges[static_cast<size_t>(i)].u;
    VECTOR(ends.v)[2 * i + 1] = edges[static_cast<size_t>(i)].v;
    VECTOR(weights.v)[i] = edges[static_cast<size_t>(i)].weight;
  }
  Graph graph;
  IgraphErrors::check(igraph_create(&graph.g, &ends.v, vertices, IGRAPH_UNDIRECTED), "igraph_create");
  graph.ok = true;
  Vector node_weights(vertices);
  igraph_vector_fill(&node_weights.v, 1.0);
  IntVector membership(vertices);
  IgraphErrors::check(igraph_rng_seed(igraph_rng_default(), seed), "igraph_rng_seed");
  igraph_integer_t clusters = 0;
  igraph_real_t quality = 0;
  // beta 0.01: igraph's default randomness of the refinement; -1: iterate until stable.
  IgraphErrors::check(igraph_community_leiden(&graph.g, &weights.v, &node_weights.v, resolution, 0.01, false, -1,
                                              &membership.v, &clusters, &quality),
                      "igraph_community_leiden");
  std::vector<int64_t> out(static_cast<size_t>(vertices));
  for (int64_t i = 0; i < vertices; ++i) out[static_cast<size_t>(i)] = VECTOR(membership.v)[i];
  return out;
}

}  // namespace chorus::detect_clusters
