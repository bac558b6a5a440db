// The ambient-affiliation network of network/hashtags, host-free.
//
// From the selected interactions (scope inter by default), every row adds
// the pairs (source account, hashtag) for the distinct hashtags of its source
// post. The network's nodes are the accounts with at least one such pair; two
// accounts are joined when they used a common hashtag, weight = number of
// common hashtags (docs/methods.md).
//
// Representation: the account-hashtag bipartite graph B, never the
// projection P (a hashtag used by k accounts is a k-clique of P, k^2/2 edges).
// Accounts a, b are at distance d in P exactly when they are at distance 2d in
// B (a path of P alternates accounts and the hashtags they share), so the
// components of P are those of B and the diameter of P is half the largest
// account-to-account distance in B, which iFUB computes with BFS linear in B.
// The degrees and edge count of P come from hashtag bitsets and the edge list
// stops at max_edges (projection.hpp), so no step walks all of P.
//
// The code is in ambient_network.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <chorus/sdk.hpp>

#include "exact_diameter.hpp"

namespace chorus::network_hashtags {

// openfollow, syts, siguemeytesigo, ... (docs/methods.md): the follow-train
// hashtags when with.follow_train_hashtags is left out.
const std::vector<std::string>& default_follow_train_hashtags();

// Lower-cases ASCII and the Latin-1 capitals U+00C0..U+00DE (not U+00D7):
// enough to compare configured follow-train tags with the case-folded
// hashtags of the interactions.
std::string fold_case(std::string_view s);

// The with: of network/hashtags (its option table is in hashtags_stage.cpp).
struct HashtagsConfig {
  std::vector<std::string> scopes;  // scope: interactions of these scopes are used
  int64_t min_interactions;         // top_hashtags: hashtags in at least this many used interactions
  // follow_train_hashtags, as given (an option without default in the table; left out, these).
  std::vector<std::string> follow_train = default_follow_train_hashtags();
  int64_t max_edges;             // edges written at most
  int64_t max_hashtag_accounts;  // hashtags of more accounts leave the network; 0: no limit
  bool diameter;                 // compute the exact diameter of the largest component
};

// Columns of the edges, network, states and top_hashtags ports.
const Schema& edges_schema();
const Schema& network_schema();
const Schema& states_schema();
const Schema& top_hashtags_schema();

// What the network port reports.
struct NetworkSummary {
  int64_t nodes = 0, edges = 0, components = 0, largest_nodes = 0, largest_edges = 0;
  std::optional<int64_t> diameter;
  int64_t diameter_bfs_runs = 0;
  int64_t hashtags = 0, network_hashtags = 0, excluded_hashtags = 0;
  int64_t interactions = 0, interactions_with_hashtags = 0, edges_emitted = 0;
  bool edges_truncated = false;  // edges_emitted < edges: the edges port holds a prefix
  double density() const {
    return nodes < 2 ? 0.0
                     : 2.0 * static_cast<double>(edges) / (static_cast<double>(nodes) * static_cast<double>(nodes - 1));
  }
  double average_degree() const {
    return nodes == 0 ? 0.0 : 2.0 * static_cast<double>(edges) / static_cast<double>(nodes);
  }
};

struct SkipCounts {
  int64_t null_source = 0;    // selected row without a source: not used
  int64_t null_post_id = 0;   // used, but not counted in a hashtag's posts
  int64_t null_hashtags = 0;  // null hashtags list: a row without hashtags
};

class AmbientNetwork {
 public:
  explicit AmbientNetwork(HashtagsConfig cfg);

  // Adds a batch of interactions (source, scope, hashtags; post_id, target,
  // source_state, target_state when present): the rows of the selected scopes.
  void add(const Batch& b);

  const SkipCounts& skipped() const { return skipped_; }

  // Builds the bipartite graph, counts the projection (calling on_edge for
  // each of the first max_edges edges, source < target in byte order; a null
  // on_edge emits none) and measures components and the diameter.
  void finish(const std::function<void(std::string_view, std::string_view, int64_t)>& on_edge);

  const NetworkSummary& summary() const { return summary_; }

  Batch network() const;
  Batch states() const;
  Batch top_hashtags() const;

  // The bipartite graph and its account count (for tests and the benchmark).
  const CsrGraph& bipartite() const { return bipartite_; }

 private:
  using Pairs = std::vector<std::pair<int32_t, int32_t>>;

  static void sort_unique(Pairs& v);
  static int32_t intern(std::unordered_map<std::string, int32_t>& map, std::vector<std::string>& names,
                        std::string_view key);
  static int32_t intern(std::unordered_map<std::string, int32_t>& map, int32_t& count, std::string_view key);
  int32_t state_of(const Column* c, int64_t r);
  void project(const std::function<void(std::string_view, std::string_view, int64_t)>& on_edge);
  void measure_components();

  HashtagsConfig cfg_;
  std::vector<std::string> follow_train_;  // folded, without a leading #, sorted
  std::unordered_map<std::string, int32_t> accounts_, hashtags_, states_, posts_;
  std::vector<std::string> account_names_, hashtag_names_, state_names_;
  int32_t post_count_ = 0;
  Pairs incidences_;     // (account, hashtag)
  Pairs tag_posts_;      // (hashtag, post)
  Pairs tag_states_;     // (hashtag, state of a source that used it)
  Pairs participants_;   // (account, state) of sources and targets of the selected interactions
  Pairs source_states_;  // (account, state) of sources of rows with hashtags
  std::vector<int64_t> tag_rows_, tag_accounts_;
  std::vector<uint8_t> kept_tag_;
  std::vector<int32_t> node_of_, node_account_;
  std::vector<int64_t> degree_;
  CsrGraph bipartite_;
  NetworkSummary summary_;
  SkipCounts skipped_;
};

}  // namespace chorus::network_hashtags
