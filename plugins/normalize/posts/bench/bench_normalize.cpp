// Benchmark of normalize/posts: 2 million seeded posts resembling a takedown
// archive (hashed authors, text of 4-34 words, 1-3 hashtags of which some are
// CJK / Arabic / Cyrillic or mixed case, URLs on 30% of rows, mentions,
// counts), generated in memory in batches of 65,536 rows; 2% of the rows
// repeat an earlier (platform, post_id) with some fields the first copy lacks.
// The stage runs through the SDK's FakeHost (Arrow export/import of every
// batch in and out, as with the real host), per fill mode; a pass-through
// stage over the same batches gives the host's own share of the time. Every
// run is done twice, interleaved, and the best time is reported.
//
// "MB/s of CSV" is rows x 538 bytes: the average row of the 1 GB archive of
// bench_ingest_gen (1,000,002,155 bytes, 1,857,303 rows), so the figure reads
// like ingest_parts' normalize line.
//
// The allocator is tuned as the chorus CLI tunes it (freed batches are kept
// for reuse instead of page-faulting fresh mmaps in again).
//
// Every run also prints a checksum of everything emitted (every buffer of
// every output batch, batch sizes, the info message): it must not change when
// the stage is made faster.
#include <chorus/sdk/random.hpp>
#include <chorus/sdk/testing.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "posts_stage.hpp"     // normalize_posts_lib
#include "util/allocator.hpp"  // chorus_core: the CLI's malloc settings

using namespace chorus;
using chorus::sdk::SplitMix64;
using chorus::sdk::testing::FakeHost;

namespace {

constexpr int64_t kPosts = 2'000'000;
constexpr int64_t kBatchRows = 65'536;
constexpr double kCsvBytesPerRow = 1000002155.0 / 1857303.0;

const char* const kWords[] = {"the",      "a",          "new",         "report",   "says",      "people",  "city",
                              "today",    "truth",      "western",     "media",    "lies",      "watch",   "live",
                              "breaking", "thread",     "why",         "this",     "matters",   "more",    "than",
                              "ever",     "government", "school",      "economy",  "health",    "policy",  "data",
                              "shows",    "growth",     "development", "prices",   "energy",    "workers", "cotton",
                              "tonight",  "morning",    "update",      "official", "statement", "via",     "read",
                              "full",     "新疆",       "棉花",        "真相",     "美丽",      "中国",    "الحقيقة",
                              "السلام",   "правда",     "народ",       "café",     "😀",         "🔥",       "…"};
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
                             "HumanRights",
                             "STRASSE",
                             "Straße",
                             "İstanbul",
                             "DIYARBAKIR",
                             "Café",
                             "ﬁx"};
const char* const kUrls[] = {"https://www.example.org/",
                             "https://m.example.com/news/",
                             "http://news.example.cn/",
                             "https://youtu.be/",
                             "https://www.youtube.com/watch?v=",
                             "https://bit.ly/",
                             "https://twitter.com/i/web/status/",
                             "http://www.gov.example.cn/",
                             "HTTPS://Mobile.Twitter.com/user/status/",
                             "https://user:pw@www.Example.COM:443/",
                             "example[.]com/",
                             "//cdn.example.com/lib/",
                             "https://[2001:DB8::1]:8443/x/"};
const char* const kLangs[] = {"en", "en", "en", "zh", "zh", "ar", "ru", "es", "und", "fr"};
const char* const kTypes[] = {"original", "share", "reply", "quote"};
const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

Schema posts_schema() {
  std::ifstream f(std::string(CHORUS_SOURCE_DIR) + "/schemas/datasets/posts.json");
  std::stringstream ss;
  ss << f.rdbuf();
  return sdk::schema_from_json(sdk::Json::parse(ss.str()).at("columns"));
}

struct Post {
  std::string id, author;
  bool hashed = true;
};

// The seeded input: kPosts rows in batches of kBatchRows.
std::vector<Batch> make_input(const Schema& s) {
  SplitMix64 r(20240601);
  std::vector<Batch> out;
  std::vector<Post> recent;  // ids a later copy may repeat
  int64_t next_id = 1'300'000'000'000'000'000LL, line = 1, minute = 26'000'000;
  std::string text, tmp;
  std::vector<std::string> tags, urls, mentions;
  auto col = [&](Batch& b, const char* name) -> Column& { return b.column(b.index_of(name)); };
  for (int64_t row = 0; row < kPosts;) {
    Batch b(s);
    for (size_t c = 0; c < s.size(); ++c) b.column(c).reserve(kBatchRows);
    const std::string file = "IOA_2021_tweets_csv_hashed_0" + std::to_string(1 + row / 250'000) + ".csv";
    for (; b.rows() < kBatchRows && row < kPosts; ++row) {
      Post p;
      const bool copy = recent.size() > 100 && r.below(50) == 0;  // 2% duplicates
      if (copy) {
        p = recent[r.below(recent.size())];
      } else {
        next_id += 1 + static_cast<int64_t>(r.below(1 << 20));
        p.id = std::to_string(next_id);
        p.hashed = r.below(100) < 85;
        if (p.hashed) {
          p.author.resize(44);
          for (int i = 0; i < 43; ++i) p.author[i] = kB64[r.below(64)];
          p.author[43] = '=';
        } else {
          p.author = std::to_string(100000000 + r.below(1'400'000'000'000ULL));
        }
        if (recent.size() < 4096)
          recent.push_back(p);
        else
          recent[r.below(recent.size())] = p;
      }
      minute += static_cast<int64_t>(r.below(3));
      const uint64_t kind = r.below(1000);
      col(b, "platform").append_string("twitter");
      col(b, "source_file").append_string(file);
      col(b, "source_line").append_int(++line);
      col(b, "post_id").append_string(p.id);
      col(b, "author_id").append_string(p.author);
      col(b, "author_handle").append_string(p.hashed ? p.author : "user" + p.author.substr(0, 6));
      if (p.hashed || r.below(10) == 0)
        col(b, "author_display_name").append_null();
      else
        col(b, "author_display_name").append_string("Display Name " + p.author.substr(0, 4));
      col(b, "is_hashed_author").append_bool(p.hashed);
      col(b, "campaign").append_string("twitter_io:IOA_2021");
      col(b, "state").append_string("XA");
      col(b, "created_at").append_int(minute * 60'000);
      col(b, "time_precision").append_string("minute");
      text.clear();
      if (kind < 350) text += "RT @someone: ";
      for (uint64_t k = 0, n = 4 + r.below(30); k < n; ++k) {
        if (k) text += r.below(20) == 0 ? ", " : " ";
        text += kWords[r.below(std::size(kWords))];
      }
      tags.clear();
      for (uint64_t k = 0, n = r.below(200) == 0 ? 0 : 1 + r.below(3); k < n; ++k) {
        tags.emplace_back(kTags[r.below(std::size(kTags))]);
        text += " #" + tags.back();
      }
      urls.clear();
      if (r.below(10) < 3) {
        for (uint64_t k = 0, n = r.below(7) == 0 ? 2 : 1; k < n; ++k) {
          tmp = kUrls[r.below(std::size(kUrls))] + std::to_string(r.below(100'000'000));
          if (r.below(3) == 0) tmp += "?utm_source=twitter&utm_medium=social";
          urls.push_back(tmp);
          text += " https://t.co/";
          for (int i = 0; i < 10; ++i) text += kB64[r.below(62)];
        }
      }
      mentions.clear();
      if (kind < 450) mentions.push_back(std::to_string(100000000 + r.below(1'000'000'000)));
      col(b, "text").append_string(text);
      col(b, "language").append_string(kLangs[r.below(std::size(kLangs))]);
      col(b, "interaction_type").append_string(kTypes[kind < 350 ? 1 : kind < 450 ? 2 : kind < 480 ? 3 : 0]);
      if (kind < 480) {
        col(b, "target_post_id").append_string(std::to_string(next_id - static_cast<int64_t>(r.below(1 << 30))));
        col(b, "target_author_id").append_string(std::to_string(100000000 + r.below(1'000'000'000)));
      } else {
        col(b, "target_post_id").append_null();
        col(b, "target_author_id").append_null();
      }
      // A copy may lack what the first had, or have what it lacked.
      if (copy && r.below(2) == 0)
        col(b, "hashtags").append_null();
      else
        col(b, "hashtags").append_list(tags);
      col(b, "hashtags_folded").append_null();
      col(b, "urls").append_list(urls);
      col(b, "urls_normalized").append_null();
      col(b, "mentions").append_list(mentions);
      col(b, "mentions_kind").append_string("id");
      for (const char* m : {"likes", "shares", "replies", "quotes"}) {
        if (r.below(copy ? 2 : 20) == 0)
          col(b, m).append_null();
        else
          col(b, m).append_int(kind < 350 ? 0 : static_cast<int64_t>(r.below(r.below(10) == 0 ? 5000 : 20)));
      }
      if (copy && r.below(3) == 0)
        col(b, "views").append_int(static_cast<int64_t>(r.below(100000)));
      else
        col(b, "views").append_null();
    }
    out.push_back(std::move(b));
  }
  return out;
}

// FNV-1a over bytes, chained.
struct Checksum {
  uint64_t h = 1469598103934665603ULL;
  void bytes(const void* p, size_t n) {
    const auto* c = static_cast<const unsigned char*>(p);
    for (size_t i = 0; i < n; ++i) h = (h ^ c[i]) * 1099511628211ULL;
  }
  template <class T>
  void vec(const std::vector<T>& v) {
    const uint64_t n = v.size();
    bytes(&n, sizeof n);
    bytes(v.data(), v.size() * sizeof(T));
  }
  void batch(const Batch& b) {
    const int64_t rows = b.rows();
    bytes(&rows, sizeof rows);
    for (size_t c = 0; c < b.num_columns(); ++c) {
      const Column& col = b.column(c);
      bytes(b.schema()[c].name.data(), b.schema()[c].name.size());
      vec(col.valid());
      vec(col.ints());
      vec(col.doubles());
      vec(col.offsets());
      vec(col.list_offsets());
      const uint64_t n = col.chars().size();
      bytes(&n, sizeof n);
      bytes(col.chars().data(), n);
    }
  }
};

// Reads every batch and emits it unchanged: the host's share (Arrow export and
// import of every batch in and out).
struct NoOptions {};
struct PassThrough : sdk::ConfiguredStage<NoOptions> {
  static constexpr const char* type = "bench/pass_through";
  static constexpr const char* description = "emits its input";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({"inputs": [{"name": "in", "type": "posts"}],
    "outputs": [{"name": "posts", "type": "posts"}]})json";
  static const sdk::OptionTable<NoOptions>& options() {
    static const sdk::OptionTable<NoOptions> table;
    return table;
  }
  void run(const NoOptions&, sdk::Context& ctx) {
    Batch b;
    while (ctx.read("in", b)) ctx.emit("posts", std::move(b));
  }
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main() {
  chorus::tune_allocator_for_batches();  // as the chorus CLI does
  const Schema s = posts_schema();
  const auto g0 = std::chrono::steady_clock::now();
  std::vector<Batch> input = make_input(s);
  int64_t rows = 0;
  for (const auto& b : input) rows += b.rows();
  std::printf("bench_normalize: %lld posts in %zu batches generated in %.1f s\n", static_cast<long long>(rows),
              input.size(), seconds_since(g0));

  FakeHost host;
  {
    std::ifstream f(std::string(CHORUS_SOURCE_DIR) + "/schemas/datasets/posts.json");
    std::stringstream ss;
    ss << f.rdbuf();
    host.dataset_types["posts"] = ss.str();
  }
  host.input_types["in"] = {"posts", s};
  host.inputs["in"] = std::move(input);

  // Each run twice, interleaved (the machine is shared): the best of two.
  double host_s = 1e30, stage_s[2] = {1e30, 1e30};
  int status = 0;
  for (int round = 0; round < 2; ++round) {
    {
      const auto t0 = std::chrono::steady_clock::now();
      if (host.run<PassThrough>(sdk::Json::object()) != 0) return 1;
      host_s = std::min(host_s, seconds_since(t0));
      host.outputs.clear();
    }
    for (bool fill : {false, true}) {
      const auto t0 = std::chrono::steady_clock::now();
      const int rc = host.run<normalize_posts::PostsStage>({{"fill_nulls_from_duplicates", fill}});
      const double sec = seconds_since(t0);
      if (rc != 0) {
        std::fprintf(stderr, "normalize/posts failed: %s\n", host.last_error().c_str());
        return 1;
      }
      stage_s[fill] = std::min(stage_s[fill], sec);
      Checksum sum;
      int64_t kept = 0, dups = 0;
      for (const auto& b : host.outputs["posts"]) {
        sum.batch(b);
        kept += b.rows();
      }
      for (const auto& b : host.outputs["duplicates"]) {
        sum.batch(b);
        dups += b.rows();
      }
      std::string info;
      for (const auto& [level, m] : host.logs)
        if (level == CHORUS_LOG_INFO && m.rfind("normalize/posts:", 0) == 0) info = m;
      sum.bytes(info.data(), info.size());
      std::printf("fill=%s: %.2f s; kept %lld, duplicates %lld; checksum %016llx\n  %s\n", fill ? "true" : "false", sec,
                  static_cast<long long>(kept), static_cast<long long>(dups), static_cast<unsigned long long>(sum.h),
                  info.c_str());
      if (kept + dups != rows) status = 1;
      host.outputs.clear();
    }
  }
  const double mb = rows * kCsvBytesPerRow / 1e6;
  std::printf("RESULT normalize_posts_host_seconds %.3f\n", host_s);
  std::printf("ROW|host share: pass-through stage, 2M posts via FakeHost|%.2f s (%.0f MB/s of CSV)|-|-\n", host_s,
              mb / host_s);
  for (bool fill : {false, true}) {
    const double sec = stage_s[fill], own = sec - host_s;
    std::printf("RESULT normalize_posts_fill_%s_seconds %.3f\n", fill ? "true" : "false", sec);
    std::printf(
        "ROW|normalize/posts, 2M posts, fill=%s|%.2f s (%.2f M rows/s, %.0f MB/s of CSV; "
        "without the host share %.2f s, %.0f MB/s)|-|-\n",
        fill ? "true" : "false", sec, rows / sec / 1e6, mb / sec, own, own > 0 ? mb / own : 0.0);
  }
  return status;
}
