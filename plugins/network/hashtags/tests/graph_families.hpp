// Seeded graph families for the diameter tests (and the benchmark): the
// shapes where iFUB's bounds matter (paths, trees, grids, long cycles) and
// sparse random graphs with several components, drawn with the SDK's splitmix64.
#pragma once

#include <chorus/sdk/random.hpp>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace chorus::network_hashtags::testing {

// The SDK's seeded generator with a signed draw, for index arithmetic.
struct SplitMix64 : sdk::SplitMix64 {
  using sdk::SplitMix64::SplitMix64;
  int32_t below(int64_t n) { return static_cast<int32_t>(sdk::SplitMix64::below(static_cast<uint64_t>(n))); }
};

struct EdgeListGraph {
  std::string name;
  int32_t nodes = 0;
  std::vector<std::pair<int32_t, int32_t>> edges;  // undirected, no loops, no duplicates
};

// Adds edge {a, b} unless it is a loop or already present.
inline void add_edge(EdgeListGraph& g, std::set<std::pair<int32_t, int32_t>>& seen, int32_t a, int32_t b) {
  if (a == b) return;
  if (a > b) std::swap(a, b);
  if (seen.insert({a, b}).second) g.edges.push_back({a, b});
}

// Relabels nodes by a seeded permutation so no family is in BFS-friendly order.
inline EdgeListGraph shuffled(EdgeListGraph g, SplitMix64& rng) {
  std::vector<int32_t> perm(static_cast<size_t>(g.nodes));
  for (int32_t i = 0; i < g.nodes; ++i) perm[i] = i;
  for (int32_t i = g.nodes - 1; i > 0; --i) std::swap(perm[i], perm[rng.below(i + 1)]);
  for (auto& [a, b] : g.edges) {
    a = perm[a];
    b = perm[b];
    if (a > b) std::swap(a, b);
  }
  return g;
}

inline EdgeListGraph path_graph(int32_t n, int32_t chords, SplitMix64& rng) {
  EdgeListGraph g{"path", n, {}};
  std::set<std::pair<int32_t, int32_t>> seen;
  for (int32_t i = 0; i + 1 < n; ++i) add_edge(g, seen, i, i + 1);
  for (int32_t k = 0; k < chords; ++k) {  // short chords keep it path-like
    int32_t a = rng.below(n);
    add_edge(g, seen, a, std::min(n - 1, a + 2 + rng.below(3)));
  }
  return shuffled(g, rng);
}

inline EdgeListGraph random_tree(int32_t n, SplitMix64& rng) {
  EdgeListGraph g{"tree", n, {}};
  std::set<std::pair<int32_t, int32_t>> seen;
  for (int32_t i = 1; i < n; ++i) add_edge(g, seen, i, std::max(0, i - 1 - rng.below(4)));  // deep, thin
  return shuffled(g, rng);
}

inline EdgeListGraph grid_graph(int32_t rows, int32_t cols, int32_t removed, SplitMix64& rng) {
  EdgeListGraph g{"grid", rows * cols, {}};
  std::set<std::pair<int32_t, int32_t>> seen, drop;
  for (int32_t k = 0; k < removed; ++k) {
    int32_t v = rng.below(rows * cols);
    drop.insert({v, v + 1});
  }
  for (int32_t r = 0; r < rows; ++r)
    for (int32_t c = 0; c < cols; ++c) {
      const int32_t v = r * cols + c;
      if (c + 1 < cols && !drop.count({v, v + 1})) add_edge(g, seen, v, v + 1);
      if (r + 1 < rows) add_edge(g, seen, v, v + cols);
    }
  return shuffled(g, rng);
}

inline EdgeListGraph cycle_graph(int32_t n, int32_t chords, SplitMix64& rng) {
  EdgeListGraph g{"cycle", n, {}};
  std::set<std::pair<int32_t, int32_t>> seen;
  for (int32_t i = 0; i < n; ++i) add_edge(g, seen, i, (i + 1) % n);
  for (int32_t k = 0; k < chords; ++k) add_edge(g, seen, rng.below(n), rng.below(n));
  return shuffled(g, rng);
}

// G(n, m): with m close to n / 2 it falls apart into many components.
inline EdgeListGraph sparse_random(int32_t n, int64_t m, SplitMix64& rng) {
  EdgeListGraph g{"random", n, {}};
  std::set<std::pair<int32_t, int32_t>> seen;
  while (static_cast<int64_t>(g.edges.size()) < m) add_edge(g, seen, rng.below(n), rng.below(n));
  return g;
}

// Preferential attachment (each new node links to `links` endpoints of earlier edges).
inline EdgeListGraph power_law(int32_t n, int32_t links, SplitMix64& rng) {
  EdgeListGraph g{"power_law", n, {}};
  std::set<std::pair<int32_t, int32_t>> seen;
  std::vector<int32_t> ends{0, 1};
  add_edge(g, seen, 0, 1);
  for (int32_t v = 2; v < n; ++v)
    for (int32_t k = 0; k < links; ++k) {
      const int32_t u = ends[static_cast<size_t>(rng.below(static_cast<int64_t>(ends.size())))];
      const size_t before = g.edges.size();
      add_edge(g, seen, v, u);
      if (g.edges.size() > before) {
        ends.push_back(u);
        ends.push_back(v);
      }
    }
  return g;
}

}  // namespace chorus::network_hashtags::testing
