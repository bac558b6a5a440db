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

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "coaction_core.hpp"

namespace chorus::coordination_coaction {

enum class Semantics { Toolkit, CooRTweet };
enum class ParticipationRule { Either, Both };

// with.semantics, min_weight, min_participation, participation_rule,
// percentile, only_above_percentile; defaults live in CoactionStage::options().
struct EdgeOptions {
  Semantics semantics;
  double min_weight;
  int64_t min_participation;  // coortweet only
  ParticipationRule participation_rule;
  double percentile;  // coortweet only
  bool only_above_percentile;
};

struct Edge {
  int32_t source = 0, target = 0;
  double weight = 0;
  uint64_t pairs = 0;
  uint32_t posts_source = 0;  // distinct posts of source with a target share within W
  uint32_t posts_target = 0;  // distinct posts of target with a source share within W
  double mean_time_delta_s = 0;
  double symmetry = 0;        // min(posts_source, posts_target) / max(...)
  int above_percentile = -1;  // -1: not defined (toolkit), 0 or 1
  // Distinct UTC days of the co-actions: toolkit, of source's posts counted
  // in weight(source -> target); coortweet, of the share pairs (earlier share).
  uint32_t active_days = 0;
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
  // Inline: called per edge when the edges are written.
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
    if (semantics == Semantics::CooRTweet)
      e.active_days = ps.days_pair[i];
    else
      e.active_days = reverse ? ps.days_hi[i] : ps.days_lo[i];
    return e;
  }
};

// The kept edges of the pair statistics under `o` (see the top of this file).
Network build_network(const PairStats& ps, const EdgeOptions& o);

}  // namespace chorus::coordination_coaction
