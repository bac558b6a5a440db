#include "state_network.hpp"

namespace chorus::network_states {

std::optional<double> freeman(const std::vector<int64_t>& x, double denominator) {
  if (x.size() < 2 || denominator <= 0) return std::nullopt;
  const int64_t mx = *std::max_element(x.begin(), x.end());
  double sum = 0;
  for (int64_t v : x) sum += static_cast<double>(mx - v);
  return sum / denominator;
}

std::vector<StateMeasures> StateNetwork::states() const {
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

std::vector<PairMeasures> StateNetwork::pairs() const {
  std::vector<PairMeasures> out;
  for (const auto& [pair, w] : weights_) out.push_back({pair.first, pair.second, w, weight(pair.second, pair.first)});
  return out;
}

NetworkMeasures StateNetwork::network() const {
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

int64_t StateNetwork::weight(const std::string& i, const std::string& j) const {
  auto it = weights_.find({i, j});
  return it == weights_.end() ? 0 : it->second;
}

}  // namespace chorus::network_states
