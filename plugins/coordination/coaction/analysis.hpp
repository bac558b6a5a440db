// coordination/coaction, the analysis without a host: from the shares to the
// network (key index, object cost and cap, pair statistics, edges) and the
// null model's p-values. What the stage does after reading posts, and what
// the benchmark times.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "coaction_core.hpp"
#include "coaction_stage.hpp"
#include "network.hpp"
#include "null_model.hpp"

namespace chorus::coordination_coaction {

// with.window in milliseconds (rounded; a window beyond every time span,
// over 10^15 s, is clamped to 10^18 ms, which is as wide).
int64_t window_ms(const Config& c);

struct CappedObject {
  std::string key;
  int64_t shares;
  uint64_t pairs;
};

struct Result {
  ShareTable table;
  PairStats pair_stats;
  Network network;
  std::vector<double> p_value, z;  // per network edge; empty when permutations = 0
  int permutations_done = 0;
  std::vector<CappedObject> capped;
  std::vector<int64_t> shares_of_account, posts_of_account, coordinated_posts;
  uint64_t pairs_within_window = 0;  // all keys not capped, unordered, incl. same-account pairs
  uint64_t visits = 0;
  int64_t directed_pairs = 0;

  size_t num_edges() const { return network.size(); }
  Edge edge(size_t k) const { return network.edge(pair_stats, k); }
};

Result analyse(ShareTable table, const Config& cfg, const std::function<bool()>& cancelled = {});

}  // namespace chorus::coordination_coaction
