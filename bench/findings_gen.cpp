// Writes a deterministic takedown-archive (tweets CSVs in the 30-column 2019+
// layout of docs/ingest-tmrc.md, one users CSV) with organic background
// activity and planted coordinated groups, for the findings benchmark
// (bench/findings_bench.py, issue 11): the same arguments always give the
// same bytes, and memory does not grow with POSTS (the organic stream is
// written as it is drawn; only the planted groups' few posts are held).
//
//   bench_findings_gen DIR [POSTS=10000000] [SEED=20240611] [FILES=8] [DAYS=60] [ACCOUNTS=200000]
//
// Writes DIR/FND_2024_tweets_csv_hashed_01.csv .. _FILES.csv (exactly POSTS
// rows in all, in time order, split evenly), DIR/FND_2024_users_csv_hashed.csv
// (one row per account), DIR/ground_truth.json (the planted groups and their
// accounts' userids) and DIR/findings.meta (parameters and sizes; the files
// are reused while its first line matches). Files are written under a
// temporary name and renamed.
//
// Organic background (ACCOUNTS accounts, times spread evenly over DAYS days
// from 2024-01-01, second precision):
//   - who posts: account floor(ACCOUNTS * u^1.6), u uniform: a few accounts
//     post thousands of times, most a handful (heavy accounts are what makes
//     organic pairs co-act on many days);
//   - 55% originals, 35% retweets, 10% replies;
//   - originals: 40% carry 1-2 hashtags from a Zipf(1.0) vocabulary of 50,000
//     tags, plus, from 19:00 to 22:00 UTC, one trending tag of the day in 20%
//     of originals (a concert-night look-alike of a flood); 15% carry a link,
//     a Zipf(1.1) domain out of 2,000 and a Zipf(1.0) article out of 5,000 of
//     that day;
//   - retweets: a delay d ~ exponential (mean 2 h, at most 47 h) back from the
//     retweet's time, then the most popular of 4 originals posted around then
//     (popularity Pareto, alpha 1.3): heavy-tailed cascades, viral posts
//     retweeted by hundreds of independent accounts;
//   - replies: to one of the last 2,000 originals.
// Retweets carry no hashtags or links of their own (coordination/coaction
// leaves shares out of co_hashtag and co_link by default).
//
// Planted groups (their own accounts, 30 background originals each at random
// times, drawn like the organic ones):
//   - 50 retweet rings of 12 accounts: on 20 distinct days, one member (in
//     turn) posts an original and the 11 others retweet it 5-45 s later;
//   - 20 hashtag floods of 15 accounts: on 12 distinct days, a 10-minute
//     burst in which each member posts 2 originals with the group's own tag
//     (and, half the time, a popular vocabulary tag too);
//   - 20 link-sharing groups of 10 accounts: on 12 distinct days, each member
//     posts the day's article of the group's own domain within 15 minutes
//     (a second post with it half the time), from a template text.
// DAYS must be at least 20. Tweet ids are (time in s) * 10^9 + a sequence
// number (organic: row index; planted: 5 * 10^8 + their own index), unique.
#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "tmrc_gen_common.hpp"

namespace {

using namespace tmrc_gen;

constexpr int kGeneratorVersion = 1;
constexpr int64_t kStart = 1704067200;  // 2024-01-01T00:00:00Z
constexpr int kRings = 50, kRingSize = 12, kRingDays = 20;
constexpr int kFloods = 20, kFloodSize = 15, kFloodDays = 12;
constexpr int kLinkGroups = 20, kLinkSize = 10, kLinkDays = 12;
constexpr int kBackground = 30;  // background originals per planted account

// Draws rank 1..n with P(k) proportional to k^-s, by binary search of the CDF.
class Zipf {
 public:
  Zipf(uint32_t n, double s) : cdf_(n) {
    double total = 0;
    for (uint32_t k = 0; k < n; ++k) cdf_[k] = total += std::pow(static_cast<double>(k + 1), -s);
  }
  uint32_t draw(Rng& r) const {
    const double u = unit(r) * cdf_.back();
    return static_cast<uint32_t>(std::upper_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin()) + 1;
  }
  static double unit(Rng& r) { return static_cast<double>(r.next() >> 11) * 0x1.0p-53; }

 private:
  std::vector<double> cdf_;
};

std::string tag_name(uint32_t rank) {  // distinct per rank, word-like
  std::string t;
  t += static_cast<char>(kSyllables[rank % 30][0] - 'a' + 'A');
  t += kSyllables[rank % 30] + 1;
  t += kSyllables[rank / 30 % 30];
  t += kSyllables[rank / 900 % 30];
  t += std::to_string(rank);
  return t;
}

std::string domain_name(uint32_t rank) {
  return "https://" + std::string(kSyllables[rank % 30]) + "news" + std::to_string(rank) + ".example.com/";
}

std::string t_co(Rng& r) {
  std::string s = " https://t.co/";
  for (int i = 0; i < 10; ++i) s += kB64[r.below(62)];
  return s;
}

std::string py_list(const std::vector<std::string>& v) {  // ['a', 'b']
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) s += ", ";
    s += '\'';
    s += v[i];
    s += '\'';
  }
  return s + "]";
}

// One row to write: everything that is not drawn at write time.
struct Post {
  int64_t t = 0, id = 0;
  const Account* author = nullptr;
  char kind = 'o';  // o original, r retweet, p reply
  const Account* target_author = nullptr;
  int64_t target_id = 0;
  std::vector<std::string> tags, urls;
  std::string text;  // empty: random words
};

struct Vocab {
  Zipf tags{50000, 1.0}, domains{2000, 1.1}, articles{5000, 1.0};
};

// Hashtags and link of an original at time t (organic rules).
void organic_objects(Rng& r, const Vocab& v, int64_t t, Post& p) {
  if (r.chance(400)) {
    p.tags.push_back(tag_name(v.tags.draw(r)));
    if (r.chance(300)) p.tags.push_back(tag_name(v.tags.draw(r)));
  }
  const int64_t day = (t - kStart) / 86400, hour = (t - kStart) % 86400 / 3600;
  if (hour >= 19 && hour < 22 && r.chance(200)) p.tags.push_back("Trending" + std::to_string(day) + "Live");
  if (r.chance(150))
    p.urls.push_back(domain_name(v.domains.draw(r)) + "d" + std::to_string(day) + "/a" +
                     std::to_string(v.articles.draw(r)));
}

void write_row(std::string& buf, Rng& r, const Post& p) {
  const Account& a = *p.author;
  buf += std::to_string(p.id);
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
  count_field(buf, a.followers, false);
  buf += ',';
  count_field(buf, a.following, false);
  buf += ',';
  buf += a.created;
  buf += ',';
  buf += a.lang;
  buf += ',';
  buf += pick(r, kLangs);
  buf += ',';
  std::string text;
  if (p.kind == 'r') text = "RT @" + p.target_author->screen_name + ": ";
  if (p.kind == 'p') text = "@" + p.target_author->screen_name + " ";
  text += p.text.empty() ? words(r, 4 + r.below(16), r.below(25) == 0) : p.text;
  for (const auto& t : p.tags) text += " #" + t;
  for (size_t i = 0; i < p.urls.size(); ++i) text += t_co(r);
  field(buf, text);
  buf += ',';
  {
    int y;
    unsigned mo, d;
    const int64_t days = p.t / 86400, s = p.t % 86400;
    civil(days, y, mo, d);
    char tmp[48];
    const int n = std::snprintf(tmp, sizeof tmp, "%04d-%02u-%02u %02d:%02d:%02d", y, mo, d, static_cast<int>(s / 3600),
                                static_cast<int>(s % 3600 / 60), static_cast<int>(s % 60));
    buf.append(tmp, static_cast<size_t>(n));
  }
  buf += ',';
  buf += pick(r, kClients);
  buf += ',';
  // in_reply_to_userid, in_reply_to_tweetid, quoted_tweet_tweetid
  if (p.kind == 'p') {
    buf += p.target_author->userid + ',' + std::to_string(p.target_id) + ",,";
  } else {
    buf += ",,,";
  }
  // is_retweet, retweet_userid, retweet_tweetid, latitude, longitude
  if (p.kind == 'r')
    buf += "True," + p.target_author->userid + ',' + std::to_string(p.target_id) + ',';
  else
    buf += "False,,,";
  buf += "absent,absent,";
  const bool rt = p.kind == 'r';
  count_field(buf, rt ? 0 : heavy(r, 1), false);
  buf += ',';
  count_field(buf, rt ? 0 : heavy(r, 2), false);
  buf += ',';
  count_field(buf, rt ? 0 : heavy(r, 10), false);
  buf += ',';
  count_field(buf, rt ? 0 : heavy(r, 5), false);
  buf += ',';
  field(buf, py_list(p.tags));
  buf += ',';
  field(buf, py_list(p.urls));
  buf += ',';
  if (p.kind == 'r' || p.kind == 'p')
    field(buf, "['" + p.target_author->mention_id + "']");
  else
    buf += "[]";
  buf += '\n';
}

struct Group {
  std::string id, kind;
  std::vector<const Account*> accounts;
};

std::vector<int64_t> distinct_days(Rng& r, int days, int n) {
  std::vector<int64_t> all(days);
  for (int i = 0; i < days; ++i) all[i] = i;
  for (int i = 0; i < n; ++i) std::swap(all[i], all[i + r.below(static_cast<uint32_t>(days - i))]);
  all.resize(n);
  std::sort(all.begin(), all.end());
  return all;
}

// Every planted post, sorted by time (a few tens of thousands).
std::vector<Post> plant(Rng& r, const Vocab& v, const std::vector<Account>& pool, int days,
                        std::vector<Group>& groups) {
  std::vector<Post> out;
  int64_t seq = 500000000;
  size_t next = 0;
  auto post = [&](int64_t t, const Account* a) -> Post& {
    out.emplace_back();
    Post& p = out.back();
    p.t = t;
    p.id = t * 1000000000 + seq++;
    p.author = a;
    return p;
  };
  auto day_time = [&](int64_t day) { return kStart + day * 86400 + 3600 + r.below(21 * 3600); };
  auto take = [&](const std::string& id, const std::string& kind, int n) {
    Group g{id, kind, {}};
    for (int i = 0; i < n; ++i) g.accounts.push_back(&pool[next++]);
    groups.push_back(g);
    return g;
  };
  char id[32];
  for (int g = 0; g < kRings; ++g) {
    std::snprintf(id, sizeof id, "ring_%02d", g + 1);
    const Group grp = take(id, "retweet_ring", kRingSize);
    const auto ds = distinct_days(r, days, kRingDays);
    for (size_t k = 0; k < ds.size(); ++k) {
      const int64_t t0 = day_time(ds[k]);
      const Account* author = grp.accounts[k % kRingSize];
      Post& o = post(t0, author);
      organic_objects(r, v, t0, o);
      const int64_t oid = o.id;
      for (const Account* m : grp.accounts) {
        if (m == author) continue;
        Post& p = post(t0 + 5 + r.below(41), m);
        p.kind = 'r';
        p.target_author = author;
        p.target_id = oid;
      }
    }
  }
  for (int g = 0; g < kFloods; ++g) {
    std::snprintf(id, sizeof id, "flood_%02d", g + 1);
    const Group grp = take(id, "hashtag_flood", kFloodSize);
    const std::string tag = "StandWith" + tag_name(90000 + static_cast<uint32_t>(g));
    for (int64_t day : distinct_days(r, days, kFloodDays)) {
      const int64_t t0 = day_time(day);
      for (const Account* m : grp.accounts)
        for (int k = 0; k < 2; ++k) {
          Post& p = post(t0 + r.below(600), m);
          p.tags.push_back(tag);
          if (r.chance(500)) p.tags.push_back(tag_name(1 + v.tags.draw(r) % 50));
        }
    }
  }
  for (int g = 0; g < kLinkGroups; ++g) {
    std::snprintf(id, sizeof id, "links_%02d", g + 1);
    const Group grp = take(id, "link_sharing", kLinkSize);
    const std::string domain =
        "https://daily-" + std::string(kSyllables[g % 30]) + std::to_string(g + 1) + ".example.net/";
    for (int64_t day : distinct_days(r, days, kLinkDays)) {
      const int64_t t0 = day_time(day);
      const std::string url = domain + "2024/" + std::to_string(day) + "/story-" + std::to_string(r.below(1000000));
      const std::string text = "They will not tell you this. Read before it is deleted: story " + std::to_string(day);
      for (const Account* m : grp.accounts)
        for (int k = 0, n = r.chance(500) ? 2 : 1; k < n; ++k) {
          Post& p = post(t0 + r.below(900), m);
          p.urls.push_back(url);
          p.text = text;
        }
    }
  }
  for (size_t a = 0; a < next; ++a)
    for (int k = 0; k < kBackground; ++k) {
      const int64_t t = kStart + static_cast<int64_t>(r.below(static_cast<uint32_t>(days) * 86400u));
      Post& p = post(t, &pool[a]);
      organic_objects(r, v, t, p);
    }
  std::stable_sort(out.begin(), out.end(), [](const Post& a, const Post& b) { return a.t < b.t; });
  return out;
}

// The recent organic originals, oldest first, with a popularity each.
struct Recent {
  int64_t t, id;
  uint32_t author;
  float pop;
};

class RecentRing {
 public:
  explicit RecentRing(size_t cap) : v_(cap) {}
  void push(const Recent& x) {
    v_[end_ % v_.size()] = x;
    ++end_;
  }
  size_t size() const { return std::min(end_, v_.size()); }
  // i-th oldest of those held.
  const Recent& at(size_t i) const { return v_[(end_ - size() + i) % v_.size()]; }
  // Index of the first held original posted at or after t.
  size_t lower(int64_t t) const {
    size_t lo = 0, hi = size();
    while (lo < hi) {
      const size_t mid = (lo + hi) / 2;
      if (at(mid).t < t)
        lo = mid + 1;
      else
        hi = mid;
    }
    return lo;
  }

 private:
  std::vector<Recent> v_;
  size_t end_ = 0;
};

struct FileOut {
  FILE* f = nullptr;
  std::string path, tmp, name;
  uint64_t bytes = 0, rows = 0;
};

bool open_out(FileOut& o, const std::string& dir, const std::string& name) {
  o.name = name;
  o.path = dir + "/" + name;
  o.tmp = o.path + ".partial";
  o.f = std::fopen(o.tmp.c_str(), "wb");
  if (!o.f) std::perror(o.tmp.c_str());
  return o.f != nullptr;
}

bool flush(FileOut& o, std::string& buf) {
  if (!buf.empty() && std::fwrite(buf.data(), 1, buf.size(), o.f) != buf.size()) {
    std::perror(o.tmp.c_str());
    return false;
  }
  o.bytes += buf.size();
  buf.clear();
  return true;
}

bool close_out(FileOut& o, std::string& buf) {
  if (!flush(o, buf)) return false;
  if (std::fclose(o.f) != 0 || std::rename(o.tmp.c_str(), o.path.c_str()) != 0) {
    std::perror(o.path.c_str());
    return false;
  }
  return true;
}

std::string json_str(const std::string& s) {  // ids and names here are plain ASCII
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [POSTS=10000000] [SEED=20240611] [FILES=8] [DAYS=60] [ACCOUNTS=200000]\n",
                 argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const uint64_t posts = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 10000000ull;
  const uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 20240611ull;
  const int files = argc > 4 ? std::atoi(argv[4]) : 8;
  const int days = argc > 5 ? std::atoi(argv[5]) : 60;
  const uint32_t n_accounts = argc > 6 ? static_cast<uint32_t>(std::strtoul(argv[6], nullptr, 10)) : 200000u;
  if (files < 1 || files > 99 || days < kRingDays || days > 3650 || n_accounts < 1000) {
    std::fprintf(stderr, "FILES must be 1..99, DAYS 20..3650, ACCOUNTS at least 1000\n");
    return 2;
  }
  const std::vector<Account> organic = make_accounts(seed * 31 + 1, n_accounts);
  const std::vector<Account> planted_pool =
      make_accounts(seed * 31 + 2, kRings * kRingSize + kFloods * kFloodSize + kLinkGroups * kLinkSize);
  const Vocab vocab;
  Rng pr{seed * 31 + 3};
  std::vector<Group> groups;
  const std::vector<Post> planted = plant(pr, vocab, planted_pool, days, groups);
  if (planted.size() >= posts) {
    std::fprintf(stderr, "POSTS must exceed the %zu planted posts\n", planted.size());
    return 2;
  }
  const uint64_t n_org = posts - planted.size();
  const int64_t span = static_cast<int64_t>(days) * 86400;
  // Originals of the last 48 h at the organic rate (55% of posts), with room.
  RecentRing recent(static_cast<size_t>(0.6 * static_cast<double>(n_org) / static_cast<double>(span) * 48 * 3600) +
                    4096);

  Rng r{seed * 31 + 4};
  std::vector<FileOut> outs;
  std::string buf;
  buf.reserve(1 << 22);
  size_t pi = 0;
  uint64_t written = 0, kinds[3] = {0, 0, 0};
  Post p;
  for (uint64_t i = 0; i < n_org || pi < planted.size();) {
    // The next row: the earlier of the next organic and the next planted post.
    const int64_t t_org = kStart + static_cast<int64_t>((static_cast<__int128>(span) * i) / n_org);
    const Post* row = nullptr;
    if (pi < planted.size() && (i >= n_org || planted[pi].t <= t_org)) {
      row = &planted[pi++];
    } else {
      p = Post{};
      p.t = t_org;
      p.id = t_org * 1000000000 + static_cast<int64_t>(i);
      const double u = Zipf::unit(r);
      p.author = &organic[std::min<uint32_t>(n_accounts - 1, static_cast<uint32_t>(n_accounts * std::pow(u, 1.6)))];
      const uint32_t k = r.below(1000);
      if (k < 550 || recent.size() < 100) {
        organic_objects(r, vocab, p.t, p);
        recent.push({p.t, p.id, static_cast<uint32_t>(p.author - organic.data()),
                     static_cast<float>(std::pow(1.0 - Zipf::unit(r), -1.0 / 1.3))});
      } else if (k < 900) {
        const double d = std::min(-std::log(1.0 - Zipf::unit(r)) * 7200.0, 47.0 * 3600);
        const size_t at = std::min(recent.lower(p.t - static_cast<int64_t>(d)), recent.size() - 1);
        const Recent* best = nullptr;
        for (int c = 0; c < 4; ++c) {
          const int64_t j = static_cast<int64_t>(at) + static_cast<int64_t>(r.below(513)) - 256;
          const Recent& x = recent.at(static_cast<size_t>(std::clamp<int64_t>(j, 0, recent.size() - 1)));
          if (!best || x.pop > best->pop) best = &x;
        }
        p.kind = 'r';
        p.target_author = &organic[best->author];
        p.target_id = best->id;
      } else {
        const Recent& x =
            recent.at(recent.size() - 1 - r.below(static_cast<uint32_t>(std::min<size_t>(2000, recent.size()))));
        p.kind = 'p';
        p.target_author = &organic[x.author];
        p.target_id = x.id;
      }
      row = &p;
      ++i;
    }
    // Files split the rows evenly, in order.
    const size_t file = static_cast<size_t>(written * files / posts);
    if (file >= outs.size()) {
      if (!outs.empty() && !close_out(outs.back(), buf)) return 1;
      char name[64];
      std::snprintf(name, sizeof name, "FND_2024_tweets_csv_hashed_%02zu.csv", file + 1);
      outs.emplace_back();
      if (!open_out(outs.back(), dir, name)) return 1;
      buf += kHeader;
    }
    write_row(buf, r, *row);
    ++outs.back().rows;
    ++written;
    ++kinds[row->kind == 'o' ? 0 : row->kind == 'r' ? 1 : 2];
    if (buf.size() >= (1 << 22) - 16384 && !flush(outs.back(), buf)) return 1;
  }
  if (!close_out(outs.back(), buf)) return 1;

  // Users: every account, organic then planted.
  FileOut users;
  if (!open_out(users, dir, "FND_2024_users_csv_hashed.csv")) return 1;
  buf +=
      "userid,user_display_name,user_screen_name,user_reported_location,user_profile_description,"
      "user_profile_url,follower_count,following_count,account_creation_date,account_language\n";
  for (const auto* pool : {&organic, &planted_pool})
    for (const Account& a : *pool) {
      buf += a.userid + ',';
      field(buf, a.display_name);
      buf += ',' + a.screen_name + ',';
      field(buf, a.location);
      buf += ',';
      field(buf, a.description);
      buf += ',' + a.url + ',' + std::to_string(a.followers) + ',' + std::to_string(a.following) + ',' + a.created +
             ',' + a.lang + '\n';
      if (buf.size() >= (1 << 22) && !flush(users, buf)) return 1;
    }
  if (!close_out(users, buf)) return 1;

  FILE* gt = std::fopen((dir + "/ground_truth.json").c_str(), "w");
  if (!gt) {
    std::perror("ground_truth.json");
    return 1;
  }
  std::fprintf(gt, "{\"generator_version\": %d, \"seed\": %" PRIu64 ", \"posts\": %" PRIu64 ", \"clusters\": [\n",
               kGeneratorVersion, seed, posts);
  for (size_t g = 0; g < groups.size(); ++g) {
    std::fprintf(gt, "  {\"id\": %s, \"kind\": %s, \"accounts\": [", json_str(groups[g].id).c_str(),
                 json_str(groups[g].kind).c_str());
    for (size_t a = 0; a < groups[g].accounts.size(); ++a)
      std::fprintf(gt, "%s%s", a ? ", " : "", json_str(groups[g].accounts[a]->userid).c_str());
    std::fprintf(gt, "]}%s\n", g + 1 < groups.size() ? "," : "");
  }
  std::fprintf(gt, "]}\n");
  std::fclose(gt);

  uint64_t bytes = users.bytes;
  for (const auto& o : outs) bytes += o.bytes;
  FILE* m = std::fopen((dir + "/findings.meta").c_str(), "w");
  if (!m) {
    std::perror("findings.meta");
    return 1;
  }
  std::fprintf(m,
               "version=%d seed=%" PRIu64 " posts=%" PRIu64 " files=%d days=%d accounts=%u bytes=%" PRIu64
               " planted_posts=%zu planted_accounts=%zu originals=%" PRIu64 " retweets=%" PRIu64 " replies=%" PRIu64
               "\n",
               kGeneratorVersion, seed, posts, files, days, n_accounts, bytes, planted.size(), planted_pool.size(),
               kinds[0], kinds[1], kinds[2]);
  for (const auto& o : outs)
    std::fprintf(m, "file %s bytes=%" PRIu64 " rows=%" PRIu64 "\n", o.name.c_str(), o.bytes, o.rows);
  std::fprintf(m, "file %s bytes=%" PRIu64 " rows=%zu\n", users.name.c_str(), users.bytes,
               organic.size() + planted_pool.size());
  std::fclose(m);
  std::printf("wrote %d tweets files + users in %s: %" PRIu64 " bytes, %" PRIu64 " posts (%zu planted), %zu groups\n",
              files, dir.c_str(), bytes, written, planted.size(), groups.size());
  return 0;
}
