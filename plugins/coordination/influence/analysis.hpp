// coordination/influence, what the stage computes before it becomes
// batches: the Active cells, the network (and the networks before and after
// split_at), the scores ranking and the EM network matrix. Host-free: the
// benchmark times it.
#pragma once

#include <cstdint>
#include <vector>

#include "activity.hpp"
#include "influence_stage.hpp"
#include "network.hpp"
#include "network_matrix.hpp"

namespace chorus::coordination_influence {

// Everything the stage computes, before it becomes batches.
struct Result {
  Activity activity;
  Network network;
  bool has_split = false;
  Network before, after;
  NetworkMatrix matrix;
};

// Finishes the builder's activity and builds the networks (throws naming
// with.split_at when the split leaves fewer than 2 bins on a side).
Result analyse(ActivityBuilder& builder, const Config& o);

// Scores of one edge list: out/in sums and the rank by out_weight.
struct Score {
  double out_weight = 0, in_weight = 0;
  int64_t out_edges = 0, in_edges = 0;
};
std::vector<Score> scores_of(const std::vector<Edge>& edges, size_t accounts);
// Account order of the scores table: out_weight descending, then total
// descending, then account id (byte order) ascending.
std::vector<uint32_t> rank_order(const std::vector<Score>& s);

// D by EM for the top network_matrix_accounts accounts of the scores ranking.
NetworkMatrix estimate_network_matrix(const Result& r, const Config& o);

}  // namespace chorus::coordination_influence
