// The ingest/telegram stage: Telegram Desktop's "Export chat history" JSON
// (result.json of one chat, or the full account export with chats.list and
// left_chats.list) -> the posts and accounts dataset types, plus the
// forwarded-from names (no column of posts holds them) and rejects.
// Header-only so the unit tests can drive it through a fake host. Decisions
// are documented in docs/ingest-telegram.md.
#pragma once

#include <chorus/sdk.hpp>
#include <chorus/sdk/time.hpp>
#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "../../io/common/input.hpp"
#include "../common/json_access.hpp"
#include "../common/post_rows.hpp"
#include "../../io/common/reader_support.hpp"

namespace chorus::ingest::telegram {

namespace dom = simdjson::dom;
using std::string_view;
using osv = std::optional<std::string_view>;

// --- JSON access ---------------------------------------------------------------



// An integer from a JSON integer, an integral float, or a string of decimal
// digits (with an optional '-'): Telegram writes ids as numbers and
// date_unixtime as a string.
inline std::optional<int64_t> integer_of(dom::element e) {
  using T = dom::element_type;
  switch (e.type()) {
    case T::INT64: return e.get_int64().value_unsafe();
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
    default: return std::nullopt;
  }
}

// The raw JSON of a value for a reason text, quoted and shortened.
// A string is shown without its JSON quotes.
inline std::string shown(dom::element e) {
  string_view s;
  if (!e.get_string().get(s)) return io::quote_value(s);
  return io::quote_value(simdjson::minify(e));
}

// --- peers ------------------------------------------------------------------------

// A peer id as the exporter writes from_id: "user123", "channel123", "chat123"
// kept as is; an older export's bare number -> "user<n>". nullopt if the
// value is none of these (why set).
inline std::optional<std::string> peer_id_of(dom::element e, std::string& why) {
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
inline string_view bare_peer(string_view id) {
  size_t k = 0;
  while (k < id.size() && !(id[k] >= '0' && id[k] <= '9')) ++k;
  return id.substr(k);
}

// The account prefix of a chat type: the peer kind the exporter would write
// in from_id for that chat. Empty for types that are no account (replies).
inline string_view chat_peer_prefix(string_view type) {
  if (type == "personal_chat" || type == "bot_chat" || type == "saved_messages") return "user";
  if (type == "private_group") return "chat";
  if (type == "private_supergroup" || type == "public_supergroup" || type == "private_channel" ||
      type == "public_channel")
    return "channel";
  return {};
}
inline bool is_channel_type(string_view type) { return type == "private_channel" || type == "public_channel"; }

// --- time zone ------------------------------------------------------------------------

// "UTC", "Z" or a fixed offset "+03:00" / "-0530" / "+03" -> seconds east of UTC.
inline int64_t parse_offset(const std::string& s) {
  if (s == "UTC" || s == "utc" || s == "Z" || s == "z" || s == "GMT") return 0;
  auto bad = [&] {
    return std::invalid_argument("'assume_timezone': '" + s +
                                 "' is not UTC or a fixed offset like +03:00 or -05:30 (IANA zone names are not supported)");
  };
  if (s.size() < 3 || (s[0] != '+' && s[0] != '-')) throw bad();
  auto two = [&](size_t p, int& out) {
    if (p + 2 > s.size() || s[p] < '0' || s[p] > '9' || s[p + 1] < '0' || s[p + 1] > '9') return false;
    out = (s[p] - '0') * 10 + (s[p + 1] - '0');
    return true;
  };
  int h = 0, m = 0;
  if (!two(1, h)) throw bad();
  size_t p = 3;
  if (p < s.size()) {
    if (s[p] == ':') ++p;
    if (!two(p, m) || p + 2 != s.size()) throw bad();
  }
  if (h > 23 || m > 59) throw bad();
  const int64_t v = h * 3600 + m * 60;
  return s[0] == '-' ? -v : v;
}

// --- output rows -----------------------------------------------------------------------

// The columns of the `forwards` output (no dataset type: the posts type has
// no column for the name of a forward's origin).
inline Schema forwards_schema() {
  return {{"post_id", DataType{TypeId::Utf8}},
          {"forwarded_from", DataType{TypeId::Utf8}},
          {"forwarded_from_id", DataType{TypeId::Utf8}}};
}

// --- options ----------------------------------------------------------------------------

struct Options {
  std::string path;
  std::optional<std::string> campaign, state;
  std::string timezone = "UTC";
  int64_t offset_seconds = 0;
  int64_t batch_rows = 65536;
};

inline Options read_options(const sdk::Json& config) {
  Options o;
  if (!config.contains("path") || !config["path"].is_string())
    throw std::invalid_argument("'path' (a result.json file or glob pattern) is required");
  o.path = config["path"].get<std::string>();
  o.campaign = optional_string(config, "campaign");
  o.state = optional_string(config, "state");
  if (config.contains("assume_timezone") && !config["assume_timezone"].is_null()) {
    if (!config["assume_timezone"].is_string()) throw std::invalid_argument("'assume_timezone' must be a string");
    o.timezone = config["assume_timezone"].get<std::string>();
  }
  o.offset_seconds = parse_offset(o.timezone);
  o.batch_rows = io::batch_rows_of(config);
  return o;
}

// --- the stage ------------------------------------------------------------------------------

struct TelegramIngest : sdk::Stage {
  static constexpr const char* type = "ingest/telegram";
  static constexpr const char* description =
      "Reads Telegram Desktop JSON exports (result.json of one chat or of the whole account; gzip "
      "allowed) into posts, accounts (one per chat) and the forwarded-from names";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "ingest/telegram",
  "description": "Reads the machine-readable JSON that Telegram Desktop writes with 'Export chat history' (result.json with name, type, id and messages) or 'Export Telegram data' (chats.list and left_chats.list). Emits one posts row per message (service messages and unsupported placeholders are counted and logged, not rows), one accounts row per chat, one forwards row per forwarded message, and rejects for messages that cannot be read. See docs/ingest-telegram.md.",
  "type": "object",
  "properties": {
    "path": {
      "type": "string",
      "description": "result.json file or glob pattern (e.g. exports/*/result.json); relative to the pipeline file's folder. Each file is one JSON document, read whole; gzip is recognised by content. It is an error if nothing matches."
    },
    "campaign": {
      "type": ["string", "null"],
      "default": null,
      "description": "Campaign label written to every posts and accounts row; null for an unaffiliated collection."
    },
    "state": {
      "type": ["string", "null"],
      "default": null,
      "description": "Attributed state written to every posts and accounts row, e.g. RU; null for unaffiliated accounts."
    },
    "assume_timezone": {
      "type": "string",
      "default": "UTC",
      "description": "Zone of the local 'date' text, used only for messages without 'date_unixtime' (exports from before about 2021): UTC or a fixed offset like +03:00 (the exporting computer's offset; IANA zone names are not supported, so daylight saving time is not followed)."
    },
    "batch_rows": {
      "type": "integer",
      "minimum": 1,
      "default": 65536,
      "description": "Maximum rows per emitted batch (each output port)."
    }
  },
  "required": ["path"],
  "additionalProperties": false
})json";
  static constexpr const char* ports = R"json({
  "inputs": [],
  "outputs": [
    {"name": "posts", "type": "posts", "description": "One row per message of type 'message', in file, chat and message order. post_id is <chat id>/<message id>."},
    {"name": "accounts", "type": "accounts", "description": "One row per chat that is an account (user, group or channel), first occurrence of each id: author_id user<id>, chat<id> or channel<id>, display_name the chat name."},
    {"name": "forwards", "type": "any", "description": "One row per forwarded message: post_id, forwarded_from (the origin's name as the export gives it, may be null) and forwarded_from_id (only when the export has it)."},
    {"name": "rejects", "type": "rejects", "description": "Files that are not JSON or no Telegram export, chats without an id, and messages that cannot be read: file, line (for a message: its 1-based position in its chat's messages array), reason and raw JSON."}
  ]
})json";

  std::optional<sdk::PortTypes> infer(const sdk::Json& config, const sdk::PortTypes&,
                                      sdk::Context& ctx) override {
    read_options(config);
    return sdk::PortTypes{{"posts", {"posts", required_type(ctx, "posts")}},
                          {"accounts", {"accounts", required_type(ctx, "accounts")}},
                          {"forwards", {"", forwards_schema()}},
                          {"rejects", {"rejects", io::rejects_schema(ctx)}}};
  }

  void fingerprint(const sdk::Json& config, sdk::Context& ctx) override {
    for (const auto& f : io::expand_paths(ctx.resolve_path(read_options(config).path)))
      ctx.add_input_file(f);
  }

  void run(const sdk::Json& config, sdk::Context& ctx) override;
};

// The state of one run: outputs, counters and scratch space.
class Ingester {
 public:
  Ingester(const Options& o, sdk::Context& ctx)
      : o_(o),
        ctx_(ctx),
        posts_(ctx, "posts", "posts", post_fields(), o.batch_rows),
        accounts_(ctx, "accounts", "accounts", account_fields(), o.batch_rows),
        rejects_(ctx, o.batch_rows),
        forwards_(forwards_schema()),
        post_unit_(posts_.unit_of("created_at")),
        pv_(P_count),
        av_(A_count) {}

  void file(const std::string& path) {
    file_ = path;
    std::string data;
    {
      io::FileSource src(path);
      std::vector<char> buf(size_t(1) << 20);
      for (size_t got; (got = src.read(buf.data(), buf.size())) > 0;) data.append(buf.data(), got);
    }
    ++files_;
    simdjson::padded_string doc_text(data);
    std::string().swap(data);
    dom::element root;
    if (auto err = parser_.parse(doc_text).get(root)) {
      rejects_.add(file_, 1, std::string("invalid JSON: ") + simdjson::error_message(err) +
                                 " (the whole file is one JSON document; nothing of it was read)",
                   string_view(doc_text.data(), doc_text.size()));
      return;
    }
    dom::object obj;
    if (root.get_object().get(obj)) {
      rejects_.add(file_, 1, std::string("the file is ") + json_kind(root.type()) + ", not a Telegram export object",
                   string_view(doc_text.data(), doc_text.size()));
      return;
    }
    if (has(obj, "messages")) {
      chat(obj, "", 1);
      return;
    }
    dom::object chats;
    dom::array list;
    bool any = false;
    for (const char* section : {"chats", "left_chats"}) {
      if (!obj_of(obj, section, chats)) continue;
      if (!arr_of(chats, "list", list)) {
        rejects_.add(file_, 1, std::string("'") + section + ".list' is missing or not an array", simdjson::minify(chats));
        any = true;
        continue;
      }
      any = true;
      size_t i = 0;
      for (dom::element e : list) {
        const std::string where = std::string(section) + ".list[" + std::to_string(i++) + "]";
        dom::object c;
        if (e.get_object().get(c)) {
          rejects_.add(file_, static_cast<int64_t>(i), where + " is " + json_kind(e.type()) + ", not a chat object",
                       simdjson::minify(e));
          continue;
        }
        chat(c, where, static_cast<int64_t>(i));
      }
    }
    if (!any)
      rejects_.add(file_, 1,
                   "not a Telegram Desktop export: the root object has neither 'messages' (one chat) "
                   "nor 'chats.list' / 'left_chats.list' (account export)",
                   string_view(doc_text.data(), doc_text.size()));
  }

  void finish() {
    flush_posts();
    accounts_.emit();
    if (forwards_.rows() > 0) ctx_.emit("forwards", std::move(forwards_));
    forwards_ = Batch(forwards_schema());
    rejects_.flush();
    ctx_.progress(rows_done_);
    ctx_.info("ingest/telegram: " + std::to_string(posts_count_) + " message(s) from " +
              std::to_string(chats_) + " chat(s) in " + std::to_string(files_) + " file(s); " +
              std::to_string(accounts_seen_.size()) + " account(s); " + std::to_string(service_) +
              " service message(s) and " + std::to_string(unsupported_) +
              " unsupported placeholder(s) not read as posts (not rejects); " +
              std::to_string(date_fallback_) + " message(s) timed from 'date' with assume_timezone " +
              o_.timezone);
    if (rejects_.count() > 0)
      ctx_.warn("ingest/telegram: " + std::to_string(rejects_.count()) +
                " record(s) rejected (see the rejects output)");
  }

 private:
  // --- chats -----------------------------------------------------------------------
  void chat(dom::object c, const std::string& where, int64_t pos) {
    dom::element id_e;
    std::optional<int64_t> chat_id;
    if (member(c, "id", id_e)) chat_id = integer_of(id_e);
    dom::array messages;
    const bool has_messages = arr_of(c, "messages", messages);
    const size_t n_messages = has_messages ? messages.size() : 0;
    const std::string at = where.empty() ? std::string("the chat") : where;
    if (!chat_id) {
      rejects_.add(file_, pos,
                   at + ": id " + (member(c, "id", id_e) ? "is " + std::string(json_kind(id_e.type())) + " " + shown(id_e) + ", not an integer" : std::string("is missing")) +
                       "; its " + std::to_string(n_messages) + " message(s) cannot get post ids and are not read",
                   simdjson::minify(c));
      return;
    }
    ++chats_;
    chat_id_ = std::to_string(*chat_id);
    osv chat_type = str_of(c, "type");
    chat_type_ = chat_type ? std::string(*chat_type) : std::string();
    chat_name_.reset();
    if (auto n = str_of(c, "name")) chat_name_ = std::string(*n);
    chat_label_ = "chat " + chat_id_ + (chat_name_ ? " (" + *chat_name_ + ")" : std::string());
    account_of_chat();
    if (!has_messages) {
      dom::element m;
      if (member(c, "messages", m))
        rejects_.add(file_, pos, chat_label_ + ": 'messages' is " + json_kind(m.type()) + ", not an array", simdjson::minify(c));
      return;
    }
    // First pass: the author of every message, for the target author of replies.
    authors_.clear();
    for (dom::element e : messages) {
      dom::object m;
      if (e.get_object().get(m)) continue;
      dom::element ie;
      if (!member(m, "id", ie)) continue;
      auto mid = integer_of(ie);
      if (!mid) continue;
      std::string why;
      if (auto a = author_of(m, why)) authors_.emplace(*mid, std::move(*a));
    }
    int64_t index = 0;
    for (dom::element e : messages) {
      ++index;
      if ((++messages_seen_ & 0x3FF) == 0 && ctx_.cancelled()) throw std::runtime_error("cancelled");
      message(e, index);
    }
  }

  void account_of_chat() {
    string_view prefix = chat_peer_prefix(chat_type_);
    if (prefix.empty()) return;
    std::string id = std::string(prefix) + chat_id_;
    if (!accounts_seen_.insert(id).second) return;
    std::fill(av_.begin(), av_.end(), Val());
    av_[A_platform] = Val::str(string_view("telegram"));
    av_[A_source_file] = Val::str(string_view(file_));
    av_[A_author_id] = Val::str(string_view(id));
    av_[A_display_name] = chat_name_ ? Val::str(string_view(*chat_name_)) : Val();
    av_[A_is_hashed] = Val::boolean(false);
    av_[A_campaign] = o_.campaign ? Val::str(string_view(*o_.campaign)) : Val();
    av_[A_state] = o_.state ? Val::str(string_view(*o_.state)) : Val();
    accounts_.append(av_);
    if (accounts_.full()) accounts_.emit();
  }

  // author_id of a message: from_id, else the channel itself for a channel
  // post; nullopt when there is none (why empty) or from_id is unreadable.
  std::optional<std::string> author_of(dom::object m, std::string& why) const {
    dom::element f;
    if (member(m, "from_id", f) && f.type() != dom::element_type::NULL_VALUE) {
      auto id = peer_id_of(f, why);
      if (!id) why = "from_id: " + why;
      return id;
    }
    if (is_channel_type(chat_type_)) return "channel" + chat_id_;
    return std::nullopt;
  }

  // --- messages ---------------------------------------------------------------------
  void reject(int64_t index, const std::string& reason, dom::element e) {
    rejects_.add(file_, index, chat_label_ + " message #" + std::to_string(index) + ": " + reason, simdjson::minify(e));
  }

  void message(dom::element e, int64_t index) {
    dom::object m;
    if (e.get_object().get(m)) {
      reject(index, std::string("is ") + json_kind(e.type()) + ", not a message object", e);
      return;
    }
    if (auto t = str_of(m, "type")) {
      if (*t == "service") { ++service_; return; }
      if (*t == "unsupported") { ++unsupported_; return; }
    }
    dom::element ie;
    if (!member(m, "id", ie)) {
      reject(index, "id: missing", e);
      return;
    }
    auto mid = integer_of(ie);
    if (!mid) {
      reject(index, "id: is " + std::string(json_kind(ie.type())) + " " + shown(ie) + ", not an integer", e);
      return;
    }

    // Time: date_unixtime (UTC epoch seconds as a decimal string), else the
    // local 'date' text in assume_timezone.
    int64_t seconds = 0;
    dom::element de;
    if (member(m, "date_unixtime", de)) {
      auto v = integer_of(de);
      if (!v) {
        reject(index, "date_unixtime: " + shown(de) + " is not a decimal count of seconds", e);
        return;
      }
      seconds = *v;
    } else if (member(m, "date", de)) {
      string_view text;
      if (de.get_string().get(text)) {
        reject(index, "date: is " + std::string(json_kind(de.type())) + ", not a timestamp string", e);
        return;
      }
      // The exporter writes local time without an offset; a text that has
      // one (another tool) is taken as written.
      const bool zoned = text.size() > 19 && (text.back() == 'Z' || text.back() == 'z' ||
                                              text.find_first_of("+-", 19) != string_view::npos);
      time::ParseOptions po;
      po.epoch_integers = false;
      int64_t v;
      if (auto r = time::parse_timestamp(text, TimeUnit::Second, v, po); !r) {
        reject(index, "date: " + io::quote_value(text) + " " + r.message(), e);
        return;
      }
      seconds = zoned ? v : v - o_.offset_seconds;
      ++date_fallback_;
    } else {
      reject(index, "date_unixtime and date: both missing", e);
      return;
    }
    int64_t created;
    if (__builtin_mul_overflow(seconds, time::units_per_second(post_unit_), &created)) {
      reject(index, "date_unixtime: " + std::to_string(seconds) + " is out of the range of created_at", e);
      return;
    }

    std::string why;
    std::optional<std::string> author = author_of(m, why);
    if (!why.empty()) {
      reject(index, why, e);
      return;
    }
    osv display = str_of(m, "from");
    if (!display && !has(m, "from_id") && is_channel_type(chat_type_) && chat_name_) display = *chat_name_;

    // Reactions: likes is their sum when the export has them.
    std::optional<int64_t> likes;
    dom::element re;
    if (member(m, "reactions", re) && re.type() != dom::element_type::NULL_VALUE) {
      dom::array ra;
      if (re.get_array().get(ra)) {
        reject(index, "reactions: is " + std::string(json_kind(re.type())) + ", not an array", e);
        return;
      }
      int64_t sum = 0;
      size_t k = 0;
      for (dom::element r : ra) {
        dom::object ro;
        dom::element ce;
        std::optional<int64_t> c;
        if (!r.get_object().get(ro) && member(ro, "count", ce) && ce.type() != dom::element_type::STRING) c = integer_of(ce);
        if (!c) {
          reject(index, "reactions[" + std::to_string(k) + "].count: missing or not an integer", e);
          return;
        }
        sum += *c;
        ++k;
      }
      likes = sum;
    }

    // Text: a string, or an array of strings and entity objects.
    text_.clear();
    bool has_text = false;
    dom::element te;
    dom::array text_parts;
    bool text_is_array = false;
    if (member(m, "text", te)) {
      string_view s;
      if (!te.get_string().get(s)) {
        text_.assign(s);
        has_text = true;
      } else if (!te.get_array().get(text_parts)) {
        text_is_array = true;
        has_text = true;
        for (dom::element p : text_parts) {
          dom::object po;
          if (!p.get_string().get(s)) text_.append(s);
          else if (!p.get_object().get(po)) {
            if (auto pt = str_of(po, "text")) text_.append(*pt);
          }
        }
      } else if (te.type() != dom::element_type::NULL_VALUE) {
        reject(index, "text: is " + std::string(json_kind(te.type())) + ", not a string or an array", e);
        return;
      }
    }

    // Entities: text_entities, else the entity objects inside a text array (older exports).
    hashtags_.clear();
    urls_.clear();
    handles_.clear();
    mention_items_.clear();
    dom::array ents;
    auto entity = [&](dom::object en) {
      auto type = str_of(en, "type");
      if (!type) return;
      auto text = str_of(en, "text");
      if (*type == "hashtag" && text) {
        string_view t = *text;
        if (!t.empty() && t[0] == '#') t.remove_prefix(1);
        if (!t.empty()) hashtags_.emplace_back(t);
      } else if (*type == "link" && text) {
        if (!text->empty()) urls_.emplace_back(*text);
      } else if (*type == "text_link") {
        if (auto href = str_of(en, "href"); href && !href->empty()) urls_.emplace_back(*href);
      } else if (*type == "mention" && text) {
        string_view t = *text;
        if (!t.empty() && t[0] == '@') t.remove_prefix(1);
        if (!t.empty()) {
          handles_.emplace_back(t);
          mention_items_.emplace_back(t);
        }
      } else if (*type == "mention_name") {
        dom::element ue;
        if (member(en, "user_id", ue)) {
          if (auto uid = integer_of(ue)) {
            std::string id = "user" + std::to_string(*uid);
            mention_items_.push_back(std::move(id));
          }
        }
      }
    };
    if (arr_of(m, "text_entities", ents)) {
      for (dom::element x : ents) {
        dom::object en;
        if (!x.get_object().get(en)) entity(en);
      }
    } else if (text_is_array) {
      for (dom::element x : text_parts) {
        dom::object en;
        if (!x.get_object().get(en)) entity(en);
      }
    }
    // mentions_kind: "id" when every mention is a mention_name (user<id>),
    // "handle" when any is an @handle (the mention_name ones stay user<id>).
    const char* mentions_kind = nullptr;
    if (!mention_items_.empty()) mentions_kind = handles_.empty() ? "id" : "handle";

    // Interaction: forward, else reply, else original.
    post_id_ = chat_id_ + "/" + std::to_string(*mid);
    const char* interaction = "original";
    target_post_.reset();
    target_author_.reset();
    dom::element fe;
    if (member(m, "forwarded_from", fe)) {
      interaction = "forward";
      osv name;
      string_view s;
      if (!fe.get_string().get(s)) name = s;
      std::optional<std::string> fid;
      dom::element fie;
      if (member(m, "forwarded_from_id", fie) && fie.type() != dom::element_type::NULL_VALUE) {
        std::string fwhy;
        fid = peer_id_of(fie, fwhy);
        if (!fid) {
          reject(index, "forwarded_from_id: " + fwhy, e);
          return;
        }
        target_author_ = *fid;
      }
      Column& fp = forwards_.column(0);
      fp.append_string(post_id_);
      if (name) forwards_.column(1).append_string(*name);
      else forwards_.column(1).append_null();
      if (fid) forwards_.column(2).append_string(*fid);
      else forwards_.column(2).append_null();
      if (forwards_.rows() >= o_.batch_rows) {
        ctx_.emit("forwards", std::move(forwards_));
        forwards_ = Batch(forwards_schema());
      }
    } else if (dom::element rte; member(m, "reply_to_message_id", rte) && rte.type() != dom::element_type::NULL_VALUE) {
      auto rid = integer_of(rte);
      if (!rid) {
        reject(index, "reply_to_message_id: " + shown(rte) + " is not an integer", e);
        return;
      }
      interaction = "reply";
      std::string chat = chat_id_;
      bool same_chat = true;
      dom::element pe;
      if (member(m, "reply_to_peer_id", pe) && pe.type() != dom::element_type::NULL_VALUE) {
        std::string pwhy;
        auto peer = peer_id_of(pe, pwhy);
        if (!peer) {
          reject(index, "reply_to_peer_id: " + pwhy, e);
          return;
        }
        chat = std::string(bare_peer(*peer));
        same_chat = chat == chat_id_;
      }
      target_post_ = chat + "/" + std::to_string(*rid);
      if (same_chat) {
        auto it = authors_.find(*rid);
        if (it != authors_.end()) target_author_ = it->second;
      }
    }

    std::fill(pv_.begin(), pv_.end(), Val());
    pv_[P_platform] = Val::str(string_view("telegram"));
    pv_[P_source_file] = Val::str(string_view(file_));
    pv_[P_post_id] = Val::str(string_view(post_id_));
    pv_[P_author_id] = author ? Val::str(string_view(*author)) : Val();
    pv_[P_author_display_name] = Val::str(display);
    pv_[P_is_hashed_author] = Val::boolean(false);
    pv_[P_campaign] = o_.campaign ? Val::str(string_view(*o_.campaign)) : Val();
    pv_[P_state] = o_.state ? Val::str(string_view(*o_.state)) : Val();
    pv_[P_created_at] = Val::integer(created);
    pv_[P_time_precision] = Val::str(string_view("second"));
    pv_[P_text] = has_text ? Val::str(string_view(text_)) : Val();
    pv_[P_interaction_type] = Val::str(string_view(interaction));
    pv_[P_target_post_id] = target_post_ ? Val::str(string_view(*target_post_)) : Val();
    pv_[P_target_author_id] = target_author_ ? Val::str(string_view(*target_author_)) : Val();
    pv_[P_hashtags] = Val::items(hashtags_);
    pv_[P_urls] = Val::items(urls_);
    pv_[P_mentions] = Val::items(mention_items_);
    pv_[P_mentions_kind] = mentions_kind ? Val::str(string_view(mentions_kind)) : Val();
    pv_[P_likes] = Val::integer(likes);
    posts_.append(pv_);
    ++posts_count_;
    if (posts_.full()) flush_posts();
  }

  void flush_posts() {
    const int64_t n = posts_.emit();
    if (n == 0) return;
    rows_done_ += n;
    flushed(ctx_, rows_done_);
  }

  const Options& o_;
  sdk::Context& ctx_;
  RowBatch posts_, accounts_;
  io::RejectSink rejects_;
  Batch forwards_;
  TimeUnit post_unit_;
  std::vector<Val> pv_, av_;
  dom::parser parser_;
  std::unordered_set<std::string> accounts_seen_;
  std::unordered_map<int64_t, std::string> authors_;
  std::string file_, chat_id_, chat_type_, chat_label_, post_id_, text_;
  std::optional<std::string> chat_name_, target_post_, target_author_;
  std::vector<std::string> hashtags_, urls_, handles_, mention_items_;
  int64_t files_ = 0, chats_ = 0, posts_count_ = 0, service_ = 0, unsupported_ = 0, date_fallback_ = 0,
          messages_seen_ = 0, rows_done_ = 0;
};

inline void TelegramIngest::run(const sdk::Json& config, sdk::Context& ctx) {
  const Options o = read_options(config);
  const auto files = io::expand_paths(ctx.resolve_path(o.path));
  Ingester in(o, ctx);
  for (const auto& f : files) {
    if (ctx.cancelled()) throw std::runtime_error("cancelled");
    in.file(f);
  }
  in.finish();
}

}  // namespace chorus::ingest::telegram
