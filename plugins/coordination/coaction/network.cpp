#include "network.hpp"

namespace chorus::coordination_coaction {

Network build_network(const PairStats& ps, const EdgeOptions& o) {
  Network net;
  net.semantics = o.semantics;
  const size_t accounts = ps.coordinated_posts.size();
  if (o.semantics == Semantics::Toolkit) {
    // Directed edges sorted by (source, target) without a sort: for source s
    // the targets below s are the lo of entries with hi == s (hi -> lo, in lo
    // order after a stable counting sort by hi), then the targets above s are
    // the hi of entries with lo == s (lo -> hi, contiguous, in hi order).
    net.candidate_edges = 2 * static_cast<int64_t>(ps.size());
    std::vector<int64_t> lo_begin(accounts + 1, 0), hi_begin(accounts + 1, 0);
    for (size_t i = 0; i < ps.size(); ++i) ++lo_begin[ps.lo[i] + 1], ++hi_begin[ps.hi[i] + 1];
    for (size_t a = 0; a < accounts; ++a) lo_begin[a + 1] += lo_begin[a], hi_begin[a + 1] += hi_begin[a];
    // Reverse edges (hi -> lo) that pass min_weight, bucketed by hi; the
    // scatter is the only random access, the merge below is sequential.
    std::vector<int64_t> by_hi(ps.size());
    std::vector<int64_t> hi_end(hi_begin.begin(), hi_begin.end() - 1);
    for (size_t i = 0; i < ps.size(); ++i) {
      if (ps.posts_hi[i] >= o.min_weight)
        by_hi[hi_end[ps.hi[i]]++] = static_cast<int64_t>(2 * i + 1);
      else
        ++net.dropped_min_weight;
    }
    net.codes.reserve(2 * ps.size());
    for (size_t a = 0; a < accounts; ++a) {
      net.codes.insert(net.codes.end(), by_hi.begin() + hi_begin[a], by_hi.begin() + hi_end[a]);
      for (int64_t i = lo_begin[a]; i < lo_begin[a + 1]; ++i) {
        if (ps.posts_lo[i] >= o.min_weight)
          net.codes.push_back(2 * i);
        else
          ++net.dropped_min_weight;
      }
    }
    return net;
  }
  net.qualifies.assign(accounts, 0);
  // CooRTweet's filter_min_participation: rows (post, object) of the
  // account whose content is in a pair, so a post with two objects counts 2.
  for (size_t a = 0; a < accounts; ++a) net.qualifies[a] = ps.coordinated_shares[a] >= o.min_participation;
  std::vector<int64_t> kept;
  net.candidate_edges = static_cast<int64_t>(ps.size());
  for (size_t i = 0; i < ps.size(); ++i) {
    const bool qa = net.qualifies[ps.lo[i]], qb = net.qualifies[ps.hi[i]];
    const bool keep = o.participation_rule == ParticipationRule::Either ? (qa || qb) : (qa && qb);
    if (!keep) {
      ++net.dropped_participation;
      continue;
    }
    kept.push_back(static_cast<int64_t>(i));
  }
  std::vector<double> weights;
  weights.reserve(kept.size());
  for (int64_t i : kept) weights.push_back(static_cast<double>(ps.pairs[i]));
  net.threshold = quantile_type7(std::move(weights), o.percentile);
  for (int64_t i : kept) {
    const double w = static_cast<double>(ps.pairs[i]);
    const bool above = w > net.threshold;
    if (o.only_above_percentile && !above) {
      ++net.dropped_percentile;
      continue;
    }
    if (w < o.min_weight) {
      ++net.dropped_min_weight;
      continue;
    }
    net.codes.push_back(2 * i);
    net.above.push_back(above ? 1 : 0);
  }
  return net;
}

}  // namespace chorus::coordination_coaction
