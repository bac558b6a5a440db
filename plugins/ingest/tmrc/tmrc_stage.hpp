// The ingest/tmrc stage: Twitter/X takedown archive (Transparency Center /
// TMRC) tweets and users CSVs -> posts, accounts and rejects. Header-only so
// that the unit tests can drive it through a fake host; plugin.cpp only adds
// the descriptor. Decisions are recorded in docs/ingest-tmrc.md.
#pragma once

#include <fnmatch.h>

#include <chorus/sdk.hpp>
#include <chorus/sdk/time.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../../io/common/input.hpp"
#include "../../io/common/prefetch.hpp"
#include "../../io/common/reader_support.hpp"
#include "../../io/csv/csv_parser.hpp"
#include "../../io/csv/utf8_check.hpp"
#include "tmrc_values.hpp"

namespace chorus::ingest::tmrc {

// --- config -------------------------------------------------------------------

struct CampaignRule {
  std::string files;  // fnmatch pattern on the file name (no folders)
  std::string campaign;
  std::optional<std::string> state;
};

struct Options {
  std::vector<std::string> tweets;  // glob patterns, as written
  std::vector<std::string> users;
  std::vector<CampaignRule> campaigns;
  int64_t batch_rows = 65536;
};

inline std::vector<std::string> patterns_of(const sdk::Json& config, const char* key) {
  std::vector<std::string> out;
  if (!config.contains(key) || config[key].is_null()) return out;
  const sdk::Json& v = config[key];
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
  } else if (v.is_array()) {
    for (const auto& p : v) {
      if (!p.is_string()) throw std::invalid_argument(std::string("'") + key + "' must hold strings");
      out.push_back(p.get<std::string>());
    }
    if (out.empty()) throw std::invalid_argument(std::string("'") + key + "' is an empty list");
  } else {
    throw std::invalid_argument(std::string("'") + key + "' must be a glob pattern or a list of them");
  }
  for (const auto& p : out)
    if (p.empty()) throw std::invalid_argument(std::string("'") + key + "' has an empty pattern");
  return out;
}

inline Options read_options(const sdk::Json& config) {
  Options o;
  o.tweets = patterns_of(config, "tweets");
  o.users = patterns_of(config, "users");
  if (o.tweets.empty() && o.users.empty())
    throw std::invalid_argument("give 'tweets' or 'users' (or both): glob patterns of the archive's CSV files");
  if (!config.contains("campaigns") || !config["campaigns"].is_array() || config["campaigns"].empty())
    throw std::invalid_argument(
        "'campaigns' is required: a list of {files: <file-name pattern>, campaign: <label>, state: <code>}; "
        "campaign and state never come from a column");
  for (const auto& c : config["campaigns"]) {
    if (!c.is_object() || !c.contains("files") || !c["files"].is_string() || !c.contains("campaign") ||
        !c["campaign"].is_string())
      throw std::invalid_argument("every 'campaigns' entry needs 'files' and 'campaign' (strings)");
    CampaignRule r;
    r.files = c["files"].get<std::string>();
    r.campaign = c["campaign"].get<std::string>();
    if (r.files.empty() || r.campaign.empty())
      throw std::invalid_argument("a 'campaigns' entry has an empty 'files' or 'campaign'");
    if (r.files.find('/') != std::string::npos)
      throw std::invalid_argument("campaigns: 'files' pattern '" + r.files +
                                  "' has a '/': it is matched against the file name only");
    if (c.contains("state") && !c["state"].is_null()) r.state = c["state"].get<std::string>();
    o.campaigns.push_back(std::move(r));
  }
  o.batch_rows = io::batch_rows_of(config);
  return o;
}

inline std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The first rule whose pattern matches the file's name; an error naming the
// file and the patterns when none does (a config problem, not a data one).
inline const CampaignRule& campaign_for(const std::string& file, const Options& o) {
  const std::string name = base_name(file);
  for (const auto& r : o.campaigns)
    if (::fnmatch(r.files.c_str(), name.c_str(), 0) == 0) return r;
  std::string list;
  for (const auto& r : o.campaigns) list += (list.empty() ? "'" : ", '") + r.files + "'";
  throw std::runtime_error("TMRC file '" + file + "' (name '" + name +
                           "') matches no entry of 'campaigns' (patterns: " + list +
                           "); add an entry {files: <pattern>, campaign: <label>, state: <code>} for it");
}

// Files of a list of patterns: each pattern's matches in name order, the
// patterns in the order given, a file named twice read once.
inline std::vector<std::string> expand_all(const std::vector<std::string>& patterns,
                                           const sdk::Context& ctx) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& p : patterns)
    for (auto& f : io::expand_paths(ctx.resolve_path(p)))
      if (seen.insert(f).second) out.push_back(std::move(f));
  return out;
}

// --- header mapping -------------------------------------------------------------

// Source columns read from a tweets file.
enum TweetField {
  T_tweetid, T_userid, T_display_name, T_screen_name, T_language, T_text, T_time,
  T_reply_userid, T_reply_tweetid, T_quoted_tweetid, T_is_retweet, T_retweet_userid,
  T_retweet_tweetid, T_quote_count, T_reply_count, T_like_count, T_retweet_count,
  T_hashtags, T_urls, T_mentions, T_count
};
// Source columns read from a users file.
enum UserField {
  U_userid, U_display_name, U_screen_name, U_location, U_description, U_url,
  U_followers, U_following, U_created, U_language, U_count
};

struct FieldSpec {
  const char* name;                    // the name used in reject reasons
  std::vector<const char*> accepted;   // header names accepted (lower case)
};

inline const std::array<FieldSpec, T_count>& tweet_fields() {
  static const std::array<FieldSpec, T_count> f = {{
      {"tweetid", {"tweetid", "tweet_id"}},
      {"userid", {"userid", "user_id"}},
      {"user_display_name", {"user_display_name", "display_name"}},
      {"user_screen_name", {"user_screen_name", "screen_name"}},
      {"tweet_language", {"tweet_language"}},
      {"tweet_text", {"tweet_text"}},
      {"tweet_time", {"tweet_time"}},
      {"in_reply_to_userid", {"in_reply_to_userid"}},
      {"in_reply_to_tweetid", {"in_reply_to_tweetid"}},
      {"quoted_tweet_tweetid", {"quoted_tweet_tweetid"}},
      {"is_retweet", {"is_retweet"}},
      {"retweet_userid", {"retweet_userid"}},
      {"retweet_tweetid", {"retweet_tweetid"}},
      {"quote_count", {"quote_count"}},
      {"reply_count", {"reply_count"}},
      {"like_count", {"like_count"}},
      {"retweet_count", {"retweet_count"}},
      {"hashtags", {"hashtags"}},
      {"urls", {"urls"}},
      {"user_mentions", {"user_mentions"}},
  }};
  return f;
}

inline const std::array<FieldSpec, U_count>& user_fields() {
  static const std::array<FieldSpec, U_count> f = {{
      {"userid", {"userid", "user_id"}},
      {"user_display_name", {"user_display_name", "display_name"}},
      {"user_screen_name", {"user_screen_name", "screen_name"}},
      {"user_reported_location", {"user_reported_location", "reported_location"}},
      {"user_profile_description", {"user_profile_description", "profile_description"}},
      {"user_profile_url", {"user_profile_url", "profile_url"}},
      {"follower_count", {"follower_count", "user_follower_count"}},
      {"following_count", {"following_count", "user_following_count"}},
      {"account_creation_date", {"account_creation_date", "user_account_creation_date"}},
      {"account_language", {"account_language", "user_account_language"}},
  }};
  return f;
}

inline std::string header_key(std::string_view h) {
  std::string k(trim(h));
  for (char& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return k;
}

// For each field, its index in the header or -1. The first header column
// that matches a field's accepted names wins.
template <size_t N>
std::array<int, N> map_header(const std::vector<std::string>& header, const std::array<FieldSpec, N>& specs) {
  std::array<int, N> idx;
  idx.fill(-1);
  for (size_t f = 0; f < N; ++f)
    for (size_t k = 0; k < header.size() && idx[f] < 0; ++k)
      for (const char* a : specs[f].accepted)
        if (header[k] == a) { idx[f] = static_cast<int>(k); break; }
  return idx;
}

inline std::string header_text(const std::vector<std::string>& h) {
  std::string s;
  for (const auto& n : h) s += (s.empty() ? "" : ",") + n;
  return std::string(io::truncate_utf8(s, 300)) + (s.size() > 300 ? "..." : "");
}

// --- output rows --------------------------------------------------------------

// A value of one output cell, pointing into the record or the row's storage.
struct Cell {
  enum Kind { Null, Str, Int, Bool, List } kind = Null;
  std::string_view s;
  int64_t i = 0;
  const std::vector<std::string>* list = nullptr;

  static Cell null() { return {}; }
  static Cell str(std::string_view v) { Cell c; c.kind = Str; c.s = v; return c; }
  static Cell str_or_null(std::string_view v) { return v.empty() ? null() : str(v); }
  static Cell integer(int64_t v) { Cell c; c.kind = Int; c.i = v; return c; }
  static Cell boolean(bool v) { Cell c; c.kind = Bool; c.i = v; return c; }
  static Cell items(const std::vector<std::string>& v) { Cell c; c.kind = List; c.list = &v; return c; }
};

// What this stage writes into each column of a dataset type it knows of;
// other columns (a newer type) are left null.
struct OutColumn {
  const char* name;
  TypeId type;
};

// Builds batches of a dataset type from rows of Cells given per known column.
class RowSink {
 public:
  RowSink(sdk::Context& ctx, std::string port, const std::string& type_name,
          const std::vector<OutColumn>& known, int64_t batch_rows)
      : ctx_(ctx), port_(std::move(port)), batch_rows_(batch_rows) {
    auto s = ctx.dataset_type(type_name);
    if (!s) throw std::runtime_error("the host does not know the dataset type '" + type_name + "'");
    schema_ = std::move(*s);
    slot_.assign(schema_.size(), -1);
    for (size_t c = 0; c < schema_.size(); ++c)
      for (size_t k = 0; k < known.size(); ++k)
        if (schema_[c].name == known[k].name) {
          if (schema_[c].type.id != known[k].type)
            throw std::runtime_error("dataset type '" + type_name + "' column '" + schema_[c].name +
                                     "' is " + schema_[c].type.name() + "; ingest/tmrc writes " +
                                     DataType{known[k].type}.name());
          slot_[c] = static_cast<int>(k);
        }
    row_.assign(known.size(), Cell::null());
    batch_ = new_batch();
  }

  // The unit of a timestamp column of the type (ms when it has none).
  TimeUnit unit_of(const char* name) const {
    for (const auto& f : schema_)
      if (f.name == name && f.type.id == TypeId::Timestamp) return f.type.unit;
    return TimeUnit::Milli;
  }

  std::vector<Cell>& row() { return row_; }
  void clear_row() { std::fill(row_.begin(), row_.end(), Cell::null()); }

  // Appends row() and emits a full batch; returns the rows emitted (0 or a batch).
  int64_t commit() {
    for (size_t c = 0; c < schema_.size(); ++c) {
      Column& col = batch_.column(c);
      const Cell& v = slot_[c] < 0 ? kNull : row_[static_cast<size_t>(slot_[c])];
      switch (v.kind) {
        case Cell::Null: col.append_null(); break;
        case Cell::Str: col.append_string(v.s); break;
        case Cell::Int: col.append_int(v.i); break;
        case Cell::Bool: col.append_bool(v.i != 0); break;
        case Cell::List: col.append_list(*v.list); break;
      }
    }
    bool full = batch_.rows() >= batch_rows_;
    for (size_t c = 0; c < schema_.size() && !full; ++c)
      full = batch_.column(c).chars().size() > static_cast<size_t>(INT32_MAX) / 2;
    return full ? flush() : 0;
  }
  int64_t flush() {
    const int64_t n = batch_.rows();
    if (n == 0) return 0;
    ctx_.emit(port_, std::move(batch_));
    batch_ = new_batch();
    return n;
  }
  const Schema& schema() const { return schema_; }

 private:
  Batch new_batch() const {
    Batch b(schema_);
    const size_t rows = static_cast<size_t>(std::min<int64_t>(batch_rows_, 65536));
    for (size_t c = 0; c < b.num_columns(); ++c) b.column(c).reserve(rows);
    return b;
  }

  static inline const Cell kNull{};
  sdk::Context& ctx_;
  std::string port_;
  int64_t batch_rows_;
  Schema schema_;
  std::vector<int> slot_;
  std::vector<Cell> row_;
  Batch batch_;
};

// Known columns of posts, in the order of the slots used below.
enum PostSlot {
  P_platform, P_source_file, P_source_line, P_post_id, P_author_id, P_author_handle,
  P_author_display_name, P_is_hashed_author, P_campaign, P_state, P_created_at,
  P_time_precision, P_text, P_language, P_interaction_type, P_target_post_id,
  P_target_author_id, P_hashtags, P_urls, P_mentions, P_mentions_kind, P_likes, P_shares,
  P_replies, P_quotes
};
inline const std::vector<OutColumn>& post_columns() {
  static const std::vector<OutColumn> c = {
      {"platform", TypeId::Utf8}, {"source_file", TypeId::Utf8}, {"source_line", TypeId::Int64},
      {"post_id", TypeId::Utf8}, {"author_id", TypeId::Utf8}, {"author_handle", TypeId::Utf8},
      {"author_display_name", TypeId::Utf8}, {"is_hashed_author", TypeId::Bool},
      {"campaign", TypeId::Utf8}, {"state", TypeId::Utf8}, {"created_at", TypeId::Timestamp},
      {"time_precision", TypeId::Utf8}, {"text", TypeId::Utf8}, {"language", TypeId::Utf8},
      {"interaction_type", TypeId::Utf8}, {"target_post_id", TypeId::Utf8},
      {"target_author_id", TypeId::Utf8}, {"hashtags", TypeId::ListUtf8}, {"urls", TypeId::ListUtf8},
      {"mentions", TypeId::ListUtf8}, {"mentions_kind", TypeId::Utf8}, {"likes", TypeId::Int64},
      {"shares", TypeId::Int64}, {"replies", TypeId::Int64}, {"quotes", TypeId::Int64}};
  return c;
}

enum AccountSlot {
  A_platform, A_source_file, A_author_id, A_author_handle, A_display_name, A_is_hashed,
  A_description, A_profile_url, A_location, A_followers, A_following, A_created_at,
  A_created_precision, A_language, A_campaign, A_state
};
inline const std::vector<OutColumn>& account_columns() {
  static const std::vector<OutColumn> c = {
      {"platform", TypeId::Utf8}, {"source_file", TypeId::Utf8}, {"author_id", TypeId::Utf8},
      {"author_handle", TypeId::Utf8}, {"display_name", TypeId::Utf8}, {"is_hashed", TypeId::Bool},
      {"description", TypeId::Utf8}, {"profile_url", TypeId::Utf8}, {"location", TypeId::Utf8},
      {"followers", TypeId::Int64}, {"following", TypeId::Int64}, {"created_at", TypeId::Timestamp},
      {"created_precision", TypeId::Utf8}, {"language", TypeId::Utf8}, {"campaign", TypeId::Utf8},
      {"state", TypeId::Utf8}};
  return c;
}

// --- the stage ------------------------------------------------------------------

struct TmrcIngest : sdk::Stage {
  static constexpr const char* type = "ingest/tmrc";
  static constexpr const char* description =
      "Reads the Twitter/X takedown archive (Transparency Center / TMRC tweets and users CSVs, plain or gzip) into posts and accounts";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "ingest/tmrc",
  "description": "Reads the tweets and users CSVs of Twitter's information-operations archive (2018-2021 public releases and TMRC), plain or gzip, every release variant: columns are found by header name. Tweets become posts (interaction from is_retweet, in_reply_to_tweetid and quoted_tweet_tweetid; mentions are user ids; tweet_time has minute precision), users become accounts. Campaign and state come only from the 'campaigns' mapping on file names. Records that cannot be read go to rejects.",
  "type": "object",
  "properties": {
    "tweets": {
      "type": ["string", "array"],
      "description": "Tweets CSV files: a path or glob pattern, or a list of them (relative to the pipeline file's folder), e.g. data/CNHU_0621_tweets_csv_hashed_*.csv. Each pattern must match at least one file.",
      "oneOf": [
        {"type": "string", "minLength": 1, "description": "One path or glob pattern."},
        {"type": "array", "minItems": 1, "description": "Several paths or glob patterns, read in this order.",
         "items": {"type": "string", "minLength": 1, "description": "A path or glob pattern."}}
      ]
    },
    "users": {
      "type": ["string", "array"],
      "description": "Users CSV files (one row per account; columns with or without the user_ prefix): a path or glob pattern, or a list of them. They fill the accounts output.",
      "oneOf": [
        {"type": "string", "minLength": 1, "description": "One path or glob pattern."},
        {"type": "array", "minItems": 1, "description": "Several paths or glob patterns, read in this order.",
         "items": {"type": "string", "minLength": 1, "description": "A path or glob pattern."}}
      ]
    },
    "campaigns": {
      "type": "array",
      "minItems": 1,
      "description": "File-name pattern -> campaign label and attributed state. Each file (tweets or users) takes the first entry whose pattern matches its name; a file that matches none is an error.",
      "items": {
        "type": "object",
        "description": "One mapping entry.",
        "properties": {
          "files": {"type": "string", "minLength": 1, "description": "Shell pattern (*, ?, [...]) on the file name without folders, e.g. CNHU_0621_* or hashed_2021_12_CNHU_0621_*."},
          "campaign": {"type": "string", "minLength": 1, "description": "Campaign label for posts.campaign and accounts.campaign, e.g. twitter_io:CNHU_0621."},
          "state": {"type": ["string", "null"], "description": "Attributed state (e.g. CN) for the state columns; omit or null when none is attributed."}
        },
        "required": ["files", "campaign"],
        "additionalProperties": false
      }
    },
    "batch_rows": {
      "type": "integer",
      "minimum": 1,
      "default": 65536,
      "description": "Maximum rows per emitted batch (each output)."
    }
  },
  "required": ["campaigns"],
  "anyOf": [{"required": ["tweets"]}, {"required": ["users"]}],
  "additionalProperties": false
})json";
  static constexpr const char* ports = R"json({
  "inputs": [],
  "outputs": [
    {"name": "posts", "type": "posts", "description": "One row per tweet of the tweets files (platform twitter)."},
    {"name": "accounts", "type": "accounts", "description": "One row per account of the users files."},
    {"name": "rejects", "type": "rejects", "description": "Records that could not be read: file, first line, reason naming the field, raw text."}
  ]
})json";

  std::optional<sdk::PortTypes> infer(const sdk::Json& config, const sdk::PortTypes&,
                                      sdk::Context& ctx) override {
    read_options(config);
    sdk::PortTypes out;
    for (const char* t : {"posts", "accounts"}) {
      auto s = ctx.dataset_type(t);
      if (!s) throw std::runtime_error(std::string("the host does not know the dataset type '") + t + "'");
      out[t] = {t, *s};
    }
    out["rejects"] = {"rejects", io::rejects_schema(ctx)};
    return out;
  }

  void fingerprint(const sdk::Json& config, sdk::Context& ctx) override {
    const Options o = read_options(config);
    for (const auto& list : {expand_all(o.tweets, ctx), expand_all(o.users, ctx)})
      for (const auto& f : list) {
        campaign_for(f, o);
        ctx.add_input_file(f);
      }
  }

  void run(const sdk::Json& config, sdk::Context& ctx) override {
    const Options o = read_options(config);
    const auto tweet_files = expand_all(o.tweets, ctx);
    const auto user_files = expand_all(o.users, ctx);
    // Every file must have a campaign before anything is emitted.
    for (const auto& list : {tweet_files, user_files})
      for (const auto& f : list) campaign_for(f, o);

    Reader r(ctx, o);
    for (const auto& f : tweet_files) r.read_file(f, campaign_for(f, o), /*tweets=*/true);
    for (const auto& f : user_files) r.read_file(f, campaign_for(f, o), /*tweets=*/false);
    r.finish();
    ctx.info("ingest/tmrc: " + std::to_string(r.posts_count) + " posts from " +
             std::to_string(tweet_files.size()) + " tweets file(s), " +
             std::to_string(r.accounts_count) + " accounts from " + std::to_string(user_files.size()) +
             " users file(s), " + std::to_string(r.rejects.count()) + " rejected");
    if (r.rejects.count() > 0)
      ctx.warn("ingest/tmrc: " + std::to_string(r.rejects.count()) +
               " record(s) rejected (see the rejects output)");
  }

 private:
  class Reader {
   public:
    Reader(sdk::Context& ctx, const Options& o)
        : rejects(ctx, o.batch_rows),
          ctx_(ctx),
          posts_(ctx, "posts", "posts", post_columns(), o.batch_rows),
          accounts_(ctx, "accounts", "accounts", account_columns(), o.batch_rows),
          post_time_unit_(posts_.unit_of("created_at")),
          account_time_unit_(accounts_.unit_of("created_at")) {}

    void read_file(const std::string& file, const CampaignRule& campaign, bool tweets) {
      io::FileSource src(file);
      io::csv::CsvReader reader(src, ',');
      io::csv::Record rec;
      std::string scratch;
      if (!reader.next(rec)) {
        ctx_.warn("ingest/tmrc: '" + file + "' is empty (no header)");
        return;
      }
      if (rec.error) throw std::runtime_error(file + ": cannot read the header: " + rec.error);
      std::vector<std::string> header;
      for (size_t i = 0; i < rec.size(); ++i) header.push_back(header_key(rec.field(i, scratch)));
      if (tweets) {
        tidx_ = map_header(header, tweet_fields());
        for (TweetField f : {T_tweetid, T_userid, T_time})
          if (tidx_[f] < 0)
            throw std::runtime_error(
                file + ": not a TMRC tweets file: its header has no '" + tweet_fields()[f].name +
                "' column" +
                (map_header(header, user_fields())[U_followers] >= 0 && tidx_[T_tweetid] < 0
                     ? " (is it a users file? list it under 'users')"
                     : "") +
                "; header: " + header_text(header));
      } else {
        uidx_ = map_header(header, user_fields());
        if (uidx_[U_userid] < 0)
          throw std::runtime_error(file + ": not a TMRC users file: its header has no 'userid' column; header: " +
                                   header_text(header));
        if (map_header(header, tweet_fields())[T_tweetid] >= 0)
          throw std::runtime_error(file + ": has a 'tweetid' column: a tweets file listed under 'users'");
      }
      const size_t n_fields = header.size();
      scratch_.assign(n_fields, std::string());

      io::Prefetcher<io::csv::RecordBlock> blocks(
          [&reader](io::csv::RecordBlock& b) { return reader.next_block(b); });
      while (const io::csv::RecordBlock* blk = blocks.next()) {
        for (const auto& info : blk->records) {
          if ((++records_ & 0xFFF) == 0 && ctx_.cancelled()) throw std::runtime_error("cancelled");
          if (info.error) {
            rejects.add(file, info.line, info.error, info.raw());
            continue;
          }
          if (info.n_fields != n_fields) {
            rejects.add(file, info.line,
                        "expected " + std::to_string(n_fields) + " fields (as in the header), got " +
                            std::to_string(info.n_fields),
                        info.raw());
            continue;
          }
          fields_ = blk->fields.data() + info.first_field;
          reason_ = io::csv::invalid_utf8_reason(info.raw(), fields_, n_fields, header);
          if (!reason_.empty()) {
            rejects.add(file, info.line, reason_, info.raw());
            continue;
          }
          const bool ok = tweets ? tweet_row(file, info.line, campaign) : user_row(file, campaign);
          if (!ok) {
            rejects.add(file, info.line, reason_, info.raw());
            continue;
          }
          if (tweets) {
            ++posts_count;
            done(posts_.commit());
          } else {
            ++accounts_count;
            done(accounts_.commit());
          }
        }
      }
    }

    void finish() {
      done(posts_.flush());
      done(accounts_.flush());
      rejects.flush();
      ctx_.progress(rows_done_);
    }

    io::RejectSink rejects;
    int64_t posts_count = 0, accounts_count = 0;

   private:
    void done(int64_t emitted) {
      if (emitted == 0) return;
      rows_done_ += emitted;
      ctx_.progress(rows_done_);
      if (ctx_.cancelled()) throw std::runtime_error("cancelled");
    }

    // Text of field k of the current record ("" when the column is absent).
    std::string_view text(int k) {
      if (k < 0) return {};
      const io::csv::FieldRef& f = fields_[k];
      if (!f.escaped) return std::string_view(f.data, f.size);
      return io::csv::field_text(f, scratch_[static_cast<size_t>(k)]);
    }
    bool fail(const char* field, std::string_view value, const std::string& what) {
      reason_ = std::string("field '") + field + "': " + io::quote_value(value) + " " + what;
      return false;
    }
    bool fail_list(const char* field, const std::string& what) {
      reason_ = std::string("field '") + field + "': " + what;
      return false;
    }
    bool fail_empty(const char* field) {
      reason_ = std::string("field '") + field + "' is empty";
      return false;
    }
    // A count column -> cell (null when the column is absent or the field empty).
    bool count(int k, const char* field, Cell& out) {
      if (k < 0) { out = Cell::null(); return true; }
      const std::string_view v = text(k);
      int64_t n = 0;
      switch (parse_count(v, n)) {
        case CountResult::Value: out = Cell::integer(n); return true;
        case CountResult::Null: out = Cell::null(); return true;
        case CountResult::Bad: break;
      }
      return fail(field, v, "is not a whole number");
    }
    // A list column -> cell (null when the column is absent; [] when empty).
    bool list(int k, const char* field, std::vector<std::string>& items, Cell& out) {
      if (k < 0) { out = Cell::null(); return true; }
      if (!parse_list(text(k), items, list_error_)) return fail_list(field, list_error_);
      out = Cell::items(items);
      return true;
    }

    bool tweet_row(const std::string& file, int64_t line, const CampaignRule& campaign) {
      const auto& spec = tweet_fields();
      const std::string_view tweetid = trim(text(tidx_[T_tweetid]));
      if (tweetid.empty()) return fail_empty(spec[T_tweetid].name);
      const std::string_view userid = trim(text(tidx_[T_userid]));
      if (userid.empty()) return fail_empty(spec[T_userid].name);
      const std::string_view time_text = text(tidx_[T_time]);
      int64_t t = 0;
      Precision precision;
      if (trim(time_text).empty()) return fail_empty(spec[T_time].name);
      if (!parse_time(time_text, post_time_unit_, false, t, precision, time_error_))
        return fail(spec[T_time].name, time_text, time_error_);

      // Interaction: is_retweet, then in_reply_to_tweetid, then quoted_tweet_tweetid.
      bool retweet = false;
      if (tidx_[T_is_retweet] >= 0) {
        const std::string_view v = text(tidx_[T_is_retweet]);
        switch (parse_bool(v)) {
          case BoolResult::True: retweet = true; break;
          case BoolResult::False:
          case BoolResult::Empty: break;
          case BoolResult::Bad: return fail(spec[T_is_retweet].name, v, "is not true or false");
        }
      }
      const char* interaction = "original";
      Cell target_post, target_author;
      const std::string_view reply_to = trim(text(tidx_[T_reply_tweetid]));
      const std::string_view quoted = trim(text(tidx_[T_quoted_tweetid]));
      if (retweet) {
        interaction = "share";
        target_post = Cell::str_or_null(trim(text(tidx_[T_retweet_tweetid])));
        target_author = Cell::str_or_null(trim(text(tidx_[T_retweet_userid])));
      } else if (!reply_to.empty()) {
        interaction = "reply";
        target_post = Cell::str(reply_to);
        target_author = Cell::str_or_null(trim(text(tidx_[T_reply_userid])));
      } else if (!quoted.empty()) {
        interaction = "quote";
        target_post = Cell::str(quoted);
      }

      Cell likes, shares, replies, quotes;
      if (!count(tidx_[T_like_count], spec[T_like_count].name, likes) ||
          !count(tidx_[T_retweet_count], spec[T_retweet_count].name, shares) ||
          !count(tidx_[T_reply_count], spec[T_reply_count].name, replies) ||
          !count(tidx_[T_quote_count], spec[T_quote_count].name, quotes))
        return false;
      Cell hashtags, urls, mentions;
      if (!list(tidx_[T_hashtags], spec[T_hashtags].name, hashtags_, hashtags) ||
          !list(tidx_[T_urls], spec[T_urls].name, urls_, urls) ||
          !list(tidx_[T_mentions], spec[T_mentions].name, mentions_, mentions))
        return false;

      auto& row = posts_.row();
      posts_.clear_row();
      row[P_platform] = Cell::str("twitter");
      row[P_source_file] = Cell::str(file);
      row[P_source_line] = Cell::integer(line);
      row[P_post_id] = Cell::str(tweetid);
      row[P_author_id] = Cell::str(userid);
      row[P_author_handle] = Cell::str_or_null(text(tidx_[T_screen_name]));
      row[P_author_display_name] = Cell::str_or_null(text(tidx_[T_display_name]));
      row[P_is_hashed_author] = Cell::boolean(is_hashed_id(userid));
      row[P_campaign] = Cell::str(campaign.campaign);
      row[P_state] = campaign.state ? Cell::str(*campaign.state) : Cell::null();
      row[P_created_at] = Cell::integer(t);
      row[P_time_precision] = Cell::str(precision_name(precision));
      row[P_text] = tidx_[T_text] >= 0 ? Cell::str(text(tidx_[T_text])) : Cell::null();
      row[P_language] = Cell::str_or_null(trim(text(tidx_[T_language])));
      row[P_interaction_type] = Cell::str(interaction);
      row[P_target_post_id] = target_post;
      row[P_target_author_id] = target_author;
      row[P_hashtags] = hashtags;
      row[P_urls] = urls;
      row[P_mentions] = mentions;
      row[P_mentions_kind] = tidx_[T_mentions] >= 0 ? Cell::str("id") : Cell::null();
      row[P_likes] = likes;
      row[P_shares] = shares;
      row[P_replies] = replies;
      row[P_quotes] = quotes;
      return true;
    }

    bool user_row(const std::string& file, const CampaignRule& campaign) {
      const auto& spec = user_fields();
      const std::string_view userid = trim(text(uidx_[U_userid]));
      if (userid.empty()) return fail_empty(spec[U_userid].name);
      Cell followers, following, created, created_precision;
      if (!count(uidx_[U_followers], spec[U_followers].name, followers) ||
          !count(uidx_[U_following], spec[U_following].name, following))
        return false;
      const std::string_view date = text(uidx_[U_created]);
      if (!trim(date).empty()) {
        int64_t t = 0;
        Precision p;
        if (!parse_time(date, account_time_unit_, true, t, p, time_error_))
          return fail(spec[U_created].name, date, time_error_);
        created = Cell::integer(t);
        created_precision = Cell::str(precision_name(p));
      }
      auto& row = accounts_.row();
      accounts_.clear_row();
      row[A_platform] = Cell::str("twitter");
      row[A_source_file] = Cell::str(file);
      row[A_author_id] = Cell::str(userid);
      row[A_author_handle] = Cell::str_or_null(text(uidx_[U_screen_name]));
      row[A_display_name] = Cell::str_or_null(text(uidx_[U_display_name]));
      row[A_is_hashed] = Cell::boolean(is_hashed_id(userid));
      row[A_description] = Cell::str_or_null(text(uidx_[U_description]));
      row[A_profile_url] = Cell::str_or_null(trim(text(uidx_[U_url])));
      row[A_location] = Cell::str_or_null(text(uidx_[U_location]));
      row[A_followers] = followers;
      row[A_following] = following;
      row[A_created_at] = created;
      row[A_created_precision] = created_precision;
      row[A_language] = Cell::str_or_null(trim(text(uidx_[U_language])));
      row[A_campaign] = Cell::str(campaign.campaign);
      row[A_state] = campaign.state ? Cell::str(*campaign.state) : Cell::null();
      return true;
    }

    sdk::Context& ctx_;
    RowSink posts_, accounts_;
    TimeUnit post_time_unit_, account_time_unit_;
    std::array<int, T_count> tidx_{};
    std::array<int, U_count> uidx_{};
    const io::csv::FieldRef* fields_ = nullptr;
    std::vector<std::string> scratch_;
    std::vector<std::string> hashtags_, urls_, mentions_;
    std::string reason_, list_error_, time_error_;
    int64_t records_ = 0, rows_done_ = 0;
  };
};

}  // namespace chorus::ingest::tmrc
