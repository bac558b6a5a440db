#include "tmrc_header.hpp"

#include <cctype>

#include "io/common/reader_support.hpp"
#include "tmrc_values.hpp"

namespace chorus::ingest_tmrc {

const std::array<FieldSpec, T_count>& tweet_fields() {
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

const std::array<FieldSpec, U_count>& user_fields() {
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

std::string header_key(std::string_view h) {
  std::string k(trim(h));
  for (char& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return k;
}

std::string header_text(const std::vector<std::string>& h) {
  std::string s;
  for (const auto& n : h) s += (s.empty() ? "" : ",") + n;
  return std::string(io_common::truncate_utf8(s, 300)) + (s.size() > 300 ? "..." : "");
}

}  // namespace chorus::ingest_tmrc
