// network/states, the work without a host: interaction edges (and isolated
// posts) in, the state-level network and its measures out.
//
// Definitions (docs/methods.md):
//   w_ij = number of interaction rows with source_state i and target_state j, i != j
//          (both non-null): the weighted directed inter-state network.
//   s_out_i = sum_j w_ij, s_in_i = sum_j w_ji (= inter_out_i, inter_in_i)
//   reciprocated weight of a pair: min(w_ij, w_ji) (Squartini et al. 2013)
//   s_rec_i = sum_{j != i} min(w_ij, w_ji)
//   reciprocity_i     = 2 s_rec_i / (s_out_i + s_in_i)  (share of i's total strength that is reciprocated)
//   reciprocity_out_i = s_rec_i / s_out_i,  reciprocity_in_i = s_rec_i / s_in_i
//   global r = W_rec / W, W = sum_ij w_ij, W_rec = sum_ij min(w_ij, w_ji)
//   Freeman degree centralization (binary, no loops): sum_i (max_j k_j - k_i) / (n-1)^2
//   strength centralization: sum_i (max_j s_j - s_i) / ((n-1) W)
//
// add_interaction and add_isolate run once per row and stay inline here; the
// measures (states, pairs, network) are in state_network.cpp.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <chorus/sdk.hpp>

namespace chorus::network_states {

struct StateTotals {
  int64_t inter_out = 0, inter_in = 0, intra = 0, external = 0, unattributed_in = 0, isolates = 0;
};

struct StateMeasures {
  std::string state;
  StateTotals totals;
  int64_t out_strength = 0, in_strength = 0, reciprocated_strength = 0;
  int64_t out_degree = 0, in_degree = 0;
  std::optional<double> inter_out_share, inter_in_share, reciprocity, reciprocity_out, reciprocity_in;
};

struct PairMeasures {
  std::string source, target;
  int64_t weight = 0, reverse = 0;
  double reciprocated() const { return static_cast<double>(std::min(weight, reverse)); }
  // 2 min(w_ij, w_ji) / (w_ij + w_ji): r of the two-node network {i, j}.
  double pair_reciprocity() const {
    return 2.0 * static_cast<double>(std::min(weight, reverse)) / static_cast<double>(weight + reverse);
  }
};

struct NetworkMeasures {
  int64_t states = 0, edges = 0, total_weight = 0, reciprocated_weight = 0, reciprocated_edges = 0;
  int64_t intra = 0, external = 0, unattributed = 0, isolates = 0, unattributed_isolates = 0;
  std::optional<double> reciprocity, reciprocity_binary, in_degree_centralization, out_degree_centralization,
      in_strength_centralization, out_strength_centralization;
};

// Freeman centralization of scores x over n nodes: sum_i (max x - x_i) / denominator.
std::optional<double> freeman(const std::vector<int64_t>& x, double denominator);

class StateNetwork {
 public:
  // One interaction: states may be absent (null).
  void add_interaction(std::optional<std::string_view> source, std::optional<std::string_view> target) {
    if (!source) {
      ++unattributed_;
      if (target) ++totals(*target).unattributed_in;
      return;
    }
    StateTotals& s = totals(*source);
    if (!target) {
      ++s.external;
      return;
    }
    if (*source == *target) {
      ++s.intra;
      return;
    }
    ++s.inter_out;
    ++totals(*target).inter_in;
    ++weights_[{std::string(*source), std::string(*target)}];
  }
  void add_isolate(std::optional<std::string_view> state) {
    if (!state)
      ++unattributed_isolates_;
    else
      ++totals(*state).isolates;
  }

  // The per-state table, in state byte order.
  std::vector<StateMeasures> states() const;
  // The inter-state edges (w_ij > 0), in (source, target) byte order.
  std::vector<PairMeasures> pairs() const;
  NetworkMeasures network() const;

 private:
  StateTotals& totals(std::string_view state) {
    auto it = totals_.find(state);
    if (it == totals_.end()) it = totals_.emplace(std::string(state), StateTotals{}).first;
    return it->second;
  }
  int64_t weight(const std::string& i, const std::string& j) const;

  std::map<std::string, StateTotals, std::less<>> totals_;
  std::map<std::pair<std::string, std::string>, int64_t> weights_;
  int64_t unattributed_ = 0, unattributed_isolates_ = 0;
};

}  // namespace chorus::network_states
