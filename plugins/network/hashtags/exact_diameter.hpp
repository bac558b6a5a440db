// Exact diameter of a connected component with iFUB (Crescenzi, Grossi,
// Habib, Lanzi, Marino 2013, "On computing the diameter of real-world
// undirected graphs"), generalised to a set of *target* nodes: the diameter
// is the largest distance between two targets (every node is a target in a
// plain graph; in the account-hashtag bipartite graph the targets are the
// accounts, see ambient_network.hpp).
//
// Steps: a 4-sweep from a start node gives a first lower bound and candidate
// central roots (see exact_diameter for the choice of the root u, which need
// not be a target); one BFS from u sorts the targets into levels (fringes). Going down from the deepest
// level i, the eccentricities of the targets at level i raise the lower bound
// lb; every pair not yet covered has both targets at levels <= i' (the next
// lower level holding a target), so their distance is at most 2 i' through u:
// stop as soon as lb >= 2 i'. Paths, trees and real-world graphs stop after
// a handful of BFS; long cycles (about n/2 BFS) and graphs whose radius
// exceeds D/2 with a large deepest fringe (sparse random graphs) are its bad
// cases. With targets, a non-target root helps: a co-hashtag network of odd
// diameter D has no account of eccentricity D/2, but a hashtag node can be at
// D (= 2 D / 2 in the bipartite graph) from every account.
//
// Not in Boost.Graph or igraph (igraph 0.10 computes the diameter by all-pairs
// BFS), hence written here on a compressed adjacency array.
//
// Bfs stays in this header: its loop is the inner loop of every diameter and
// component computation and must inline into them (exact_diameter.cpp,
// ambient_network.cpp). The rest is in exact_diameter.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace chorus::network_hashtags {

// Undirected graph as a compressed adjacency array: the neighbours of v are
// targets[offsets[v] .. offsets[v+1]); every edge is stored both ways.
struct CsrGraph {
  std::vector<int64_t> offsets{0};
  std::vector<int32_t> targets;
  int32_t nodes() const { return static_cast<int32_t>(offsets.size() - 1); }
  int64_t degree(int32_t v) const { return offsets[v + 1] - offsets[v]; }

  // From an undirected edge list over nodes 0..n-1 (each edge once); neighbour lists sorted.
  static CsrGraph from_edges(int32_t n, const std::vector<std::pair<int32_t, int32_t>>& edges);
};

// Breadth-first search with buffers reused between runs (only the visited
// nodes are reset, so a BFS costs the size of its component, not of the graph).
class Bfs {
 public:
  explicit Bfs(const CsrGraph& g, const std::vector<uint8_t>* is_target = nullptr)
      : g_(g),
        is_target_(is_target),
        dist_(static_cast<size_t>(g.nodes()), -1),
        parent_(static_cast<size_t>(g.nodes()), -1) {}

  struct Result {
    int32_t eccentricity = 0;  // largest distance from the source to a target
    int32_t farthest = -1;     // a target at that distance: the last one reached
  };

  // With parents false the BFS tree is not recorded (parent() is stale): the
  // eccentricity-only runs of iFUB skip that store.
  Result run(int32_t source, bool parents = true) { return parents ? search<true>(source) : search<false>(source); }

  bool target(int32_t v) const { return !is_target_ || (*is_target_)[v]; }
  int32_t distance(int32_t v) const { return dist_[v]; }
  int32_t parent(int32_t v) const { return parent_[v]; }
  // Nodes reached by the last run, in BFS order.
  const std::vector<int32_t>& reached() const { return queue_; }
  int64_t runs() const { return runs_; }

 private:
  template <bool kParents>
  Result search(int32_t source) {
    for (int32_t v : queue_) dist_[v] = -1;
    queue_.clear();
    queue_.push_back(source);
    dist_[source] = 0;
    parent_[source] = -1;
    Result r{0, source};
    for (size_t head = 0; head < queue_.size(); ++head) {
      const int32_t v = queue_[head];
      if (target(v) && dist_[v] >= r.eccentricity) r = {dist_[v], v};
      const int32_t next = dist_[v] + 1;
      for (int64_t k = g_.offsets[v], e = g_.offsets[v + 1]; k < e; ++k) {
        const int32_t w = g_.targets[k];
        if (dist_[w] < 0) {
          dist_[w] = next;
          if constexpr (kParents) parent_[w] = v;
          queue_.push_back(w);
        }
      }
    }
    ++runs_;
    return r;
  }

  const CsrGraph& g_;
  const std::vector<uint8_t>* is_target_;
  std::vector<int32_t> dist_, parent_, queue_;
  int64_t runs_ = 0;
};

struct DiameterResult {
  int64_t diameter = 0;  // in edges of the graph given
  int64_t bfs_runs = 0;  // BFS the computation needed
};

// Exact largest distance between two targets of the component of `start`
// (a target). With is_target null every node is a target. The root and the
// bounds are explained in exact_diameter.cpp.
DiameterResult exact_diameter(const CsrGraph& g, int32_t start, const std::vector<uint8_t>* is_target = nullptr);

}  // namespace chorus::network_hashtags
