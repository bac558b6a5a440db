// network/interactions: posts (and accounts) in, directed interaction edges
// with state and scope, isolated posts and rejects out. The work is in
// interaction_builder.hpp and interactions_writer.hpp.
#pragma once

#include <cstdint>
#include <optional>

#include <chorus/sdk.hpp>

#include "interaction_builder.hpp"

namespace chorus::network_interactions {

struct InteractionsConfig {
  InteractionOptions builder;  // unresolved_handles, on_state_conflict
  int64_t batch_rows;
};

struct InteractionsStage : sdk::ConfiguredStage<InteractionsConfig> {
  static constexpr const char* type = "network/interactions";
  static constexpr const char* description =
      "Directed interaction edges (retweet, reply, quote, mention) from posts, with state and scope; isolated posts";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
    "inputs": [
      {"name": "posts", "type": "posts", "description": "normalized posts (normalize/posts)"},
      {"name": "accounts", "type": "accounts", "optional": true,
       "description": "accounts: states and handles of accounts, also of those that never post"}],
    "outputs": [
      {"name": "interactions", "type": "interactions",
       "description": "one row per directed edge, ordered by time, post_id, then edge order within the post (retweet | reply, quote, mentions in list order)"},
      {"name": "isolates", "type": "any",
       "description": "posts without an edge: platform, post_id, source, state, time, likes, shares, replies, type (interaction_type), reason (none | self | unresolved); ordered like interactions"},
      {"name": "rejects", "type": "rejects",
       "description": "posts that could not be used (null post_id/author_id/created_at/interaction_type, unknown interaction_type, mentions without mentions_kind); file and line are the post's source_file and source_line"}]})json";
  static const sdk::OptionTable<InteractionsConfig>& options();

  std::optional<sdk::PortTypes> infer(const InteractionsConfig& config, const sdk::PortTypes& inputs,
                                      sdk::Context& ctx);
  void run(const InteractionsConfig& config, sdk::Context& ctx);
};

}  // namespace chorus::network_interactions
