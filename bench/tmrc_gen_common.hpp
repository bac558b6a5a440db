// What the takedown-archive CSV generators of bench/ share (ingest_gen.cpp,
// findings_gen.cpp): the seeded random stream, the word and account pools,
// CSV quoting and the 30-column 2019+ tweets header of docs/ingest-tmrc.md.
// Moved here verbatim from ingest_gen.cpp: its output bytes are unchanged.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace tmrc_gen {

struct Rng {  // splitmix64
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint32_t below(uint32_t n) { return static_cast<uint32_t>((next() >> 32) * n >> 32); }
  bool chance(uint32_t per_thousand) { return below(1000) < per_thousand; }
};

template <size_t N>
inline const char* pick(Rng& r, const char* const (&a)[N]) {
  return a[r.below(static_cast<uint32_t>(N))];
}

const char* const kWords[] = {
    "the",      "a",         "new",      "report",    "says",       "people",  "city",        "today",
    "truth",    "western",   "media",    "lies",      "watch",      "live",    "breaking",    "thread",
    "why",      "this",      "matters",  "more",      "than",       "ever",    "government",  "school",
    "economy",  "health",    "policy",   "data",      "shows",      "growth",  "development", "prices",
    "energy",   "workers",   "cotton",   "tonight",   "morning",    "update",  "official",    "statement",
    "via",      "read",      "full",     "story",     "link",       "in",      "bio",         "please",
    "share",    "thanks",    "everyone", "who",       "support",    "friends", "local",       "team",
    "wins",     "great",     "work",     "so",        "proud",      "of",      "our",         "country",
    "people's", "happy",     "event",    "join",      "us",         "at",      "free",        "info",
    "below",    "fake",      "news",     "claims",    "fact",       "false",   "video",       "photo",
    "crowd",    "police",    "protest",  "peaceful",  "rights",     "law",     "court",       "ruling",
    "minister", "president", "campaign", "poll",      "results",    "record",  "historic",    "day",
    "week",     "never",     "always",   "stability", "prosperity", "harmony", "beautiful",   "region",
    "tourism",  "villagers", "smile",    "新疆",      "棉花",       "真相",    "美丽",        "中国",
    "人民",     "和平",      "发展",     "الحقيقة",   "السلام",     "الشعب",   "правда",      "народ",
    "мир",      "café",      "naïve",    "São",       "😀",          "🔥",       "👏",           "🇨🇳",
    "—",        "…"};

const char* const kSyllables[] = {"ma", "ri", "lo", "pe", "ka", "to", "su", "ne", "jo", "an",
                                  "el", "ro", "li", "da", "vi", "mo", "sa", "ke", "ni", "ta",
                                  "bo", "ra", "le", "mi", "zh", "xu", "qi", "wa", "ye", "hu"};

const char* const kCities[] = {"Beijing, China", "Urumqi",     "Hong Kong",     "London, England", "New York, USA",
                               "Moscow",         "Dubai, UAE", "Riyadh",        "Tehran",          "Shanghai",
                               "Earth",          "🌏",          "Paris, France", "Lagos, Nigeria"};

const char* const kLangs[] = {"en", "en", "en", "en", "zh", "zh", "zh", "ar", "ru", "es", "und", "fr", "ja", "in"};
const char* const kAccLangs[] = {"en", "en", "en", "zh-cn", "zh-cn", "ar", "ru", "es", "fr", "ja"};
const char* const kClients[] = {"Twitter Web App",    "Twitter Web App", "Twitter for Android", "Twitter for iPhone",
                                "Twitter Web Client", "TweetDeck",       "Hootsuite Inc.",      "Twitter for iPad"};

const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

struct Account {
  std::string userid, display_name, screen_name, location, description, url;
  int64_t followers, following;
  std::string created;  // YYYY-MM-DD
  const char* lang;
  std::string mention_id;  // numeric id used in user_mentions
  bool hashed;
};

inline int64_t heavy(Rng& r, int scale) {  // mostly small, occasionally large
  uint32_t b = r.below(1000);
  if (b < 600) return r.below(3);
  if (b < 900) return r.below(20 * scale);
  if (b < 995) return r.below(1000 * scale);
  return r.below(100000) * static_cast<int64_t>(scale);
}

inline void civil(int64_t days, int& y, unsigned& m, unsigned& d) {  // H. Hinnant's civil_from_days
  int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yy + (m <= 2));
}

inline std::string words(Rng& r, uint32_t n, bool allow_newline) {
  std::string t;
  for (uint32_t k = 0; k < n; ++k) {
    if (k) {
      uint32_t p = r.below(1000);
      if (p < 40)
        t += ", ";
      else if (allow_newline && p < 44)
        t += "\n";
      else if (p < 70)
        t += ". ";
      else
        t += ' ';
    }
    if (r.chance(12)) {
      t += '"';
      t += pick(r, kWords);
      t += '"';
    } else {
      t += pick(r, kWords);
    }
  }
  return t;
}

inline std::vector<Account> make_accounts(uint64_t seed, uint32_t n) {
  Rng r{seed};
  std::vector<Account> v(n);
  for (auto& a : v) {
    a.hashed = !r.chance(150);
    a.mention_id = std::to_string(100000000ull + r.next() % 1400000000000000000ull);
    if (a.hashed) {
      a.userid.resize(44);
      for (int i = 0; i < 43; ++i) a.userid[i] = kB64[r.below(64)];
      a.userid[43] = '=';
      a.display_name = a.userid;
      a.screen_name = a.userid;
    } else {
      a.userid = a.mention_id;
      for (uint32_t k = 0, m = 2 + r.below(3); k < m; ++k) a.screen_name += pick(r, kSyllables);
      if (r.chance(400)) a.screen_name += std::to_string(r.below(10000));
      a.display_name = words(r, 1 + r.below(3), false);
      if (r.chance(100)) a.display_name += ", official";
      if (r.chance(500)) a.location = pick(r, kCities);
      if (r.chance(300)) a.url = "https://t.co/" + std::string(1, kB64[r.below(52)]) + std::to_string(r.below(1000000));
    }
    if (r.chance(600)) a.description = words(r, 4 + r.below(20), true);
    a.followers = heavy(r, 50);
    a.following = heavy(r, 20);
    int y;
    unsigned m, d;
    civil(14000 + r.below(3600), y, m, d);  // 2008..2017
    char buf[32];                           // room for any int year: no -Wformat-truncation
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    a.created = buf;
    a.lang = pick(r, kAccLangs);
  }
  return v;
}

// Appends a CSV field, quoted when it needs to be.
inline void field(std::string& out, const std::string& v) {
  if (v.find_first_of(",\"\n\r") == std::string::npos) {
    out += v;
    return;
  }
  out += '"';
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

inline void count_field(std::string& out, int64_t n, bool as_float) {
  out += std::to_string(n);
  if (as_float) out += ".0";
}

const char kHeader[] =
    "tweetid,userid,user_display_name,user_screen_name,user_reported_location,user_profile_description,"
    "user_profile_url,follower_count,following_count,account_creation_date,account_language,tweet_language,"
    "tweet_text,tweet_time,tweet_client_name,in_reply_to_userid,in_reply_to_tweetid,quoted_tweet_tweetid,"
    "is_retweet,retweet_userid,retweet_tweetid,latitude,longitude,quote_count,reply_count,like_count,"
    "retweet_count,hashtags,urls,user_mentions\n";

}  // namespace tmrc_gen
