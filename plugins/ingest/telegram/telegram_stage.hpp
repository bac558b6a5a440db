// The ingest/telegram stage: Telegram Desktop JSON exports (one chat, or the
// whole account) -> the posts and accounts dataset types, the forwarded-from
// names (no column of posts holds them) and rejects. Decisions:
// docs/ingest-telegram.md.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace chorus::ingest_telegram {

// `with:` of ingest/telegram (defaults: TelegramStage::options()).
struct TelegramConfig {
  std::string path;
  std::optional<std::string> campaign, state;  // null: no label
  std::string assume_timezone;                 // UTC or a fixed offset (checked)
  int64_t batch_rows;
};

struct TelegramStage : sdk::ConfiguredStage<TelegramConfig> {
  static constexpr const char* type = "ingest/telegram";
  static constexpr const char* description =
      "Reads Telegram Desktop JSON exports (result.json of one chat or of the whole account; gzip "
      "allowed) into posts, accounts (one per chat) and the forwarded-from names";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
  "inputs": [],
  "outputs": [
    {"name": "posts", "type": "posts", "description": "One row per message of type 'message', in file, chat and message order. post_id is <chat id>/<message id>."},
    {"name": "accounts", "type": "accounts", "description": "One row per chat that is an account (user, group or channel), first occurrence of each id: author_id user<id>, chat<id> or channel<id>, display_name the chat name."},
    {"name": "forwards", "type": "any", "description": "One row per forwarded message: post_id, forwarded_from (the origin's name as the export gives it, may be null) and forwarded_from_id (only when the export has it)."},
    {"name": "rejects", "type": "rejects", "description": "Files that are not JSON or no Telegram export, chats without an id, and messages that cannot be read: file, line (for a message: its 1-based position in its chat's messages array), reason and raw JSON."}
  ]
})json";
  static const sdk::OptionTable<TelegramConfig>& options();

  std::optional<sdk::PortTypes> infer(const TelegramConfig& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const TelegramConfig& config, sdk::Context& ctx);
  void fingerprint(const TelegramConfig& config, sdk::Context& ctx);
};

}  // namespace chorus::ingest_telegram
