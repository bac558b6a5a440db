#include "export_values.hpp"

#include <charconv>
#include <cmath>

#include "ingest/common/json_access.hpp"
#include "io/common/reader_support.hpp"

namespace chorus::ingest_telegram {

using ingest_common::json_kind;
using std::string_view;

// An integer from a JSON integer, an integral float, or a string of decimal
// digits (with an optional '-'): Telegram writes ids as numbers and
// date_unixtime as a string.
std::optional<int64_t> integer_of(dom::element e) {
  using T = dom::element_type;
  switch (e.type()) {
    case T::INT64:
      return e.get_int64().value_unsafe();
    case T::UINT64: {
      const uint64_t u = e.get_uint64().value_unsafe();
      if (u <= static_cast<uint64_t>(INT64_MAX)) return static_cast<int64_t>(u);
      return std::nullopt;
    }
    case T::DOUBLE: {
      const double d = e.get_double().value_unsafe();
      if (std::isfinite(d) && std::floor(d) == d && d < 9.2e18 && d > -9.2e18) return static_cast<int64_t>(d);
      return std::nullopt;
    }
    case T::STRING: {
      string_view s = e.get_string().value_unsafe();
      int64_t v;
      auto r = std::from_chars(s.data(), s.data() + s.size(), v);
      if (!s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size()) return v;
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

// The raw JSON of a value for a reason text, quoted and shortened.
// A string is shown without its JSON quotes.
std::string shown(dom::element e) {
  string_view s;
  if (!e.get_string().get(s)) return io_common::quote_value(s);
  return io_common::quote_value(simdjson::minify(e));
}

// A peer id as the exporter writes from_id: "user123", "channel123", "chat123"
// kept as is; an older export's bare number -> "user<n>". nullopt if the
// value is none of these (why set).
std::optional<std::string> peer_id_of(dom::element e, std::string& why) {
  if (auto n = integer_of(e); n && e.type() != dom::element_type::STRING) return "user" + std::to_string(*n);
  string_view s;
  if (!e.get_string().get(s)) {
    for (string_view p : {"user", "channel", "chat"}) {
      if (s.size() > p.size() && s.compare(0, p.size(), p) == 0) {
        bool digits = true;
        for (size_t i = p.size(); i < s.size(); ++i) digits = digits && s[i] >= '0' && s[i] <= '9';
        if (digits) return std::string(s);
      }
    }
    // A string of digits only: as a bare number.
    if (auto n = integer_of(e); n && *n >= 0) return "user" + std::to_string(*n);
  }
  why = "is " + std::string(json_kind(e.type())) + " " + shown(e) +
        ", not a peer id (user123, channel123, chat123 or a number)";
  return std::nullopt;
}

// The digits of a peer id ("channel123" -> "123"), for post ids that use the
// bare chat id.
string_view bare_peer(string_view id) {
  size_t k = 0;
  while (k < id.size() && !(id[k] >= '0' && id[k] <= '9')) ++k;
  return id.substr(k);
}

// The account prefix of a chat type: the peer kind the exporter would write
// in from_id for that chat. Empty for types that are no account (replies).
string_view chat_peer_prefix(string_view type) {
  if (type == "personal_chat" || type == "bot_chat" || type == "saved_messages") return "user";
  if (type == "private_group") return "chat";
  if (type == "private_supergroup" || type == "public_supergroup" || type == "private_channel" ||
      type == "public_channel")
    return "channel";
  return {};
}
bool is_channel_type(string_view type) { return type == "private_channel" || type == "public_channel"; }

}  // namespace chorus::ingest_telegram
