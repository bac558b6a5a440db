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
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <chorus/sdk.hpp>

namespace chorus::network {

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
inline std::optional<double> freeman(const std::vector<int64_t>& x, double denominator) {
  if (x.size() < 2 || denominator <= 0) return std::nullopt;
  const int64_t mx = *std::max_element(x.begin(), x.end());
  double sum = 0;
  for (int64_t v : x) sum += static_cast<double>(mx - v);
  return sum / denominator;
}

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
    if (!target) { ++s.external; return; }
    if (*source == *target) { ++s.intra; return; }
    ++s.inter_out;
    ++totals(*target).inter_in;
    ++weights_[{std::string(*source), std::string(*target)}];
  }
  void add_isolate(std::optional<std::string_view> state) {
    if (!state) ++unattributed_isolates_;
    else ++totals(*state).isolates;
  }

  // The per-state table, in state byte order.
  std::vector<StateMeasures> states() const {
    int64_t total_out = 0, total_in = 0;
    for (const auto& [name, t] : totals_) total_out += t.inter_out, total_in += t.inter_in;
    std::vector<StateMeasures> out;
    for (const auto& [name, t] : totals_) {
      StateMeasures m;
      m.state = name;
      m.totals = t;
      m.out_strength = t.inter_out;
      m.in_strength = t.inter_in;
      for (const auto& [pair, w] : weights_) {
        if (pair.first == name) ++m.out_degree, m.reciprocated_strength += std::min(w, weight(pair.second, name));
        if (pair.second == name) ++m.in_degree;
      }
      if (total_out > 0) m.inter_out_share = static_cast<double>(t.inter_out) / static_cast<double>(total_out);
      if (total_in > 0) m.inter_in_share = static_cast<double>(t.inter_in) / static_cast<double>(total_in);
      const double rec = static_cast<double>(m.reciprocated_strength);
      if (m.out_strength + m.in_strength > 0)
        m.reciprocity = 2 * rec / static_cast<double>(m.out_strength + m.in_strength);
      if (m.out_strength > 0) m.reciprocity_out = rec / static_cast<double>(m.out_strength);
      if (m.in_strength > 0) m.reciprocity_in = rec / static_cast<double>(m.in_strength);
      out.push_back(std::move(m));
    }
    return out;
  }

  // The inter-state edges (w_ij > 0), in (source, target) byte order.
  std::vector<PairMeasures> pairs() const {
    std::vector<PairMeasures> out;
    for (const auto& [pair, w] : weights_) out.push_back({pair.first, pair.second, w, weight(pair.second, pair.first)});
    return out;
  }

  NetworkMeasures network() const {
    NetworkMeasures n;
    const std::vector<StateMeasures> st = states();
    n.states = static_cast<int64_t>(st.size());
    std::vector<int64_t> kin, kout, sin, sout;
    for (const auto& s : st) {
      kin.push_back(s.in_degree), kout.push_back(s.out_degree);
      sin.push_back(s.in_strength), sout.push_back(s.out_strength);
      n.intra += s.totals.intra, n.external += s.totals.external, n.isolates += s.totals.isolates;
    }
    n.unattributed = unattributed_;
    n.isolates += unattributed_isolates_;
    n.unattributed_isolates = unattributed_isolates_;
    for (const auto& p : pairs()) {
      ++n.edges;
      n.total_weight += p.weight;
      n.reciprocated_weight += std::min(p.weight, p.reverse);
      n.reciprocated_edges += p.reverse > 0;
    }
    if (n.total_weight > 0)
      n.reciprocity = static_cast<double>(n.reciprocated_weight) / static_cast<double>(n.total_weight);
    if (n.edges > 0) n.reciprocity_binary = static_cast<double>(n.reciprocated_edges) / static_cast<double>(n.edges);
    const double m = static_cast<double>(n.states - 1);
    n.in_degree_centralization = freeman(kin, m * m);
    n.out_degree_centralization = freeman(kout, m * m);
    n.in_strength_centralization = freeman(sin, m * static_cast<double>(n.total_weight));
    n.out_strength_centralization = freeman(sout, m * static_cast<double>(n.total_weight));
    return n;
  }

 private:
  StateTotals& totals(std::string_view state) {
    auto it = totals_.find(state);
    if (it == totals_.end()) it = totals_.emplace(std::string(state), StateTotals{}).first;
    return it->second;
  }
  int64_t weight(const std::string& i, const std::string& j) const {
    auto it = weights_.find({i, j});
    return it == weights_.end() ? 0 : it->second;
  }

  std::map<std::string, StateTotals, std::less<>> totals_;
  std::map<std::pair<std::string, std::string>, int64_t> weights_;
  int64_t unattributed_ = 0, unattributed_isolates_ = 0;
};

}  // namespace chorus::network
