// normalize/posts: reads one or more posts upstreams (one port, a list in the
// pipeline), fills hashtags_folded and urls_normalized, and merges duplicate
// (platform, post_id) rows. See docs/normalize.md.
#pragma once

#include <chorus/sdk.hpp>

#include <optional>

#include "normalizer.hpp"

namespace chorus::normalize_posts {

struct PostsStage : sdk::ConfiguredStage<Config> {
  static constexpr const char* type = "normalize/posts";
  static constexpr const char* description =
      "Fills hashtags_folded and urls_normalized and merges duplicate posts of one or more upstreams";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
  "inputs": [
    {"name": "in", "type": "posts", "multiple": true, "description": "Posts from one or more upstreams, read one after the other in the order listed."}
  ],
  "outputs": [
    {"name": "posts", "type": "posts", "description": "One row per (platform, post_id), first occurrence in input order, with hashtags_folded and urls_normalized filled."},
    {"name": "duplicates", "type": "any", "description": "Every later copy of a kept post: platform, post_id, source_file, source_line, kept_source_file, kept_source_line."}
  ]
})json";
  static const sdk::OptionTable<Config>& options();

  std::optional<sdk::PortTypes> infer(const Config& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const Config& config, sdk::Context& ctx);
};

}  // namespace chorus::normalize_posts
