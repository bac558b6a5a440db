// coordination/coaction: co-action networks (co-retweet, co-link,
// co-hashtag, co-reply, co-mention, co-post-text) under the
// coordination-network-toolkit's or CooRTweet's definition, with a seeded
// permutation null model. Links accounts that did the same thing (retweeted
// the same post, shared the same link, used the same hashtag, replied to the
// same post, mentioned the same account, posted the same normalized text)
// within W seconds of each other. See docs/methods.md.
//
// This file: the stage, its config and ports. Reading posts into shares is
// share_reader.hpp, the analysis analysis.hpp, the engine coaction_core.hpp,
// the edge definitions network.hpp, the null model null_model.hpp, the
// co_post_text key text_key.hpp.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <optional>
#include <utility>

#include "network.hpp"
#include "null_model.hpp"

namespace chorus::coordination_coaction {

enum class Kind { CoRetweet, CoLink, CoHashtag, CoReply, CoMention, CoPostText };

inline const std::pair<const char*, Kind> kKinds[] = {
    {"co_retweet", Kind::CoRetweet}, {"co_link", Kind::CoLink},       {"co_hashtag", Kind::CoHashtag},
    {"co_reply", Kind::CoReply},     {"co_mention", Kind::CoMention}, {"co_post_text", Kind::CoPostText}};

inline const char* kind_name(Kind k) {
  for (const auto& e : kKinds)
    if (e.second == k) return e.first;
  return "?";
}

// The parsed `with:`; defaults live in CoactionStage::options().
struct Config {
  Kind kind;
  double window_s;
  EdgeOptions edges;  // semantics, min_weight, min_participation, participation_rule, percentile, only_above_percentile
  bool include_shares;
  int64_t min_text_chars;
  uint64_t max_pairs_per_object;
  int permutations;
  NullModel null_model;
  uint64_t seed;
};

struct CoactionStage : sdk::ConfiguredStage<Config> {
  static constexpr const char* type = "coordination/coaction";
  static constexpr const char* description =
      "Co-action networks (co-retweet, co-link, co-hashtag, co-reply, co-mention, co-post-text within W seconds) "
      "under the coordination-network-toolkit or CooRTweet definition, with permutation p-values";
  // 2: the null model draws with sdk::SplitMix64::below (other permutations); 3: edges.active_days
  static constexpr const char* code_version = "3";
  static constexpr const char* ports = R"json({
  "inputs": [{"name": "posts", "type": "posts", "description": "Normalized posts: author_id, created_at and the columns of the kind."}],
  "outputs": [
    {"name": "edges", "type": "edges", "description": "One row per edge sorted by (source, target) in byte order: source, target, weight, kind, semantics, directed, pairs, posts_source, posts_target, mean_time_delta_s, symmetry, above_percentile, p_value, z, active_days (distinct UTC days of the pair's co-actions)."},
    {"name": "accounts", "type": "any", "description": "One row per account with at least one share, sorted by account_id: account_id, shares, posts, coordinated_posts, edges, strength."},
    {"name": "summary", "type": "any", "description": "metric, value, detail: row counts, shares, objects, pairs, edges, the percentile threshold, and one capped_object row per object left out by max_pairs_per_object."}
  ]
})json";
  static const sdk::OptionTable<Config>& options();

  std::optional<sdk::PortTypes> infer(const Config& cfg, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const Config& cfg, sdk::Context& ctx);
};

}  // namespace chorus::coordination_coaction
