// ingest/synthetic with `operations: true`: the planted operations and the
// organic look-alikes recounted from the emitted posts and accounts by plain
// code of this test (their rules as docs/synthetic-world.md states them),
// the twarc2 file read back by the real reader, determinism, and the world
// with `operations: false` still byte for byte the pinned quickstart world.
#include <catch2/catch.hpp>
#include <chorus/sdk/testing.hpp>
#include <chorus/sdk/time.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/plugin_stage.hpp"
#include "support/skip.hpp"
#include "synthetic_stage.hpp"

using namespace chorus::sdk::testing;
using chorus::ingest_synthetic::SyntheticStage;

namespace {

void load_types(FakeHost& host) {
  for (const char* t : {"posts", "accounts"})
    host.dataset_types[t] = read_file(std::string(CHORUS_TEST_SOURCE_DIR) + "/schemas/datasets/" + t + ".json");
}

void generate(FakeHost& host, const Json& config) {
  load_types(host);
  const int rc = host.run<SyntheticStage>(config);
  INFO(host.last_error());
  REQUIRE(rc == 0);
}

Json ops_world(const std::string& dir, int seed = 5, int unaffiliated = 240) {
  return Json{{"seed", seed},
              {"out_dir", dir},
              {"accounts_per_state", 16},
              {"posts_per_account", 12},
              {"unaffiliated_accounts", unaffiliated},
              {"operations", true}};
}

struct P {
  std::string id, author, state, type, target_post, target_author, text, file;
  int64_t t = 0;  // seconds
  std::vector<std::string> hashtags, urls, mentions;
};
struct A {
  int64_t created = 0, followers = 0;
};

std::string str(const Column& c, int64_t i) { return c.is_null(i) ? std::string() : std::string(c.str(i)); }
std::vector<std::string> items(const Column& c, int64_t i) {
  std::vector<std::string> v;
  if (!c.is_null(i))
    for (int64_t j = 0; j < c.list_size(i); ++j) v.emplace_back(c.list_item(i, j));
  return v;
}
std::vector<P> posts_of(const Batch& b) {
  std::vector<P> out;
  for (int64_t i = 0; i < b.rows(); ++i) {
    P p;
    p.id = str(b.column("post_id"), i);
    p.author = str(b.column("author_id"), i);
    p.state = str(b.column("state"), i);
    p.type = str(b.column("interaction_type"), i);
    p.target_post = str(b.column("target_post_id"), i);
    p.target_author = str(b.column("target_author_id"), i);
    p.text = str(b.column("text"), i);
    p.file = str(b.column("source_file"), i);
    p.t = b.column("created_at").int64(i) / 1000;
    p.hashtags = items(b.column("hashtags"), i);
    p.urls = items(b.column("urls"), i);
    p.mentions = items(b.column("mentions"), i);
    out.push_back(std::move(p));
  }
  return out;
}
std::map<std::string, A> accounts_of(const Batch& b) {
  std::map<std::string, A> out;
  for (int64_t i = 0; i < b.rows(); ++i)
    out[str(b.column("author_id"), i)] = {b.column("created_at").int64(i) / 1000, b.column("followers").int64(i)};
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
std::string date(int64_t s) { return chorus::time::format_timestamp(s, chorus::TimeUnit::Second).substr(0, 10); }
bool has_tag(const P& p, const std::string& tag) {
  for (const auto& h : p.hashtags)
    if (lower(h) == tag) return true;
  return false;
}
std::set<std::string> ids(const Json& j) { return j.get<std::set<std::string>>(); }

// Word 2-shingles of a text: lower case, URLs dropped, letters and digits only.
std::set<std::string> shingles(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  std::string w;
  while (in >> w) {
    if (w.rfind("http", 0) == 0) continue;
    std::string k;
    for (char c : w)
      if (std::isalnum(static_cast<unsigned char>(c)))
        k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!k.empty()) words.push_back(k);
  }
  std::set<std::string> out;
  for (size_t i = 0; i + 1 < words.size(); ++i) out.insert(words[i] + " " + words[i + 1]);
  return out;
}
double jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  size_t both = 0;
  for (const auto& x : a) both += b.count(x);
  return double(both) / double(a.size() + b.size() - both);
}

// The most posts of `times` (seconds) inside any window of `w` seconds.
size_t densest(std::vector<int64_t> times, int64_t w) {
  std::sort(times.begin(), times.end());
  size_t best = 0;
  for (size_t i = 0, j = 0; i < times.size(); ++i) {
    while (times[i] - times[j] >= w) ++j;
    best = std::max(best, i - j + 1);
  }
  return best;
}

const Json& op_named(const Json& gt, const std::string& name) {
  for (const auto& o : gt["operations"])
    if (o["name"] == name) return o;
  FAIL("no operation " << name);
  return gt;
}
const Json& lookalike(const Json& gt, const std::string& kind) {
  for (const auto& l : gt["organic_lookalikes"])
    if (l["kind"] == kind) return l;
  FAIL("no look-alike " << kind);
  return gt;
}

}  // namespace

TEST_CASE("synthetic operations: false keeps the pinned quickstart world byte for byte", "[ingest.synthetic]") {
  const std::string pins = std::string(CHORUS_TEST_SOURCE_DIR) + "/pipelines/data/quickstart/world.sha256";
  std::ifstream in(pins);
  if (!in) CHORUS_SKIP("no pinned digests at " + pins);
  std::map<std::string, std::string> pinned;
  for (std::string hash, name; in >> hash >> name;) pinned[name] = hash;
  REQUIRE(pinned.size() == 10);
  for (const bool explicit_false : {false, true}) {
    TempDir dir;
    FakeHost host;
    // pipelines/quickstart.yaml's world.
    Json cfg = {{"seed", 20211202},         {"out_dir", dir.path() + "/w"}, {"states", 4},
                {"accounts_per_state", 20}, {"posts_per_account", 20},      {"unaffiliated_accounts", 40},
                {"start", "2020-01-01"}};
    if (explicit_false) cfg["operations"] = false;
    generate(host, cfg);
    const Batch files = host.collected("files");
    REQUIRE(files.rows() == 10);
    for (int64_t i = 0; i < files.rows(); ++i) {
      const std::string path = str(files.column("path"), i);
      const std::string name = path.substr(path.rfind('/') + 1);
      INFO(name);
      CHECK(files.column("sha256").str(i) == pinned.at(name));
    }
  }
}

TEST_CASE("synthetic operations: the same config gives the same bytes, and the operations change the world",
          "[ingest.synthetic]") {
  TempDir d1, d2, d3;
  FakeHost h1, h2, h3;
  generate(h1, ops_world(d1.path() + "/w"));
  generate(h2, ops_world(d2.path() + "/other"));
  Json off = ops_world(d3.path() + "/w");
  off["operations"] = false;
  generate(h3, off);
  const Batch f1 = h1.collected("files"), f2 = h2.collected("files"), f3 = h3.collected("files");
  REQUIRE(f1.rows() == 10);
  for (int64_t i = 0; i < f1.rows(); ++i) {
    const std::string path = str(f1.column("path"), i);
    INFO(path);
    // Digest by this test's reading of the file against the dataset's, and between the runs.
    CHECK(read_file(path) == read_file(str(f2.column("path"), i)));
    CHECK(f1.column("sha256").str(i) == f2.column("sha256").str(i));
  }
  CHECK(col(h1.collected("posts"), "text") == col(h2.collected("posts"), "text"));
  // The operations come on top: the state files do not change, every line of
  // the twarc2 file without them is in the file with them, in order; that
  // file and the ground truth change.
  CHECK(col(f1, "sha256").substr(0, 64 * 8 + 7) == col(f3, "sha256").substr(0, 64 * 8 + 7));
  CHECK(f1.column("sha256").str(8) != f3.column("sha256").str(8));
  CHECK(f1.column("sha256").str(9) != f3.column("sha256").str(9));
  std::istringstream with(read_file(str(f1.column("path"), 8))), without(read_file(str(f3.column("path"), 8)));
  std::string a, b;
  int64_t kept = 0, added = 0;
  while (std::getline(without, b)) {
    while (std::getline(with, a) && a != b) ++added;
    CHECK(a == b);
    ++kept;
  }
  while (std::getline(with, a)) ++added;
  CHECK(kept == 240 * 12);
  CHECK(added > 37 * 12);
}

TEST_CASE("synthetic operations: every planted operation and look-alike recounted from the emitted rows",
          "[ingest.synthetic]") {
  // Generated once for all sections (each section runs the test case again).
  struct Generated {
    Json gt;
    std::vector<P> posts;
    std::map<std::string, A> accounts;
  };
  static const Generated g = [] {
    TempDir dir;
    FakeHost host;
    const std::string out = dir.path() + "/w";
    generate(host, ops_world(out));
    return Generated{Json::parse(read_file(out + "/ground_truth.json")), posts_of(host.collected("posts")),
                     accounts_of(host.collected("accounts"))};
  }();
  const Json& gt = g.gt;
  const std::vector<P>& posts = g.posts;
  const std::map<std::string, A>& accounts = g.accounts;
  REQUIRE(gt["generator"]["operations"] == true);
  REQUIRE(gt["operations"].size() == 4);

  const std::set<std::string> organic = ids(gt["unaffiliated"]["accounts"]);
  REQUIRE(organic.size() == 240);
  std::map<std::string, std::string> op_of;  // account -> operation
  for (const auto& o : gt["operations"])
    for (const auto& a : o["accounts"]) op_of[a.get<std::string>()] = o["name"];
  std::map<std::string, const P*> by_id;
  for (const auto& p : posts) by_id[p.id] = &p;
  std::set<std::string> organic_days;
  for (const auto& p : posts)
    if (organic.count(p.author)) organic_days.insert(date(p.t));

  SECTION("the retweet ring: every seed retweeted by every other member 5-45 s later, on 20 days") {
    const Json& ring = op_named(gt, "retweet_ring");
    CHECK(ring["kind"] == "retweet_ring");
    CHECK(ring["attributed_state"].is_null());
    const std::set<std::string> members = ids(ring["accounts"]);
    REQUIRE(members.size() == 12);
    REQUIRE(ring["entities"]["seed_posts"].size() == 20);
    std::set<std::string> days, seed_authors;
    int64_t lo = 1 << 30, hi = -1;
    for (const auto& sid : ring["entities"]["seed_posts"]) {
      REQUIRE(by_id.count(sid.get<std::string>()));
      const P& seed = *by_id[sid.get<std::string>()];
      INFO(seed.id);
      CHECK(seed.type == "original");
      CHECK(members.count(seed.author) == 1);
      seed_authors.insert(seed.author);
      days.insert(date(seed.t));
      std::set<std::string> retweeters;
      for (const auto& p : posts)
        if (p.type == "share" && p.target_post == seed.id) {
          CHECK(retweeters.insert(p.author).second);
          CHECK(p.t - seed.t >= 5);
          CHECK(p.t - seed.t <= 45);
          lo = std::min(lo, p.t - seed.t), hi = std::max(hi, p.t - seed.t);
        }
      std::set<std::string> others = members;
      others.erase(seed.author);
      CHECK(retweeters == others);
      CHECK(organic_days.count(date(seed.t)) == 1);  // organic activity the same day
    }
    CHECK(days.size() == 20);
    CHECK(days == ids(ring["days"]));
    CHECK(seed_authors == members);  // the seed rotates through the ring
    CHECK(ring["latency_s"] == Json{{"min", lo}, {"max", hi}});
    // Ordinary background too: originals of ring members that are not seeds.
    int background = 0;
    for (const auto& p : posts)
      if (members.count(p.author) && p.type == "original") ++background;
    CHECK(background > 20 + 12 * 5);
  }

  SECTION("the hashtag flood: every member posts 2-4 tagged posts in a 10-minute burst on 10 days") {
    const Json& fl = op_named(gt, "hashtag_flood");
    const std::set<std::string> members = ids(fl["accounts"]);
    REQUIRE(members.size() == 15);
    CHECK(fl["entities"]["hashtags"] == Json::array({"echotruth"}));
    std::map<std::string, std::vector<const P*>> by_day;
    std::set<std::string> spellings;
    for (const auto& p : posts)
      if (has_tag(p, "echotruth")) {
        CHECK(members.count(p.author) == 1);  // nobody else
        CHECK(p.type == "original");
        by_day[date(p.t)].push_back(&p);
        for (const auto& h : p.hashtags)
          if (lower(h) == "echotruth") spellings.insert(h);
      }
    CHECK(by_day.size() == 10);
    std::set<std::string> days;
    for (const auto& [d, ps] : by_day) {
      INFO(d);
      days.insert(d);
      std::map<std::string, int> per;
      int64_t first = ps.front()->t, last = ps.front()->t;
      for (const P* p : ps) ++per[p->author], first = std::min(first, p->t), last = std::max(last, p->t);
      CHECK(per.size() == 15);
      for (const auto& [a, n] : per) {
        CHECK(n >= 2);
        CHECK(n <= 4);
      }
      CHECK(last - first < 600);
      CHECK(organic_days.count(d) == 1);
    }
    CHECK(days == ids(fl["days"]));
    CHECK(spellings.size() >= 3);  // mixed case
    CHECK(spellings == ids(fl["hashtag_variants"]));
  }

  SECTION("the link group: one near-copy of the day's template per member in 15 minutes, on 12 days") {
    const Json& lk = op_named(gt, "link_template");
    const std::set<std::string> members = ids(lk["accounts"]);
    REQUIRE(members.size() == 10);
    CHECK(lk["entities"]["domains"] == Json::array({"truth-daily.example"}));
    REQUIRE(lk["templates"].size() == 12);
    std::map<std::string, std::vector<const P*>> by_day;
    for (const auto& p : posts)
      for (const auto& u : p.urls)
        if (u.find("://truth-daily.example/") != std::string::npos) {
          CHECK(members.count(p.author) == 1);
          if (p.type == "original") by_day[date(p.t)].push_back(&p);
        }
    REQUIRE(by_day.size() == 12);
    std::vector<std::set<std::string>> day_templates;
    for (const auto& t : lk["templates"]) {
      const std::string d = t["date"];
      INFO(d);
      REQUIRE(by_day.count(d));
      const auto& ps = by_day[d];
      const auto tmpl = shingles(t["text"].get<std::string>());
      day_templates.push_back(tmpl);
      std::set<std::string> authors;
      int64_t first = ps.front()->t, last = ps.front()->t;
      for (const P* p : ps) {
        authors.insert(p->author);
        first = std::min(first, p->t), last = std::max(last, p->t);
        CHECK(p->urls == std::vector<std::string>{t["url"].get<std::string>()});
        const auto s = shingles(p->text);
        CHECK(jaccard(s, tmpl) >= 0.75);
        CHECK(jaccard(s, tmpl) < 1.0);  // edited, not verbatim
        for (const P* q : ps)
          if (q != p) CHECK(jaccard(s, shingles(q->text)) >= 0.6);
      }
      CHECK(ps.size() == 10);
      CHECK(authors == members);
      CHECK(last - first < 900);
      CHECK(organic_days.count(d) == 1);
    }
    // Different days' templates are different texts: below the 0.6 of
    // coordination/near_duplicates even if every slot word were the same.
    for (size_t i = 0; i < day_templates.size(); ++i)
      for (size_t j = i + 1; j < day_templates.size(); ++j) CHECK(jaccard(day_templates[i], day_templates[j]) < 0.6);
  }

  SECTION("bulk-created accounts with ordinary follower counts; the XB group as an operation") {
    int64_t org_lo = 1LL << 60, org_hi = 0, fol_lo = 1LL << 60, fol_hi = 0;
    for (const auto& a : organic) {
      const A& x = accounts.at(a);
      org_lo = std::min(org_lo, x.created), org_hi = std::max(org_hi, x.created);
      fol_lo = std::min(fol_lo, x.followers), fol_hi = std::max(fol_hi, x.followers);
    }
    CHECK(org_hi - org_lo > 3 * 365 * 86400);  // organic accounts spread over years
    for (const auto& o : gt["operations"]) {
      if (o["kind"] == "hashtag_link_group") continue;
      int64_t lo = 1LL << 60, hi = 0;
      for (const auto& a : o["accounts"]) {
        const A& x = accounts.at(a.get<std::string>());
        lo = std::min(lo, x.created), hi = std::max(hi, x.created);
        CHECK(x.followers >= fol_lo);
        CHECK(x.followers <= fol_hi);
        CHECK(organic.count(a.get<std::string>()) == 0);
      }
      INFO(o["name"]);
      CHECK(hi - lo < 3 * 86400);
    }
    const Json& xb = op_named(gt, "xb_group");
    CHECK(xb["kind"] == "hashtag_link_group");
    CHECK(xb["attributed_state"] == "XB");
    std::set<std::string> group = ids(gt["coordination"]["members"]);
    group.insert(gt["coordination"]["leader"].get<std::string>());
    CHECK(ids(xb["accounts"]) == group);
    CHECK(xb["leader"] == gt["coordination"]["leader"]);
    for (const auto& a : group) CHECK(op_of.at(a) == "xb_group");
  }

  SECTION("no operation account interacts with an organic or state account, nor they with it") {
    std::set<std::string> ops;
    for (const auto& [a, o] : op_of)
      if (o != "xb_group") ops.insert(a);
    REQUIRE(ops.size() == 37);
    CHECK(ops == ids(gt["unaffiliated"]["operation_accounts"]));
    int64_t op_targets = 0;
    for (const auto& p : posts) {
      std::vector<std::string> touched = p.mentions;
      if (!p.target_author.empty()) touched.push_back(p.target_author);
      for (const auto& t : touched) {
        if (t == p.author) continue;
        INFO(p.id);
        CHECK(ops.count(p.author) == ops.count(t));  // op -> op only, and nobody else -> op
        op_targets += ops.count(t);
      }
      if (ops.count(p.author)) CHECK(p.state.empty());
    }
    CHECK(op_targets > 20 * 11);  // the ring's retweets and more
    int64_t organic_posts = 0;
    for (const auto& p : posts) organic_posts += organic.count(p.author);
    CHECK(organic_posts == gt["unaffiliated"]["organic_posts"].get<int64_t>());
  }

  SECTION("the viral post: retweeted by ~15% of organic accounts within 10 minutes, once") {
    const Json& v = lookalike(gt, "viral_post");
    const std::string vid = v["post_id"];
    REQUIRE(by_id.count(vid));
    const P& seed = *by_id[vid];
    CHECK(organic.count(seed.author) == 1);
    std::set<std::string> who;
    std::vector<int64_t> times;
    for (const auto& p : posts)
      if (p.type == "share" && p.target_post == vid) {
        CHECK(who.insert(p.author).second);
        CHECK(p.t > seed.t);
        CHECK(p.t - seed.t < 600);
        times.push_back(p.t);
      }
    CHECK(who == ids(v["accounts"]));
    for (const auto& a : who) CHECK(organic.count(a) == 1);
    CHECK(who.size() == 36);                        // ceil(15% of 240)
    CHECK(densest(times, 60) * 4 >= times.size());  // many within a minute of each other
    CHECK(v["days"].size() == 1);
  }

  SECTION("the concert-night hashtag: ~20% of organic accounts within 3 hours of one evening") {
    const Json& tr = lookalike(gt, "trending_hashtag");
    CHECK(tr["tag"] == "moonfalllive");
    std::set<std::string> who, days;
    int64_t first = 1LL << 60, last = 0;
    for (const auto& p : posts)
      if (has_tag(p, "moonfalllive")) {
        who.insert(p.author);
        days.insert(date(p.t));
        first = std::min(first, p.t), last = std::max(last, p.t);
      }
    CHECK(who == ids(tr["accounts"]));
    CHECK(who.size() == 48);  // 20% of 240
    for (const auto& a : who) CHECK(organic.count(a) == 1);
    CHECK(last - first < 3 * 3600);
    CHECK(days.size() == 1);
    CHECK((first % 86400) >= 19 * 3600);  // the evening, UTC
  }

  SECTION("the popular hashtag: ~15% of organic accounts a few times each over 30+ days, never in sync") {
    const Json& pop = lookalike(gt, "popular_hashtag");
    CHECK(pop["tag"] == "readingchallenge");
    std::map<std::string, std::vector<int64_t>> uses;
    std::vector<int64_t> times;
    for (const auto& p : posts)
      if (has_tag(p, "readingchallenge") && organic.count(p.author)) {
        uses[p.author].push_back(p.t);
        times.push_back(p.t);
      }
    std::set<std::string> who;
    for (const auto& [a, ts] : uses) {
      who.insert(a);
      CHECK(ts.size() >= 2);
      CHECK(ts.size() <= 4);
    }
    CHECK(who == ids(pop["accounts"]));
    CHECK(who.size() == 36);
    const auto [lo, hi] = std::minmax_element(times.begin(), times.end());
    CHECK(*hi - *lo >= 30 * 86400);
    CHECK(densest(times, 600) <= 4);
    // No two organic accounts use it within 10 minutes of each other on two different days.
    std::map<std::pair<std::string, std::string>, std::set<std::string>> together;
    for (const auto& [a, ta] : uses)
      for (const auto& [b, tb] : uses)
        if (a < b)
          for (int64_t x : ta)
            for (int64_t y : tb)
              if (std::llabs(x - y) < 600) together[{a, b}].insert(date(std::min(x, y)));
    for (const auto& [pair, d] : together) CHECK(d.size() == 1);
    // The flood group rides on it too, and the ground truth says so.
    CHECK(pop["also_used_by_operations"] == Json::array({"hashtag_flood"}));
  }
}

TEST_CASE("synthetic operations: ingest/twarc2 reads the shortened links back as where they lead",
          "[ingest.synthetic]") {
  const chorus_stage_api* twarc2_stage =
      chorus::testing::built_plugin_stage("libchorus_ingest_twarc2.so", "ingest/twarc2");
  if (!twarc2_stage) CHORUS_SKIP("the ingest/twarc2 module is not built in " CHORUS_TEST_PLUGIN_DIR);
  TempDir dir;
  FakeHost host;
  const std::string out = dir.path() + "/w";
  generate(host, ops_world(out, 9, 60));
  const Batch posts = host.collected("posts"), accounts = host.collected("accounts");
  const std::string jsonl = out + "/unaffiliated_twarc2_flat.jsonl";
  // The emitted rows of the twarc2 file are the last ones.
  int64_t first = 0;
  while (first < posts.rows() && str(posts.column("source_file"), first) != jsonl) ++first;
  int64_t first_acc = 0;
  while (first_acc < accounts.rows() && str(accounts.column("source_file"), first_acc) != jsonl) ++first_acc;

  FakeHost unwound;
  load_types(unwound);
  REQUIRE(unwound.run(twarc2_stage, {{"path", jsonl}, {"prefer_unwound_url", true}}) == 0);
  CHECK(total_rows(unwound.outputs["rejects"]) == 0);
  const Batch wp = unwound.collected("posts"), wa = unwound.collected("accounts");
  REQUIRE(wp.rows() == posts.rows() - first);
  REQUIRE(wa.rows() == accounts.rows() - first_acc);
  for (size_t c = 0; c < posts.num_columns(); ++c) {
    INFO("posts." << posts.schema()[c].name);
    int64_t diffs = 0;
    for (int64_t i = 0; i < wp.rows(); ++i)
      diffs += cell_text(posts.column(c), first + i) != cell_text(wp.column(c), i);
    CHECK(diffs == 0);
  }
  for (size_t c = 0; c < accounts.num_columns(); ++c) {
    INFO("accounts." << accounts.schema()[c].name);
    int64_t diffs = 0;
    for (int64_t i = 0; i < wa.rows(); ++i)
      diffs += cell_text(accounts.column(c), first_acc + i) != cell_text(wa.column(c), i);
    CHECK(diffs == 0);
  }
  // The reader's default takes expanded_url: each link post then has its own bit.ly link.
  FakeHost plain;
  load_types(plain);
  REQUIRE(plain.run(twarc2_stage, {{"path", jsonl}}) == 0);
  const std::vector<P> resolved = posts_of(wp), as_posted = posts_of(plain.collected("posts"));
  REQUIRE(resolved.size() == as_posted.size());
  std::set<std::string> shorts;
  int64_t site = 0;
  for (size_t i = 0; i < resolved.size(); ++i) {
    if (resolved[i].urls.empty() || resolved[i].urls[0].find("://truth-daily.example/") == std::string::npos) {
      CHECK(resolved[i].urls == as_posted[i].urls);
      continue;
    }
    ++site;
    REQUIRE(as_posted[i].urls.size() == 1);
    CHECK(as_posted[i].urls[0].rfind("https://bit.ly/", 0) == 0);
    if (resolved[i].type == "original") CHECK(shorts.insert(as_posted[i].urls[0]).second);
  }
  CHECK(site >= 12 * 10);
  // In the file: unwound_url beside expanded_url, only on those links.
  int64_t unwound_lines = 0;
  std::istringstream lines(read_file(jsonl));
  for (std::string line; std::getline(lines, line);) unwound_lines += line.find("\"unwound_url\"") != std::string::npos;
  CHECK(unwound_lines == site);
}

TEST_CASE("synthetic operations: the default world size gives small look-alikes and all operations",
          "[ingest.synthetic]") {
  TempDir dir;
  FakeHost host;
  generate(host, {{"out_dir", dir.path() + "/w"}, {"operations", true}});
  const Json gt = Json::parse(read_file(dir.path() + "/w/ground_truth.json"));
  std::map<std::string, size_t> sizes;
  for (const auto& o : gt["operations"]) sizes[o["name"]] = o["accounts"].size();
  CHECK(sizes == std::map<std::string, size_t>{
                     {"retweet_ring", 12}, {"hashtag_flood", 15}, {"link_template", 10}, {"xb_group", 8}});
  for (const auto& o : gt["operations"])
    CHECK(o["days"].size() == (o["name"] == "retweet_ring"    ? 20
                               : o["name"] == "hashtag_flood" ? 10
                               : o["name"] == "link_template" ? 12
                                                              : 8));
  // 40 organic accounts: 30 retweet the viral post (at least 30), 20 use the concert's tag, 10 the popular one.
  std::map<std::string, size_t> looks;
  for (const auto& l : gt["organic_lookalikes"]) looks[l["kind"]] = l["accounts"].size();
  CHECK(looks == std::map<std::string, size_t>{{"viral_post", 30}, {"trending_hashtag", 20}, {"popular_hashtag", 10}});
}

TEST_CASE("synthetic operations: a 2,000-account world in a few seconds", "[.][perf]") {
  // The built module (optimised), not this -O0 test program's copy of the json templates.
  const chorus_stage_api* stage =
      chorus::testing::built_plugin_stage("libchorus_ingest_synthetic.so", "ingest/synthetic");
  if (!stage) CHORUS_SKIP("the ingest/synthetic module is not built in " CHORUS_TEST_PLUGIN_DIR);
  for (const bool ops : {false, true}) {
    TempDir dir;
    FakeHost host;
    load_types(host);
    Json cfg = ops_world(dir.path() + "/w", 1, 2000);
    cfg["posts_per_account"] = 20;
    cfg["accounts_per_state"] = 20;
    cfg["operations"] = ops;
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE(host.run(stage, cfg) == 0);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    WARN("2000 organic accounts x 20 posts, operations " << ops << ": " << s << " s, "
                                                         << total_rows(host.outputs["posts"]) << " posts");
    CHECK(s < 10);
  }
}
