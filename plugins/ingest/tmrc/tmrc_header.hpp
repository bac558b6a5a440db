// The header of a TMRC tweets or users file: which of its columns holds
// each field the reader needs, whatever the release's names and order.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::ingest_tmrc {

// Source columns read from a tweets file.
enum TweetField {
  T_tweetid,
  T_userid,
  T_display_name,
  T_screen_name,
  T_language,
  T_text,
  T_time,
  T_reply_userid,
  T_reply_tweetid,
  T_quoted_tweetid,
  T_is_retweet,
  T_retweet_userid,
  T_retweet_tweetid,
  T_quote_count,
  T_reply_count,
  T_like_count,
  T_retweet_count,
  T_hashtags,
  T_urls,
  T_mentions,
  T_count
};
// Source columns read from a users file.
enum UserField {
  U_userid,
  U_display_name,
  U_screen_name,
  U_location,
  U_description,
  U_url,
  U_followers,
  U_following,
  U_created,
  U_language,
  U_count
};

struct FieldSpec {
  const char* name;                   // the name used in reject reasons
  std::vector<const char*> accepted;  // header names accepted (lower case)
};

// The accepted names of each field.
const std::array<FieldSpec, T_count>& tweet_fields();
const std::array<FieldSpec, U_count>& user_fields();

// A header name as matched: trimmed, lower case.
std::string header_key(std::string_view h);

// For each field, its index in the header or -1. The first header column
// that matches a field's accepted names wins.
// (A template over the field list: header-only.)
template <size_t N>
std::array<int, N> map_header(const std::vector<std::string>& header, const std::array<FieldSpec, N>& specs) {
  std::array<int, N> idx;
  idx.fill(-1);
  for (size_t f = 0; f < N; ++f)
    for (size_t k = 0; k < header.size() && idx[f] < 0; ++k)
      for (const char* a : specs[f].accepted)
        if (header[k] == a) {
          idx[f] = static_cast<int>(k);
          break;
        }
  return idx;
}

// The header as one line for messages (shortened).
std::string header_text(const std::vector<std::string>& h);

}  // namespace chorus::ingest_tmrc
