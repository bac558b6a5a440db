#include "telegram_reader.hpp"

#include <chorus/sdk/time.hpp>
#include <simdjson.h>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "export_values.hpp"
#include "ingest/common/json_access.hpp"
#include "ingest/common/post_rows.hpp"
#include "io/common/input.hpp"
#include "io/common/reader_support.hpp"
#include "telegram_stage.hpp"
#include "utc_offset.hpp"

namespace chorus::ingest_telegram {

using namespace ingest_common;
using std::string_view;
using osv = std::optional<std::string_view>;

Schema forwards_schema() {
  return {{"post_id", DataType{TypeId::Utf8}},
          {"forwarded_from", DataType{TypeId::Utf8}},
          {"forwarded_from_id", DataType{TypeId::Utf8}}};
}

namespace {

// The state of one run: outputs, counters and scratch space.
class Reader {
 public:
  Reader(const TelegramConfig& o, sdk::Context& ctx)
      : o_(o),
        ctx_(ctx),
        posts_(ctx, "posts", "posts", post_fields(), o.batch_rows),
        accounts_(ctx, "accounts", "accounts", account_fields(), o.batch_rows),
        rejects_(ctx, o.batch_rows),
        forwards_(forwards_schema()),
        post_unit_(posts_.unit_of("created_at")),
        pv_(P_count),
        av_(A_count),
        offset_seconds_(parse_offset(o.assume_timezone).value_or(0)) {}

  void file(const std::string& path) {
    file_ = path;
    std::string data;
    {
      io_common::FileSource src(path);
      std::vector<char> buf(size_t(1) << 20);
      for (size_t got; (got = src.read(buf.data(), buf.size())) > 0;) data.append(buf.data(), got);
    }
    ++files_;
    simdjson::padded_string doc_text(data);
    std::string().swap(data);
    dom::element root;
    if (auto err = parser_.parse(doc_text).get(root)) {
      rejects_.add(file_, 1,
                   std::string("invalid JSON: ") + simdjson::error_message(err) +
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
        rejects_.add(file_, 1, std::string("'") + section + ".list' is missing or not an array",
                     simdjson::minify(chats));
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
    ctx_.info("ingest/telegram: " + std::to_string(posts_count_) + " message(s) from " + std::to_string(chats_) +
              " chat(s) in " + std::to_string(files_) + " file(s); " + std::to_string(accounts_seen_.size()) +
              " account(s); " + std::to_string(service_) + " service message(s) and " + std::to_string(unsupported_) +
              " unsupported placeholder(s) not read as posts (not rejects); " + std::to_string(date_fallback_) +
              " message(s) timed from 'date' with assume_timezone " + o_.assume_timezone);
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
                   at + ": id " +
                       (member(c, "id", id_e)
                            ? "is " + std::string(json_kind(id_e.type())) + " " + shown(id_e) + ", not an integer"
                            : std::string("is missing")) +
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
        rejects_.add(file_, pos, chat_label_ + ": 'messages' is " + json_kind(m.type()) + ", not an array",
                     simdjson::minify(c));
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
      if (*t == "service") {
        ++service_;
        return;
      }
      if (*t == "unsupported") {
        ++unsupported_;
        return;
      }
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
        reject(index, "date: " + io_common::quote_value(text) + " " + r.message(), e);
        return;
      }
      seconds = zoned ? v : v - offset_seconds_;
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
        if (!r.get_object().get(ro) && member(ro, "count", ce) && ce.type() != dom::element_type::STRING)
          c = integer_of(ce);
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
          if (!p.get_string().get(s))
            text_.append(s);
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
      if (name)
        forwards_.column(1).append_string(*name);
      else
        forwards_.column(1).append_null();
      if (fid)
        forwards_.column(2).append_string(*fid);
      else
        forwards_.column(2).append_null();
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

  const TelegramConfig& o_;
  sdk::Context& ctx_;
  RowBatch posts_, accounts_;
  io_common::RejectSink rejects_;
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
  int64_t offset_seconds_;  // east of UTC, of assume_timezone
};

}  // namespace

void read_telegram_files(const std::vector<std::string>& files, const TelegramConfig& config, sdk::Context& ctx) {
  Reader in(config, ctx);
  for (const auto& f : files) {
    if (ctx.cancelled()) throw std::runtime_error("cancelled");
    in.file(f);
  }
  in.finish();
}

}  // namespace chorus::ingest_telegram
