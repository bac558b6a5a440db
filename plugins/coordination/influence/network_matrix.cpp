#include "network_matrix.hpp"

#include <algorithm>

namespace chorus::coordination_influence {

Schema network_matrix_schema() {
  return {{"influenced", {TypeId::Utf8}},
          {"influencer", {TypeId::Utf8}},
          {"d", {TypeId::Float64}},
          {"log_likelihood", {TypeId::Float64}},
          {"iterations", {TypeId::Int64}}};
}

NetworkMatrix estimate_network_matrix_for(const Activity& act, const std::vector<uint32_t>& sites, const Config& o) {
  NetworkMatrix out;
  out.sites = sites;
  const size_t k = sites.size();
  const int64_t bins = act.bins, n = bins - 1;
  if (k == 0 || bins < 2) return out;
  std::vector<int64_t> site_of(act.accounts.size(), -1);
  for (size_t s = 0; s < k; ++s) site_of[sites[s]] = static_cast<int64_t>(s);
  std::vector<std::vector<double>> p(k), mult(k);
  std::vector<std::vector<uint32_t>> active(k);  // bins of each site on the current entity
  for (size_t c = 0; c < act.cells.size();) {
    const uint32_t entity = act.cells[c].entity;
    for (auto& v : active) v.clear();
    bool any = false;
    for (; c < act.cells.size() && act.cells[c].entity == entity; ++c)
      if (site_of[act.cells[c].account] >= 0)
        active[static_cast<size_t>(site_of[act.cells[c].account])].push_back(act.cells[c].bin), any = true;
    if (!any) continue;
    auto is_active = [&](size_t s, int64_t bin) {
      return std::binary_search(active[s].begin(), active[s].end(), static_cast<uint32_t>(bin));
    };
    // A^e_ji for all ordered site pairs from the counts a_j, b_i, c_ji.
    std::vector<int64_t> a(k, 0), b(k, 0);
    for (size_t s = 0; s < k; ++s)
      for (uint32_t bin : active[s]) a[s] += bin <= bins - 2, b[s] += bin >= 1;
    std::vector<Pair2x2> blocks(k * k);  // blocks[j * k + i] = A_ji
    for (size_t j = 0; j < k; ++j)
      for (size_t i = 0; i < k; ++i) {
        int64_t lag = 0;
        for (uint32_t bin : active[j])
          if (bin + 1 < bins && is_active(i, bin + 1)) ++lag;
        blocks[j * k + i] = pair_matrix(a[j], b[i], lag, n, o.laplace);
      }
    // Event steps: t with some site active at t-1 (any i) or i active at t.
    std::vector<uint32_t> shared;
    for (size_t s = 0; s < k; ++s)
      for (uint32_t bin : active[s])
        if (bin + 1 < bins) shared.push_back(bin + 1);
    for (size_t i = 0; i < k; ++i) {
      std::vector<uint32_t> events = shared;
      for (uint32_t bin : active[i])
        if (bin >= 1) events.push_back(bin);
      std::sort(events.begin(), events.end());
      events.erase(std::unique(events.begin(), events.end()), events.end());
      for (uint32_t t : events) {
        const int now = is_active(i, t) ? 1 : 0;
        for (size_t j = 0; j < k; ++j) p[i].push_back(blocks[j * k + i].a[is_active(j, int64_t{t} - 1) ? 1 : 0][now]);
        mult[i].push_back(1.0);
      }
      const double quiet = static_cast<double>(n - static_cast<int64_t>(events.size()));
      if (quiet > 0) {
        for (size_t j = 0; j < k; ++j) p[i].push_back(blocks[j * k + i].a[0][0]);
        mult[i].push_back(quiet);
      }
    }
  }
  for (size_t i = 0; i < k; ++i)
    out.rows.push_back(em_influence_row(p[i], mult[i], k, o.em_max_iterations, o.em_tolerance));
  return out;
}

// Rows in the order of the sites (rank order), influencers in the same order.
Batch network_matrix_batch(const NetworkMatrix& m, const Activity& act) {
  Batch b(network_matrix_schema());
  for (size_t i = 0; i < m.rows.size(); ++i)
    for (size_t j = 0; j < m.sites.size(); ++j) {
      b.column(0).append_string(act.accounts[m.sites[i]]);
      b.column(1).append_string(act.accounts[m.sites[j]]);
      b.column(2).append_double(m.rows[i].alpha[j]);
      b.column(3).append_double(m.rows[i].log_likelihood);
      b.column(4).append_int(m.rows[i].iterations);
    }
  return b;
}

}  // namespace chorus::coordination_influence
