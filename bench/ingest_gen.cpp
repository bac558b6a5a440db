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
#include "tmrc_gen_common.hpp"

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

using namespace tmrc_gen;

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
