#include "graph.hpp"

#include "community/igraph_support/igraph_support.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace chorus::community_detect {

namespace {

using community_igraph_support::Graph;
using community_igraph_support::IgraphErrors;
using community_igraph_support::IntVector;
using community_igraph_support::Vector;

void build(Graph& graph, int64_t vertices, const std::vector<WeightedEdge>& edges, bool directed, Vector& weights) {
  IntVector ends(static_cast<igraph_integer_t>(2 * edges.size()));
  for (size_t i = 0; i < edges.size(); ++i) {
    VECTOR(ends.v)[2 * i] = edges[i].u;
    VECTOR(ends.v)[2 * i + 1] = edges[i].v;
    VECTOR(weights.v)[i] = edges[i].weight;
  }
  IgraphErrors::check(igraph_create(&graph.g, &ends.v, vertices, directed ? IGRAPH_DIRECTED : IGRAPH_UNDIRECTED),
                      "igraph_create");
  graph.ok = true;
}

}  // namespace

Partition detect_communities(int64_t vertices, const std::vector<WeightedEdge>& edges, Algorithm algorithm,
                             double resolution, uint64_t seed, double beta, int64_t iterations) {
  IgraphErrors errors;
  Graph graph;
  Vector weights(static_cast<igraph_integer_t>(edges.size()));
  build(graph, vertices, edges, false, weights);
  IntVector membership(vertices);
  IgraphErrors::check(igraph_rng_seed(igraph_rng_default(), seed), "igraph_rng_seed");
  Partition p;
  if (algorithm == Algorithm::Louvain) {
    IgraphErrors::check(igraph_community_multilevel(&graph.g, &weights.v, resolution, &membership.v, nullptr, nullptr),
                        "igraph_community_multilevel");
  } else {
    // Leiden's quality is 1/(2m) sum_ij (A_ij - gamma n_i n_j) delta(c_i, c_j):
    // with node weights n_i = strength k_i and gamma = resolution / 2m it is
    // the generalized modularity (as R igraph's objective_function = "modularity").
    Vector strength(vertices);
    IgraphErrors::check(igraph_strength(&graph.g, &strength.v, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, &weights.v),
                        "igraph_strength");
    double two_m = 0;
    for (int64_t i = 0; i < vertices; ++i) two_m += VECTOR(strength.v)[i];
    igraph_integer_t clusters = 0;
    igraph_real_t quality = 0;
    IgraphErrors::check(
        igraph_community_leiden(&graph.g, &weights.v, &strength.v, resolution / two_m, beta, false,
                                static_cast<igraph_integer_t>(iterations), &membership.v, &clusters, &quality),
        "igraph_community_leiden");
  }
  p.membership.resize(static_cast<size_t>(vertices));
  for (int64_t i = 0; i < vertices; ++i) {
    p.membership[static_cast<size_t>(i)] = VECTOR(membership.v)[i];
    p.communities = std::max<int64_t>(p.communities, VECTOR(membership.v)[i] + 1);
  }
  return p;
}

double modularity(int64_t vertices, const std::vector<WeightedEdge>& edges, const std::vector<int64_t>& membership,
                  bool directed, double gamma) {
  IgraphErrors errors;
  Graph graph;
  Vector weights(static_cast<igraph_integer_t>(edges.size()));
  build(graph, vertices, edges, directed, weights);
  IntVector m(vertices);
  for (int64_t i = 0; i < vertices; ++i) VECTOR(m.v)[i] = membership[static_cast<size_t>(i)];
  igraph_real_t q = 0;
  IgraphErrors::check(igraph_modularity(&graph.g, &m.v, &weights.v, gamma, directed, &q), "igraph_modularity");
  return q;
}

}  // namespace chorus::community_detect
