// The ingest/reddit stage: Pushshift NDJSON dumps of Reddit submissions
// (RS_*) and comments (RC_*), plain, gzip or zstd (long window), read line by
// line -> the posts dataset type, the subreddit of every post (no column of
// posts holds it) and rejects. Header-only so the unit tests can drive it
// through a fake host. Decisions are documented in docs/ingest-reddit.md.
#pragma once

#include <chorus/sdk.hpp>
#include <simdjson.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../../io/common/input.hpp"
#include "../common/json_access.hpp"
#include "../common/post_rows.hpp"
#include "../../io/common/reader_support.hpp"
#include "zstd_source.hpp"

namespace chorus::ingest::reddit {

namespace dom = simdjson::dom;
using std::string_view;
using osv = std::optional<std::string_view>;

static_assert(simdjson::SIMDJSON_PADDING <= io::LineReader::kPadding,
              "LineReader must leave simdjson's padding after every line");

// --- JSON access ---------------------------------------------------------------



// Epoch seconds from created_utc: an integer, a float (1234567890.0) or a
// string of either ("1234567890", "1234567890.0"). Fractions are dropped
// (floor): the dumps give whole seconds.
inline std::optional<int64_t> epoch_seconds(dom::element e) {
  using T = dom::element_type;
  double d;
  switch (e.type()) {
    case T::INT64: return e.get_int64().value_unsafe();
    case T::UINT64: {
      const uint64_t u = e.get_uint64().value_unsafe();
      if (u > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
      return static_cast<int64_t>(u);
    }
    case T::DOUBLE: d = e.get_double().value_unsafe(); break;
    case T::STRING: {
      string_view s = e.get_string().value_unsafe();
      if (s.empty()) return std::nullopt;
      int64_t v;
      auto r = std::from_chars(s.data(), s.data() + s.size(), v);
      if (r.ec == std::errc() && r.ptr == s.data() + s.size()) return v;
      // A float text: digits, one '.', digits (no exponent, no spaces).
      size_t i = (s[0] == '-') ? 1 : 0, dots = 0, digits = 0;
      for (; i < s.size(); ++i) {
        if (s[i] == '.') ++dots;
        else if (s[i] >= '0' && s[i] <= '9') ++digits;
        else return std::nullopt;
      }
      if (dots != 1 || digits == 0) return std::nullopt;
      d = std::strtod(std::string(s).c_str(), nullptr);
      break;
    }
    default: return std::nullopt;
  }
  if (!std::isfinite(d) || d >= 9.2e18 || d <= -9.2e18) return std::nullopt;
  return static_cast<int64_t>(std::floor(d));
}

// An integer count: absent or null -> nullopt (ok true); an integer or an
// integral float -> value; anything else -> ok false.
inline std::optional<int64_t> count_of(dom::object o, string_view key, bool& ok) {
  using T = dom::element_type;
  ok = true;
  dom::element e;
  if (!member(o, key, e)) return std::nullopt;
  switch (e.type()) {
    case T::NULL_VALUE: return std::nullopt;
    case T::INT64: return e.get_int64().value_unsafe();
    case T::DOUBLE: {
      const double d = e.get_double().value_unsafe();
      if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.2e18) return static_cast<int64_t>(d);
      break;
    }
    default: break;
  }
  ok = false;
  return std::nullopt;
}

// --- text scanning -----------------------------------------------------------------

// Appends s to out unless it is already there (first occurrence kept).
inline void add_unique(std::vector<std::string>& out, string_view s) {
  for (const auto& x : out)
    if (x == s) return;
  out.emplace_back(s);
}

// Replaces the HTML entities Reddit writes in its JSON text (&amp; &lt; &gt;) in a URL.
inline std::string unescape_url(string_view u) {
  std::string out;
  out.reserve(u.size());
  for (size_t i = 0; i < u.size(); ++i) {
    if (u[i] == '&') {
      if (u.substr(i, 5) == "&amp;") { out += '&'; i += 4; continue; }
      if (u.substr(i, 4) == "&lt;") { out += '<'; i += 3; continue; }
      if (u.substr(i, 4) == "&gt;") { out += '>'; i += 3; continue; }
    }
    out += u[i];
  }
  return out;
}

inline bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// URLs in free text, as the regex  https?://[^\s<>"'()\[\]{}|\\^`]+  would
// find them (case-insensitive scheme), with trailing . , ; : ! ? * ~ and '
// removed (sentence punctuation, markdown emphasis), &amp; decoded. Markdown
// links [text](url) give url because ')' ends a URL.
inline void find_urls(string_view text, std::vector<std::string>& out) {
  auto lower_eq = [](string_view a, string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
    return true;
  };
  auto stop = [](char c) {
    return static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == '"' || c == '\'' || c == '(' ||
           c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == '|' || c == '\\' || c == '^' || c == '`';
  };
  size_t i = 0;
  while (i < text.size()) {
    size_t h = text.find("://", i);
    if (h == string_view::npos) break;
    size_t start;
    if (h >= 5 && lower_eq(text.substr(h - 5, 5), "https")) start = h - 5;
    else if (h >= 4 && lower_eq(text.substr(h - 4, 4), "http")) start = h - 4;
    else { i = h + 3; continue; }
    // The scheme must not be the tail of a longer word (xhttp://).
    if (start > 0 && is_ascii_alnum(text[start - 1])) { i = h + 3; continue; }
    size_t e = h + 3;
    while (e < text.size() && !stop(text[e])) ++e;
    size_t end = e;
    while (end > h + 3 && std::string_view(".,;:!?*~").find(text[end - 1]) != string_view::npos) --end;
    if (end > h + 3) add_unique(out, unescape_url(text.substr(start, end - start)));
    i = e;
  }
}

// Usernames after u/ or /u/ (Reddit's mention syntax), as written: the
// name is [A-Za-z0-9_-]+ and the 'u' must not end a longer word or path
// (reddit.com/u/x inside a URL is not a mention; /u/x and u/x are).
inline void find_mentions(string_view text, std::vector<std::string>& out) {
  auto name_char = [](char c) { return is_ascii_alnum(c) || c == '_' || c == '-'; };
  for (size_t i = 0; i + 2 < text.size(); ++i) {
    if (!((text[i] == 'u' || text[i] == 'U') && text[i + 1] == '/')) continue;
    if (i > 0) {
      const char p = text[i - 1];
      if (p == '/') {
        // "/u/name": the slash must itself start a word.
        if (i > 1 && (is_ascii_alnum(text[i - 2]) || text[i - 2] == '.' || text[i - 2] == '/' || text[i - 2] == '_'))
          continue;
      } else if (is_ascii_alnum(p) || p == '_' || p == '-' || p == '.') {
        continue;
      }
    }
    size_t e = i + 2;
    while (e < text.size() && name_char(text[e])) ++e;
    if (e > i + 2) add_unique(out, text.substr(i + 2, e - i - 2));
    i = e - 1;
  }
}

// --- output rows ---------------------------------------------------------------------

// The columns of the `subreddits` output (no dataset type: posts has no
// community column).
inline Schema subreddits_schema() {
  return {{"post_id", DataType{TypeId::Utf8}},
          {"subreddit", DataType{TypeId::Utf8}},
          {"subreddit_id", DataType{TypeId::Utf8}}};
}

// The author placeholders of deleted or removed accounts.
inline bool placeholder_author(string_view a) { return a == "[deleted]" || a == "[removed]"; }

// --- options ----------------------------------------------------------------------------

struct Options {
  std::string path;
  std::optional<std::string> campaign, state;
  int64_t batch_rows = 65536;
};

inline Options read_options(const sdk::Json& config) {
  Options o;
  if (!config.contains("path") || !config["path"].is_string())
    throw std::invalid_argument("'path' (a file or glob pattern) is required");
  o.path = config["path"].get<std::string>();
  o.campaign = optional_string(config, "campaign");
  o.state = optional_string(config, "state");
  o.batch_rows = io::batch_rows_of(config);
  return o;
}

// --- the stage ------------------------------------------------------------------------------

struct RedditIngest : sdk::Stage {
  static constexpr const char* type = "ingest/reddit";
  static constexpr const char* description =
      "Reads Pushshift Reddit dumps (RS_* submissions and RC_* comments, NDJSON; plain, gzip or "
      "zstd with a 2 GiB window, streamed) into posts and the subreddit of every post";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "ingest/reddit",
  "description": "Reads Pushshift NDJSON dumps of Reddit: submissions (RS_YYYY-MM, <sub>_submissions) and comments (RC_YYYY-MM, <sub>_comments), which may be mixed; each line is told apart by its fields. Files may be plain, gzip or zstd (recognised by content; zstd frames with windows up to 2 GiB, as Pushshift writes them), and are streamed line by line. Emits one posts row per submission or comment, one subreddits row per post, and rejects for lines that cannot be read. See docs/ingest-reddit.md.",
  "type": "object",
  "properties": {
    "path": {
      "type": "string",
      "description": "File path or glob pattern (e.g. dumps/RC_2016-*.zst); relative to the pipeline file's folder. It is an error if nothing matches."
    },
    "campaign": {
      "type": ["string", "null"],
      "default": null,
      "description": "Campaign label written to every posts row, e.g. reddit_io:IRA_2018; null for an unaffiliated collection."
    },
    "state": {
      "type": ["string", "null"],
      "default": null,
      "description": "Attributed state written to every posts row, e.g. RU; null for unaffiliated accounts."
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
    {"name": "posts", "type": "posts", "description": "One row per submission (t3_) or comment (t1_), in file and line order."},
    {"name": "subreddits", "type": "any", "description": "One row per post: post_id, subreddit (name as given) and subreddit_id (t5_...), null where the line has none. Join on post_id."},
    {"name": "rejects", "type": "rejects", "description": "Lines that are not JSON objects, that are neither a submission nor a comment, or whose id or created_utc cannot be read: file, line (in the decompressed text), reason and raw text."}
  ]
})json";

  std::optional<sdk::PortTypes> infer(const sdk::Json& config, const sdk::PortTypes&,
                                      sdk::Context& ctx) override {
    read_options(config);
    return sdk::PortTypes{{"posts", {"posts", required_type(ctx, "posts")}},
                          {"subreddits", {"", subreddits_schema()}},
                          {"rejects", {"rejects", io::rejects_schema(ctx)}}};
  }

  void fingerprint(const sdk::Json& config, sdk::Context& ctx) override {
    for (const auto& f : io::expand_paths(ctx.resolve_path(read_options(config).path)))
      ctx.add_input_file(f);
  }

  void run(const sdk::Json& config, sdk::Context& ctx) override;
};

class Ingester {
 public:
  Ingester(const Options& o, sdk::Context& ctx)
      : o_(o),
        ctx_(ctx),
        posts_(ctx, "posts", "posts", post_fields(), o.batch_rows),
        rejects_(ctx, o.batch_rows),
        subs_(subreddits_schema()),
        post_unit_(posts_.unit_of("created_at")),
        pv_(P_count) {}

  void file(const std::string& path) {
    bool zstd = false;
    auto src = open_source(path, &zstd);
    io::LineReader reader(*src);
    string_view line;
    file_ = path;
    ++files_;
    if (zstd) ++zstd_files_;
    while (reader.next(line)) {
      if ((++lines_ & 0x3F) == 0 && ctx_.cancelled()) throw std::runtime_error("cancelled");
      line_no_ = reader.line_number();
      if (line_no_ == 1 && line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.remove_prefix(3);
      size_t k = 0;
      while (k < line.size() && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r')) ++k;
      if (k == line.size()) {
        ++blank_;
        continue;
      }
      this->line(line);
    }
  }

  void finish() {
    flush();
    rejects_.flush();
    ctx_.progress(rows_done_);
    ctx_.info("ingest/reddit: " + std::to_string(submissions_) + " submission(s) and " +
              std::to_string(comments_) + " comment(s) from " + std::to_string(files_) + " file(s) (" +
              std::to_string(zstd_files_) + " zstd); " + std::to_string(blank_) +
              " blank line(s) skipped (not rejects)");
    if (rejects_.count() > 0)
      ctx_.warn("ingest/reddit: " + std::to_string(rejects_.count()) + " line(s) rejected (see the rejects output)");
  }

 private:
  void line(string_view line) {
    dom::element doc;
    if (auto err = parser_.parse(line.data(), line.size(), false).get(doc)) {
      rejects_.add(file_, line_no_, std::string("invalid JSON: ") + simdjson::error_message(err), line);
      return;
    }
    dom::object obj;
    if (doc.get_object().get(obj)) {
      rejects_.add(file_, line_no_, std::string("not a JSON object but ") + json_kind(doc.type()), line);
      return;
    }

    // Submission or comment: the prefix of `name` when it has one, else
    // `title` (submissions) or `link_id`/`parent_id` (comments).
    osv name = text_of(obj, "name");
    bool submission;
    if (name && name->size() > 3 && name->compare(0, 3, "t3_") == 0) submission = true;
    else if (name && name->size() > 3 && name->compare(0, 3, "t1_") == 0) submission = false;
    else if (has(obj, "title")) submission = true;
    else if (has(obj, "link_id") || has(obj, "parent_id")) submission = false;
    else {
      rejects_.add(file_, line_no_,
                   "neither a submission (no 'title', no t3_ 'name') nor a comment (no 'link_id' or "
                   "'parent_id', no t1_ 'name')",
                   line);
      return;
    }

    // post_id: `name` (the fullname), else t3_/t1_ + `id`.
    if (name) {
      post_id_.assign(*name);
    } else {
      osv id = text_of(obj, "id");
      if (!id) {
        dom::element ie;
        rejects_.add(file_, line_no_,
                     member(obj, "id", ie) ? std::string("id: is ") + json_kind(ie.type()) + ", not a non-empty string (and no 'name')"
                                           : std::string("id and name: both missing"),
                     line);
        return;
      }
      post_id_.assign(submission ? "t3_" : "t1_");
      post_id_.append(*id);
    }

    dom::element ce;
    if (!member(obj, "created_utc", ce)) {
      rejects_.add(file_, line_no_, "created_utc: missing", line);
      return;
    }
    auto seconds = epoch_seconds(ce);
    int64_t created;
    if (!seconds || __builtin_mul_overflow(*seconds, time_units_per_second(), &created)) {
      rejects_.add(file_, line_no_,
                   "created_utc: " + (ce.type() == dom::element_type::STRING
                                          ? io::quote_value(ce.get_string().value_unsafe())
                                          : io::quote_value(simdjson::minify(ce))) +
                       " is not epoch seconds (an integer, a float or a string of one)",
                   line);
      return;
    }

    bool ok = true;
    auto likes = count_of(obj, "score", ok);
    if (!ok) {
      rejects_.add(file_, line_no_, "score: is not an integer", line);
      return;
    }
    std::optional<int64_t> replies;
    if (submission) {
      replies = count_of(obj, "num_comments", ok);
      if (!ok) {
        rejects_.add(file_, line_no_, "num_comments: is not an integer", line);
        return;
      }
    }

    // Author: author_fullname (t2_...) when given, else the name; a
    // [deleted]/[removed] placeholder is no account id.
    osv handle = str_of(obj, "author");
    osv author_id = text_of(obj, "author_fullname");
    if (!author_id && handle && !handle->empty() && !placeholder_author(*handle)) author_id = handle;

    // Text, URLs, mentions.
    text_.clear();
    urls_.clear();
    mentions_.clear();
    bool has_text = false;
    const char* interaction;
    osv target_post, target_author;
    if (submission) {
      osv title = str_of(obj, "title");
      osv self = text_of(obj, "selftext");
      if (title) { text_.assign(*title); has_text = true; }
      if (self) {
        if (has_text) text_.append("\n\n");
        text_.append(*self);
        has_text = true;
      }
      dom::element se;
      bool is_self = false;
      if (member(obj, "is_self", se) && se.get_bool().get(is_self)) is_self = false;
      if (!is_self)
        if (osv url = text_of(obj, "url")) add_unique(urls_, *url);
      if (self) find_urls(*self, urls_);
      interaction = "original";
      if (osv parent = text_of(obj, "crosspost_parent")) {
        interaction = "share";
        target_post = parent;
        // The crossposted submission, when the dump embeds it.
        dom::element le;
        dom::array list;
        if (member(obj, "crosspost_parent_list", le) && !le.get_array().get(list)) {
          for (dom::element p : list) {
            dom::object po;
            if (!p.get_object().get(po)) {
              target_author = text_of(po, "author_fullname");
              if (!target_author) {
                osv a = text_of(po, "author");
                if (a && !placeholder_author(*a)) target_author = a;
              }
            }
            break;
          }
        }
      }
    } else {
      osv body = str_of(obj, "body");
      if (body) { text_.assign(*body); has_text = true; find_urls(*body, urls_); }
      interaction = "comment";
      target_post = text_of(obj, "parent_id");
    }
    if (has_text) find_mentions(text_, mentions_);

    std::fill(pv_.begin(), pv_.end(), Val());
    pv_[P_platform] = Val::str(string_view("reddit"));
    pv_[P_source_file] = Val::str(string_view(file_));
    pv_[P_source_line] = Val::integer(line_no_);
    pv_[P_post_id] = Val::str(string_view(post_id_));
    pv_[P_author_id] = Val::str(author_id);
    pv_[P_author_handle] = Val::str(handle);
    pv_[P_is_hashed_author] = Val::boolean(false);
    pv_[P_campaign] = o_.campaign ? Val::str(string_view(*o_.campaign)) : Val();
    pv_[P_state] = o_.state ? Val::str(string_view(*o_.state)) : Val();
    pv_[P_created_at] = Val::integer(created);
    pv_[P_time_precision] = Val::str(string_view("second"));
    pv_[P_text] = has_text ? Val::str(string_view(text_)) : Val();
    pv_[P_interaction_type] = Val::str(string_view(interaction));
    pv_[P_target_post_id] = Val::str(target_post);
    pv_[P_target_author_id] = Val::str(target_author);
    pv_[P_hashtags] = Val();  // Reddit has no hashtags: null, not []
    pv_[P_urls] = Val::items(urls_);
    pv_[P_mentions] = Val::items(mentions_);
    pv_[P_mentions_kind] = mentions_.empty() ? Val() : Val::str(string_view("handle"));
    pv_[P_likes] = Val::integer(likes);
    pv_[P_replies] = Val::integer(replies);
    posts_.append(pv_);

    subs_.column(0).append_string(post_id_);
    if (osv s = str_of(obj, "subreddit")) subs_.column(1).append_string(*s);
    else subs_.column(1).append_null();
    if (osv s = str_of(obj, "subreddit_id")) subs_.column(2).append_string(*s);
    else subs_.column(2).append_null();

    if (submission) ++submissions_;
    else ++comments_;
    if (posts_.full()) flush();
  }

  int64_t time_units_per_second() const {
    switch (post_unit_) {
      case TimeUnit::Second: return 1;
      case TimeUnit::Milli: return 1000;
      case TimeUnit::Micro: return 1000000;
      case TimeUnit::Nano: return 1000000000;
    }
    return 1000;
  }

  void flush() {
    const int64_t n = posts_.emit();
    if (n == 0) return;
    rows_done_ += n;
    ctx_.emit("subreddits", std::move(subs_));
    subs_ = Batch(subreddits_schema());
    flushed(ctx_, rows_done_);
  }

  const Options& o_;
  sdk::Context& ctx_;
  RowBatch posts_;
  io::RejectSink rejects_;
  Batch subs_;
  TimeUnit post_unit_;
  std::vector<Val> pv_;
  dom::parser parser_;
  std::vector<std::string> urls_, mentions_;
  std::string file_, post_id_, text_;
  int64_t line_no_ = 0, lines_ = 0, rows_done_ = 0, files_ = 0, zstd_files_ = 0, blank_ = 0,
          submissions_ = 0, comments_ = 0;
};

inline void RedditIngest::run(const sdk::Json& config, sdk::Context& ctx) {
  const Options o = read_options(config);
  const auto files = io::expand_paths(ctx.resolve_path(o.path));
  Ingester in(o, ctx);
  for (const auto& f : files) in.file(f);
  in.finish();
}

}  // namespace chorus::ingest::reddit
