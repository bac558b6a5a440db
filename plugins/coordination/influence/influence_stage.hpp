// coordination/influence: directed apparent influence between accounts from
// post activity alone. Per entity (hashtag, URL, mention) and ordered pair,
// the lag-1 transition matrix A_ij of Active/Inactive per bin, d = 2 -
// tr(A_ij), averaged over entities; edge i->j with weight 1 - mean d when
// mean d < 1. See docs/methods.md.
//
// This file: the stage, its config and ports. Posts to Active cells is
// activity.hpp, the network network.hpp, the learning rules model.hpp, the
// EM network matrix network_matrix.hpp, the tables analysis.hpp.
#pragma once

#include <chorus/sdk.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model.hpp"

namespace chorus::coordination_influence {

// Entity types in their output order; kAverage is the row averaged over types.
enum EntityType : uint8_t { kHashtag = 0, kUrl = 1, kMention = 2 };
constexpr int kTypes = 3;
constexpr int kAverage = 3;
inline const char* entity_type_name(int t) {
  static const char* names[] = {"hashtag", "url", "mention", "average"};
  return names[t];
}

// with.entity_types as one flag per type: assigned from the list of names
// (the option table checks them), read as type_enabled[t] in the hot loops.
struct EntityTypeSet {
  std::array<bool, kTypes> on{};
  bool operator[](int t) const { return on[static_cast<size_t>(t)]; }
  EntityTypeSet& operator=(const std::vector<std::string>& names) {
    on = {};
    for (const auto& name : names)
      for (int t = 0; t < kTypes; ++t)
        if (name == entity_type_name(t)) on[static_cast<size_t>(t)] = true;
    return *this;
  }
};

// The parsed `with:`; defaults live in InfluenceStage::options().
struct Config {
  int64_t bin_ms;                           // with.bin
  std::optional<int64_t> start_ms, end_ms;  // with.start, with.end (exclusive)
  EntityTypeSet type_enabled;               // with.entity_types
  std::array<std::set<std::string>, kTypes> exclude;
  int64_t min_posts;
  std::optional<double> top_percent;
  bool balance_unaffiliated;
  uint64_t seed;
  bool class_is_state_code;             // with.class_value
  int64_t max_accounts_per_entity_bin;  // 0: no cap
  Measure measure;
  double laplace;
  bool average_over_all;  // with.average: false = co_used
  bool pooled_types;      // with.type_average: false = mean_of_types
  int64_t min_coused_entities, min_lag1_events;
  int scores_type;                     // with.scores_entity_type: an EntityType or kAverage
  std::optional<int64_t> split_at_ms;  // with.split_at
  int64_t network_matrix_accounts;
  int em_max_iterations;
  double em_tolerance;
  int threads;
  int64_t pair_memory_mb;  // budget of the lag-1 pair records per pass
  int64_t batch_rows;
};

struct InfluenceStage : sdk::ConfiguredStage<Config> {
  static constexpr const char* type = "coordination/influence";
  static constexpr const char* description =
      "Influence-model coordination network (lag-1 A_ij per entity, d = 2 - tr A) from post activity";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
  "inputs": [
    {"name": "posts", "type": "posts", "description": "Normalized posts (normalize/posts): author_id, created_at, state, hashtags_folded, urls_normalized, mentions."}
  ],
  "outputs": [
    {"name": "edges", "type": "edges", "description": "Directed coordination edges per entity type and averaged: source, target, entity_type (hashtag, url, mention, average), weight = 1 - d_mean, coused_entities, lag1_events, d_mean; ordered by entity_type (that order), source, target."},
    {"name": "scores", "type": "any", "description": "Per selected account: account, class, out_weight, in_weight, total, out_edges, in_edges, posts, rank (1 = largest out_weight; ties by total, then account id)."},
    {"name": "composition", "type": "any", "description": "Per entity_type and ordered class pair: accounts, accounts in the network, edges, weight sum and mean, possible pairs, weight per pair."},
    {"name": "before_after", "type": "any", "description": "With split_at: per class pair (and all), edges and mean edge weight before and after, ratio after/before."},
    {"name": "capped", "type": "any", "description": "Hub entity-bins removed by max_accounts_per_entity_bin: entity_type, entity, bin_start, accounts."},
    {"name": "network_matrix", "type": "any", "description": "With network_matrix_accounts: influenced, influencer, d (row of D, sums to 1), log_likelihood, iterations."}
  ]
})json";
  static const sdk::OptionTable<Config>& options();

  std::optional<sdk::PortTypes> infer(const Config& o, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const Config& o, sdk::Context& ctx);
};

}  // namespace chorus::coordination_influence
