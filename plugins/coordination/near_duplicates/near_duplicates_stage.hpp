// coordination/near_duplicates: clusters of near-duplicate posts (many
// accounts posting lightly edited copies of one template). See
// docs/methods.md. The work is clusters.hpp (posts to tables), minhash.hpp
// (MinHash, LSH, verification) and tokenize.hpp (tokens and shingles).
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "minhash.hpp"
#include "tokenize.hpp"

namespace chorus::coordination_near_duplicates {

// The parsed `with:`; defaults live in NearDuplicatesStage::options().
struct Config {
  int shingle_size;
  MinHashParams minhash;  // num_hashes, bands, threshold, seed
  int64_t min_tokens;
  TokenizeOptions tokenize;  // strip_urls, strip_mentions
  bool exclude_shares;
  int64_t min_posts;
  int64_t min_accounts;
  bool pairs;
};

struct NearDuplicatesStage : sdk::ConfiguredStage<Config> {
  static constexpr const char* type = "coordination/near_duplicates";
  static constexpr const char* description =
      "Clusters of near-duplicate posts (lightly edited copies of one text) by MinHash/LSH over word shingles, "
      "verified by exact Jaccard.";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
  "inputs": [{"name": "posts", "type": "posts", "description": "Normalized posts; reads post_id, author_id, created_at, text, interaction_type."}],
  "outputs": [
    {"name": "clusters", "type": "any", "description": "One row per cluster: cluster_id (smallest post_id), posts, accounts, distinct_texts, first, last, span_seconds, representative_post_id and representative_text (the earliest post); largest first, then by cluster_id."},
    {"name": "members", "type": "any", "description": "One row per clustered post: cluster_id, post_id, author_id, created_at; in cluster order, then created_at (nulls last), then post_id."},
    {"name": "pairs", "type": "any", "description": "With with.pairs: cluster_id, post_id_a < post_id_b, jaccard for every similar pair inside a reported cluster; empty otherwise."},
    {"name": "summary", "type": "any", "description": "One row of counts: posts_read, null_post_id, shares_skipped, null_text, short_text (rows not compared), posts_hashed, distinct_texts, jaccard_checks, similar_checks, clusters, clustered_posts."}
  ]
})json";
  static const sdk::OptionTable<Config>& options();

  std::optional<sdk::PortTypes> infer(const Config& cfg, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const Config& cfg, sdk::Context& ctx);
};

}  // namespace chorus::coordination_near_duplicates
