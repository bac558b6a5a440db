// Writes a deterministic CSV of social-media-like posts for the io/csv_read
// benchmark: the same seed and size always give the same bytes.
//
//   bench_gen_csv OUTPUT [TARGET_BYTES=1000000000] [SEED=20240501]
//
// Columns: post_id, account, account_id, posted_at, lang, text, likes, shares,
// replies, score, hashtags. The text has commas, doubled quotes, some UTF-8
// and, in about 1 row in 40, an embedded newline; hashtags is a JSON array of
// strings (so always quoted); replies and score are sometimes empty (null).
// Rows are written until TARGET_BYTES is reached; the file is written under a
// temporary name and renamed, and OUTPUT.meta records what was generated.
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr int kGeneratorVersion = 1;

struct Rng {  // splitmix64: fast, tiny, the same everywhere
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

const char* kWords[] = {"the",
                        "a",
                        "new",
                        "report",
                        "says",
                        "people",
                        "city",
                        "today",
                        "vote",
                        "election",
                        "climate",
                        "news",
                        "watch",
                        "live",
                        "breaking",
                        "thread",
                        "why",
                        "this",
                        "matters",
                        "more",
                        "than",
                        "ever",
                        "council",
                        "school",
                        "budget",
                        "health",
                        "policy",
                        "data",
                        "shows",
                        "rise",
                        "fall",
                        "prices",
                        "energy",
                        "rent",
                        "workers",
                        "strike",
                        "tonight",
                        "morning",
                        "update",
                        "official",
                        "statement",
                        "via",
                        "read",
                        "full",
                        "story",
                        "link",
                        "in",
                        "bio",
                        "please",
                        "share",
                        "thanks",
                        "everyone",
                        "who",
                        "came",
                        "out",
                        "support",
                        "local",
                        "team",
                        "wins",
                        "match",
                        "season",
                        "final",
                        "great",
                        "work",
                        "congrats",
                        "so",
                        "proud",
                        "of",
                        "our",
                        "community",
                        "volunteers",
                        "event",
                        "saturday",
                        "join",
                        "us",
                        "at",
                        "park",
                        "centre",
                        "free",
                        "entry",
                        "info",
                        "below",
                        "misinformation",
                        "claims",
                        "fact",
                        "check",
                        "false",
                        "misleading",
                        "context",
                        "video",
                        "photo",
                        "crowd",
                        "police",
                        "protest",
                        "peaceful",
                        "march",
                        "rights",
                        "law",
                        "court",
                        "ruling",
                        "minister",
                        "mayor",
                        "campaign",
                        "poll",
                        "results",
                        "turnout",
                        "record",
                        "historic",
                        "day",
                        "week",
                        "année",
                        "élection",
                        "café",
                        "niño",
                        "São",
                        "Zürich",
                        "naïve",
                        "😀",
                        "🔥",
                        "👏",
                        "—",
                        "…"};
constexpr uint32_t kNumWords = sizeof(kWords) / sizeof(kWords[0]);

const char* kSyllables[] = {"ma", "ri", "lo", "pe", "ka", "to", "su", "ne", "jo", "an", "el", "ro",
                            "li", "da", "vi", "mo", "sa", "ke", "ni", "ta", "bo", "ra", "le", "mi"};
constexpr uint32_t kNumSyl = sizeof(kSyllables) / sizeof(kSyllables[0]);

const char* kLangs[] = {"en", "en", "en", "en", "es", "es", "fr", "de", "pt", "it"};

const char* kTags[] = {"#news",    "#climate", "#election2024", "#breaking",  "#localnews", "#factcheck",
                       "#health",  "#energy",  "#football",     "#community", "#protest",   "#vote",
                       "#data",    "#policy",  "#housing",      "#economy",   "#music",     "#sport",
                       "#weather", "#science", "#éducation",    "#café",      "#opendata",  "#civictech"};
constexpr uint32_t kNumTags = sizeof(kTags) / sizeof(kTags[0]);

// Heavy-tailed counts: mostly small, occasionally large.
int64_t count(Rng& r, int scale) {
  uint32_t b = r.below(1000);
  if (b < 500) return r.below(10);
  if (b < 900) return r.below(100 * scale);
  if (b < 995) return r.below(10000 * scale);
  return r.below(1000000) * static_cast<int64_t>(scale);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUTPUT [TARGET_BYTES] [SEED]\n", argv[0]);
    return 2;
  }
  const std::string out = argv[1];
  const uint64_t target = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1000000000ull;
  const uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 20240501ull;
  const std::string tmp = out + ".partial";
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) {
    std::perror(tmp.c_str());
    return 1;
  }

  Rng rng{seed};
  // A pool of accounts, so handles repeat as they do in real archives.
  const uint32_t kAccounts = 50000;
  std::vector<std::string> handles(kAccounts);
  std::vector<int64_t> account_ids(kAccounts);
  for (uint32_t i = 0; i < kAccounts; ++i) {
    std::string h = "@";
    for (uint32_t k = 0, n = 2 + rng.below(3); k < n; ++k) h += kSyllables[rng.below(kNumSyl)];
    if (rng.chance(500)) h += "_";
    if (rng.chance(600)) h += std::to_string(rng.below(1000));
    handles[i] = h;
    account_ids[i] = 100000000 + static_cast<int64_t>(rng.below(900000000));
  }

  std::string buf, text;
  buf.reserve(1 << 22);
  text.reserve(1024);
  uint64_t bytes = 0, rows = 0;
  int64_t t = 1609459200;  // 2021-01-01T00:00:00Z
  int64_t post_id = 1300000000000000000ll;
  buf += "post_id,account,account_id,posted_at,lang,text,likes,shares,replies,score,hashtags\n";

  char tmpbuf[64];
  while (bytes + buf.size() < target) {
    uint32_t a = rng.below(kAccounts);
    post_id += 1 + rng.below(5000);
    t += rng.below(7);
    // post_id, account, account_id
    buf += std::to_string(post_id);
    buf += ',';
    buf += handles[a];
    buf += ',';
    buf += std::to_string(account_ids[a]);
    buf += ',';
    // posted_at: ISO 8601 UTC
    {
      int64_t days = t / 86400, sod = t % 86400;
      // civil_from_days (H. Hinnant)
      int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
      unsigned doe = static_cast<unsigned>(z - era * 146097);
      unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
      int64_t y = static_cast<int64_t>(yoe) + era * 400;
      unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
      unsigned mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
      y += m <= 2;
      int n = std::snprintf(tmpbuf, sizeof tmpbuf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(y), m, d,
                            static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60), static_cast<int>(sod % 60));
      buf.append(tmpbuf, n);
    }
    buf += ',';
    buf += kLangs[rng.below(10)];
    buf += ',';
    // text: 6..45 words with punctuation, quotes and rare newlines
    text.clear();
    bool special = false;
    for (uint32_t k = 0, n = 6 + rng.below(40); k < n; ++k) {
      if (k) {
        uint32_t p = rng.below(1000);
        if (p < 25) {
          text += ", ";
          special = true;
        } else if (p < 26) {
          text += "\n";
          special = true;
        } else if (p < 50)
          text += ". ";
        else
          text += ' ';
      }
      if (rng.chance(15)) {
        text += "\"";
        text += kWords[rng.below(kNumWords)];
        text += "\"";
        special = true;
      } else {
        text += kWords[rng.below(kNumWords)];
      }
    }
    if (rng.chance(200)) {
      text += " https://example.org/p/";
      text += std::to_string(rng.below(1000000));
    }
    if (special) {
      buf += '"';
      for (char c : text) {
        if (c == '"') buf += '"';
        buf += c;
      }
      buf += '"';
    } else {
      buf += text;
    }
    buf += ',';
    // likes, shares, replies (replies sometimes null)
    buf += std::to_string(count(rng, 10));
    buf += ',';
    buf += std::to_string(count(rng, 1));
    buf += ',';
    if (!rng.chance(20)) buf += std::to_string(count(rng, 1));
    buf += ',';
    // score: a sentiment in [-1, 1], sometimes null
    if (!rng.chance(10)) {
      int n = std::snprintf(tmpbuf, sizeof tmpbuf, "%.4f", (static_cast<int>(rng.below(20001)) - 10000) / 10000.0);
      buf.append(tmpbuf, n);
    }
    buf += ',';
    // hashtags: JSON array of strings, quoted for CSV
    uint32_t ntags = rng.below(1000) < 400 ? 0 : 1 + rng.below(4);
    if (ntags == 0) {
      buf += "[]";
    } else {
      buf += "\"[";
      for (uint32_t k = 0; k < ntags; ++k) {
        if (k) buf += ',';
        buf += "\"\"";
        buf += kTags[rng.below(kNumTags)];
        buf += "\"\"";
      }
      buf += "]\"";
    }
    buf += '\n';
    ++rows;
    if (buf.size() >= (1 << 22) - 4096) {
      if (std::fwrite(buf.data(), 1, buf.size(), f) != buf.size()) {
        std::perror(tmp.c_str());
        return 1;
      }
      bytes += buf.size();
      buf.clear();
    }
  }
  if (!buf.empty()) {
    if (std::fwrite(buf.data(), 1, buf.size(), f) != buf.size()) {
      std::perror(tmp.c_str());
      return 1;
    }
    bytes += buf.size();
  }
  if (std::fclose(f) != 0) {
    std::perror(tmp.c_str());
    return 1;
  }
  if (std::rename(tmp.c_str(), out.c_str()) != 0) {
    std::perror(out.c_str());
    return 1;
  }
  FILE* m = std::fopen((out + ".meta").c_str(), "w");
  if (m) {
    std::fprintf(m, "version=%d seed=%" PRIu64 " target=%" PRIu64 " bytes=%" PRIu64 " rows=%" PRIu64 "\n",
                 kGeneratorVersion, seed, target, bytes, rows);
    std::fclose(m);
  }
  std::printf("wrote %s: %" PRIu64 " bytes, %" PRIu64 " rows\n", out.c_str(), bytes, rows);
  return 0;
}
