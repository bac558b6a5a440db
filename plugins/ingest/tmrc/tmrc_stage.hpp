// ingest/tmrc: Twitter/X takedown archive (Transparency Center / TMRC)
// tweets and users CSVs -> posts, accounts and rejects. Decisions are
// recorded in docs/ingest-tmrc.md.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tmrc_files.hpp"

namespace chorus::ingest_tmrc {

struct TmrcConfig {
  std::vector<std::string> tweets;  // glob patterns, as written (empty: none given)
  std::vector<std::string> users;
  std::vector<CampaignRule> campaigns;
  int64_t batch_rows;
};

struct TmrcStage : sdk::ConfiguredStage<TmrcConfig> {
  static constexpr const char* type = "ingest/tmrc";
  static constexpr const char* description =
      "Reads the Twitter/X takedown archive (Transparency Center / TMRC tweets and users CSVs, plain or gzip) into "
      "posts and accounts";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
  "inputs": [],
  "outputs": [
    {"name": "posts", "type": "posts", "description": "One row per tweet of the tweets files (platform twitter)."},
    {"name": "accounts", "type": "accounts", "description": "One row per account of the users files."},
    {"name": "rejects", "type": "rejects", "description": "Records that could not be read: file, first line, reason naming the field, raw text."}
  ]
})json";
  static const sdk::OptionTable<TmrcConfig>& options();

  std::optional<sdk::PortTypes> infer(const TmrcConfig& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const TmrcConfig& config, sdk::Context& ctx);
  void fingerprint(const TmrcConfig& config, sdk::Context& ctx);
};

}  // namespace chorus::ingest_tmrc
