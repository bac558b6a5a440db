#include "twarc2_reader.hpp"

#include <chorus/sdk/time.hpp>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "expansions.hpp"
#include "ingest/common/json_access.hpp"
#include "ingest/common/post_rows.hpp"
#include "io/common/input.hpp"
#include "io/common/reader_support.hpp"
#include "status_link.hpp"
#include "twarc2_stage.hpp"

namespace chorus::ingest_twarc2 {

using namespace ingest_common;
using std::string_view;

static_assert(simdjson::SIMDJSON_PADDING <= io_common::LineReader::kPadding,
              "LineReader must leave simdjson's padding after every line");

namespace {

// An integer member: absent or JSON null -> nullopt (true); an integer (or a
// float with an integral value) -> the value (true); anything else -> false
// with `why` set.
bool int_of(dom::object o, string_view key, std::optional<int64_t>& out, std::string& why) {
  using T = dom::element_type;
  out.reset();
  dom::element e;
  if (!member(o, key, e)) return true;
  const T t = e.type();
  if (t == T::NULL_VALUE) return true;
  if (t == T::INT64) {
    out = e.get_int64().value_unsafe();
    return true;
  }
  if (t == T::DOUBLE) {
    const double d = e.get_double().value_unsafe();
    if (std::floor(d) == d && d < 9223372036854775808.0 && d >= -9223372036854775808.0) {
      out = static_cast<int64_t>(d);
      return true;
    }
  }
  why = std::string("is ") + json_kind(t) + " " + io_common::quote_value(simdjson::minify(e)) + ", not an integer";
  return false;
}

// The state of one run: outputs, counters and scratch space.
class Reader {
 public:
  Reader(const Twarc2Config& o, sdk::Context& ctx)
      : o_(o),
        ctx_(ctx),
        posts_(ctx, "posts", "posts", post_fields(), o.batch_rows),
        accounts_(ctx, "accounts", "accounts", account_fields(), o.batch_rows),
        rejects_(ctx, o.batch_rows),
        post_unit_(posts_.unit_of("created_at")),
        account_unit_(accounts_.unit_of("created_at")),
        pv_(P_count),
        av_(A_count) {}

  void file(const std::string& path) {
    io_common::FileSource src(path);
    io_common::LineReader reader(src);
    string_view line;
    file_ = path;
    while (reader.next(line)) {
      if ((++lines_ & 0x3F) == 0 && ctx_.cancelled()) throw std::runtime_error("cancelled");
      line_no_ = reader.line_number();
      if (line_no_ == 1 && line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.remove_prefix(3);
      size_t k = 0;
      while (k < line.size() && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r')) ++k;
      if (k == line.size()) {
        ++keepalive_lines_;
        continue;
      }
      this->line(line);
    }
  }

  void finish() {
    flush_posts();
    accounts_.emit();
    rejects_.flush();
    ctx_.progress(rows_done_);
    std::string summary = "ingest/twarc2: " + std::to_string(tweets_) + " tweet(s) from " + std::to_string(pages_) +
                          " response page(s), " + std::to_string(stream_lines_) + " streaming line(s), " +
                          std::to_string(flat_lines_) + " flattened line(s); " + std::to_string(accounts_seen_.size()) +
                          " account(s); " + std::to_string(error_lines_) + " error line(s), " +
                          std::to_string(empty_pages_) + " empty page(s), " + std::to_string(keepalive_lines_) +
                          " blank keep-alive line(s), " + std::to_string(api_errors_) +
                          " API error object(s) inside pages";
    if (!first_error_.empty()) summary += " (first error: " + first_error_ + ")";
    ctx_.info(summary);
    if (error_lines_ > 0)
      ctx_.warn("ingest/twarc2: " + std::to_string(error_lines_) +
                " error line(s) without tweets (not rejects): " + first_error_);
    if (rejects_.count() > 0)
      ctx_.warn("ingest/twarc2: " + std::to_string(rejects_.count()) + " record(s) rejected (see the rejects output)");
  }

 private:
  // --- lines ---------------------------------------------------------------------------
  void line(string_view line) {
    dom::element doc;
    auto err = parser_.parse(line.data(), line.size(), false).get(doc);
    if (err) {
      rejects_.add(file_, line_no_, std::string("invalid JSON: ") + simdjson::error_message(err), line);
      return;
    }
    dom::object obj;
    if (doc.get_object().get(obj)) {
      rejects_.add(file_, line_no_, std::string("not a JSON object but ") + json_kind(doc.type()), line);
      return;
    }
    x_.clear();
    dom::element data;
    if (member(obj, "data", data)) {
      dom::object inc;
      if (obj_of(obj, "includes", inc)) x_.load(inc);
      dom::array arr;
      dom::object one;
      const bool is_page = !data.get_array().get(arr), is_stream = !is_page && !data.get_object().get(one);
      if (is_page || is_stream) count_errors(obj, true);
      if (is_page) {
        ++pages_;
        accounts_from_includes(obj, line);
        size_t i = 0;
        for (dom::element e : arr) {
          const std::string where = "data[" + std::to_string(i++) + "]";
          dom::object t;
          if (e.get_object().get(t)) {
            rejects_.add(file_, line_no_, where + " is " + json_kind(e.type()) + ", not a tweet object",
                         simdjson::minify(e));
            continue;
          }
          tweet(t, where + ".", false, line);
        }
      } else if (is_stream) {
        ++stream_lines_;
        accounts_from_includes(obj, line);
        tweet(one, "data.", false, line);
      } else if (data.type() == dom::element_type::NULL_VALUE && has(obj, "errors")) {
        ++error_lines_;
        count_errors(obj, false);
      } else {
        rejects_.add(file_, line_no_,
                     std::string("'data' is ") + json_kind(data.type()) +
                         ", expected an array of tweets (response page) or a tweet object (streaming)",
                     line);
      }
      return;
    }
    if (has(obj, "id")) {
      if (!has(obj, "text") && !has(obj, "note_tweet")) {
        rejects_.add(file_, line_no_,
                     "a line with 'id' but no 'text' is not a flattened tweet (a user or other object?)", line);
        return;
      }
      ++flat_lines_;
      accounts_from_flat(obj, 0, line);
      tweet(obj, "", true, line);
      return;
    }
    if (has(obj, "errors")) {
      ++error_lines_;
      count_errors(obj, false);
      return;
    }
    if (has(obj, "meta")) {  // a response page with no result (result_count 0)
      ++empty_pages_;
      return;
    }
    rejects_.add(file_, line_no_,
                 "not a twarc2 line: no 'data' (response page or streaming), no tweet 'id' (flattened) and no 'errors'",
                 line);
  }

  // The `errors` of a page (partial errors: counted) or of an error line
  // (counted as a line); the first message is kept for the log.
  void count_errors(dom::object obj, bool in_page) {
    dom::array errs;
    if (!arr_of(obj, "errors", errs)) return;
    for (dom::element e : errs) {
      if (in_page) ++api_errors_;
      if (first_error_.empty()) {
        dom::object eo;
        osv msg;
        if (!e.get_object().get(eo)) {
          msg = str_of(eo, "detail");
          if (!msg) msg = str_of(eo, "message");
          if (!msg) msg = str_of(eo, "title");
        }
        first_error_ = msg ? std::string(io_common::truncate_utf8(*msg, 200))
                           : std::string(io_common::truncate_utf8(simdjson::minify(e), 200));
        first_error_ += " (" + file_ + ":" + std::to_string(line_no_) + ")";
      }
    }
  }

  // --- accounts ----------------------------------------------------------------------------
  void accounts_from_includes(dom::object obj, string_view line) {
    dom::object inc;
    dom::array users;
    if (!obj_of(obj, "includes", inc) || !arr_of(inc, "users", users)) return;
    size_t i = 0;
    for (dom::element e : users) {
      const std::string where = "includes.users[" + std::to_string(i++) + "]";
      dom::object u;
      if (e.get_object().get(u)) {
        rejects_.add(file_, line_no_, where + " is " + json_kind(e.type()) + ", not a user object",
                     simdjson::minify(e));
        continue;
      }
      account(u, where + ".", line);
    }
  }

  // The users twarc2 flatten inlines: author, in_reply_to_user, mention
  // users, and the same inside each referenced tweet.
  void accounts_from_flat(dom::object t, int depth, string_view line) {
    dom::object u;
    if (obj_of(t, "author", u) && is_user_object(u)) account(u, "author.", line);
    if (obj_of(t, "in_reply_to_user", u) && is_user_object(u)) account(u, "in_reply_to_user.", line);
    dom::object ent;
    dom::array arr;
    if (obj_of(t, "entities", ent) && arr_of(ent, "mentions", arr))
      for (dom::element e : arr)
        if (!e.get_object().get(u) && is_user_object(u)) account(u, "entities.mentions[].", line);
    if (depth < 2 && arr_of(t, "referenced_tweets", arr))
      for (dom::element e : arr) {
        dom::object r;
        if (!e.get_object().get(r)) accounts_from_flat(r, depth + 1, line);
      }
  }

  void account(dom::object u, const std::string& where, string_view) {
    auto id = str_of(u, "id");
    if (!id) {
      rejects_.add(file_, line_no_, where + "id: missing or not a string (user object)", simdjson::minify(u));
      return;
    }
    if (accounts_seen_.count(std::string(*id))) return;
    std::fill(av_.begin(), av_.end(), Val());
    std::string why;
    std::optional<int64_t> followers, following, created;
    dom::object pm;
    if (obj_of(u, "public_metrics", pm)) {
      if (!int_of(pm, "followers_count", followers, why)) {
        rejects_.add(file_, line_no_, where + "public_metrics.followers_count " + why, simdjson::minify(u));
        return;
      }
      if (!int_of(pm, "following_count", following, why)) {
        rejects_.add(file_, line_no_, where + "public_metrics.following_count " + why, simdjson::minify(u));
        return;
      }
    }
    auto created_text = str_of(u, "created_at");
    if (created_text) {
      int64_t v;
      if (auto r = time::parse_timestamp(*created_text, account_unit_, v); !r) {
        rejects_.add(file_, line_no_,
                     where + "created_at: " + io_common::quote_value(*created_text) + " " + r.message(),
                     simdjson::minify(u));
        return;
      }
      created = v;
    }
    // Profile URL: the expanded form from entities.url when given, else `url` (empty = none).
    osv profile;
    dom::object ent, urlent;
    dom::array urls;
    if (obj_of(u, "entities", ent) && obj_of(ent, "url", urlent) && arr_of(urlent, "urls", urls))
      for (dom::element e : urls) {
        dom::object uo;
        if (!e.get_object().get(uo)) {
          profile = str_of(uo, "expanded_url");
          if (!profile) profile = str_of(uo, "url");
        }
        break;
      }
    if (!profile) profile = str_of(u, "url");
    if (profile && profile->empty()) profile.reset();

    accounts_seen_.emplace(*id);
    av_[A_platform] = Val::str(string_view("twitter"));
    av_[A_source_file] = Val::str(string_view(file_));
    av_[A_author_id] = Val::str(id);
    av_[A_author_handle] = Val::str(str_of(u, "username"));
    av_[A_display_name] = Val::str(str_of(u, "name"));
    av_[A_is_hashed] = Val::boolean(false);
    av_[A_description] = Val::str(str_of(u, "description"));
    av_[A_profile_url] = Val::str(profile);
    av_[A_location] = Val::str(str_of(u, "location"));
    av_[A_followers] = Val::integer(followers);
    av_[A_following] = Val::integer(following);
    av_[A_created_at] = Val::integer(created);
    av_[A_created_precision] = created ? Val::str(string_view("second")) : Val();
    av_[A_language] = Val();
    av_[A_campaign] = o_.campaign ? Val::str(string_view(*o_.campaign)) : Val();
    av_[A_state] = o_.state ? Val::str(string_view(*o_.state)) : Val();
    accounts_.append(av_);
    if (accounts_.full()) accounts_.emit();
  }

  // --- tweets --------------------------------------------------------------------------------
  void reject_tweet(dom::object t, bool flat, string_view line, const std::string& reason) {
    if (flat)
      rejects_.add(file_, line_no_, reason, line);
    else
      rejects_.add(file_, line_no_, reason, simdjson::minify(t));
  }

  // `where` prefixes field names in reasons ("data[3]." in a page).
  void tweet(dom::object t, const std::string& where, bool flat, string_view line) {
    auto id = str_of(t, "id");
    if (!id) {
      reject_tweet(t, flat, line, where + "id: missing or not a string");
      return;
    }
    std::fill(pv_.begin(), pv_.end(), Val());
    std::string why;

    // created_at: absent -> null; present but unreadable -> reject.
    std::optional<int64_t> created;
    dom::element ce;
    if (member(t, "created_at", ce) && ce.type() != dom::element_type::NULL_VALUE) {
      string_view s;
      int64_t v;
      if (ce.get_string().get(s)) {
        reject_tweet(t, flat, line, where + "created_at: is " + json_kind(ce.type()) + ", not a timestamp string");
        return;
      }
      if (auto r = time::parse_timestamp(s, post_unit_, v); !r) {
        reject_tweet(t, flat, line, where + "created_at: " + io_common::quote_value(s) + " " + r.message());
        return;
      }
      created = v;
    }

    // public_metrics: a count the source does not give is null.
    std::optional<int64_t> likes, shares, replies, quotes, views;
    dom::object pm;
    if (obj_of(t, "public_metrics", pm)) {
      const std::pair<const char*, std::optional<int64_t>*> metrics[] = {{"like_count", &likes},
                                                                         {"retweet_count", &shares},
                                                                         {"reply_count", &replies},
                                                                         {"quote_count", &quotes},
                                                                         {"impression_count", &views}};
      for (const auto& [name, out] : metrics)
        if (!int_of(pm, name, *out, why)) {
          reject_tweet(t, flat, line, where + "public_metrics." + name + " " + why);
          return;
        }
    }

    // Author.
    osv author_id = str_of(t, "author_id");
    osv handle, display;
    dom::object author;
    if (resolve_author(t, x_, author)) {
      if (!author_id) author_id = str_of(author, "id");
      handle = str_of(author, "username");
      display = str_of(author, "name");
    }

    // Interaction: retweeted wins, then quoted, then replied_to.
    dom::array refs;
    dom::object ref_ret, ref_quo, ref_rep;
    bool has_ret = false, has_quo = false, has_rep = false;
    if (arr_of(t, "referenced_tweets", refs))
      for (dom::element e : refs) {
        dom::object r;
        if (e.get_object().get(r)) continue;
        auto type = str_of(r, "type");
        if (!type || !str_of(r, "id")) continue;
        if (*type == "retweeted" && !has_ret) {
          ref_ret = r;
          has_ret = true;
        } else if (*type == "quoted" && !has_quo) {
          ref_quo = r;
          has_quo = true;
        } else if (*type == "replied_to" && !has_rep) {
          ref_rep = r;
          has_rep = true;
        }
      }
    const char* interaction = "original";
    dom::object ref;
    if (has_ret) {
      interaction = "share";
      ref = ref_ret;
    } else if (has_quo) {
      interaction = "quote";
      ref = ref_quo;
    } else if (has_rep) {
      interaction = "reply";
      ref = ref_rep;
    }
    osv target_post, target_author;
    dom::object target;
    bool target_known = false;
    if (has_ret || has_quo || has_rep) {
      target_post = str_of(ref, "id");
      target_known = resolve_ref(ref, x_, target);
      if (target_known) target_author = str_of(target, "author_id");
      if (!target_author && has_rep && !has_ret && !has_quo) target_author = str_of(t, "in_reply_to_user_id");
    }

    // Text and entities come from the same object: for a retweet, the
    // retweeted tweet when it is known (its full text), else the retweet.
    dom::object src = t;
    const bool rt_from_original = has_ret && target_known && (has(target, "text") || has(target, "note_tweet"));
    if (rt_from_original) src = target;
    osv text = str_of(src, "text");
    dom::object entities;
    bool has_entities = obj_of(src, "entities", entities);
    dom::object note;
    if (obj_of(src, "note_tweet", note)) {
      if (auto nt = str_of(note, "text")) {
        text = nt;
        dom::object ne;
        if (obj_of(note, "entities", ne)) {
          entities = ne;
          has_entities = true;
        }
      }
    }

    // Hashtags.
    hashtags_.clear();
    urls_.clear();
    mention_ids_.clear();
    mention_names_.clear();
    dom::array arr;
    if (has_entities && arr_of(entities, "hashtags", arr))
      for (dom::element e : arr) {
        dom::object h;
        if (e.get_object().get(h)) continue;
        if (auto tag = str_of(h, "tag")) hashtags_.push_back(*tag);
      }

    // URLs, without the links to this tweet's media or to the tweets it references.
    if (has_entities && arr_of(entities, "urls", arr)) {
      osv src_id = str_of(src, "id");
      ref_ids_.clear();
      dom::array srefs;
      if (arr_of(src, "referenced_tweets", srefs))
        for (dom::element e : srefs) {
          dom::object r;
          if (!e.get_object().get(r))
            if (auto rid = str_of(r, "id")) ref_ids_.push_back(*rid);
        }
      for (dom::element e : arr) {
        dom::object u;
        if (e.get_object().get(u)) continue;
        osv expanded = str_of(u, "expanded_url"), unwound = str_of(u, "unwound_url"), tco = str_of(u, "url"),
            display_url = str_of(u, "display_url");
        osv chosen = o_.prefer_unwound_url ? (unwound ? unwound : expanded) : (expanded ? expanded : unwound);
        if (!chosen) chosen = tco;
        if (!chosen || chosen->empty()) continue;
        if (display_url &&
            (starts_with_ci(*display_url, "pic.twitter.com") || starts_with_ci(*display_url, "pic.x.com")))
          continue;
        StatusLink sl = parse_status_link(expanded ? *expanded : *chosen);
        if (sl.is_status) {
          bool self = sl.media || (src_id && sl.id == *src_id);
          for (auto rid : ref_ids_) self = self || sl.id == rid;
          if (self) continue;
        }
        urls_.push_back(*chosen);
      }
    }

    // Mentions: ids when every mention has one (inline, merged by flatten, or
    // found in includes.users by username), else usernames.
    if (has_entities && arr_of(entities, "mentions", arr)) {
      bool first = true;
      for (dom::element e : arr) {
        dom::object m;
        if (e.get_object().get(m)) continue;
        const bool drop = first && has_ret && !rt_from_original;  // the "RT @x:" mention
        first = false;
        osv mid = str_of(m, "id");
        osv name = str_of(m, "username");
        if (!mid) {
          dom::object u;
          if (x_.user_by_username(name, u)) mid = str_of(u, "id");
        }
        // A retweet without its original: the RT @x: mention names the retweeted author.
        if (drop) {
          if (!target_author && mid && line_starts_rt(t)) target_author = mid;
          continue;
        }
        if (!mid && !name) continue;  // nothing to name the account by
        mention_ids_.push_back(mid ? *mid : string_view());
        mention_names_.push_back(name ? *name : string_view());
      }
    }
    bool ids = true;
    for (auto m : mention_ids_) ids = ids && !m.empty();
    const std::vector<string_view>& mentions = ids ? mention_ids_ : mention_names_;

    pv_[P_platform] = Val::str(string_view("twitter"));
    pv_[P_source_file] = Val::str(string_view(file_));
    pv_[P_source_line] = Val::integer(line_no_);
    pv_[P_post_id] = Val::str(id);
    pv_[P_author_id] = Val::str(author_id);
    pv_[P_author_handle] = Val::str(handle);
    pv_[P_author_display_name] = Val::str(display);
    pv_[P_is_hashed_author] = Val::boolean(false);
    pv_[P_campaign] = o_.campaign ? Val::str(string_view(*o_.campaign)) : Val();
    pv_[P_state] = o_.state ? Val::str(string_view(*o_.state)) : Val();
    pv_[P_created_at] = Val::integer(created);
    pv_[P_time_precision] = created ? Val::str(string_view("millisecond")) : Val();
    pv_[P_text] = Val::str(text);
    pv_[P_language] = Val::str(str_of(t, "lang"));
    pv_[P_interaction_type] = Val::str(string_view(interaction));
    pv_[P_target_post_id] = Val::str(target_post);
    pv_[P_target_author_id] = Val::str(target_author);
    pv_[P_hashtags] = Val::items(hashtags_);
    pv_[P_urls] = Val::items(urls_);
    pv_[P_mentions] = Val::items(mentions);
    pv_[P_mentions_kind] = mentions.empty() ? Val() : Val::str(string_view(ids ? "id" : "handle"));
    pv_[P_likes] = Val::integer(likes);
    pv_[P_shares] = Val::integer(shares);
    pv_[P_replies] = Val::integer(replies);
    pv_[P_quotes] = Val::integer(quotes);
    pv_[P_views] = Val::integer(views);
    posts_.append(pv_);
    ++tweets_;
    if (posts_.full()) flush_posts();
  }

  static bool line_starts_rt(dom::object t) {
    auto text = str_of(t, "text");
    return text && text->size() >= 4 && text->compare(0, 4, "RT @") == 0;
  }

  void flush_posts() {
    const int64_t n = posts_.emit();
    if (n == 0) return;
    rows_done_ += n;
    flushed(ctx_, rows_done_);
  }

  const Twarc2Config& o_;
  sdk::Context& ctx_;
  RowBatch posts_, accounts_;
  io_common::RejectSink rejects_;
  TimeUnit post_unit_, account_unit_;
  std::vector<Val> pv_, av_;
  simdjson::dom::parser parser_;
  Expansions x_;
  std::unordered_set<std::string> accounts_seen_;
  std::vector<string_view> hashtags_, urls_, mention_ids_, mention_names_, ref_ids_;
  std::string file_;
  int64_t line_no_ = 0, lines_ = 0, rows_done_ = 0, tweets_ = 0;
  int64_t pages_ = 0, stream_lines_ = 0, flat_lines_ = 0, error_lines_ = 0, empty_pages_ = 0, keepalive_lines_ = 0,
          api_errors_ = 0;
  std::string first_error_;
};

}  // namespace

void read_twarc2_files(const std::vector<std::string>& files, const Twarc2Config& config, sdk::Context& ctx) {
  Reader in(config, ctx);
  for (const auto& f : files) in.file(f);
  in.finish();
}

}  // namespace chorus::ingest_twarc2
