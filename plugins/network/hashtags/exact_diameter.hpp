// Exact diameter of a connected component with iFUB (Crescenzi, Grossi,
// Habib, Lanzi, Marino 2013, "On computing the diameter of real-world
// undirected graphs"), generalised to a set of *target* nodes: the diameter
// is the largest distance between two targets (every node is a target in a
// plain graph; in the account-hashtag bipartite graph the targets are the
// accounts, see ambient_network.hpp).
//
// Steps: a 4-sweep from a start node picks a central root u (the middle of
// the second sweep's longest path) and gives a first lower bound; one BFS
// from u sorts the targets into levels (fringes). Going down from the deepest
// level i, the eccentricities of the targets at level i raise the lower bound
// lb; every pair not yet covered has both targets at levels <= i' (the next
// lower level holding a target), so their distance is at most 2 i' through u:
// stop as soon as lb >= 2 i'. Paths, trees and real-world graphs stop after
// a handful of BFS; long cycles are iFUB's bad case (about n/2 BFS).
//
// Not in Boost.Graph or igraph (igraph 0.10 computes the diameter by all-pairs
// BFS), hence written here on a compressed adjacency array.
#pragma once

#include <algorithm>
#include <cstdint>
#include <stdexcept>
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

  // From an undirected edge list over nodes 0..n-1 (each edge once).
  static CsrGraph from_edges(int32_t n, const std::vector<std::pair<int32_t, int32_t>>& edges) {
    CsrGraph g;
    g.offsets.assign(static_cast<size_t>(n) + 1, 0);
    for (const auto& [a, b] : edges) { ++g.offsets[a + 1]; ++g.offsets[b + 1]; }
    for (int32_t v = 0; v < n; ++v) g.offsets[v + 1] += g.offsets[v];
    g.targets.resize(static_cast<size_t>(g.offsets[n]));
    std::vector<int64_t> fill(g.offsets.begin(), g.offsets.end() - 1);
    for (const auto& [a, b] : edges) { g.targets[fill[a]++] = b; g.targets[fill[b]++] = a; }
    return g;
  }
};

// Breadth-first search with buffers reused between runs (only the visited
// nodes are reset, so a BFS costs the size of its component, not of the graph).
class Bfs {
 public:
  explicit Bfs(const CsrGraph& g, const std::vector<uint8_t>* is_target = nullptr)
      : g_(g), is_target_(is_target), dist_(static_cast<size_t>(g.nodes()), -1),
        parent_(static_cast<size_t>(g.nodes()), -1) {}

  struct Result {
    int32_t eccentricity = 0;  // largest distance from the source to a target
    int32_t farthest = -1;     // a target at that distance: the last one reached
  };

  Result run(int32_t source) {
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
        if (dist_[w] < 0) { dist_[w] = next; parent_[w] = v; queue_.push_back(w); }
      }
    }
    ++runs_;
    return r;
  }

  bool target(int32_t v) const { return !is_target_ || (*is_target_)[v]; }
  int32_t distance(int32_t v) const { return dist_[v]; }
  int32_t parent(int32_t v) const { return parent_[v]; }
  // Nodes reached by the last run, in BFS order.
  const std::vector<int32_t>& reached() const { return queue_; }
  int64_t runs() const { return runs_; }

 private:
  const CsrGraph& g_;
  const std::vector<uint8_t>* is_target_;
  std::vector<int32_t> dist_, parent_, queue_;
  int64_t runs_ = 0;
};

struct DiameterResult {
  int64_t diameter = 0;  // in edges of the graph given
  int64_t bfs_runs = 0;  // BFS the computation needed
};

// The target on the last BFS's path from its source to `far` that is closest
// to the middle (at distance floor(d/2) from the source, or the nearest
// target towards the source when that node is not a target).
inline int32_t middle_target(const Bfs& bfs, int32_t far) {
  const int32_t half = bfs.distance(far) / 2;
  int32_t v = far;
  while (bfs.distance(v) > half) v = bfs.parent(v);
  while (!bfs.target(v)) v = bfs.parent(v);
  return v;
}

// Exact largest distance between two targets of the component of `start`
// (a target). With is_target null every node is a target.
inline DiameterResult exact_diameter(const CsrGraph& g, int32_t start,
                                     const std::vector<uint8_t>* is_target = nullptr) {
  if (start < 0 || start >= g.nodes()) throw std::out_of_range("exact_diameter: start node out of range");
  Bfs bfs(g, is_target);
  if (!bfs.target(start)) throw std::invalid_argument("exact_diameter: start node is not a target");
  // 4-sweep: start -> a1 -> (b1; r2 = middle) -> a2 -> (b2; u = middle).
  const int32_t a1 = bfs.run(start).farthest;
  const Bfs::Result from_a1 = bfs.run(a1);
  int64_t lb = from_a1.eccentricity;
  const int32_t r2 = middle_target(bfs, from_a1.farthest);  // uses the parents of the BFS from a1
  const int32_t a2 = bfs.run(r2).farthest;
  const Bfs::Result from_a2 = bfs.run(a2);
  lb = std::max<int64_t>(lb, from_a2.eccentricity);
  const int32_t root = middle_target(bfs, from_a2.farthest);

  // Fringes of the root: targets by level.
  const Bfs::Result from_root = bfs.run(root);
  lb = std::max<int64_t>(lb, from_root.eccentricity);
  std::vector<std::vector<int32_t>> levels(static_cast<size_t>(from_root.eccentricity) + 1);
  for (int32_t v : bfs.reached())
    if (bfs.target(v)) levels[bfs.distance(v)].push_back(v);

  for (int64_t i = from_root.eccentricity; i > 0; --i) {
    if (levels[i].empty()) continue;
    // Pairs with a target above level i are covered; the rest are <= 2 i apart.
    if (lb >= 2 * i) break;
    for (int32_t v : levels[i]) {
      lb = std::max<int64_t>(lb, bfs.run(v).eccentricity);
      if (lb >= 2 * i) break;  // the upper bound is reached: nothing can exceed it
    }
  }
  return {lb, bfs.runs()};
}

}  // namespace chorus::network_hashtags
