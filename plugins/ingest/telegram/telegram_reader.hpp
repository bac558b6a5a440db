// Reading Telegram Desktop's "Export chat history" JSON (result.json of one
// chat, or the full account export with chats.list and left_chats.list) into
// posts, accounts (one per chat), forwards and rejects. Decisions:
// docs/ingest-telegram.md.
#pragma once

#include <chorus/sdk.hpp>

#include <string>
#include <vector>

namespace chorus::ingest_telegram {

struct TelegramConfig;

// The columns of the `forwards` output (no dataset type: the posts type has
// no column for the name of a forward's origin).
Schema forwards_schema();

// Reads the files in order into the posts, accounts, forwards and rejects
// ports and logs what was read and skipped.
void read_telegram_files(const std::vector<std::string>& files, const TelegramConfig& config, sdk::Context& ctx);

}  // namespace chorus::ingest_telegram
