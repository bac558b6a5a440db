#include "exact_diameter.hpp"

#include <algorithm>
#include <climits>
#include <stdexcept>

namespace chorus::network_hashtags {

CsrGraph CsrGraph::from_edges(int32_t n, const std::vector<std::pair<int32_t, int32_t>>& edges) {
  CsrGraph g;
  g.offsets.assign(static_cast<size_t>(n) + 1, 0);
  for (const auto& [a, b] : edges) {
    ++g.offsets[a + 1];
    ++g.offsets[b + 1];
  }
  for (int32_t v = 0; v < n; ++v) g.offsets[v + 1] += g.offsets[v];
  g.targets.resize(static_cast<size_t>(g.offsets[n]));
  std::vector<int64_t> fill(g.offsets.begin(), g.offsets.end() - 1);
  for (const auto& [a, b] : edges) {
    g.targets[fill[a]++] = b;
    g.targets[fill[b]++] = a;
  }
  for (int32_t v = 0; v < n; ++v)  // sorted neighbour lists: twin detection compares them
    std::sort(g.targets.begin() + g.offsets[v], g.targets.begin() + g.offsets[v + 1]);
  return g;
}

namespace {

// The target on the last BFS's path from its source to `far` that is closest
// to the middle (at distance floor(d/2) from the source, or the nearest
// target towards the source when that node is not a target).
int32_t middle_target(const Bfs& bfs, int32_t far) {
  const int32_t half = bfs.distance(far) / 2;
  int32_t v = far;
  while (bfs.distance(v) > half) v = bfs.parent(v);
  while (!bfs.target(v)) v = bfs.parent(v);
  return v;
}

// The node (target or not) on the last BFS's path from its source to `far`
// at distance floor(d/2) from the source. In a bipartite graph whose targets
// are one side, a path between targets of odd projected length has a
// non-target in the middle: a root there has eccentricity d/2 exactly, where
// every target has more (the projection's centre lies "on an edge").
int32_t middle_node(const Bfs& bfs, int32_t far) {
  const int32_t half = bfs.distance(far) / 2;
  int32_t v = far;
  while (bfs.distance(v) > half) v = bfs.parent(v);
  return v;
}

// Targets of one fringe with pairwise different neighbour lists: twins
// (equal neighbour lists, e.g. accounts that used exactly the same hashtags,
// or leaves hanging from one node) have equal eccentricities, so one BFS
// serves them all. Neighbour lists must be sorted (CsrGraph::from_edges does).
std::vector<int32_t> without_twins(const CsrGraph& g, const std::vector<int32_t>& level) {
  std::vector<std::pair<uint64_t, int32_t>> keyed;
  keyed.reserve(level.size());
  for (int32_t v : level) {
    uint64_t h = 1469598103934665603ULL ^ static_cast<uint64_t>(g.degree(v));
    for (int64_t k = g.offsets[v]; k < g.offsets[v + 1]; ++k)
      h = (h ^ static_cast<uint64_t>(g.targets[k])) * 1099511628211ULL;
    keyed.push_back({h, v});
  }
  std::sort(keyed.begin(), keyed.end());
  auto same_neighbours = [&](int32_t a, int32_t b) {
    return g.degree(a) == g.degree(b) &&
           std::equal(g.targets.begin() + g.offsets[a], g.targets.begin() + g.offsets[a + 1],
                      g.targets.begin() + g.offsets[b]);
  };
  std::vector<int32_t> out;
  for (size_t i = 0; i < keyed.size(); ++i) {
    bool twin = false;
    for (size_t j = i; j-- > 0 && keyed[j].first == keyed[i].first;)
      if (same_neighbours(keyed[j].second, keyed[i].second)) {
        twin = true;
        break;
      }
    if (!twin) out.push_back(keyed[i].second);
  }
  return out;
}

}  // namespace

// Exact largest distance between two targets of the component of `start`
// (a target). With is_target null every node is a target.
//
// The root: iFUB stops at once when the root's eccentricity is D/2, and every
// level above floor(D/2) costs one BFS per target in it, so the root is the
// candidate of smallest eccentricity (then fewest targets at its deepest
// level) among the middles of the 4-sweep's two paths (the middle targets
// and, when the exact middle node is not a target, that node too) and the
// start (the caller passes a high-degree node). When the root's deepest
// target level k already has lb >= 2 k the result is final; otherwise BFS
// from kHubs hubs tighten the bounds before the fringes are walked.
DiameterResult exact_diameter(const CsrGraph& g, int32_t start, const std::vector<uint8_t>* is_target) {
  if (start < 0 || start >= g.nodes()) throw std::out_of_range("exact_diameter: start node out of range");
  Bfs bfs(g, is_target);
  if (!bfs.target(start)) throw std::invalid_argument("exact_diameter: start node is not a target");
  // Upper bounds of eccentricities, ecc(v) <= d(v, w) + ecc(w) for every BFS
  // source w so far: a fringe target whose bound is <= lb cannot raise lb and
  // needs no BFS (fringe targets come in clusters, e.g. the leaves of one
  // branch, and one BFS from a cluster settles its neighbours).
  std::vector<int32_t> ecc_upper(static_cast<size_t>(g.nodes()), INT32_MAX);
  auto tighten = [&](int32_t ecc) {
    for (int32_t v : bfs.reached()) ecc_upper[v] = std::min(ecc_upper[v], ecc + bfs.distance(v));
  };

  struct Candidate {
    int32_t node;
    int32_t ecc;
    int64_t top;
  };  // top: targets at depth ecc
  auto measure = [&](int32_t node, const Bfs::Result& r) {
    tighten(r.eccentricity);
    int64_t top = 0;
    for (int32_t v : bfs.reached()) top += bfs.target(v) && bfs.distance(v) == r.eccentricity;
    return Candidate{node, r.eccentricity, top};
  };
  std::vector<Candidate> candidates;
  // 4-sweep: start -> a1 -> (b1; r2 = middle) -> a2 -> (b2; r3 = middle).
  const Bfs::Result from_start = bfs.run(start);
  candidates.push_back(measure(start, from_start));
  const Bfs::Result from_a1 = bfs.run(from_start.farthest);
  tighten(from_a1.eccentricity);
  int64_t lb = from_a1.eccentricity;
  const int32_t r2 = middle_target(bfs, from_a1.farthest);  // uses the parents of the BFS from a1
  const int32_t m2 = middle_node(bfs, from_a1.farthest);
  const Bfs::Result from_r2 = bfs.run(r2);
  candidates.push_back(measure(r2, from_r2));
  const Bfs::Result from_a2 = bfs.run(from_r2.farthest);
  tighten(from_a2.eccentricity);
  lb = std::max<int64_t>(lb, from_a2.eccentricity);
  const int32_t r3 = middle_target(bfs, from_a2.farthest);
  const int32_t m3 = middle_node(bfs, from_a2.farthest);
  const Bfs::Result from_r3 = bfs.run(r3);
  candidates.push_back(measure(r3, from_r3));
  std::vector<int32_t> component(bfs.reached().begin(), bfs.reached().end());  // the BFS from r3
  // Non-target middles (the bipartite case): candidates too; the fringe
  // argument below holds for a root of any kind.
  if (!bfs.target(m2)) candidates.push_back(measure(m2, bfs.run(m2, /*parents=*/false)));
  if (!bfs.target(m3) && m3 != m2) candidates.push_back(measure(m3, bfs.run(m3, /*parents=*/false)));
  int32_t hub = -1;  // the non-target of highest degree (smallest index on ties): the most used hashtag
  for (int32_t v : component)
    if (!bfs.target(v) && (hub < 0 || g.degree(v) > g.degree(hub) || (g.degree(v) == g.degree(hub) && v < hub)))
      hub = v;
  if (hub >= 0 && hub != m2 && hub != m3) candidates.push_back(measure(hub, bfs.run(hub, /*parents=*/false)));
  const Candidate root = *std::min_element(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    return a.ecc != b.ecc ? a.ecc < b.ecc : a.top < b.top;
  });

  // Fringes of the root: targets by level.
  const Bfs::Result from_root = bfs.run(root.node, /*parents=*/false);
  if (bfs.target(root.node)) lb = std::max<int64_t>(lb, from_root.eccentricity);  // a distance between targets
  std::vector<std::vector<int32_t>> levels(static_cast<size_t>(from_root.eccentricity) + 1);
  for (int32_t v : bfs.reached())
    if (bfs.target(v)) levels[bfs.distance(v)].push_back(v);
  tighten(from_root.eccentricity);
  int64_t top_level = from_root.eccentricity;
  while (top_level > 0 && levels[top_level].empty()) --top_level;
  if (lb >= 2 * top_level) return {lb, bfs.runs()};  // every pair is within 2 top_level through the root

  // Hubs: BFS from the targets of highest degree (smallest index on ties)
  // bound the eccentricity of all their neighbours by ecc(hub) + 1. In small
  // worlds (odd diameter D, radius (D+1)/2: every fringe node would need its
  // own BFS) a few hubs settle most of the fringe; elsewhere they cost
  // kHubs BFS, hence only when the root alone does not settle the diameter.
  constexpr size_t kHubs = 64;  // 1M-interaction bench: 16 hubs 1357 BFS, 64 hubs 230, 256 hubs 273
  std::vector<int32_t> hubs;
  for (int32_t v : component)
    if (bfs.target(v)) hubs.push_back(v);
  const size_t hub_count = std::min(kHubs, hubs.size());
  std::partial_sort(hubs.begin(), hubs.begin() + hub_count, hubs.end(), [&](int32_t a, int32_t b) {
    return g.degree(a) != g.degree(b) ? g.degree(a) > g.degree(b) : a < b;
  });
  for (size_t k = 0; k < hub_count; ++k) {
    const Bfs::Result r = bfs.run(hubs[k], /*parents=*/false);
    lb = std::max<int64_t>(lb, r.eccentricity);
    tighten(r.eccentricity);
  }

  for (int64_t i = top_level; i > 0; --i) {
    if (levels[i].empty()) continue;
    // Pairs with a target above level i are covered; the rest are <= 2 i apart.
    if (lb >= 2 * i) break;
    for (int32_t v : without_twins(g, levels[i])) {
      if (ecc_upper[v] <= lb) continue;
      const int32_t ecc = bfs.run(v, /*parents=*/false).eccentricity;
      lb = std::max<int64_t>(lb, ecc);
      if (lb >= 2 * i) break;  // the upper bound is reached: nothing can exceed it
      tighten(ecc);
    }
  }
  return {lb, bfs.runs()};
}

}  // namespace chorus::network_hashtags
