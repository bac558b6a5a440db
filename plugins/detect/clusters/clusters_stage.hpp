// detect/clusters: evidence fusion. Reads any number of evidence networks
// (co-action networks with p-values and active days, the influence network,
// near-duplicate co-membership, signal streams), keeps each stream's edges by
// its own rule (weight, repetition over days, BH q within the stream), builds
// one multiplex account graph and finds clusters: connected components, with
// Leiden (CPM, seeded) inside components larger than split_above. Scores each
// cluster and says which streams support it. See docs/methods.md.
//
// This file: the stage, its config and ports. Streams and their rules are
// stream_rules.hpp, reading and keeping evidence evidence.hpp (BH in fdr.hpp),
// the multiplex graph multiplex.hpp, the groups grouping.hpp (igraph in
// leiden.cpp), the cluster statistics cluster_stats.hpp, the tables outputs.hpp.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "grouping.hpp"
#include "stream_rules.hpp"

namespace chorus::detect_clusters {

// The parsed `with:`; defaults live in ClustersStage::options().
struct Config {
  RuleOverrides streams;
  Method method;
  int64_t split_above;
  double resolution;
  uint64_t seed;
  int64_t min_size;
  double support_share;
  std::string influence_entity_type;
  int64_t near_duplicates_max_accounts;
};

struct ClustersStage : sdk::ConfiguredStage<Config> {
  static constexpr const char* type = "detect/clusters";
  static constexpr const char* description =
      "Evidence fusion: keeps each evidence stream's significant, repeated edges (BH q, active days, weight), builds "
      "a multiplex account graph and finds scored coordinated clusters (components, Leiden inside large ones)";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
  "inputs": [
    {"name": "co_retweet", "type": "edges", "optional": true, "description": "coordination/coaction kind co_retweet: source, target, weight; p_value, active_days, mean_time_delta_s when present."},
    {"name": "co_link", "type": "edges", "optional": true, "description": "coordination/coaction kind co_link (as co_retweet)."},
    {"name": "co_hashtag", "type": "edges", "optional": true, "description": "coordination/coaction kind co_hashtag (as co_retweet)."},
    {"name": "co_reply", "type": "edges", "optional": true, "description": "coordination/coaction kind co_reply (as co_retweet)."},
    {"name": "co_mention", "type": "edges", "optional": true, "description": "coordination/coaction kind co_mention (as co_retweet)."},
    {"name": "co_text", "type": "edges", "optional": true, "description": "coordination/coaction kind co_post_text (as co_retweet)."},
    {"name": "influence", "type": "edges", "optional": true, "description": "coordination/influence edges: source, target, weight; only rows whose entity_type is with.influence_entity_type (default average) count."},
    {"name": "near_duplicates", "type": "any", "optional": true, "description": "coordination/near_duplicates members: cluster_id, author_id, created_at; authors of one near-duplicate cluster are co-members."},
    {"name": "signals", "type": "edges", "optional": true, "multiple": true, "description": "Signal edges: source, target, weight, stream (utf8: the stream's name); p_value, active_days, mean_time_delta_s when present."},
    {"name": "posts", "type": "posts", "optional": true, "description": "Normalized posts (author_id, created_at): posts, first and last activity of each cluster."}
  ],
  "outputs": [
    {"name": "clusters", "type": "clusters", "description": "One row per cluster by rank (schemas/datasets/clusters.json)."},
    {"name": "members", "type": "cluster_members", "description": "One row per clustered account by cluster rank, then account_id (cluster_members.json)."},
    {"name": "evidence", "type": "cluster_evidence", "description": "One row per (cluster, stream) with a kept edge inside, by cluster rank, then stream (cluster_evidence.json), and family, supports."},
    {"name": "summary", "type": "any", "description": "One row of counts: streams, accounts, pairs, components, components_split, clusters, clusters_dropped, accounts_clustered, rows_invalid, dropped_weight, dropped_days, dropped_q, and <port>_rows / <port>_kept per evidence port (null when not connected)."}
  ]
})json";
  static const sdk::OptionTable<Config>& options();

  std::optional<sdk::PortTypes> infer(const Config& cfg, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const Config& cfg, sdk::Context& ctx);
};

}  // namespace chorus::detect_clusters
