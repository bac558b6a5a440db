// network/hashtags: the ambient-affiliation network of accounts that use
// common hashtags in inter-state interactions, its size, density, components
// and exact diameter, per-state participation, and the hashtags of the
// inter-state interactions with follow-train flags. The work is in
// ambient_network.hpp (graph), projection.hpp and exact_diameter.hpp (iFUB).
#pragma once

#include <optional>

#include <chorus/sdk.hpp>

#include "ambient_network.hpp"

namespace chorus::network_hashtags {

struct HashtagsStage : sdk::ConfiguredStage<HashtagsConfig> {
  static constexpr const char* type = "network/hashtags";
  static constexpr const char* description =
      "Ambient affiliation: accounts linked by common hashtags in inter-state interactions; "
      "network size, density, components, exact diameter; top hashtags with follow-train flags";
  static constexpr const char* code_version = "2";
  static constexpr const char* ports = R"json({
    "inputs": [
      {"name": "interactions", "type": "interactions", "description": "directed interaction edges (network/interactions) with the hashtags of their source posts"}],
    "outputs": [
      {"name": "edges", "type": "edges", "description": "undirected co-hashtag edges, source < target (byte order), weight = number of common hashtags; sorted by source, target"},
      {"name": "network", "type": "any", "description": "one row: nodes, edges, density, average_degree, components, largest_component_nodes, largest_component_edges, diameter, diameter_bfs_runs, hashtags, network_hashtags, excluded_hashtags, interactions, interactions_with_hashtags, edges_emitted, edges_truncated"},
      {"name": "states", "type": "any", "description": "per state: state, inter_accounts, network_accounts, share_of_network, share_of_state; by state, null first"},
      {"name": "top_hashtags", "type": "any", "description": "rank, hashtag, interactions, posts, accounts, states, follow_train, in_network; by interactions descending, then hashtag"}]})json";

  static const sdk::OptionTable<HashtagsConfig>& options();

  std::optional<sdk::PortTypes> infer(const HashtagsConfig& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const HashtagsConfig& config, sdk::Context& ctx);
};

}  // namespace chorus::network_hashtags
