// detect/profile through the fake host, on hand-made members, clusters,
// posts, accounts and near-duplicate tables. Every expected number below is
// counted by hand from the tables in this file (see the comments).
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include <chorus/sdk/testing.hpp>

#include "profile_stage.hpp"

namespace dp = chorus::detect_profile;
using namespace chorus::sdk::testing;

namespace {

// Times (ms since the epoch, checked with `date -u -d @<s>`).
constexpr int64_t kFeb28_0900 = 1709110800000;
constexpr int64_t kMar01_1015 = 1709288100000;
constexpr int64_t kMar01_1100 = 1709290800000;
constexpr int64_t kMar02_1030 = 1709375400000;
constexpr int64_t kMar02_2359 = 1709423940000;
constexpr int64_t kMar03_0745 = 1709451900000;
constexpr int64_t kMar05_0030 = 1709598600000;
constexpr int64_t kFeb27_0000 = 1708992000000;
constexpr int64_t kJan10_0800 = 1704873600000;
constexpr int64_t kJan10_1200 = 1704888000000;
constexpr int64_t kMay05_2023 = 1683244800000;

Schema members_schema() { return schema({{"cluster_id", "utf8"}, {"account_id", "utf8"}}); }
Schema clusters_schema() { return schema({{"cluster_id", "utf8"}, {"rank", "int64"}}); }
Schema posts_schema() {
  return schema({{"post_id", "utf8"},
                 {"author_id", "utf8"},
                 {"created_at", "timestamp[ms]"},
                 {"text", "utf8"},
                 {"interaction_type", "utf8"},
                 {"hashtags_folded", "list<utf8>"},
                 {"urls_normalized", "list<utf8>"},
                 {"language", "utf8"},
                 {"state", "utf8"},
                 {"source_file", "utf8"},
                 {"likes", "int64"},
                 {"shares", "int64"},
                 {"replies", "int64"}});
}
Schema accounts_schema() {
  return schema({{"author_id", "utf8"}, {"followers", "int64"}, {"location", "utf8"}, {"created_at", "timestamp[ms]"}});
}
Schema near_schema() {
  return schema({{"cluster_id", "utf8"}, {"post_id", "utf8"}, {"author_id", "utf8"}, {"created_at", "timestamp[ms]"}});
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}
const std::string kE = "\xC3\xA9";  // é, two bytes
const std::string kLong = repeat(kE, 300);

// Clusters: C-b = {a1, a2, a3} (rank 1; a3 never posts), C-a = {b1, b2}
// (rank 2; b2 never posts), C-c = {c1} (not in the clusters input).
// x1 is not a member: its posts count nowhere.
Batch members() {
  return batch(members_schema(),
               {{"C-a", "b1"}, {"C-a", "b2"}, {"C-b", "a1"}, {"C-b", "a2"}, {"C-b", "a3"}, {"C-c", "c1"}});
}
Batch clusters() { return batch(clusters_schema(), {{"C-b", int64_t{1}}, {"C-a", int64_t{2}}}); }

Batch posts() {
  const StrList none;
  return batch(posts_schema(),
               {
                   // C-b: six posts p1..p6 by a1 and a2
                   {"p1", "a1", kMar01_1015, "first of T1", "original", StrList{"vote", "news", "vote"},
                    StrList{"https://WWW.Example.org/a", "example.org/b"}, "en", "RU", "data/in/tw1.csv", int64_t{5},
                    int64_t{2}, int64_t{1}},
                   {"p2", "a2", kMar01_1100, kLong, "original", StrList{"vote"}, StrList{"news.example.com/x"}, "en",
                    "RU", "data/in/tw1.csv", null, int64_t{3}, int64_t{0}},
                   {"p3", "a1", kMar02_1030, "RT a retweet", "share", StrList{"vote"}, none, "ru", null, "/x/tw2.csv",
                    int64_t{100}, int64_t{100}, int64_t{100}},
                   {"p4", "a2", kMar02_2359, "T1 again", "original", none, StrList{"example.org/a"}, "en", "RU",
                    "tw2.csv", int64_t{1}, null, null},
                   {"p5", "a1", null, "T2 text", "original", null, null, null, "RU", null, null, null, null},
                   {"p6", "a2", kFeb28_0900, "earliest of T1", "original", none, none, "en", "RU", "C:\\b\\tw3.csv",
                    int64_t{10}, int64_t{0}, null},
                   // not a member: in T1 and earlier than every member post, yet no excerpt
                   {"px", "x1", kFeb27_0000, "outsider", "original", StrList{"vote"}, StrList{"example.org/a"}, "en",
                    "RU", "tw1.csv", int64_t{1000}, int64_t{1000}, int64_t{1000}},
                   // C-a: one post by b1
                   {"q1", "b1", kMar05_0030, "peace text", "reply", StrList{"peace"}, StrList{"t.co/zz"}, "de", null,
                    "tg.jsonl", int64_t{7}, null, null},
                   // C-c: one post by c1, URLs only
                   {"r1", "c1", kMar03_0745, "link", "original", none, StrList{"https://www.Site.net:8080/p?q=1"}, "en",
                    null, "tg.jsonl", null, null, null},
               });
}

Batch accounts() {
  return batch(accounts_schema(), {
                                      // a1 twice (snapshots): largest followers, one location after trimming
                                      {"a1", int64_t{100}, " Moscow ", kJan10_0800},
                                      {"a1", int64_t{150}, "Moscow", kJan10_0800},
                                      {"a2", null, "Moscow", kJan10_1200},
                                      {"a3", int64_t{1000}, "Berlin", kMay05_2023},
                                      {"b2", null, null, null},
                                      {"x1", int64_t{99999}, "Paris", kMay05_2023},
                                  });
}

// T1: p1, p2, p4, p6 by members of C-b, px by x1. T2: p5 and p9 by a1 (p9
// is not in posts). T3: x1 only.
Batch near_duplicates() {
  return batch(near_schema(), {{"T1", "p6", "a2", kFeb28_0900},
                               {"T1", "p1", "a1", kMar01_1015},
                               {"T1", "p2", "a2", kMar01_1100},
                               {"T1", "p4", "a2", kMar02_2359},
                               {"T1", "px", "x1", kFeb27_0000},
                               {"T2", "p5", "a1", null},
                               {"T2", "p9", "a1", kMar03_0745},
                               {"T3", "px", "x1", kFeb27_0000}});
}

void full_inputs(FakeHost& host) {
  host.inputs["members"] = {members()};
  host.inputs["clusters"] = {clusters()};
  host.inputs["posts"] = {posts()};
  host.inputs["accounts"] = {accounts()};
  host.inputs["near_duplicates"] = {near_duplicates()};
  host.input_types["members"] = {"cluster_members", members_schema()};
  host.input_types["clusters"] = {"clusters", clusters_schema()};
  host.input_types["posts"] = {"posts", posts_schema()};
  host.input_types["accounts"] = {"accounts", accounts_schema()};
  host.input_types["near_duplicates"] = {"", near_schema()};
}

// "rank value count share" rows of one facet of one cluster.
std::vector<std::string> facet(const Batch& profile, const std::string& cluster, const std::string& name) {
  std::vector<std::string> out;
  for (int64_t r = 0; r < profile.rows(); ++r)
    if (profile.column("cluster_id").str(r) == cluster && profile.column("facet").str(r) == name)
      out.push_back(cell_text(profile.column("rank"), r) + " " + cell_text(profile.column("value"), r) + " " +
                    cell_text(profile.column("count"), r) + " " + cell_text(profile.column("share"), r));
  return out;
}

int64_t row_of(const Batch& summary, const std::string& cluster) {
  for (int64_t r = 0; r < summary.rows(); ++r)
    if (summary.column("cluster_id").str(r) == cluster) return r;
  FAIL("no summary row for " << cluster);
  return -1;
}

std::string cell(const Batch& b, const std::string& column, int64_t row) { return cell_text(b.column(column), row); }

}  // namespace

TEST_CASE("detect/profile: facets of a cluster, counted by hand", "[detect.profile]") {
  FakeHost host;
  full_inputs(host);
  REQUIRE(host.run<dp::ProfileStage>(Json::object()) == 0);
  const Batch p = host.collected("profile");

  // C-b has 6 posts (p1..p6): shares are of 6.
  // vote: p1 (twice in it: once), p2, p3 = 3; news: p1 = 1.
  CHECK(facet(p, "C-b", "hashtag") == std::vector<std::string>{"1 vote 3 0.5", "2 news 1 " + format_double(1.0 / 6)});
  // Four distinct URL strings, one post each: by value.
  CHECK(facet(p, "C-b", "url") == std::vector<std::string>{"1 example.org/a 1 " + format_double(1.0 / 6),
                                                           "2 example.org/b 1 " + format_double(1.0 / 6),
                                                           "3 https://WWW.Example.org/a 1 " + format_double(1.0 / 6),
                                                           "4 news.example.com/x 1 " + format_double(1.0 / 6)});
  // example.org: p1 (two URLs, one post) and p4; news.example.com: p2.
  CHECK(facet(p, "C-b", "domain") == std::vector<std::string>{"1 example.org 2 " + format_double(2.0 / 6),
                                                              "2 news.example.com 1 " + format_double(1.0 / 6)});
  // en: p1, p2, p4, p6; ru: p3; p5 has none.
  CHECK(facet(p, "C-b", "language") ==
        std::vector<std::string>{"1 en 4 " + format_double(4.0 / 6), "2 ru 1 " + format_double(1.0 / 6)});
  // RU: every post but p3.
  CHECK(facet(p, "C-b", "state") == std::vector<std::string>{"1 RU 5 " + format_double(5.0 / 6)});
  // tw1.csv: p1, p2; tw2.csv: p3, p4; tw3.csv: p6 (Windows path); p5 none.
  CHECK(facet(p, "C-b", "source") == std::vector<std::string>{"1 tw1.csv 2 " + format_double(2.0 / 6),
                                                              "2 tw2.csv 2 " + format_double(2.0 / 6),
                                                              "3 tw3.csv 1 " + format_double(1.0 / 6)});
  // Per member account (3): Moscow a1 (" Moscow " and "Moscow" are one), a2; Berlin a3.
  CHECK(facet(p, "C-b", "location") ==
        std::vector<std::string>{"1 Moscow 2 " + format_double(2.0 / 3), "2 Berlin 1 " + format_double(1.0 / 3)});
  // Account creation days: a1 and a2 on 2024-01-10, a3 on 2023-05-05.
  CHECK(facet(p, "C-b", "created") == std::vector<std::string>{"1 2024-01-10 2 " + format_double(2.0 / 3),
                                                               "2 2023-05-05 1 " + format_double(1.0 / 3)});
  // Every active day in time order (p5 has no time).
  CHECK(facet(p, "C-b", "day") == std::vector<std::string>{"1 2024-02-28 1 " + format_double(1.0 / 6),
                                                           "2 2024-03-01 2 " + format_double(2.0 / 6),
                                                           "3 2024-03-02 2 " + format_double(2.0 / 6)});
  // T1: p1, p2, p4, p6 (px is x1's); T2: p5, p9 (p9 not in posts). T3: nobody's.
  CHECK(facet(p, "C-b", "narrative") ==
        std::vector<std::string>{"1 T1 4 " + format_double(4.0 / 6), "2 T2 2 " + format_double(2.0 / 6)});

  // C-a: b2 has no posts; b1's one post; b2's accounts row has no location or creation time.
  CHECK(facet(p, "C-a", "hashtag") == std::vector<std::string>{"1 peace 1 1"});
  CHECK(facet(p, "C-a", "domain") == std::vector<std::string>{"1 t.co 1 1"});
  CHECK(facet(p, "C-a", "location").empty());
  CHECK(facet(p, "C-a", "created").empty());
  CHECK(facet(p, "C-a", "narrative").empty());
  CHECK(facet(p, "C-c", "domain") == std::vector<std::string>{"1 site.net 1 1"});

  // Long-form order: clusters by rank (C-b, C-a), then C-c; facets in the documented order.
  std::vector<std::string> order;
  for (int64_t r = 0; r < p.rows(); ++r) {
    const std::string key = std::string(p.column("cluster_id").str(r)) + ":" + std::string(p.column("facet").str(r));
    if (order.empty() || order.back() != key) order.push_back(key);
  }
  CHECK(order == std::vector<std::string>{"C-b:narrative", "C-b:hashtag", "C-b:url",    "C-b:domain", "C-b:language",
                                          "C-b:location",  "C-b:state",   "C-b:source", "C-b:hour",   "C-b:day",
                                          "C-b:created",   "C-a:hashtag", "C-a:url",    "C-a:domain", "C-a:language",
                                          "C-a:source",    "C-a:hour",    "C-a:day",    "C-c:url",    "C-c:domain",
                                          "C-c:language",  "C-c:source",  "C-c:hour",   "C-c:day"});
  CHECK(host.logged(CHORUS_LOG_WARN, "1 cluster of the members input is not in the clusters input"));
}

TEST_CASE("detect/profile: a text others post as much is not the cluster's narrative", "[detect.profile]") {
  // T1 has 5 posts, 4 of them by C-b's members (0.8); T2's 2 posts are all a1's (1.0).
  auto narratives_of_b = [](FakeHost& host) {
    const Batch p = host.collected("profile");
    std::string values;
    for (int64_t r = 0; r < p.rows(); ++r)
      if (p.column("facet").str(r) == "narrative" && p.column("cluster_id").str(r) == "C-b")
        values += std::string(p.column("value").str(r)) + ";";
    return values;
  };
  FakeHost host;
  full_inputs(host);
  REQUIRE(host.run<dp::ProfileStage>(Json::object()) == 0);  // default 0.5
  CHECK(narratives_of_b(host) == "T1;T2;");
  REQUIRE(host.run<dp::ProfileStage>({{"narrative_min_share", 0.8}}) == 0);  // 0.8 >= 0.8 is kept
  CHECK(narratives_of_b(host) == "T1;T2;");
  REQUIRE(host.run<dp::ProfileStage>({{"narrative_min_share", 0.81}}) == 0);
  CHECK(narratives_of_b(host) == "T2;");
}

TEST_CASE("detect/profile: narrative excerpts, earliest first, cut by code points", "[detect.profile]") {
  FakeHost host;
  full_inputs(host);
  REQUIRE(host.run<dp::ProfileStage>(Json::object()) == 0);
  const Batch p = host.collected("profile");
  std::vector<std::string> t1, t2;
  for (int64_t r = 0; r < p.rows(); ++r) {
    if (p.column("facet").str(r) != "narrative" || p.column("cluster_id").str(r) != "C-b") continue;
    (p.column("value").str(r) == "T1" ? t1 : t2) = list_items(p.column("excerpts"), r);
  }
  // T1's member posts by time: p6 (Feb 28), p1 (Mar 1 10:15), p2 (Mar 1 11:00), p4 (Mar 2); three kept.
  // p2's 300 two-byte characters are cut at 280 characters = 560 bytes.
  REQUIRE(t1.size() == 3);
  CHECK(t1[0] == "earliest of T1");
  CHECK(t1[1] == "first of T1");
  CHECK(t1[2] == repeat(kE, 280));
  CHECK(t1[2].size() == 560);
  // T2: p5 only (p9 is not in posts).
  CHECK(t2 == std::vector<std::string>{"T2 text"});
  // Other facets carry no excerpts.
  for (int64_t r = 0; r < p.rows(); ++r)
    if (p.column("facet").str(r) != "narrative") CHECK(p.column("excerpts").list_size(r) == 0);

  // with.excerpts 2 and with.excerpt_chars 3: "ear", "fir".
  REQUIRE(host.run<dp::ProfileStage>({{"excerpts", 2}, {"excerpt_chars", 3}}) == 0);
  const Batch q = host.collected("profile");
  CHECK(list_items(q.column("excerpts"), 0) == std::vector<std::string>{"ear", "fir"});
  const Batch s = host.collected("summary");
  CHECK(cell(s, "top_narrative", row_of(s, "C-b")) == "ear");
}

TEST_CASE("detect/profile: hour profile has all 24 UTC hours", "[detect.profile]") {
  FakeHost host;
  full_inputs(host);
  REQUIRE(host.run<dp::ProfileStage>(Json::object()) == 0);
  const auto hours = facet(host.collected("profile"), "C-b", "hour");
  REQUIRE(hours.size() == 24);
  // p6 09:00, p1 10:15, p3 10:30, p2 11:00, p4 23:59; p5 has no time. Shares of 6 posts.
  for (int h = 0; h < 24; ++h) {
    const int n = h == 9 ? 1 : h == 10 ? 2 : h == 11 ? 1 : h == 23 ? 1 : 0;
    const std::string hh = (h < 10 ? "0" : "") + std::to_string(h);
    CHECK(hours[h] == std::to_string(h + 1) + " " + hh + " " + std::to_string(n) + " " + format_double(n / 6.0));
  }
}

TEST_CASE("detect/profile: reach, velocity and the summary", "[detect.profile]") {
  FakeHost host;
  full_inputs(host);
  REQUIRE(host.run<dp::ProfileStage>(Json::object()) == 0);
  const Batch s = host.collected("summary");
  CHECK(col(s, "cluster_id") == "C-b|C-a|C-c");
  const int64_t b = row_of(s, "C-b");
  CHECK(cell(s, "accounts", b) == "3");
  CHECK(cell(s, "posts", b) == "6");
  CHECK(cell(s, "originals", b) == "5");  // p3 is a share
  // followers: a1 max(100, 150) = 150, a2 unknown, a3 1000.
  CHECK(cell(s, "followers_sum", b) == "1150");
  CHECK(cell(s, "followers_max", b) == "1000");
  // Non-share posts p1, p2, p4, p5, p6: likes 5 + 1 + 10; shares 2 + 3 + 0; replies 1 + 0.
  CHECK(cell(s, "likes", b) == "16");
  CHECK(cell(s, "shares", b) == "5");
  CHECK(cell(s, "replies", b) == "1");
  CHECK(cell(s, "reach", b) == "1172");  // 1150 + 16 + 5 + 1
  CHECK(s.column("first_post").int64(b) == kFeb28_0900);
  CHECK(s.column("last_post").int64(b) == kMar02_2359);
  CHECK(cell(s, "active_days", b) == "3");
  // Mar 1 and Mar 2 have 2 posts each: the earlier wins.
  CHECK(cell(s, "peak_day", b) == "2024-03-01");
  CHECK(cell(s, "peak_day_posts", b) == "2");
  CHECK(cell(s, "top_narrative", b) == "earliest of T1");

  // C-a: b2 has no posts, no follower count; b1 has no accounts row.
  const int64_t a = row_of(s, "C-a");
  CHECK(cell(s, "accounts", a) == "2");
  CHECK(cell(s, "posts", a) == "1");
  CHECK(cell(s, "originals", a) == "1");  // a reply is not a share
  CHECK(cell(s, "followers_sum", a) == "null");
  CHECK(cell(s, "followers_max", a) == "null");
  CHECK(cell(s, "likes", a) == "7");
  CHECK(cell(s, "shares", a) == "null");
  CHECK(cell(s, "reach", a) == "7");
  CHECK(cell(s, "peak_day", a) == "2024-03-05");
  CHECK(cell(s, "top_narrative", a) == "#peace");

  const int64_t c = row_of(s, "C-c");
  CHECK(cell(s, "likes", c) == "null");
  CHECK(cell(s, "reach", c) == "null");  // no part known
  CHECK(cell(s, "top_narrative", c) == "site.net");

  // Members without a follower count: a2, b1 (no accounts row), b2, c1.
  CHECK(host.logged(CHORUS_LOG_INFO, "4 member accounts have no follower count"));
  CHECK(host.logged(CHORUS_LOG_INFO, "2 members have no accounts row"));
  CHECK(host.logged(CHORUS_LOG_WARN, "1 member post has a null created_at"));
}

TEST_CASE("detect/profile: a cluster whose members never post", "[detect.profile]") {
  FakeHost host;
  host.inputs["members"] = {batch(members_schema(), {{"C-z", "z1"}, {"C-z", "z2"}})};
  host.inputs["posts"] = {posts()};
  host.inputs["accounts"] = {batch(accounts_schema(), {{"z1", int64_t{40}, "Oslo", kJan10_0800}})};
  host.input_types["accounts"] = {"accounts", accounts_schema()};
  REQUIRE(host.run<dp::ProfileStage>(Json::object()) == 0);
  const Batch s = host.collected("summary");
  REQUIRE(s.rows() == 1);
  CHECK(cell(s, "accounts", 0) == "2");
  CHECK(cell(s, "posts", 0) == "0");
  CHECK(cell(s, "followers_sum", 0) == "40");
  CHECK(cell(s, "reach", 0) == "40");
  CHECK(cell(s, "first_post", 0) == "null");
  CHECK(cell(s, "active_days", 0) == "0");
  CHECK(cell(s, "peak_day", 0) == "null");
  CHECK(cell(s, "peak_day_posts", 0) == "0");
  CHECK(cell(s, "top_narrative", 0) == "null");
  // Only the account facets: no hour rows without a post.
  const Batch p = host.collected("profile");
  CHECK(col(p, "facet") == "location|created");
  CHECK(col(p, "share") == "0.5|1");  // Oslo: 1 of 2 members; created: 1 of 1 with a known day
}

TEST_CASE("detect/profile: missing optional inputs give nulls, not errors", "[detect.profile]") {
  FakeHost host;
  host.inputs["members"] = {members()};
  host.inputs["posts"] = {posts()};
  REQUIRE(host.run<dp::ProfileStage>(Json::object()) == 0);
  const Batch s = host.collected("summary");
  CHECK(col(s, "cluster_id") == "C-a|C-b|C-c");  // by cluster_id without a clusters input
  CHECK(col(s, "followers_sum") == "null|null|null");
  CHECK(col(s, "followers_max") == "null|null|null");
  CHECK(col(s, "reach") == "7|22|null");  // C-b: 16 + 5 + 1
  CHECK(col(s, "top_narrative") == "#peace|#vote|site.net");
  const Batch p = host.collected("profile");
  for (int64_t r = 0; r < p.rows(); ++r) {
    const std::string f(p.column("facet").str(r));
    CHECK(f != "narrative");
    CHECK(f != "location");
    CHECK(f != "created");
  }
  CHECK(host.logged(CHORUS_LOG_INFO, "no accounts input"));
  // Without templates no excerpt is made: the texts are not read.
  const auto& selected = host.selected.at("posts");
  CHECK(std::find(selected.begin(), selected.end(), "text") == selected.end());
  CHECK(std::find(selected.begin(), selected.end(), "hashtags_folded") != selected.end());

  // No posts at all (an empty upstream): one summary row per cluster, no error.
  FakeHost empty;
  empty.inputs["members"] = {members()};
  empty.input_types["posts"] = {"posts", posts_schema()};
  REQUIRE(empty.run<dp::ProfileStage>(Json::object()) == 0);
  CHECK(col(empty.collected("summary"), "posts") == "0|0|0");
  CHECK(total_rows(empty.outputs["profile"]) == 0);
}

TEST_CASE("detect/profile: identical input gives identical output", "[detect.profile]") {
  // Same rows in reverse order: every ranking is a total order, so the
  // outputs do not depend on the order the rows come in.
  auto reversed = [](const Batch& b) {
    Batch out(b.schema());
    for (int64_t r = b.rows() - 1; r >= 0; --r)
      for (size_t c = 0; c < b.num_columns(); ++c) out.column(c).append_from(b.column(c), r);
    return out;
  };
  FakeHost one, two;
  full_inputs(one);
  full_inputs(two);
  for (auto& [port, batches] : two.inputs) batches = {reversed(batches.front())};
  REQUIRE(one.run<dp::ProfileStage>(Json::object()) == 0);
  REQUIRE(two.run<dp::ProfileStage>(Json::object()) == 0);
  for (const char* port : {"profile", "summary"}) {
    const Batch x = one.collected(port), y = two.collected(port);
    REQUIRE(x.rows() == y.rows());
    for (size_t c = 0; c < x.num_columns(); ++c) CHECK(col(x, x.schema()[c].name) == col(y, y.schema()[c].name));
  }
}

TEST_CASE("detect/profile: one bad option or column gives one error naming it", "[detect.profile]") {
  auto error = [](const Json& config, const PortTypes& inputs) {
    FakeHost host;
    REQUIRE(host.infer<dp::ProfileStage>(config, inputs) != 0);
    REQUIRE(host.errors.size() == 1);
    return host.last_error();
  };
  const PortTypes good = {{"members", {"cluster_members", members_schema()}}, {"posts", {"posts", posts_schema()}}};
  CHECK(error({{"excerpts", 4}}, good) == "with.excerpts: expected a number <= 3, got 4");
  CHECK(error({{"excerpts", 1}}, good) == "with.excerpts: expected a number >= 2, got 1");
  CHECK(error({{"top_n", 0}}, good) == "with.top_n: expected a number >= 1, got 0");
  CHECK(error({{"excerpt_chars", "long"}}, good) == "with.excerpt_chars: expected an integer, got \"long\"");
  CHECK(error({{"topn", 5}}, good).rfind("with: unknown option 'topn'", 0) == 0);
  PortTypes bad = good;
  bad["near_duplicates"] = {"", schema({{"cluster_id", "utf8"}, {"postid", "utf8"}, {"author_id", "utf8"}})};
  CHECK(error(Json::object(), bad).rfind("input 'near_duplicates': no column 'post_id'", 0) == 0);
  bad = good;
  bad["accounts"] = {
      "",
      schema({{"author_id", "utf8"}, {"followers", "utf8"}, {"location", "utf8"}, {"created_at", "timestamp[ms]"}})};
  CHECK(error(Json::object(), bad) == "input 'accounts': column 'followers' is utf8, expected int64");

  FakeHost host;
  REQUIRE(host.infer<dp::ProfileStage>(Json::object(), good) == 0);
  CHECK(host.output_types().at("profile").name == "cluster_profile");
  CHECK(host.output_types().at("summary").name == "cluster_summary");
}

TEST_CASE("detect/profile: the option table's defaults", "[detect.profile]") {
  const dp::Config c = dp::ProfileStage::options().parse(Json::object());
  CHECK(c.top_n == 10);
  CHECK(c.excerpts == 3);
  CHECK(c.excerpt_chars == 280);
}

TEST_CASE("detect/profile: top_n keeps the first values by count, then value", "[detect.profile]") {
  FakeHost host;
  full_inputs(host);
  REQUIRE(host.run<dp::ProfileStage>({{"top_n", 2}}) == 0);
  const Batch p = host.collected("profile");
  CHECK(facet(p, "C-b", "url") == std::vector<std::string>{"1 example.org/a 1 " + format_double(1.0 / 6),
                                                           "2 example.org/b 1 " + format_double(1.0 / 6)});
  CHECK(facet(p, "C-b", "source").size() == 2);
  CHECK(facet(p, "C-b", "hour").size() == 24);  // complete whatever top_n
  CHECK(facet(p, "C-b", "day").size() == 3);
}
