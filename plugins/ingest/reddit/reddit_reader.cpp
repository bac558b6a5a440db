#include "reddit_reader.hpp"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ingest/common/json_access.hpp"
#include "ingest/common/post_rows.hpp"
#include "io/common/input.hpp"
#include "io/common/reader_support.hpp"
#include "reddit_stage.hpp"
#include "text_scan.hpp"
#include "zstd_source.hpp"

namespace chorus::ingest_reddit {

using namespace ingest_common;
namespace dom = simdjson::dom;
using std::string_view;
using osv = std::optional<std::string_view>;

static_assert(simdjson::SIMDJSON_PADDING <= io_common::LineReader::kPadding,
              "LineReader must leave simdjson's padding after every line");

Schema subreddits_schema() {
  return {{"post_id", DataType{TypeId::Utf8}},
          {"subreddit", DataType{TypeId::Utf8}},
          {"subreddit_id", DataType{TypeId::Utf8}}};
}

namespace {

// Epoch seconds from created_utc: an integer, a float (1234567890.0) or a
// string of either ("1234567890", "1234567890.0"). Fractions are dropped
// (floor): the dumps give whole seconds.
std::optional<int64_t> epoch_seconds(dom::element e) {
  using T = dom::element_type;
  double d;
  switch (e.type()) {
    case T::INT64:
      return e.get_int64().value_unsafe();
    case T::UINT64: {
      const uint64_t u = e.get_uint64().value_unsafe();
      if (u > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
      return static_cast<int64_t>(u);
    }
    case T::DOUBLE:
      d = e.get_double().value_unsafe();
      break;
    case T::STRING: {
      string_view s = e.get_string().value_unsafe();
      if (s.empty()) return std::nullopt;
      int64_t v;
      auto r = std::from_chars(s.data(), s.data() + s.size(), v);
      if (r.ec == std::errc() && r.ptr == s.data() + s.size()) return v;
      // A float text: digits, one '.', digits (no exponent, no spaces).
      size_t i = (s[0] == '-') ? 1 : 0, dots = 0, digits = 0;
      for (; i < s.size(); ++i) {
        if (s[i] == '.')
          ++dots;
        else if (s[i] >= '0' && s[i] <= '9')
          ++digits;
        else
          return std::nullopt;
      }
      if (dots != 1 || digits == 0) return std::nullopt;
      d = std::strtod(std::string(s).c_str(), nullptr);
      break;
    }
    default:
      return std::nullopt;
  }
  if (!std::isfinite(d) || d >= 9.2e18 || d <= -9.2e18) return std::nullopt;
  return static_cast<int64_t>(std::floor(d));
}

// An integer count: absent or null -> nullopt (ok true); an integer or an
// integral float -> value; anything else -> ok false.
std::optional<int64_t> count_of(dom::object o, string_view key, bool& ok) {
  using T = dom::element_type;
  ok = true;
  dom::element e;
  if (!member(o, key, e)) return std::nullopt;
  switch (e.type()) {
    case T::NULL_VALUE:
      return std::nullopt;
    case T::INT64:
      return e.get_int64().value_unsafe();
    case T::DOUBLE: {
      const double d = e.get_double().value_unsafe();
      if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.2e18) return static_cast<int64_t>(d);
      break;
    }
    default:
      break;
  }
  ok = false;
  return std::nullopt;
}

// The author placeholders of deleted or removed accounts.
bool placeholder_author(string_view a) { return a == "[deleted]" || a == "[removed]"; }

class Reader {
 public:
  Reader(const RedditConfig& o, sdk::Context& ctx)
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
    io_common::LineReader reader(*src);
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
    ctx_.info("ingest/reddit: " + std::to_string(submissions_) + " submission(s) and " + std::to_string(comments_) +
              " comment(s) from " + std::to_string(files_) + " file(s) (" + std::to_string(zstd_files_) + " zstd); " +
              std::to_string(blank_) + " blank line(s) skipped (not rejects)");
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
    if (name && name->size() > 3 && name->compare(0, 3, "t3_") == 0)
      submission = true;
    else if (name && name->size() > 3 && name->compare(0, 3, "t1_") == 0)
      submission = false;
    else if (has(obj, "title"))
      submission = true;
    else if (has(obj, "link_id") || has(obj, "parent_id"))
      submission = false;
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
                     member(obj, "id", ie)
                         ? std::string("id: is ") + json_kind(ie.type()) + ", not a non-empty string (and no 'name')"
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
                   "created_utc: " +
                       (ce.type() == dom::element_type::STRING ? io_common::quote_value(ce.get_string().value_unsafe())
                                                               : io_common::quote_value(simdjson::minify(ce))) +
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
      if (title) {
        text_.assign(*title);
        has_text = true;
      }
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
      if (body) {
        text_.assign(*body);
        has_text = true;
        find_urls(*body, urls_);
      }
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
    if (osv s = str_of(obj, "subreddit"))
      subs_.column(1).append_string(*s);
    else
      subs_.column(1).append_null();
    if (osv s = str_of(obj, "subreddit_id"))
      subs_.column(2).append_string(*s);
    else
      subs_.column(2).append_null();

    if (submission)
      ++submissions_;
    else
      ++comments_;
    if (posts_.full()) flush();
  }

  int64_t time_units_per_second() const {
    switch (post_unit_) {
      case TimeUnit::Second:
        return 1;
      case TimeUnit::Milli:
        return 1000;
      case TimeUnit::Micro:
        return 1000000;
      case TimeUnit::Nano:
        return 1000000000;
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

  const RedditConfig& o_;
  sdk::Context& ctx_;
  RowBatch posts_;
  io_common::RejectSink rejects_;
  Batch subs_;
  TimeUnit post_unit_;
  std::vector<Val> pv_;
  dom::parser parser_;
  std::vector<std::string> urls_, mentions_;
  std::string file_, post_id_, text_;
  int64_t line_no_ = 0, lines_ = 0, rows_done_ = 0, files_ = 0, zstd_files_ = 0, blank_ = 0, submissions_ = 0,
          comments_ = 0;
};

}  // namespace

void read_reddit_files(const std::vector<std::string>& files, const RedditConfig& config, sdk::Context& ctx) {
  Reader in(config, ctx);
  for (const auto& f : files) in.file(f);
  in.finish();
}

}  // namespace chorus::ingest_reddit
