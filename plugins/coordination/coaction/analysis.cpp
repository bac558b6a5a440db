#include "analysis.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace chorus::coordination_coaction {

int64_t window_ms(const Config& c) {
  const double ms = c.window_s * 1000.0;
  return ms >= 1e18 ? int64_t{1000000000000000000} : static_cast<int64_t>(std::llround(ms));
}

Result analyse(ShareTable table, const Config& cfg, const std::function<bool()>& cancelled) {
  Result res;
  res.table = std::move(table);
  const ShareTable& t = res.table;
  const int64_t w = window_ms(cfg);
  const KeyIndex x = build_key_index(t, t.post_time_ms);
  const int64_t min_shares = cfg.edges.semantics == Semantics::CooRTweet ? cfg.edges.min_participation : 0;
  const Prepared prep = prepare(t, x, w, cfg.max_pairs_per_object, min_shares);
  for (size_t k = 0; k < t.num_keys(); ++k) {
    if (prep.key_excluded[k])
      res.capped.push_back({t.keys[k], x.key_begin[k + 1] - x.key_begin[k], prep.key_pairs[k]});
    else
      res.pairs_within_window += prep.key_pairs[k];
  }
  std::sort(res.capped.begin(), res.capped.end(), [](const CappedObject& a, const CappedObject& b) {
    return a.pairs != b.pairs ? a.pairs > b.pairs : a.key < b.key;
  });
  res.pair_stats = gather_pair_stats(t, prep, x, w);
  const PairStats& ps = res.pair_stats;
  res.visits = ps.visits;
  res.directed_pairs = 2 * static_cast<int64_t>(ps.size());
  res.network = build_network(ps, cfg.edges);
  res.shares_of_account = prep.shares_of_account;
  res.coordinated_posts = ps.coordinated_posts;
  res.posts_of_account.resize(t.num_accounts());
  for (size_t a = 0; a < t.num_accounts(); ++a)
    res.posts_of_account[a] = prep.posts_of_account.begin[a + 1] - prep.posts_of_account.begin[a];
  if (cfg.permutations > 0) {
    std::vector<TestedEdge> tested;
    tested.reserve(res.network.size());
    for (size_t k = 0; k < res.network.size(); ++k) {
      const Edge e = res.edge(k);
      tested.push_back({e.source, e.target, e.weight});
    }
    const Statistic stat = cfg.edges.semantics == Semantics::Toolkit ? Statistic::Posts : Statistic::Pairs;
    NullOutcome n =
        permutation_test(t, prep, x, w, tested, cfg.null_model, stat, cfg.permutations, cfg.seed, cancelled);
    res.p_value = std::move(n.p_value);
    res.z = std::move(n.z);
    res.permutations_done = n.permutations_done;
  }
  return res;
}

}  // namespace chorus::coordination_coaction
