// The ingest/reddit stage: Pushshift NDJSON dumps of Reddit submissions
// (RS_*) and comments (RC_*), plain, gzip or zstd (long window) -> the posts
// dataset type, the subreddit of every post and rejects. Decisions:
// docs/ingest-reddit.md.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace chorus::ingest_reddit {

// `with:` of ingest/reddit (defaults: RedditStage::options()).
struct RedditConfig {
  std::string path;
  std::optional<std::string> campaign, state;  // null: no label
  int64_t batch_rows;
};

struct RedditStage : sdk::ConfiguredStage<RedditConfig> {
  static constexpr const char* type = "ingest/reddit";
  static constexpr const char* description =
      "Reads Pushshift Reddit dumps (RS_* submissions and RC_* comments, NDJSON; plain, gzip or "
      "zstd with a 2 GiB window, streamed) into posts and the subreddit of every post";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
  "inputs": [],
  "outputs": [
    {"name": "posts", "type": "posts", "description": "One row per submission (t3_) or comment (t1_), in file and line order."},
    {"name": "subreddits", "type": "any", "description": "One row per post: post_id, subreddit (name as given) and subreddit_id (t5_...), null where the line has none. Join on post_id."},
    {"name": "rejects", "type": "rejects", "description": "Lines that are not JSON objects, that are neither a submission nor a comment, or whose id or created_utc cannot be read: file, line (in the decompressed text), reason and raw text."}
  ]
})json";
  static const sdk::OptionTable<RedditConfig>& options();

  std::optional<sdk::PortTypes> infer(const RedditConfig& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const RedditConfig& config, sdk::Context& ctx);
  void fingerprint(const RedditConfig& config, sdk::Context& ctx);
};

}  // namespace chorus::ingest_reddit
