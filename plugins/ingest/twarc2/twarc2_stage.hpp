// The ingest/twarc2 stage: Twitter API v2 JSONL as twarc2 writes it (raw
// response pages, streaming lines, flattened tweets) -> the posts and
// accounts dataset types and rejects. Decisions: docs/ingest-twarc2.md.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace chorus::ingest_twarc2 {

// `with:` of ingest/twarc2 (defaults: Twarc2Stage::options()).
struct Twarc2Config {
  std::string path;
  std::optional<std::string> campaign, state;  // null: no label
  bool prefer_unwound_url;
  int64_t batch_rows;
};

struct Twarc2Stage : sdk::ConfiguredStage<Twarc2Config> {
  static constexpr const char* type = "ingest/twarc2";
  static constexpr const char* description =
      "Reads Twitter API v2 JSONL as twarc2 writes it (raw response pages, streaming lines or "
      "flattened tweets, detected per line; gzip allowed) into posts and accounts";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
  "inputs": [],
  "outputs": [
    {"name": "posts", "type": "posts", "description": "One row per collected tweet, in file and line order."},
    {"name": "accounts", "type": "accounts", "description": "One row per user object (includes.users, or the author/mention/reply/referenced-tweet users inlined by twarc2 flatten), first occurrence of each id."},
    {"name": "rejects", "type": "rejects", "description": "Lines that are not JSON or not a twarc2 shape, and tweets or users with an unreadable field: file, line, reason and raw text."}
  ]
})json";
  static const sdk::OptionTable<Twarc2Config>& options();

  std::optional<sdk::PortTypes> infer(const Twarc2Config& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const Twarc2Config& config, sdk::Context& ctx);
  void fingerprint(const Twarc2Config& config, sdk::Context& ctx);
};

}  // namespace chorus::ingest_twarc2
