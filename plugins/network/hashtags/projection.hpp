// The co-hashtag projection P of the account-hashtag bipartite graph B,
// without building it: exact degrees (hence the edge count) in bounded time
// and memory, and the edge list in (source, target) order up to a cap.
//
// B is a CsrGraph whose nodes 0..n-1 are the accounts and n.. the hashtags,
// with sorted neighbour lists (CsrGraph::from_edges). Accounts a != b are
// adjacent in P when they share a hashtag; the weight is how many they share.
//
// Degrees (projection_degrees): a hashtag used by k accounts is a k-clique of
// P, so walking P pair by pair costs sum_h k_h^2 (about 1e9 pairs when a few
// hashtags are used by nearly every account). Instead hashtags are split:
//  - heavy (k_h >= heavy_min_accounts, by default max(64, n/64)): one bitset
//    over the accounts each. The accounts sharing a heavy hashtag with a are
//    the OR of a's heavy bitsets; popcount(OR) - 1 of them. Accounts are
//    visited in lexicographic order of their heavy-hashtag lists and the
//    partial ORs are kept on a stack, so each distinct list prefix is OR-ed
//    once (n/64 words) and each distinct list popcounted once.
//  - light (the rest): for a, the accounts b > a of a's light hashtags that
//    are not in a's heavy OR, de-duplicated by a stamp array, each adding 1 to
//    the degrees of a and b (pairs sharing a heavy hashtag are already counted
//    by both popcounts).
// Time O(sum_a |heavy(a)| * n/64 + sum_light k_h^2 / 2), in practice far less
// (shared prefixes); memory O(H_heavy * n/8): since every heavy hashtag holds
// at least n/64 incidences, H_heavy <= 64 I / n and the bitsets take at most
// 8 I bytes (I = incidences), plus a stack of the same bound.
//
// Edges (emit_projection): accounts a in id order, for each the accounts
// b > a with their common-hashtag count from a sparse counter, in id order;
// it stops as soon as max_edges edges have been emitted, so its cost is
// bounded by the weights of the emitted edges (plus one account's scan).
//
// The code is in projection.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "exact_diameter.hpp"

namespace chorus::network_hashtags {

struct ProjectionDegrees {
  std::vector<int64_t> degree;  // per account 0..n-1
  int64_t edges = 0;            // sum of degrees / 2
  int64_t heavy_hashtags = 0;   // hashtags counted by bitset (diagnostic)
};

// The default split: a hashtag is heavy when its bitset (n/64 words) costs no
// more per member than enumerating its members (k), and never below 64
// accounts, where enumeration is cheap anyway.
int64_t default_heavy_min_accounts(int32_t accounts);

// Exact projected degree of every account. heavy_min_accounts < 0: the default;
// 0 or 1 makes every hashtag heavy, a value above n none (pure enumeration).
ProjectionDegrees projection_degrees(const CsrGraph& g, int32_t accounts, int64_t heavy_min_accounts = -1);

// Calls on_edge(a, b, weight) for the edges a < b of the projection in
// (a, b) order, the first max_edges of them; returns how many it emitted.
int64_t emit_projection(const CsrGraph& g, int32_t accounts, int64_t max_edges,
                        const std::function<void(int32_t, int32_t, int64_t)>& on_edge);

}  // namespace chorus::network_hashtags
