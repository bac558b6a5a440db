// detect/profile: what each coordinated cluster pushes and where: its
// near-duplicate narratives with excerpts, hashtags, URLs, domains,
// languages, locations, states, sources, posting hours, active days and
// account-creation days, and its reach and velocity. See docs/methods.md.
// The work is profiler.hpp, the per-value rules facet_values.hpp.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <optional>

namespace chorus::detect_profile {

// The parsed `with:`; defaults live in ProfileStage::options().
struct Config {
  int64_t top_n;
  int64_t excerpts;
  int64_t excerpt_chars;
  double narrative_min_share;
};

struct ProfileStage : sdk::ConfiguredStage<Config> {
  static constexpr const char* type = "detect/profile";
  static constexpr const char* description =
      "What each coordinated cluster pushes and where: narratives with excerpts, hashtags, URLs, domains, "
      "languages, locations, states, posting hours, days, account-creation days; reach and velocity.";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
  "inputs": [
    {"name": "members", "type": "cluster_members", "description": "Cluster members (detect/clusters): reads cluster_id, account_id."},
    {"name": "clusters", "type": "clusters", "optional": true, "description": "Clusters (detect/clusters): reads cluster_id, rank, for the output order; without it clusters are ordered by cluster_id."},
    {"name": "posts", "type": "posts", "description": "Normalized posts: reads post_id, author_id, created_at, text, interaction_type, hashtags_folded, urls_normalized, language, state, source_file, likes, shares, replies."},
    {"name": "accounts", "type": "accounts", "optional": true, "description": "Accounts: reads author_id, followers, location, created_at (followers, location and created facets; null without it)."},
    {"name": "near_duplicates", "type": "any", "optional": true, "description": "The members output of coordination/near_duplicates: cluster_id, post_id, author_id (narrative facet; none without it)."}
  ],
  "outputs": [
    {"name": "profile", "type": "cluster_profile", "description": "One row per (cluster, facet, value): narrative, hashtag, url, domain, language, location, state, source (top with.top_n each, by count then value), hour (all 24 UTC hours), day (every active day), created (top with.top_n account-creation days); clusters in summary order."},
    {"name": "summary", "type": "cluster_summary", "description": "One row per cluster: accounts, posts, reach, first/last post, active days, peak day, top narrative; by cluster rank (or cluster_id)."}
  ]
})json";
  static const sdk::OptionTable<Config>& options();

  std::optional<sdk::PortTypes> infer(const Config& cfg, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const Config& cfg, sdk::Context& ctx);
};

}  // namespace chorus::detect_profile
