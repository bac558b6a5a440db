// coordination/coaction: the two published edge definitions built from the
// pair statistics of coaction_core.hpp.
//
// toolkit (QUT coordination-network-toolkit): directed. w(A->B) = number of
//   distinct posts of A that have a post of B with the same key within +-W
//   (the toolkit's `count(distinct e_1.message_id)`), kept when >= min_weight.
//   Self-loops (A->A) are never produced.
// coortweet (CooRTweet detect_groups + generate_coordinated_network):
//   undirected, source < target. weight = number of share pairs (one share of
//   each account, same object, |dt| <= W). Accounts with fewer than
//   min_participation shares are removed before pairing; afterwards an
//   account "qualifies" with >= min_participation shares (post, object) of
//   its posts that are in at least one pair;
//   an edge is kept when either (CooRTweet) or both of its accounts qualify.
//   Then the percentile threshold (R quantile type 7 of the kept weights):
//   above_percentile = weight > threshold.
#pragma once

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "coaction_core.hpp"

namespace chorus::coordination_coaction {

enum class Semantics { Toolkit, CooRTweet };
enum class ParticipationRule { Either, Both };

struct EdgeOptions {
  Semantics semantics = Semantics::Toolkit;
  double min_weight = 1;
  int64_t min_participation = 2;  // coortweet only
  ParticipationRule participation_rule = ParticipationRule::Either;
  double percentile = 0.5;  // coortweet only
  bool only_above_percentile = false;
};

struct Edge {
  int32_t source = 0, target = 0;
  double weight = 0;
  uint64_t pairs = 0;
  uint32_t posts_source = 0;  // distinct posts of source with a target share within W
  uint32_t posts_target = 0;  // distinct posts of target with a source share within W
  double mean_time_delta_s = 0;
  double symmetry = 0;   // min(posts_source, posts_target) / max(...)
  int above_percentile = -1;  // -1: not defined (toolkit), 0 or 1
};

// The kept edges as codes into PairStats (edges are built on demand: a
// network can have tens of millions of edges). code = 2 * entry + dir; dir 0
// is lo -> hi, dir 1 is hi -> lo (toolkit only).
struct Network {
  Semantics semantics = Semantics::Toolkit;
  std::vector<int64_t> codes;       // sorted by (source, target)
  std::vector<int8_t> above;        // coortweet: per kept edge, weight > threshold
  double threshold = std::nan("");  // coortweet percentile threshold
  int64_t candidate_edges = 0;      // before any edge filter
  int64_t dropped_participation = 0;
  int64_t dropped_percentile = 0;
  int64_t dropped_min_weight = 0;
  std::vector<char> qualifies;  // coortweet: per account

  size_t size() const { return codes.size(); }
  static double weight_of(const PairStats& ps, Semantics s, int64_t code) {
    const size_t i = static_cast<size_t>(code >> 1);
    if (s == Semantics::CooRTweet) return static_cast<double>(ps.pairs[i]);
    return static_cast<double>((code & 1) ? ps.posts_hi[i] : ps.posts_lo[i]);
  }
  Edge edge(const PairStats& ps, size_t k) const {
    const int64_t code = codes[k];
    const size_t i = static_cast<size_t>(code >> 1);
    const bool reverse = code & 1;
    Edge e;
    e.source = reverse ? ps.hi[i] : ps.lo[i];
    e.target = reverse ? ps.lo[i] : ps.hi[i];
    e.pairs = ps.pairs[i];
    e.posts_source = reverse ? ps.posts_hi[i] : ps.posts_lo[i];
    e.posts_target = reverse ? ps.posts_lo[i] : ps.posts_hi[i];
    e.weight = weight_of(ps, semantics, code);
    e.mean_time_delta_s = static_cast<double>(ps.sum_dt_ms[i]) / static_cast<double>(e.pairs) / 1000.0;
    const double lo = std::min(e.posts_source, e.posts_target), hi = std::max(e.posts_source, e.posts_target);
    e.symmetry = hi > 0 ? lo / hi : 0;
    e.above_percentile = above.empty() ? -1 : above[k];
    return e;
  }
};

inline Network build_network(const PairStats& ps, const EdgeOptions& o) {
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
      if (ps.posts_hi[i] >= o.min_weight) by_hi[hi_end[ps.hi[i]]++] = static_cast<int64_t>(2 * i + 1);
      else ++net.dropped_min_weight;
    }
    net.codes.reserve(2 * ps.size());
    for (size_t a = 0; a < accounts; ++a) {
      net.codes.insert(net.codes.end(), by_hi.begin() + hi_begin[a], by_hi.begin() + hi_end[a]);
      for (int64_t i = lo_begin[a]; i < lo_begin[a + 1]; ++i) {
        if (ps.posts_lo[i] >= o.min_weight) net.codes.push_back(2 * i);
        else ++net.dropped_min_weight;
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
    if (!keep) { ++net.dropped_participation; continue; }
    kept.push_back(static_cast<int64_t>(i));
  }
  std::vector<double> weights;
  weights.reserve(kept.size());
  for (int64_t i : kept) weights.push_back(static_cast<double>(ps.pairs[i]));
  net.threshold = quantile_type7(std::move(weights), o.percentile);
  for (int64_t i : kept) {
    const double w = static_cast<double>(ps.pairs[i]);
    const bool above = w > net.threshold;
    if (o.only_above_percentile && !above) { ++net.dropped_percentile; continue; }
    if (w < o.min_weight) { ++net.dropped_min_weight; continue; }
    net.codes.push_back(2 * i);
    net.above.push_back(above ? 1 : 0);
  }
  return net;
}

}  // namespace chorus::coordination_coaction
