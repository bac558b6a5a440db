#include "telegram_stage.hpp"

#include "ingest/common/post_rows.hpp"
#include "io/common/input.hpp"
#include "io/common/reader_support.hpp"
#include "telegram_reader.hpp"
#include "utc_offset.hpp"

namespace chorus::ingest_telegram {

// Reads the machine-readable JSON that Telegram Desktop writes with 'Export
// chat history' (result.json with name, type, id and messages) or 'Export
// Telegram data' (chats.list and left_chats.list). Emits one posts row per
// message (service messages and unsupported placeholders are counted and
// logged, not rows), one accounts row per chat, one forwards row per
// forwarded message, and rejects for messages that cannot be read.
const sdk::OptionTable<TelegramConfig>& TelegramStage::options() {
  using C = TelegramConfig;
  static const auto table =
      sdk::OptionTable<C>()
          .string("path", &C::path,
                  "result.json file or glob pattern (e.g. exports/*/result.json); relative to the pipeline file's "
                  "folder. Each file is one JSON document, read whole; gzip is recognised by content. It is an error "
                  "if nothing matches.")
          .string("campaign", &C::campaign,
                  "Campaign label written to every posts and accounts row; null for an unaffiliated collection.")
          .optional()
          .nullable()
          .string("state", &C::state,
                  "Attributed state written to every posts and accounts row, e.g. RU; null for unaffiliated accounts.")
          .optional()
          .nullable()
          .string("assume_timezone", &C::assume_timezone, "UTC",
                  "Zone of the local 'date' text, used only for messages without 'date_unixtime' (exports from "
                  "before about 2021): UTC or a fixed offset like +03:00 (the exporting computer's offset; IANA zone "
                  "names are not supported, so daylight saving time is not followed).")
          .integer("batch_rows", &C::batch_rows, 65536, "Maximum rows per emitted batch (each output port).")
          .at_least(1)
          .check([](const C& c) {
            if (!parse_offset(c.assume_timezone))
              throw sdk::ConfigError("with.assume_timezone: '" + c.assume_timezone +
                                     "' is not UTC or a fixed offset like +03:00 or -05:30 (IANA zone names are "
                                     "not supported)");
          });
  return table;
}

std::optional<sdk::PortTypes> TelegramStage::infer(const TelegramConfig&, const sdk::PortTypes&, sdk::Context& ctx) {
  return sdk::PortTypes{{"posts", {"posts", ingest_common::required_type(ctx, "posts")}},
                        {"accounts", {"accounts", ingest_common::required_type(ctx, "accounts")}},
                        {"forwards", {"", forwards_schema()}},
                        {"rejects", {"rejects", io_common::rejects_schema(ctx)}}};
}

void TelegramStage::fingerprint(const TelegramConfig& config, sdk::Context& ctx) {
  for (const auto& f : io_common::expand_paths(ctx.resolve_path(config.path))) ctx.add_input_file(f);
}

void TelegramStage::run(const TelegramConfig& config, sdk::Context& ctx) {
  read_telegram_files(io_common::expand_paths(ctx.resolve_path(config.path)), config, ctx);
}

}  // namespace chorus::ingest_telegram
