// The coordination network from Active cells, by the note's sparse algorithm
// (influence_model.md §5): per-entity A_ij only through the counts a, b, c of
// the closed form (§4.4); candidate pairs only from lag-1 co-activity (i active
// on e in bin k, j active on e in bin k+1), so the cost follows activity, never
// N^2·E·T. No dense N×N and no H matrix is built.
#pragma once

#include <cstdint>
#include <vector>

#include "activity.hpp"
#include "influence_stage.hpp"

namespace chorus::coordination_influence {

struct Edge {
  uint32_t source, target;
  double weight, d_mean;
  int64_t coused, lag1;
};

struct Network {
  std::vector<Edge> edges[kTypes + 1];  // per entity type, then the average; each sorted by (source, target)
  int64_t lag1_events = 0;              // Σ over entity-bins of |U_k|·|U_k+1| (self pairs included)
  int64_t candidate_pairs = 0;          // ordered pairs with at least one lag-1 event
  int passes = 0;
};

// The network of the Active cells (sorted by (entity, bin, account), unique)
// of `accounts` accounts over `bins` bins under the options `o`.
Network build_network(const std::vector<Cell>& cells, size_t accounts, const std::vector<uint8_t>& entity_type,
                      int64_t bins, const Config& o);

}  // namespace chorus::coordination_influence
