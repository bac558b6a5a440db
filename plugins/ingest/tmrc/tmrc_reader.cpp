#include "tmrc_reader.hpp"

#include <stdexcept>

#include "io/common/input.hpp"
#include "io/common/prefetch.hpp"
#include "io/csv/utf8_check.hpp"
#include "tmrc_values.hpp"

namespace chorus::ingest_tmrc {

TmrcReader::TmrcReader(sdk::Context& ctx, int64_t batch_rows)
    : rejects(ctx, batch_rows),
      ctx_(ctx),
      posts_(ctx, "posts", "posts", post_columns(), batch_rows),
      accounts_(ctx, "accounts", "accounts", account_columns(), batch_rows),
      post_time_unit_(posts_.unit_of("created_at")),
      account_time_unit_(accounts_.unit_of("created_at")) {}

void TmrcReader::read_file(const std::string& file, const CampaignRule& campaign, bool tweets) {
  io_common::FileSource src(file);
  io_csv::CsvReader reader(src, ',');
  io_csv::Record rec;
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
        throw std::runtime_error(file + ": not a TMRC tweets file: its header has no '" + tweet_fields()[f].name +
                                 "' column" +
                                 (map_header(header, user_fields())[U_followers] >= 0 && tidx_[T_tweetid] < 0
                                      ? " (is it a users file? list it under 'users')"
                                      : "") +
                                 "; header: " + header_text(header));
  } else {
    uidx_ = map_header(header, user_fields());
    if (uidx_[U_userid] < 0)
      throw std::runtime_error(
          file + ": not a TMRC users file: its header has no 'userid' column; header: " + header_text(header));
    if (map_header(header, tweet_fields())[T_tweetid] >= 0)
      throw std::runtime_error(file + ": has a 'tweetid' column: a tweets file listed under 'users'");
  }
  const size_t n_fields = header.size();
  scratch_.assign(n_fields, std::string());

  io_common::Prefetcher<io_csv::RecordBlock> blocks([&reader](io_csv::RecordBlock& b) { return reader.next_block(b); });
  while (const io_csv::RecordBlock* blk = blocks.next()) {
    for (const auto& info : blk->records) {
      if ((++records_ & 0xFFF) == 0 && ctx_.cancelled()) throw std::runtime_error("cancelled");
      if (info.error) {
        rejects.add(file, info.line, info.error, info.raw());
        continue;
      }
      if (info.n_fields != n_fields) {
        rejects.add(
            file, info.line,
            "expected " + std::to_string(n_fields) + " fields (as in the header), got " + std::to_string(info.n_fields),
            info.raw());
        continue;
      }
      fields_ = blk->fields.data() + info.first_field;
      reason_ = io_csv::invalid_utf8_reason(info.raw(), fields_, n_fields, header);
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

void TmrcReader::finish() {
  done(posts_.flush());
  done(accounts_.flush());
  rejects.flush();
  ctx_.progress(rows_done_);
}

void TmrcReader::done(int64_t emitted) {
  if (emitted == 0) return;
  rows_done_ += emitted;
  ctx_.progress(rows_done_);
  if (ctx_.cancelled()) throw std::runtime_error("cancelled");
}

bool TmrcReader::fail(const char* field, std::string_view value, const std::string& what) {
  reason_ = std::string("field '") + field + "': " + io_common::quote_value(value) + " " + what;
  return false;
}

bool TmrcReader::fail_list(const char* field, const std::string& what) {
  reason_ = std::string("field '") + field + "': " + what;
  return false;
}

bool TmrcReader::fail_empty(const char* field) {
  reason_ = std::string("field '") + field + "' is empty";
  return false;
}

bool TmrcReader::count(int k, const char* field, Cell& out) {
  if (k < 0) {
    out = Cell::null();
    return true;
  }
  const std::string_view v = text(k);
  int64_t n = 0;
  switch (parse_count(v, n)) {
    case CountResult::Value:
      out = Cell::integer(n);
      return true;
    case CountResult::Null:
      out = Cell::null();
      return true;
    case CountResult::Bad:
      break;
  }
  return fail(field, v, "is not a whole number");
}

bool TmrcReader::list(int k, const char* field, std::vector<std::string>& items, Cell& out) {
  if (k < 0) {
    out = Cell::null();
    return true;
  }
  if (!parse_list(text(k), items, list_error_)) return fail_list(field, list_error_);
  out = Cell::items(items);
  return true;
}

bool TmrcReader::tweet_row(const std::string& file, int64_t line, const CampaignRule& campaign) {
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
      case BoolResult::True:
        retweet = true;
        break;
      case BoolResult::False:
      case BoolResult::Empty:
        break;
      case BoolResult::Bad:
        return fail(spec[T_is_retweet].name, v, "is not true or false");
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

bool TmrcReader::user_row(const std::string& file, const CampaignRule& campaign) {
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

}  // namespace chorus::ingest_tmrc
