// The ingest/synthetic stage: generates a world from a seed, writes it as
// takedown-archive CSVs, twarc2 JSONL and ground_truth.json into `out_dir`,
// and emits the posts and accounts an ingester reads back from those files,
// plus a `files` table. See docs/synthetic-world.md.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "world.hpp"

namespace chorus::ingest_synthetic {

// `with:` of ingest/synthetic (defaults and ranges: SyntheticStage::options()).
struct SyntheticConfig {
  uint64_t seed;
  std::string out_dir;
  int64_t states, accounts_per_state, posts_per_account, unaffiliated_accounts;
  std::string start;  // ISO 8601, UTC (checked)
  int64_t days, flow_posts, group_members, group_entities;
  bool operations;
  int64_t batch_rows;
};

// The generator's knobs of a config; throws sdk::ConfigError naming the
// `with.<key>` the generator cannot use (start, the rules across options).
WorldConfig world_config(const SyntheticConfig& c);

struct SyntheticStage : sdk::ConfiguredStage<SyntheticConfig> {
  static constexpr const char* type = "ingest/synthetic";
  static constexpr const char* description =
      "Generates a seeded synthetic world (state campaigns in the takedown-archive CSV layout, unaffiliated "
      "accounts as twarc2 JSONL, ground_truth.json) into out_dir and emits its posts and accounts";
  static constexpr const char* code_version = "2";
  // Writes files outside the store: runs every time (cheap and deterministic,
  // so its datasets hash the same and the stages after it stay cached).
  static constexpr uint64_t flags = CHORUS_STAGE_SINK;
  static constexpr const char* ports = R"json({
  "inputs": [],
  "outputs": [
    {"name": "posts", "type": "posts", "description": "Every post of the world exactly as ingest/tmrc (state files, in state order) and then ingest/twarc2 (unaffiliated accounts; with prefer_unwound_url: true, so a shortened link of the operations is the URL it leads to) read them back from the written files."},
    {"name": "accounts", "type": "accounts", "description": "The accounts of the users CSVs (state order) and of the twarc2 JSONL (first occurrence), as those readers give them."},
    {"name": "files", "type": "any", "description": "One row per written file: path (absolute), kind (tweets_csv, users_csv, twarc2_jsonl, ground_truth), state (null if none), rows (data rows; null for ground_truth), bytes, sha256 (hex)."}
  ]
})json";
  static const sdk::OptionTable<SyntheticConfig>& options();

  std::optional<sdk::PortTypes> infer(const SyntheticConfig& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const SyntheticConfig& config, sdk::Context& ctx);
};

}  // namespace chorus::ingest_synthetic
