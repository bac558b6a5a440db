#include "null_model.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace chorus::coordination_coaction {

std::vector<int64_t> permuted_times(const ShareTable& t, const Csr& posts_of_account, SplitMix64& rng) {
  std::vector<int64_t> times = t.post_time_ms;
  for (size_t a = 0; a < t.num_accounts(); ++a) {
    const int64_t b = posts_of_account.begin[a], e = posts_of_account.begin[a + 1];
    for (int64_t i = e - b - 1; i > 0; --i) {
      const int64_t j = static_cast<int64_t>(rng.below(static_cast<uint64_t>(i) + 1));
      std::swap(times[posts_of_account.items[b + i]], times[posts_of_account.items[b + j]]);
    }
  }
  return times;
}

KeyIndex shuffled_within_objects(const KeyIndex& observed, const std::vector<char>& key_excluded, SplitMix64& rng) {
  KeyIndex x = observed;
  for (size_t k = 0; k + 1 < x.key_begin.size(); ++k) {
    if (key_excluded[k]) continue;
    const int64_t b = x.key_begin[k], e = x.key_begin[k + 1];
    for (int64_t i = e - b - 1; i > 0; --i) {
      const int64_t j = b + static_cast<int64_t>(rng.below(static_cast<uint64_t>(i) + 1));
      std::swap(x.share[b + i], x.share[j]);
      std::swap(x.account[b + i], x.account[j]);
      std::swap(x.post[b + i], x.post[j]);
    }
    for (int64_t i = b; i < e; ++i) x.position_of_share[x.share[i]] = i;
  }
  return x;
}

NullOutcome permutation_test(const ShareTable& t, const Prepared& prep, const KeyIndex& observed, int64_t window_ms,
                             const std::vector<TestedEdge>& edges, NullModel model, Statistic stat, int permutations,
                             uint64_t seed, const std::function<bool()>& cancelled) {
  NullOutcome out;
  const size_t m = edges.size();
  std::vector<int64_t> at_least(m, 0);
  std::vector<double> sum(m, 0), sum_sq(m, 0);
  std::vector<int64_t> first_edge(t.num_accounts() + 1, 0);
  std::vector<char> is_source(t.num_accounts(), 0);
  for (const auto& e : edges) ++first_edge[e.source + 1], is_source[e.source] = 1;
  for (size_t a = 0; a < t.num_accounts(); ++a) first_edge[a + 1] += first_edge[a];

  ScanInputs in = scan_inputs(t, prep, window_ms);
  in.scan_account = &is_source;
  int done = 0;
  for (int r = 0; r < permutations && m > 0; ++r) {
    if (cancelled && cancelled()) break;
    SplitMix64 rng{seed + static_cast<uint64_t>(r + 1) * 0x9E3779B97F4A7C15ULL};
    const KeyIndex x = model == NullModel::ObjectTimes
                           ? shuffled_within_objects(observed, prep.key_excluded, rng)
                           : build_key_index(t, permuted_times(t, prep.posts_of_account, rng));
    Scratch scratch(t.num_accounts(), t.num_posts());  // fresh marks: post ids repeat across permutations
    scan_pairs(in, x, scratch, [&](int32_t a, Scratch& s, int64_t) {
      for (int64_t e = first_edge[a]; e < first_edge[a + 1]; ++e) {
        const int32_t b = edges[e].target;
        const double v = stat == Statistic::Posts ? static_cast<double>(s.posts[b]) : static_cast<double>(s.pairs[b]);
        at_least[e] += v >= edges[e].observed;
        sum[e] += v;
        sum_sq[e] += v * v;
      }
    });
    ++done;
  }
  out.permutations_done = done;
  out.p_value.resize(m);
  out.z.resize(m);
  for (size_t e = 0; e < m; ++e) {
    out.p_value[e] = done > 0 ? (1.0 + static_cast<double>(at_least[e])) / (1.0 + done) : std::nan("");
    out.z[e] = std::nan("");
    if (done >= 2) {
      const double mean = sum[e] / done;
      const double var = (sum_sq[e] - done * mean * mean) / (done - 1);
      if (var > 1e-12 * std::max(1.0, mean * mean)) out.z[e] = (edges[e].observed - mean) / std::sqrt(var);
    }
  }
  return out;
}

}  // namespace chorus::coordination_coaction
