// Writes a deterministic set of Twitter/X takedown-archive tweets CSVs (the
// 30-column 2019+ layout of docs/ingest-tmrc.md) for the ingest benchmark:
// the same seed, size and file count always give the same bytes.
//
//   bench_ingest_gen DIR [TOTAL_BYTES=1000000000] [FILES=8] [SEED=20240601]
//
// The files are two releases ("halves") of FILES/2 files each, so that two
// ingest/tmrc stages can read one half each:
//   DIR/IOA_2021_tweets_csv_hashed_01.csv .. _0K.csv   (campaign IOA)
//   DIR/IOB_2021_tweets_csv_hashed_0K+1.csv .. _N.csv  (campaign IOB)
// Every file is written until it holds ceil(TOTAL_BYTES / FILES) bytes, so the
// set holds at least TOTAL_BYTES. Each file has its own random stream (seed
// and file number), each half its own pool of accounts.
//
// What a row looks like (proportions per row, roughly):
//   - accounts: 85% hashed (userid, display and screen name = the same
//     44-character base64 hash), 15% numeric ids with a real-looking handle,
//     display name (sometimes with a comma or quotes), location, description
//     (commas, quotes, sometimes a newline) and profile URL;
//   - 4% of the retweeted / replied-to / mentioned accounts from the other
//     campaign's pool (inter-state interactions when the two are two states);
//   - 35% retweets ("RT @x: ..." text, is_retweet True, retweet_userid and
//     retweet_tweetid), 10% replies (in_reply_to_userid/tweetid, text starting
//     with @x), 3% quotes (quoted_tweet_tweetid), the rest originals;
//   - text: words, commas, doubled quotes, CJK / Arabic / Cyrillic words,
//     emoji, hashtags, t.co links; an embedded newline in about 1 row in 25;
//   - tweet_time "YYYY-MM-DD HH:MM" (minute precision), increasing;
//   - hashtags / urls / user_mentions as Python-repr lists ['a', 'b'];
//   - counts heavy-tailed, 0 for retweets; written as floats ("14.0") in
//     odd-numbered files, as integers in even ones (releases do both);
//   - latitude / longitude "absent" except 0.5% of rows;
//   - 1 row in 2,000 repeats an earlier tweetid of the same file (a tweet
//     collected twice), so normalize/posts has duplicates to merge.
// Every record is valid: ingest/tmrc rejects nothing.
//
// DIR/tmrc.meta records generator version, seed, target, file count, and per
// file its name, bytes, rows and duplicate rows; bench/run reuses the files
// while the first line matches and the sizes check out. Files are written
// under a temporary name and renamed.
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr int kGeneratorVersion = 2;  // 2: 4% of interactions cross to the other campaign

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
const char* pick(Rng& r, const char* const (&a)[N]) {
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

const char* const kTags[] = {"Xinjiang",
                             "XinjiangCotton",
                             "China",
                             "HongKong",
                             "news",
                             "truth",
                             "新疆",
                             "中国",
                             "BeautifulXinjiang",
                             "StopTheLies",
                             "FakeNews",
                             "Covid19",
                             "WuhanVirus",
                             "Tibet",
                             "Taiwan",
                             "Belt_and_Road",
                             "peace",
                             "Iran",
                             "Russia",
                             "Election2020",
                             "السعودية",
                             "Россия",
                             "CCP",
                             "HumanRights"};

const char* const kDomains[] = {"https://www.example.org/",          "https://m.example.com/news/",
                                "http://news.example.cn/",           "https://youtu.be/",
                                "https://www.youtube.com/watch?v=",  "https://bit.ly/",
                                "https://twitter.com/i/web/status/", "http://www.gov.example.cn/"};

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

int64_t heavy(Rng& r, int scale) {  // mostly small, occasionally large
  uint32_t b = r.below(1000);
  if (b < 600) return r.below(3);
  if (b < 900) return r.below(20 * scale);
  if (b < 995) return r.below(1000 * scale);
  return r.below(100000) * static_cast<int64_t>(scale);
}

void civil(int64_t days, int& y, unsigned& m, unsigned& d) {  // H. Hinnant's civil_from_days
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

std::string words(Rng& r, uint32_t n, bool allow_newline) {
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

std::vector<Account> make_accounts(uint64_t seed, uint32_t n) {
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
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    a.created = buf;
    a.lang = pick(r, kAccLangs);
  }
  return v;
}

// Appends a CSV field, quoted when it needs to be.
void field(std::string& out, const std::string& v) {
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

void count_field(std::string& out, int64_t n, bool as_float) {
  out += std::to_string(n);
  if (as_float) out += ".0";
}

const char kHeader[] =
    "tweetid,userid,user_display_name,user_screen_name,user_reported_location,user_profile_description,"
    "user_profile_url,follower_count,following_count,account_creation_date,account_language,tweet_language,"
    "tweet_text,tweet_time,tweet_client_name,in_reply_to_userid,in_reply_to_tweetid,quoted_tweet_tweetid,"
    "is_retweet,retweet_userid,retweet_tweetid,latitude,longitude,quote_count,reply_count,like_count,"
    "retweet_count,hashtags,urls,user_mentions\n";

struct FileStats {
  std::string name;
  uint64_t bytes = 0, rows = 0, dups = 0;
};

bool write_file(const std::string& path, uint64_t target, uint64_t seed, const std::vector<Account>& accounts,
                const std::vector<Account>& other_campaign, bool float_counts, int64_t first_tweetid,
                int64_t first_minute, FileStats& st) {
  const std::string tmp = path + ".partial";
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) {
    std::perror(tmp.c_str());
    return false;
  }
  Rng r{seed};
  std::string buf, text, list;
  buf.reserve(1 << 22);
  buf += kHeader;
  int64_t tweetid = first_tweetid, minute = first_minute;
  std::vector<int64_t> recent(4096, 0);  // recent tweetids: retweet / reply targets and duplicates
  size_t n_recent = 0;
  const uint32_t n_acc = static_cast<uint32_t>(accounts.size());
  char tmpbuf[64];
  auto recent_id = [&]() -> int64_t {
    if (n_recent == 0) return tweetid - 1000 - r.below(100000);
    return recent[r.below(static_cast<uint32_t>(std::min<size_t>(n_recent, recent.size())))];
  };
  while (st.bytes + buf.size() < target) {
    const Account& a = accounts[r.below(n_acc)];
    int64_t id;
    bool fresh = false;
    if (n_recent > 100 && r.below(2000) == 0) {
      id = recent_id();  // the same tweet collected twice
      ++st.dups;
    } else {
      tweetid += 1 + r.below(1 << 20);
      id = tweetid;
      fresh = true;  // a target for later rows (not for itself)
    }
    minute += r.below(3);
    const uint32_t kind = r.below(1000);  // <350 retweet, <450 reply, <480 quote
    // 4% of retweets, replies and mentions reach the other campaign's accounts:
    // inter-state interactions once the campaigns are mapped to two states.
    const Account& other =
        r.chance(40) ? other_campaign[r.below(static_cast<uint32_t>(other_campaign.size()))] : accounts[r.below(n_acc)];
    // tweetid .. account_language
    buf += std::to_string(id);
    buf += ',';
    buf += a.userid;
    buf += ',';
    field(buf, a.display_name);
    buf += ',';
    buf += a.screen_name;
    buf += ',';
    field(buf, a.location);
    buf += ',';
    field(buf, a.description);
    buf += ',';
    buf += a.url;
    buf += ',';
    count_field(buf, a.followers, float_counts);
    buf += ',';
    count_field(buf, a.following, float_counts);
    buf += ',';
    buf += a.created;
    buf += ',';
    buf += a.lang;
    buf += ',';
    buf += pick(r, kLangs);
    buf += ',';
    // tweet_text
    text.clear();
    if (kind < 350) {
      text += "RT @";
      text += other.screen_name;
      text += ": ";
    } else if (kind < 450) {
      text += '@';
      text += other.screen_name;
      text += ' ';
    }
    text += words(r, 4 + r.below(30), r.below(25) == 0);
    // hashtags (also in the text)
    list.clear();
    const uint32_t ntags = r.chance(500) ? 0 : 1 + r.below(3);
    list += '[';
    for (uint32_t k = 0; k < ntags; ++k) {
      const char* t = pick(r, kTags);
      if (k) list += ", ";
      list += '\'';
      list += t;
      list += '\'';
      text += " #";
      text += t;
    }
    list += ']';
    std::string tags = list;
    // urls
    list.clear();
    list += '[';
    if (r.chance(300)) {
      const uint32_t nurls = 1 + (r.chance(150) ? 1 : 0);
      for (uint32_t k = 0; k < nurls; ++k) {
        if (k) list += ", ";
        list += '\'';
        list += pick(r, kDomains);
        list += std::to_string(r.below(100000000));
        if (r.chance(300)) list += "?utm_source=twitter&utm_medium=social";
        list += '\'';
        text += " https://t.co/";
        for (int i = 0; i < 10; ++i) text += kB64[r.below(62)];
      }
    }
    list += ']';
    std::string urls = list;
    // user_mentions: numeric ids, the retweeted / replied-to account first
    list.clear();
    list += '[';
    if (kind < 450) {
      list += '\'';
      list += other.mention_id;
      list += '\'';
    }
    if (r.chance(120)) {
      if (list.size() > 1) list += ", ";
      list += '\'';
      list += accounts[r.below(n_acc)].mention_id;
      list += '\'';
    }
    list += ']';
    field(buf, text);
    buf += ',';
    // tweet_time: minute precision
    {
      int y;
      unsigned mo, d;
      civil(minute / 1440, y, mo, d);
      int n = std::snprintf(tmpbuf, sizeof tmpbuf, "%04d-%02u-%02u %02d:%02d", y, mo, d,
                            static_cast<int>(minute % 1440 / 60), static_cast<int>(minute % 60));
      buf.append(tmpbuf, n);
    }
    buf += ',';
    buf += pick(r, kClients);
    buf += ',';
    // in_reply_to_userid, in_reply_to_tweetid, quoted_tweet_tweetid
    if (kind >= 350 && kind < 450) {
      buf += other.userid;
      buf += ',';
      buf += std::to_string(recent_id());
      buf += ',';
    } else {
      buf += ",,";
    }
    if (kind >= 450 && kind < 480) buf += std::to_string(recent_id());
    buf += ',';
    // is_retweet, retweet_userid, retweet_tweetid
    if (kind < 350) {
      buf += "True,";
      buf += other.userid;
      buf += ',';
      buf += std::to_string(recent_id());
    } else {
      buf += "False,,";
    }
    buf += ',';
    // latitude, longitude
    if (r.chance(5)) {
      int n = std::snprintf(tmpbuf, sizeof tmpbuf, "%.4f,%.4f", (static_cast<int>(r.below(180000)) - 90000) / 1000.0,
                            (static_cast<int>(r.below(360000)) - 180000) / 1000.0);
      buf.append(tmpbuf, n);
    } else {
      buf += "absent,absent";
    }
    buf += ',';
    // quote_count, reply_count, like_count, retweet_count: 0 for retweets
    const bool rt = kind < 350;
    count_field(buf, rt ? 0 : heavy(r, 1), float_counts);
    buf += ',';
    count_field(buf, rt ? 0 : heavy(r, 2), float_counts);
    buf += ',';
    count_field(buf, rt ? 0 : heavy(r, 10), float_counts);
    buf += ',';
    count_field(buf, rt ? 0 : heavy(r, 5), float_counts);
    buf += ',';
    field(buf, tags);
    buf += ',';
    field(buf, urls);
    buf += ',';
    field(buf, list);
    buf += '\n';
    ++st.rows;
    if (fresh) recent[n_recent++ % recent.size()] = id;
    if (buf.size() >= (1 << 22) - 8192) {
      if (std::fwrite(buf.data(), 1, buf.size(), f) != buf.size()) {
        std::perror(tmp.c_str());
        return false;
      }
      st.bytes += buf.size();
      buf.clear();
    }
  }
  if (!buf.empty()) {
    if (std::fwrite(buf.data(), 1, buf.size(), f) != buf.size()) {
      std::perror(tmp.c_str());
      return false;
    }
    st.bytes += buf.size();
  }
  if (std::fclose(f) != 0) {
    std::perror(tmp.c_str());
    return false;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::perror(path.c_str());
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [TOTAL_BYTES=1000000000] [FILES=8] [SEED=20240601]\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const uint64_t total = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1000000000ull;
  const int files = argc > 3 ? std::atoi(argv[3]) : 8;
  const uint64_t seed = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 20240601ull;
  if (files < 2 || files % 2 != 0 || files > 98) {
    std::fprintf(stderr, "FILES must be even, 2..98 (two halves)\n");
    return 2;
  }
  const uint64_t per_file = (total + files - 1) / files;
  const int half = files / 2;
  // One account pool per half (release): 40,000 accounts each.
  const std::vector<Account> pool[2] = {make_accounts(seed * 31 + 1, 40000), make_accounts(seed * 31 + 2, 40000)};
  std::vector<FileStats> stats;
  uint64_t bytes = 0, rows = 0, dups = 0;
  for (int i = 1; i <= files; ++i) {
    const int h = i <= half ? 0 : 1;
    char name[64];
    std::snprintf(name, sizeof name, "IO%c_2021_tweets_csv_hashed_%02d.csv", h == 0 ? 'A' : 'B', i);
    FileStats st;
    st.name = name;
    // Tweet ids and times move on per file (files of a release cover successive periods).
    const int64_t first_id = 1100000000000000000ll + static_cast<int64_t>(i) * 20000000000000000ll;
    const int64_t first_minute = (17532ll + 60 * i) * 1440;  // 2018-01-01 + 60 days per file
    if (!write_file(dir + "/" + name, per_file, seed * 1000 + static_cast<uint64_t>(i), pool[h], pool[1 - h],
                    i % 2 == 1, first_id, first_minute, st))
      return 1;
    std::printf("wrote %s/%s: %" PRIu64 " bytes, %" PRIu64 " rows (%" PRIu64 " repeated tweetids)\n", dir.c_str(), name,
                st.bytes, st.rows, st.dups);
    std::fflush(stdout);
    bytes += st.bytes;
    rows += st.rows;
    dups += st.dups;
    stats.push_back(st);
  }
  FILE* m = std::fopen((dir + "/tmrc.meta").c_str(), "w");
  if (!m) {
    std::perror("tmrc.meta");
    return 1;
  }
  std::fprintf(m,
               "version=%d seed=%" PRIu64 " target=%" PRIu64 " files=%d bytes=%" PRIu64 " rows=%" PRIu64
               " dups=%" PRIu64 "\n",
               kGeneratorVersion, seed, total, files, bytes, rows, dups);
  for (const auto& s : stats)
    std::fprintf(m, "file %s bytes=%" PRIu64 " rows=%" PRIu64 " dups=%" PRIu64 " half=%c\n", s.name.c_str(), s.bytes,
                 s.rows, s.dups, s.name[2]);
  std::fclose(m);
  std::printf("total: %d files, %" PRIu64 " bytes, %" PRIu64 " rows, %" PRIu64 " repeated tweetids\n", files, bytes,
              rows, dups);
  return 0;
}
