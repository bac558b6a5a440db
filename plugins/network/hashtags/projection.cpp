#include "projection.hpp"

#include <algorithm>

namespace chorus::network_hashtags {

int64_t default_heavy_min_accounts(int32_t accounts) { return std::max<int64_t>(64, accounts / 64); }

ProjectionDegrees projection_degrees(const CsrGraph& g, int32_t accounts, int64_t heavy_min_accounts) {
  const int32_t n = accounts;
  ProjectionDegrees out;
  out.degree.assign(static_cast<size_t>(n), 0);
  if (n == 0) return out;
  if (heavy_min_accounts < 0) heavy_min_accounts = default_heavy_min_accounts(n);

  // Heavy hashtags get a rank 0..H-1 (in node order) and a bitset.
  const int32_t tags = g.nodes() - n;
  const size_t words = (static_cast<size_t>(n) + 63) / 64;
  std::vector<int32_t> heavy_rank(static_cast<size_t>(tags), -1);
  int32_t heavy = 0;
  for (int32_t t = 0; t < tags; ++t)
    if (g.degree(n + t) >= heavy_min_accounts) heavy_rank[t] = heavy++;
  out.heavy_hashtags = heavy;
  std::vector<uint64_t> bits(static_cast<size_t>(heavy) * words, 0);
  for (int32_t t = 0; t < tags; ++t) {
    if (heavy_rank[t] < 0) continue;
    uint64_t* row = &bits[static_cast<size_t>(heavy_rank[t]) * words];
    for (int64_t k = g.offsets[n + t]; k < g.offsets[n + t + 1]; ++k)
      row[g.targets[k] >> 6] |= uint64_t{1} << (g.targets[k] & 63);
  }

  // Each account's heavy ranks, ascending (neighbour lists are sorted by node
  // id and ranks follow node order), in one flat array.
  std::vector<int64_t> sig_offsets(static_cast<size_t>(n) + 1, 0);
  std::vector<int32_t> sig;
  for (int32_t a = 0; a < n; ++a) {
    for (int64_t k = g.offsets[a]; k < g.offsets[a + 1]; ++k) {
      const int32_t r = heavy_rank[g.targets[k] - n];
      if (r >= 0) sig.push_back(r);
    }
    sig_offsets[a + 1] = static_cast<int64_t>(sig.size());
  }
  std::vector<int32_t> order(static_cast<size_t>(n));
  for (int32_t a = 0; a < n; ++a) order[a] = a;
  auto sig_begin = [&](int32_t a) { return sig.begin() + sig_offsets[a]; };
  auto sig_end = [&](int32_t a) { return sig.begin() + sig_offsets[a + 1]; };
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    const bool less = std::lexicographical_compare(sig_begin(a), sig_end(a), sig_begin(b), sig_end(b));
    if (less) return true;
    if (std::lexicographical_compare(sig_begin(b), sig_end(b), sig_begin(a), sig_end(a))) return false;
    return a < b;  // a total order: the visiting order does not depend on the sort
  });

  // stack[d] = OR of the bitsets of the first d+1 heavy hashtags of the
  // current account's list; valid up to depth `valid`.
  size_t max_depth = 0;
  for (int32_t a = 0; a < n; ++a)
    max_depth = std::max<size_t>(max_depth, static_cast<size_t>(sig_offsets[a + 1] - sig_offsets[a]));
  std::vector<uint64_t> stack(max_depth * words, 0);
  size_t valid = 0;
  int32_t previous = -1;
  int64_t heavy_neighbours = 0;  // popcount of the current OR, minus the account itself

  std::vector<int32_t> stamp(static_cast<size_t>(n), -1);
  for (int32_t a : order) {
    const size_t depth = static_cast<size_t>(sig_offsets[a + 1] - sig_offsets[a]);
    const bool same_list =
        previous >= 0 && std::equal(sig_begin(a), sig_end(a), sig_begin(previous), sig_end(previous));
    if (!same_list) {
      size_t common = 0;
      if (previous >= 0)
        while (common < valid && common < depth && sig[sig_offsets[a] + common] == sig[sig_offsets[previous] + common])
          ++common;
      for (size_t d = common; d < depth; ++d) {
        const uint64_t* row = &bits[static_cast<size_t>(sig[sig_offsets[a] + d]) * words];
        uint64_t* dst = &stack[d * words];
        if (d == 0)
          std::copy(row, row + words, dst);
        else {
          const uint64_t* below = &stack[(d - 1) * words];
          for (size_t w = 0; w < words; ++w) dst[w] = below[w] | row[w];
        }
      }
      valid = depth;
      heavy_neighbours = 0;
      if (depth > 0) {
        const uint64_t* top = &stack[(depth - 1) * words];
        for (size_t w = 0; w < words; ++w) heavy_neighbours += __builtin_popcountll(top[w]);
        heavy_neighbours -= 1;  // a itself uses each of its hashtags
      }
      previous = a;
    }
    out.degree[a] += heavy_neighbours;
    const uint64_t* mask = depth > 0 ? &stack[(depth - 1) * words] : nullptr;
    for (int64_t k = g.offsets[a]; k < g.offsets[a + 1]; ++k) {
      const int32_t tag = g.targets[k];
      if (heavy_rank[tag - n] >= 0) continue;
      const auto begin = g.targets.begin() + g.offsets[tag], end = g.targets.begin() + g.offsets[tag + 1];
      for (auto it = std::upper_bound(begin, end, a); it != end; ++it) {
        const int32_t b = *it;
        if (stamp[b] == a) continue;
        stamp[b] = a;
        if (mask && ((mask[b >> 6] >> (b & 63)) & 1)) continue;  // shares a heavy hashtag: counted above
        ++out.degree[a];
        ++out.degree[b];
      }
    }
  }
  int64_t sum = 0;
  for (int64_t d : out.degree) sum += d;
  out.edges = sum / 2;
  return out;
}

int64_t emit_projection(const CsrGraph& g, int32_t accounts, int64_t max_edges,
                        const std::function<void(int32_t, int32_t, int64_t)>& on_edge) {
  const int32_t n = accounts;
  int64_t emitted = 0;
  if (max_edges <= 0 || n == 0) return 0;
  std::vector<int32_t> common(static_cast<size_t>(n), 0), touched;
  for (int32_t a = 0; a < n && emitted < max_edges; ++a) {
    touched.clear();
    for (int64_t k = g.offsets[a]; k < g.offsets[a + 1]; ++k) {
      const int32_t tag = g.targets[k];
      const auto begin = g.targets.begin() + g.offsets[tag], end = g.targets.begin() + g.offsets[tag + 1];
      for (auto it = std::upper_bound(begin, end, a); it != end; ++it)
        if (common[*it]++ == 0) touched.push_back(*it);
    }
    // In id order: sort a short list; scan the counters when most of the
    // accounts after a were touched (near-complete projections).
    if (touched.size() * 16 < static_cast<size_t>(n - a))
      std::sort(touched.begin(), touched.end());
    else {
      touched.clear();
      for (int32_t b = a + 1; b < n; ++b)
        if (common[b]) touched.push_back(b);
    }
    for (int32_t b : touched) {
      if (emitted < max_edges) {
        on_edge(a, b, common[b]);
        ++emitted;
      }
      common[b] = 0;
    }
  }
  return emitted;
}

}  // namespace chorus::network_hashtags
