// Values of a Telegram Desktop export: integers written as numbers or as
// digit strings, peer ids (user123, channel123, chat123), and the chat types
// that are accounts.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chorus::ingest_telegram {

namespace dom = simdjson::dom;

// An integer from a JSON integer, an integral float, or a string of decimal
// digits (with an optional '-'): Telegram writes ids as numbers and
// date_unixtime as a string.
std::optional<int64_t> integer_of(dom::element e);

// The raw JSON of a value for a reason text, quoted and shortened.
// A string is shown without its JSON quotes.
std::string shown(dom::element e);

// A peer id as the exporter writes from_id: "user123", "channel123", "chat123"
// kept as is; an older export's bare number -> "user<n>". nullopt if the
// value is none of these (why set).
std::optional<std::string> peer_id_of(dom::element e, std::string& why);

// The digits of a peer id ("channel123" -> "123"), for post ids that use the
// bare chat id.
std::string_view bare_peer(std::string_view id);

// The account prefix of a chat type: the peer kind the exporter would write
// in from_id for that chat. Empty for types that are no account (replies).
std::string_view chat_peer_prefix(std::string_view type);
bool is_channel_type(std::string_view type);

}  // namespace chorus::ingest_telegram
