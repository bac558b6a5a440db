// ingest.telegram: Telegram Desktop JSON export (result.json) ingester.
#include "telegram_stage.hpp"

CHORUS_PLUGIN("ingest.telegram", "0.1.0", "Apache-2.0",
              "Telegram Desktop JSON exports (one chat or the whole account) -> posts, accounts",
              chorus::ingest_telegram::TelegramStage)
