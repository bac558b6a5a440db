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
//   account "qualifies" with >= min_participation distinct coordinated posts;
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

struct Network {
  std::vector<Edge> edges;  // sorted by (source, target)
  double threshold = std::nan("");  // coortweet percentile threshold
  int64_t candidate_edges = 0;      // before any edge filter
  int64_t dropped_participation = 0;
  int64_t dropped_percentile = 0;
  int64_t dropped_min_weight = 0;
  std::vector<char> qualifies;  // coortweet: per account
};

inline Edge make_edge(const PairStats& ps, int64_t i, int32_t a) {
  Edge e;
  e.source = a;
  e.target = ps.target[i];
  e.pairs = ps.pairs[i];
  e.posts_source = ps.posts[i];
  const int64_t back = ps.find(e.target, a);
  if (back < 0) throw std::logic_error("coaction: pair statistics are not symmetric");
  e.posts_target = ps.posts[back];
  e.mean_time_delta_s = static_cast<double>(ps.sum_dt_ms[i]) / static_cast<double>(e.pairs) / 1000.0;
  const double lo = std::min(e.posts_source, e.posts_target), hi = std::max(e.posts_source, e.posts_target);
  e.symmetry = hi > 0 ? lo / hi : 0;
  return e;
}

inline Network build_network(const PairStats& ps, const EdgeOptions& o) {
  Network net;
  const size_t accounts = ps.row.size() - 1;
  if (o.semantics == Semantics::Toolkit) {
    for (size_t a = 0; a < accounts; ++a)
      for (int64_t i = ps.row[a]; i < ps.row[a + 1]; ++i) {
        ++net.candidate_edges;
        Edge e = make_edge(ps, i, static_cast<int32_t>(a));
        e.weight = e.posts_source;
        if (e.weight < o.min_weight) { ++net.dropped_min_weight; continue; }
        net.edges.push_back(e);
      }
    return net;
  }
  net.qualifies.assign(accounts, 0);
  for (size_t a = 0; a < accounts; ++a) net.qualifies[a] = ps.coordinated_posts[a] >= o.min_participation;
  std::vector<Edge> kept;
  for (size_t a = 0; a < accounts; ++a)
    for (int64_t i = ps.row[a]; i < ps.row[a + 1]; ++i) {
      const int32_t b = ps.target[i];
      if (b <= static_cast<int32_t>(a)) continue;  // undirected: once, source < target
      ++net.candidate_edges;
      const bool qa = net.qualifies[a], qb = net.qualifies[b];
      const bool keep = o.participation_rule == ParticipationRule::Either ? (qa || qb) : (qa && qb);
      if (!keep) { ++net.dropped_participation; continue; }
      Edge e = make_edge(ps, i, static_cast<int32_t>(a));
      e.weight = static_cast<double>(e.pairs);
      kept.push_back(e);
    }
  std::vector<double> weights;
  weights.reserve(kept.size());
  for (const auto& e : kept) weights.push_back(e.weight);
  net.threshold = quantile_type7(std::move(weights), o.percentile);
  for (auto& e : kept) {
    e.above_percentile = e.weight > net.threshold ? 1 : 0;
    if (o.only_above_percentile && !e.above_percentile) { ++net.dropped_percentile; continue; }
    if (e.weight < o.min_weight) { ++net.dropped_min_weight; continue; }
    net.edges.push_back(e);
  }
  return net;
}

}  // namespace chorus::coordination_coaction
