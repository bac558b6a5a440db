// The igraph side of community/detect: a collapsed undirected weighted graph,
// Leiden or Louvain on it, and modularity. No host here, so tests call it.
//
// igraph keeps global state: its error handler (by default it aborts the
// process) and its default random number generator. Every call below runs
// under a handler that returns the error code instead (restored afterwards)
// and throws it as std::runtime_error; the default RNG is reseeded with the
// configured seed right before the algorithm, so a run depends only on the
// graph, the parameters and the seed. igraph's headers stay in graph.cpp.
#pragma once

#include <cstdint>
#include <vector>

namespace chorus::community_detect {

enum class Algorithm { Leiden, Louvain };

inline const char* algorithm_name(Algorithm a) { return a == Algorithm::Leiden ? "leiden" : "louvain"; }

// An edge between vertex ids u and v with a weight.
struct WeightedEdge {
  int64_t u = 0, v = 0;
  double weight = 0;
};

struct Partition {
  std::vector<int64_t> membership;  // per vertex: igraph's community index
  int64_t communities = 0;
};

// Runs Leiden (modularity objective) or Louvain (igraph_community_multilevel)
// on the undirected graph of `edges` (each pair once, u != v).
Partition detect_communities(int64_t vertices, const std::vector<WeightedEdge>& edges, Algorithm algorithm,
                             double resolution, uint64_t seed, double beta, int64_t iterations);

// Modularity of `membership` on the graph of `edges` with resolution gamma:
// undirected Q = 1/(2m) sum_ij (A_ij - gamma k_i k_j / 2m) delta(c_i, c_j);
// directed (Leicht-Newman) Q = 1/m sum_ij (A_ij - gamma k_i^out k_j^in / m) delta.
double modularity(int64_t vertices, const std::vector<WeightedEdge>& edges, const std::vector<int64_t>& membership,
                  bool directed, double gamma);

}  // namespace chorus::community_detect
