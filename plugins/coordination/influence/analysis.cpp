#include "analysis.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace chorus::coordination_influence {

Result analyse(ActivityBuilder& builder, const Config& o) {
  Result r;
  r.activity = builder.finish();
  const Activity& act = r.activity;
  r.network = build_network(act.cells, act.accounts.size(), act.entity_type, act.bins, o);
  if (o.split_at_ms) {
    const int64_t split = floor_div(*o.split_at_ms, o.bin_ms) - act.first_bin;
    if (split < 2 || split > act.bins - 2)
      throw std::invalid_argument("with.split_at: must leave at least 2 bins of the window on each side (window of " +
                                  std::to_string(act.bins) + " bins, split at bin " + std::to_string(split) + ")");
    std::vector<Cell> early, late;
    for (const Cell& c : act.cells)
      if (c.bin < split)
        early.push_back(c);
      else
        late.push_back({c.entity, static_cast<uint32_t>(c.bin - split), c.account});
    r.has_split = true;
    r.before = build_network(early, act.accounts.size(), act.entity_type, split, o);
    r.after = build_network(late, act.accounts.size(), act.entity_type, act.bins - split, o);
  }
  return r;
}

std::vector<Score> scores_of(const std::vector<Edge>& edges, size_t accounts) {
  std::vector<Score> s(accounts);
  for (const Edge& e : edges) {  // edges are in (source, target) order: sums are deterministic
    s[e.source].out_weight += e.weight, ++s[e.source].out_edges;
    s[e.target].in_weight += e.weight, ++s[e.target].in_edges;
  }
  return s;
}
std::vector<uint32_t> rank_order(const std::vector<Score>& s) {
  std::vector<uint32_t> order(s.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    if (s[x].out_weight != s[y].out_weight) return s[x].out_weight > s[y].out_weight;
    return s[x].out_weight + s[x].in_weight > s[y].out_weight + s[y].in_weight;
  });
  return order;
}

NetworkMatrix estimate_network_matrix(const Result& r, const Config& o) {
  std::vector<uint32_t> order = rank_order(scores_of(r.network.edges[o.scores_type], r.activity.accounts.size()));
  order.resize(std::min(order.size(), static_cast<size_t>(o.network_matrix_accounts)));
  return estimate_network_matrix_for(r.activity, order, o);
}

}  // namespace chorus::coordination_influence
