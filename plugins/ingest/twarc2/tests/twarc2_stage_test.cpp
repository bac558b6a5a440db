// ingest/twarc2 driven end to end through the SDK's fake host, on fixtures
// written here (raw pages, streaming, flattened, errors), on the hand-written
// files of tests/fixtures/ and, when present, on the twarc-csv sample files
// in ../shared/data/twarc2.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "support/skip.hpp"
#include "twarc2_stage.hpp"

using chorus::Batch;
using chorus::Column;
using chorus::ingest_twarc2::Twarc2Stage;
using chorus::sdk::Json;
using chorus::sdk::testing::cell_text;
using chorus::sdk::testing::FakeHost;
using chorus::sdk::testing::TempDir;

namespace {

const std::string kRepo = CHORUS_TEST_SOURCE_DIR;
const std::string kShared = kRepo + "/../shared/data/twarc2/";
const std::string kFixtures = kRepo + "/plugins/ingest/twarc2/tests/fixtures/";

void add_types(FakeHost& h) {
  for (const char* n : {"posts", "accounts"}) {
    std::string j = chorus::sdk::testing::read_file(kRepo + "/schemas/datasets/" + n + ".json");
    REQUIRE(!j.empty());
    h.dataset_types[n] = j;
  }
}

// One JSON document as one line.
std::string line(const char* json) { return Json::parse(json).dump() + "\n"; }

// Row index of a post id (-1 if absent).
int64_t row_of(const Batch& b, const std::string& id) {
  const Column& c = b.column("post_id");
  for (int64_t i = 0; i < b.rows(); ++i)
    if (c.str(i) == id) return i;
  return -1;
}
std::string cell(const Batch& b, const char* column, int64_t row) { return cell_text(b.column(column), row); }
std::string cell(const Batch& b, const char* column, const std::string& post_id) {
  int64_t r = row_of(b, post_id);
  if (r < 0) return "<no post " + post_id + ">";
  return cell_text(b.column(column), r);
}

// Every row as text, keyed by post_id, without the provenance columns.
std::map<std::string, std::string> rows_by_id(const Batch& b, const std::vector<std::string>& skip) {
  std::map<std::string, std::string> out;
  for (int64_t r = 0; r < b.rows(); ++r) {
    std::string s;
    for (size_t c = 0; c < b.num_columns(); ++c) {
      const std::string& name = b.schema()[c].name;
      if (std::find(skip.begin(), skip.end(), name) != skip.end()) continue;
      s += name + "=" + cell_text(b.column(c), r) + "\n";
    }
    out[std::string(b.column("post_id").str(r))] = s;
  }
  return out;
}

// --- a raw page, a streaming line and other line shapes -------------------------------

const char* kPage = R"({
 "data": [
  {"id": "100", "author_id": "1", "created_at": "2021-04-08T19:34:16.000Z", "lang": "en",
   "text": "Hello #Tag1 @bob https://t.co/a https://t.co/p",
   "entities": {"hashtags": [{"start": 6, "end": 11, "tag": "Tag1"}],
                "mentions": [{"start": 12, "end": 16, "username": "bob"}],
                "urls": [{"url": "https://t.co/a", "expanded_url": "https://bit.ly/x",
                          "unwound_url": "https://example.com/article", "display_url": "bit.ly/x"},
                         {"url": "https://t.co/p", "expanded_url": "https://twitter.com/alice/status/100/photo/1",
                          "display_url": "pic.twitter.com/p"}]},
   "public_metrics": {"retweet_count": 3, "reply_count": 0, "like_count": 5, "quote_count": 1, "impression_count": 250}},
  {"id": "101", "author_id": "2", "created_at": "2021-04-08T19:35:00.000Z", "lang": "en",
   "text": "RT @carol: Long original text that got trunc\u2026",
   "referenced_tweets": [{"type": "retweeted", "id": "90"}],
   "entities": {"mentions": [{"start": 3, "end": 9, "username": "carol"}]},
   "public_metrics": {"retweet_count": 7, "reply_count": 0, "like_count": 0, "quote_count": 0}},
  {"id": "102", "author_id": "1", "created_at": "2021-04-08T19:36:00.000Z", "lang": "en",
   "text": "@dave look https://t.co/q https://t.co/r",
   "in_reply_to_user_id": "4",
   "referenced_tweets": [{"type": "replied_to", "id": "80"}, {"type": "quoted", "id": "81"}],
   "entities": {"urls": [{"url": "https://t.co/q", "expanded_url": "https://twitter.com/carol/status/81",
                          "display_url": "twitter.com/carol/status/81"},
                         {"url": "https://t.co/r", "expanded_url": "https://x.com/other/status/555",
                          "display_url": "x.com/other/status/555"}]},
   "public_metrics": {"retweet_count": 0, "reply_count": 2, "like_count": 1}},
  {"id": "103", "author_id": "1", "created_at": "2021-04-08T19:37:00.000Z", "lang": "en",
   "text": "@erin thanks",
   "in_reply_to_user_id": "4",
   "referenced_tweets": [{"type": "replied_to", "id": "80"}],
   "entities": {"mentions": [{"start": 0, "end": 5, "username": "erin", "id": "4"}]},
   "note_tweet": {"text": "@erin thanks, and a long note #LongTag",
                  "entities": {"hashtags": [{"start": 30, "end": 38, "tag": "LongTag"}],
                               "mentions": [{"start": 0, "end": 5, "username": "erin", "id": "4"}]}}},
  {"id": "104", "author_id": "1", "created_at": "2021-04-08T19:38:00.000Z", "lang": "en",
   "text": "RT @zed: truncated with @bob\u2026",
   "referenced_tweets": [{"type": "retweeted", "id": "70"}],
   "entities": {"mentions": [{"start": 3, "end": 7, "username": "zed", "id": "9"},
                             {"start": 24, "end": 28, "username": "bob"}]},
   "public_metrics": {"retweet_count": 12, "reply_count": 0, "like_count": 0, "quote_count": 0}},
  {"id": "105", "author_id": "1", "created_at": "2021-13-01T00:00:00.000Z", "text": "bad month"},
  {"author_id": "1", "created_at": "2021-04-08T19:39:00.000Z", "text": "no id"},
  {"id": "106", "author_id": "1", "text": "bad metric", "public_metrics": {"like_count": "many"}}
 ],
 "includes": {
  "users": [
   {"id": "1", "username": "alice", "name": "Alice A", "created_at": "2020-01-02T03:04:05.000Z",
    "description": "bio", "location": "Here", "url": "https://t.co/u",
    "entities": {"url": {"urls": [{"url": "https://t.co/u", "expanded_url": "https://alice.example"}]}},
    "public_metrics": {"followers_count": 10, "following_count": 20, "tweet_count": 30, "listed_count": 0}},
   {"id": "2", "username": "bob", "name": "Bob", "url": "", "description": ""},
   {"id": "3", "username": "carol", "name": "Carol"}
  ],
  "tweets": [
   {"id": "90", "author_id": "3", "created_at": "2021-04-01T00:00:00.000Z",
    "text": "Long original text that got truncated #Full @dave",
    "entities": {"hashtags": [{"start": 38, "end": 43, "tag": "Full"}],
                 "mentions": [{"start": 44, "end": 49, "username": "dave"}]}}
  ]
 },
 "errors": [{"detail": "User has been suspended: [gone].", "title": "Forbidden"}],
 "meta": {"result_count": 8}
})";

const char* kStream = R"({"data": {"id": "107", "author_id": "6", "created_at": "2021-04-08T19:40:00.000Z",
  "text": "streamed", "lang": "und"},
 "includes": {"users": [{"id": "3", "username": "carol", "name": "Carol again"},
                        {"id": "6", "username": "frank", "name": "Frank"}]},
 "matching_rules": [{"id": "1", "tag": "x"}]})";

const char* kFlat = R"({"id": "108", "author_id": "7", "created_at": "2021-04-08T19:41:00.000Z", "lang": "en",
 "text": "RT @carol: Long original text that got trunc\u2026",
 "author": {"id": "7", "username": "gina", "name": "Gina", "created_at": "2019-05-06T07:08:09.000Z",
            "public_metrics": {"followers_count": 0, "following_count": 1}},
 "referenced_tweets": [{"type": "retweeted", "id": "90", "author_id": "3",
    "text": "Long original text that got truncated #Full @dave",
    "entities": {"hashtags": [{"start": 38, "end": 43, "tag": "Full"}],
                 "mentions": [{"start": 44, "end": 49, "username": "dave"}]},
    "author": {"id": "3", "username": "carol", "name": "Carol"}}],
 "entities": {"mentions": [{"start": 3, "end": 9, "username": "carol", "id": "3", "name": "Carol"}]},
 "public_metrics": {"retweet_count": 7, "reply_count": 0, "like_count": 0, "quote_count": 0},
 "__twarc": {"url": "https://api.twitter.com/2/tweets/search/recent", "version": "2.0.3"}})";

std::string mixed_file() {
  return line(kPage) +                                                         // 1
         line(kStream) +                                                       // 2
         "{\"errors\": [{\"title\": \"operational-disconnect\"}]}\n" +         // 3
         "\n" +                                                                // 4 keep-alive
         "{\"data\": [{\"id\": \"1\"\n" +                                      // 5 malformed
         "[1, 2]\n" +                                                          // 6
         "{\"meta\": {\"result_count\": 0}}\n" +                               // 7 empty page
         "{\"foo\": 1}\n" +                                                    // 8
         line(kFlat) +                                                         // 9
         "{\"id\": \"5\", \"username\": \"user\", \"name\": \"a user\"}\n" +   // 10
         "{\"data\": null, \"errors\": [{\"message\": \"rate limited\"}]}\n";  // 11
}

}  // namespace

TEST_CASE("twarc2: raw page and streaming and flattened lines with rejects and non-tweet lines", "[ingest.twarc2]") {
  TempDir dir;
  dir.write("in.jsonl", mixed_file());
  FakeHost host;
  add_types(host);
  host.pipeline_dir = dir.path();
  const Json config = {{"path", "in.jsonl"}, {"campaign", "test:C1"}, {"state", "XX"}};
  const int infer_rc = host.infer<Twarc2Stage>(config);
  INFO(host.last_error());
  REQUIRE(infer_rc == 0);
  auto types = host.output_types();
  CHECK(types["posts"].name == "posts");
  CHECK(types["accounts"].name == "accounts");
  CHECK(types["rejects"].name == "rejects");
  REQUIRE(host.run<Twarc2Stage>(config) == 0);
  INFO(host.last_error());

  Batch posts = host.collected("posts");
  // The schema is exactly the posts type, in its order.
  REQUIRE(posts.schema() == types["posts"].columns);
  CHECK(chorus::sdk::testing::col(posts, "post_id") == "100|101|102|103|104|107|108");

  // 100: original; mention resolved to an id through includes.users; the
  // pic.twitter.com link is dropped; expanded_url (not unwound) is kept.
  CHECK(cell(posts, "platform", "100") == "twitter");
  CHECK(cell(posts, "source_file", "100") == dir.file("in.jsonl"));
  CHECK(cell(posts, "source_line", "100") == "1");
  CHECK(cell(posts, "author_id", "100") == "1");
  CHECK(cell(posts, "author_handle", "100") == "alice");
  CHECK(cell(posts, "author_display_name", "100") == "Alice A");
  CHECK(cell(posts, "is_hashed_author", "100") == "false");
  CHECK(cell(posts, "campaign", "100") == "test:C1");
  CHECK(cell(posts, "state", "100") == "XX");
  CHECK(cell(posts, "created_at", "100") == "1617910456000");
  CHECK(cell(posts, "time_precision", "100") == "millisecond");
  CHECK(cell(posts, "language", "100") == "en");
  CHECK(cell(posts, "interaction_type", "100") == "original");
  CHECK(cell(posts, "target_post_id", "100") == "null");
  CHECK(cell(posts, "target_author_id", "100") == "null");
  CHECK(cell(posts, "hashtags", "100") == "[Tag1]");
  CHECK(cell(posts, "hashtags_folded", "100") == "null");
  CHECK(cell(posts, "urls", "100") == "[https://bit.ly/x]");
  CHECK(cell(posts, "urls_normalized", "100") == "null");
  CHECK(cell(posts, "mentions", "100") == "[2]");
  CHECK(cell(posts, "mentions_kind", "100") == "id");
  CHECK(cell(posts, "likes", "100") == "5");
  CHECK(cell(posts, "shares", "100") == "3");
  CHECK(cell(posts, "replies", "100") == "0");
  CHECK(cell(posts, "quotes", "100") == "1");
  CHECK(cell(posts, "views", "100") == "250");

  // 101: retweet whose original is in includes.tweets: full text and
  // entities of the original; its mention has no id and dave is not in
  // includes.users -> handles. Counts as the source gives them.
  CHECK(cell(posts, "interaction_type", "101") == "share");
  CHECK(cell(posts, "target_post_id", "101") == "90");
  CHECK(cell(posts, "target_author_id", "101") == "3");
  CHECK(cell(posts, "text", "101") == "Long original text that got truncated #Full @dave");
  CHECK(cell(posts, "hashtags", "101") == "[Full]");
  CHECK(cell(posts, "mentions", "101") == "[dave]");
  CHECK(cell(posts, "mentions_kind", "101") == "handle");
  CHECK(cell(posts, "shares", "101") == "7");
  CHECK(cell(posts, "likes", "101") == "0");
  CHECK(cell(posts, "views", "101") == "null");  // no impression_count: null, not 0

  // 102: replied_to and quoted: quote wins; the quoted tweet is not in
  // includes, so no target author (in_reply_to_user_id is the reply's, not
  // the quote's). The quoted tweet's link is dropped, another status link kept.
  CHECK(cell(posts, "interaction_type", "102") == "quote");
  CHECK(cell(posts, "target_post_id", "102") == "81");
  CHECK(cell(posts, "target_author_id", "102") == "null");
  CHECK(cell(posts, "urls", "102") == "[https://x.com/other/status/555]");
  CHECK(cell(posts, "mentions", "102") == "[]");
  CHECK(cell(posts, "mentions_kind", "102") == "null");
  CHECK(cell(posts, "hashtags", "102") == "[]");
  CHECK(cell(posts, "quotes", "102") == "null");  // absent from public_metrics
  CHECK(cell(posts, "replies", "102") == "2");

  // 103: reply; target author from in_reply_to_user_id; note_tweet text and entities.
  CHECK(cell(posts, "interaction_type", "103") == "reply");
  CHECK(cell(posts, "target_post_id", "103") == "80");
  CHECK(cell(posts, "target_author_id", "103") == "4");
  CHECK(cell(posts, "text", "103") == "@erin thanks, and a long note #LongTag");
  CHECK(cell(posts, "hashtags", "103") == "[LongTag]");
  CHECK(cell(posts, "mentions", "103") == "[4]");
  CHECK(cell(posts, "likes", "103") == "null");  // no public_metrics at all
  CHECK(cell(posts, "shares", "103") == "null");

  // 104: retweet whose original is unknown: the RT text; the RT @zed mention
  // is dropped (it names the retweeted author, and gives target_author_id).
  CHECK(cell(posts, "interaction_type", "104") == "share");
  CHECK(cell(posts, "text", "104") == "RT @zed: truncated with @bob\xE2\x80\xA6");
  CHECK(cell(posts, "target_post_id", "104") == "70");
  CHECK(cell(posts, "target_author_id", "104") == "9");
  CHECK(cell(posts, "mentions", "104") == "[2]");
  CHECK(cell(posts, "mentions_kind", "104") == "id");

  // 107: streaming line.
  CHECK(cell(posts, "source_line", "107") == "2");
  CHECK(cell(posts, "author_handle", "107") == "frank");
  CHECK(cell(posts, "language", "107") == "und");

  // 108: flattened retweet: merged original and author.
  CHECK(cell(posts, "source_line", "108") == "9");
  CHECK(cell(posts, "author_handle", "108") == "gina");
  CHECK(cell(posts, "interaction_type", "108") == "share");
  CHECK(cell(posts, "target_author_id", "108") == "3");
  CHECK(cell(posts, "text", "108") == "Long original text that got truncated #Full @dave");
  CHECK(cell(posts, "mentions", "108") == "[dave]");

  // Rejects: tweets inside the page (line 1) and whole lines.
  Batch rej = host.collected("rejects");
  REQUIRE(rej.rows() == 7);
  CHECK(chorus::sdk::testing::col(rej, "line") == "1|1|1|5|6|8|10");
  CHECK(cell(rej, "reason", 0).find("data[5].created_at: '2021-13-01T00:00:00.000Z'") == 0);
  CHECK(cell(rej, "raw", 0).find("\"bad month\"") != std::string::npos);
  CHECK(cell(rej, "reason", 1) == "data[6].id: missing or not a string");
  CHECK(cell(rej, "reason", 2).find("data[7].public_metrics.like_count is a string") == 0);
  CHECK(cell(rej, "reason", 3).find("invalid JSON") == 0);
  CHECK(cell(rej, "raw", 3) == "{\"data\": [{\"id\": \"1\"");
  CHECK(cell(rej, "reason", 4) == "not a JSON object but an array");
  CHECK(cell(rej, "reason", 5).find("not a twarc2 line") == 0);
  CHECK(cell(rej, "reason", 6).find("no 'text'") != std::string::npos);
  CHECK(cell(rej, "file", 6) == dir.file("in.jsonl"));

  // Accounts: includes.users of both lines and the flattened users, first
  // occurrence of each id.
  Batch acc = host.collected("accounts");
  REQUIRE(acc.schema() == types["accounts"].columns);
  CHECK(chorus::sdk::testing::col(acc, "author_id") == "1|2|3|6|7");
  CHECK(chorus::sdk::testing::col(acc, "display_name") == "Alice A|Bob|Carol|Frank|Gina");
  CHECK(cell(acc, "author_handle", 0) == "alice");
  CHECK(cell(acc, "profile_url", 0) == "https://alice.example");
  CHECK(cell(acc, "profile_url", 1) == "null");  // "" is no URL
  CHECK(cell(acc, "description", 1) == "");      // an empty bio stays empty
  CHECK(cell(acc, "location", 0) == "Here");
  CHECK(cell(acc, "followers", 0) == "10");
  CHECK(cell(acc, "following", 0) == "20");
  CHECK(cell(acc, "followers", 1) == "null");
  CHECK(cell(acc, "followers", 4) == "0");
  CHECK(cell(acc, "created_at", 0) == "1577934245000");
  CHECK(cell(acc, "created_precision", 0) == "second");
  CHECK(cell(acc, "created_precision", 1) == "null");
  CHECK(cell(acc, "is_hashed", 0) == "false");
  CHECK(cell(acc, "campaign", 0) == "test:C1");
  CHECK(cell(acc, "state", 4) == "XX");
  CHECK(cell(acc, "language", 0) == "null");

  // Error line, keep-alive line, empty page and the page's API error are
  // logged, not rejected.
  CHECK(host.logged(CHORUS_LOG_INFO, "2 error line(s)"));
  CHECK(host.logged(CHORUS_LOG_WARN, "2 error line(s) without tweets"));
  CHECK(host.logged(CHORUS_LOG_INFO, "1 empty page(s)"));
  CHECK(host.logged(CHORUS_LOG_INFO, "1 blank keep-alive line(s)"));
  CHECK(host.logged(CHORUS_LOG_INFO, "1 API error object(s)"));
  CHECK(host.logged(CHORUS_LOG_INFO, "User has been suspended: [gone]."));
  CHECK(host.logged(CHORUS_LOG_WARN, "7 record(s) rejected"));
  CHECK(host.last_progress() == 7);
}

TEST_CASE("twarc2: prefer_unwound_url and no campaign", "[ingest.twarc2]") {
  TempDir dir;
  dir.write("in.jsonl", line(kPage));
  FakeHost host;
  add_types(host);
  REQUIRE(host.run<Twarc2Stage>({{"path", dir.file("in.jsonl")}, {"prefer_unwound_url", true}}) == 0);
  Batch posts = host.collected("posts");
  CHECK(cell(posts, "urls", "100") == "[https://example.com/article]");
  CHECK(cell(posts, "campaign", "100") == "null");
  CHECK(cell(posts, "state", "100") == "null");
}

TEST_CASE("twarc2: a raw page and its flattened form give the same rows", "[ingest.twarc2]") {
  // Two tweets: a retweet (original in includes) and a reply mentioning a
  // user by username only; flattened by hand as twarc2 flatten would.
  const char* raw = R"({"data": [
    {"id": "11", "author_id": "1", "created_at": "2021-04-08T19:34:16.000Z", "lang": "es",
     "text": "RT @carol: orig #H",
     "referenced_tweets": [{"type": "retweeted", "id": "10"}],
     "entities": {"mentions": [{"start": 3, "end": 9, "username": "carol"}],
                  "hashtags": [{"start": 16, "end": 18, "tag": "H"}]},
     "public_metrics": {"retweet_count": 4, "reply_count": 0, "like_count": 0, "quote_count": 0}},
    {"id": "12", "author_id": "3", "created_at": "2021-04-08T19:35:16.000Z", "lang": "en",
     "text": "@alice yes", "in_reply_to_user_id": "1",
     "referenced_tweets": [{"type": "replied_to", "id": "11"}],
     "entities": {"mentions": [{"start": 0, "end": 6, "username": "alice"}]},
     "public_metrics": {"retweet_count": 0, "reply_count": 0, "like_count": 2, "quote_count": 0}}],
   "includes": {"users": [{"id": "1", "username": "alice", "name": "Alice"},
                          {"id": "3", "username": "carol", "name": "Carol"}],
                "tweets": [{"id": "10", "author_id": "3", "text": "orig #H https://t.co/m",
                            "entities": {"hashtags": [{"start": 5, "end": 7, "tag": "H"}],
                                         "urls": [{"url": "https://t.co/m", "expanded_url": "https://twitter.com/carol/status/10/photo/1", "display_url": "pic.twitter.com/m"}]}},
                           {"id": "11", "author_id": "1", "text": "RT @carol: orig #H"}]}})";
  const char* flat1 = R"({"id": "11", "author_id": "1", "created_at": "2021-04-08T19:34:16.000Z", "lang": "es",
     "text": "RT @carol: orig #H",
     "author": {"id": "1", "username": "alice", "name": "Alice"},
     "referenced_tweets": [{"type": "retweeted", "id": "10", "author_id": "3", "text": "orig #H https://t.co/m",
        "author": {"id": "3", "username": "carol", "name": "Carol"},
        "entities": {"hashtags": [{"start": 5, "end": 7, "tag": "H"}],
                     "urls": [{"url": "https://t.co/m", "expanded_url": "https://twitter.com/carol/status/10/photo/1", "display_url": "pic.twitter.com/m"}]}}],
     "entities": {"mentions": [{"start": 3, "end": 9, "username": "carol", "id": "3", "name": "Carol"}],
                  "hashtags": [{"start": 16, "end": 18, "tag": "H"}]},
     "public_metrics": {"retweet_count": 4, "reply_count": 0, "like_count": 0, "quote_count": 0}})";
  const char* flat2 = R"({"id": "12", "author_id": "3", "created_at": "2021-04-08T19:35:16.000Z", "lang": "en",
     "text": "@alice yes", "in_reply_to_user_id": "1",
     "author": {"id": "3", "username": "carol", "name": "Carol"},
     "in_reply_to_user": {"id": "1", "username": "alice", "name": "Alice"},
     "referenced_tweets": [{"type": "replied_to", "id": "11", "author_id": "1", "text": "RT @carol: orig #H",
        "author": {"id": "1", "username": "alice", "name": "Alice"}}],
     "entities": {"mentions": [{"start": 0, "end": 6, "username": "alice", "id": "1", "name": "Alice"}]},
     "public_metrics": {"retweet_count": 0, "reply_count": 0, "like_count": 2, "quote_count": 0}})";
  TempDir dir;
  dir.write("raw.jsonl", line(raw));
  dir.write("flat.jsonl", line(flat1) + line(flat2));
  FakeHost a, b;
  add_types(a);
  add_types(b);
  REQUIRE(a.run<Twarc2Stage>({{"path", dir.file("raw.jsonl")}}) == 0);
  REQUIRE(b.run<Twarc2Stage>({{"path", dir.file("flat.jsonl")}}) == 0);
  Batch pa = a.collected("posts"), pb = b.collected("posts");
  REQUIRE(pa.rows() == 2);
  auto ra = rows_by_id(pa, {"source_file", "source_line"});
  auto rb = rows_by_id(pb, {"source_file", "source_line"});
  CHECK(ra == rb);
  CHECK(cell(pa, "text", "11") == "orig #H https://t.co/m");
  CHECK(cell(pa, "urls", "11") == "[]");
  CHECK(cell(pa, "mentions", "12") == "[1]");
  CHECK(cell(pa, "target_author_id", "12") == "1");
  CHECK(chorus::sdk::testing::col(a.collected("accounts"), "author_id") == "1|3");
  CHECK(chorus::sdk::testing::col(b.collected("accounts"), "author_id") == "1|3");
}

TEST_CASE("twarc2: gzip files through a glob with small batches and fingerprint", "[ingest.twarc2]") {
  TempDir dir;
  dir.write("a.jsonl", line(kStream));
  {
    const std::string text = line(kFlat) + line(kStream);
    gzFile gz = gzopen(dir.file("b.jsonl.gz").c_str(), "wb");
    REQUIRE(gz);
    gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
    gzclose(gz);
  }
  FakeHost host;
  add_types(host);
  host.pipeline_dir = dir.path();
  const Json config = {{"path", "*.jsonl*"}, {"batch_rows", 1}};
  REQUIRE(host.run<Twarc2Stage>(config) == 0);
  INFO(host.last_error());
  CHECK(host.outputs["posts"].size() == 3);  // one row per batch
  Batch posts = host.collected("posts");
  CHECK(chorus::sdk::testing::col(posts, "post_id") == "107|108|107");
  CHECK(chorus::sdk::testing::col(posts, "source_line") == "1|1|2");
  CHECK(cell(posts, "source_file", 1) == dir.file("b.jsonl.gz"));
  // Accounts deduplicated across files: carol, frank (a), gina (b).
  CHECK(chorus::sdk::testing::col(host.collected("accounts"), "author_id") == "3|6|7");
  CHECK(host.outputs["accounts"].size() == 3);
  CHECK(host.last_progress() == 3);

  REQUIRE(host.fingerprint<Twarc2Stage>(config) == 0);
  CHECK(host.input_files == std::vector<std::string>{dir.file("a.jsonl"), dir.file("b.jsonl.gz")});
}

TEST_CASE("twarc2: config errors", "[ingest.twarc2]") {
  TempDir dir;
  FakeHost host;
  add_types(host);
  CHECK(host.run<Twarc2Stage>({{"path", dir.file("none.jsonl")}}) != 0);
  CHECK(host.last_error().find("cannot open") != std::string::npos);
  CHECK(host.run<Twarc2Stage>(Json::object()) != 0);
  CHECK(host.last_error().rfind("with.path: is required", 0) == 0);
  dir.write("x.jsonl", "\n");
  CHECK(host.run<Twarc2Stage>({{"path", dir.file("x.jsonl")}, {"batch_rows", 0}}) != 0);
  CHECK(host.last_error() == "with.batch_rows: expected a number >= 1, got 0");
  CHECK(host.run<Twarc2Stage>({{"path", dir.file("x.jsonl")}, {"campaign", 3}}) != 0);
  CHECK(host.last_error() == "with.campaign: expected a string, got 3");
  CHECK(host.run<Twarc2Stage>({{"path", dir.file("x.jsonl")}, {"campaign", nullptr}, {"state", nullptr}}) == 0);
  FakeHost bare;  // a host that does not know the posts type
  CHECK(bare.run<Twarc2Stage>({{"path", dir.file("x.jsonl")}}) != 0);
  CHECK(bare.last_error().find("'posts'") != std::string::npos);
}

TEST_CASE("twarc2: a bad option gives one error naming its key", "[ingest.twarc2]") {
  FakeHost host;
  add_types(host);
  CHECK(host.infer<Twarc2Stage>({{"path", "x.jsonl"}, {"prefer_unwound_url", "yes"}}) != 0);
  REQUIRE(host.errors.size() == 1);
  CHECK(host.errors[0] == "with.prefer_unwound_url: expected true or false, got \"yes\"");
  CHECK(host.infer<Twarc2Stage>({{"path", "x.jsonl"}, {"batch_row", 5}}) != 0);
  REQUIRE(host.errors.size() == 1);
  CHECK(host.errors[0].find("with: unknown option 'batch_row'") == 0);
}

TEST_CASE("twarc2: the option table's defaults are what the stage runs with", "[ingest.twarc2]") {
  // Only `path`: expanded_url before unwound_url (prefer_unwound_url false),
  // no campaign or state, and every row in one batch (batch_rows 65536).
  TempDir dir;
  std::string text;
  for (int i = 0; i < 300; ++i) text += line(kStream);
  text += line(kPage);
  dir.write("in.jsonl", text);
  FakeHost host;
  add_types(host);
  REQUIRE(host.run<Twarc2Stage>({{"path", dir.file("in.jsonl")}}) == 0);
  REQUIRE(host.outputs["posts"].size() == 1);
  Batch posts = host.collected("posts");
  CHECK(posts.rows() == 305);
  CHECK(cell(posts, "urls", "100") == "[https://bit.ly/x]");
  CHECK(cell(posts, "campaign", "100") == "null");
  CHECK(cell(posts, "state", "100") == "null");
  const Json schema = Twarc2Stage::options().schema();
  CHECK(schema["properties"]["batch_rows"]["default"] == 65536);
  CHECK(schema["properties"]["prefer_unwound_url"]["default"] == false);
}

TEST_CASE("twarc2: cancellation", "[ingest.twarc2]") {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 200; ++i) text += line(kStream);
  dir.write("in.jsonl", text);
  FakeHost host;
  add_types(host);
  host.cancel = true;
  CHECK(host.run<Twarc2Stage>({{"path", dir.file("in.jsonl")}}) != 0);
  CHECK(host.last_error() == "cancelled");
}

// --- the twarc-csv sample files (../shared/data/twarc2) ---------------------------------

namespace {

// The first of the sample files that is missing, as a reason to skip ("" if all are there).
std::string missing(std::initializer_list<const char*> names) {
  for (const char* name : names)
    if (!std::filesystem::exists(kShared + name))
      return kShared + name + " not found (twarc-csv samples beside the repo)";
  return "";
}

struct Result {
  Batch posts, accounts, rejects;
};
Result ingest(const std::string& path) {
  FakeHost host;
  add_types(host);
  REQUIRE(host.run<Twarc2Stage>({{"path", path}}) == 0);
  return {host.collected("posts"), host.collected("accounts"), host.collected("rejects")};
}

std::map<std::string, int> count(const Batch& b, const char* column) {
  std::map<std::string, int> out;
  for (int64_t r = 0; r < b.rows(); ++r) ++out[cell_text(b.column(column), r)];
  return out;
}

}  // namespace

TEST_CASE("twarc2 shared: flat.jsonl and noflat.jsonl give identical posts rows", "[ingest.twarc2][shared]") {
  if (auto why = missing({"flat.jsonl", "noflat.jsonl"}); !why.empty()) CHORUS_SKIP(why);
  Result flat = ingest(kShared + "flat.jsonl");
  Result raw = ingest(kShared + "noflat.jsonl");
  REQUIRE(flat.posts.rows() == 100);
  REQUIRE(raw.posts.rows() == 100);
  CHECK(flat.rejects.rows() == 0);
  CHECK(raw.rejects.rows() == 0);
  // Every column of every row, by post_id; the provenance columns
  // (source_file, source_line) necessarily differ: 100 lines vs one page.
  auto a = rows_by_id(flat.posts, {"source_file", "source_line"});
  auto b = rows_by_id(raw.posts, {"source_file", "source_line"});
  REQUIRE(a.size() == 100);
  for (const auto& [id, row] : a) {
    INFO("post " << id);
    CHECK(row == b[id]);
  }
  CHECK(chorus::sdk::testing::col(flat.posts, "source_line").substr(0, 6) == "1|2|3|");
  CHECK(count(raw.posts, "source_line") == std::map<std::string, int>{{"1", 100}});

  // referenced_tweets: 47 retweeted, 31 replied_to, 8 quoted (one each).
  auto kinds = count(raw.posts, "interaction_type");
  CHECK(kinds["share"] == 47);
  CHECK(kinds["reply"] == 31);
  CHECK(kinds["quote"] == 8);
  CHECK(kinds["original"] == 14);
  // Every target has its author (all referenced tweets are in includes).
  CHECK(count(raw.posts, "target_author_id")["null"] == 14);

  // The retweet pitfall: the RT row carries the original's retweet count.
  CHECK(cell(raw.posts, "shares", "1380242611781386245") == "410");
  CHECK(cell(raw.posts, "likes", "1380242611781386245") == "0");
  CHECK(cell(raw.posts, "target_author_id", "1380242611781386245") == "2718660392");
  CHECK(cell(raw.posts, "views", "1380242611781386245") == "null");
  CHECK(cell(raw.posts, "text", "1380242611781386245").rfind("De manera simult\xC3\xA1nea", 0) == 0);
  CHECK(cell(raw.posts, "created_at", "1380242611781386245") == "1617910456000");

  // Accounts: the 178 users of includes.users, and the same users inlined by flatten.
  REQUIRE(raw.accounts.rows() == 178);
  REQUIRE(flat.accounts.rows() == 178);
  std::map<std::string, std::string> ua, ub;
  for (auto* m : {&ua, &ub}) {
    const Batch& acc = m == &ua ? raw.accounts : flat.accounts;
    for (int64_t r = 0; r < acc.rows(); ++r) {
      std::string s;
      for (size_t c = 0; c < acc.num_columns(); ++c)
        if (acc.schema()[c].name != "source_file") s += cell_text(acc.column(c), r) + "|";
      (*m)[std::string(acc.column("author_id").str(r))] = s;
    }
  }
  CHECK(ua == ub);
}

TEST_CASE("twarc2 shared: two_tweets.jsonl (a retweet and its original in includes)", "[ingest.twarc2][shared]") {
  if (auto why = missing({"two_tweets.jsonl"}); !why.empty()) CHORUS_SKIP(why);
  Result r = ingest(kShared + "two_tweets.jsonl");
  REQUIRE(r.posts.rows() == 1);  // the collected tweet; the original is a target, not a row
  CHECK(cell(r.posts, "post_id", 0) == "1394735776701816833");
  CHECK(cell(r.posts, "interaction_type", 0) == "share");
  CHECK(cell(r.posts, "target_post_id", 0) == "1391677057810288641");
  CHECK(cell(r.posts, "target_author_id", 0) == "1380086327023169540");
  CHECK(cell(r.posts, "text", 0) == "#POIUYTREWQ");
  CHECK(cell(r.posts, "hashtags", 0) == "[POIUYTREWQ]");
  CHECK(cell(r.posts, "mentions", 0) == "[]");  // the RT @bibaigna96 mention is not a mention
  CHECK(cell(r.posts, "author_handle", 0) == "LachiVeronica");
  CHECK(cell(r.posts, "created_at", 0) == "1621365896000");
  CHECK(cell(r.posts, "shares", 0) == "1");
  CHECK(chorus::sdk::testing::col(r.accounts, "author_id") == "1379899464345923590|1380086327023169540");
}

TEST_CASE("twarc2 shared: mentions_tweet.jsonl (mentions carry ids)", "[ingest.twarc2][shared]") {
  if (auto why = missing({"mentions_tweet.jsonl"}); !why.empty()) CHORUS_SKIP(why);
  Result r = ingest(kShared + "mentions_tweet.jsonl");
  REQUIRE(r.posts.rows() == 1);
  CHECK(cell(r.posts, "post_id", 0) == "1589681856941002753");
  CHECK(cell(r.posts, "interaction_type", 0) == "share");
  CHECK(cell(r.posts, "target_post_id", 0) == "1589671906718134272");
  CHECK(cell(r.posts, "target_author_id", 0) == "1221317221714157569");
  CHECK(cell(r.posts, "text", 0).rfind("Looking for gaming mutuals", 0) == 0);
  // The original's mentions (ids in the entities), without the RT @S3NT1N3L17 one.
  CHECK(cell(r.posts, "mentions", 0) == "[24742040,20747847,14922225,29758446,98616286,290097288,382823424,15222083]");
  CHECK(cell(r.posts, "mentions_kind", 0) == "id");
}

TEST_CASE("twarc2 shared: streaming_output_with_error.jsonl", "[ingest.twarc2][shared]") {
  if (auto why = missing({"streaming_output_with_error.jsonl"}); !why.empty()) CHORUS_SKIP(why);
  Result r = ingest(kShared + "streaming_output_with_error.jsonl");
  CHECK(r.posts.rows() == 7);
  REQUIRE(r.rejects.rows() == 1);
  CHECK(cell(r.rejects, "line", 0) == "8");
  CHECK(cell(r.rejects, "reason", 0).find("invalid JSON") == 0);
  CHECK(cell(r.rejects, "raw", 0).rfind("{\"data\": {\"author_id\": \"1021159080151404544\"", 0) == 0);
  CHECK(chorus::sdk::testing::col(r.posts, "source_line") == "1|2|3|4|5|6|7");
}

TEST_CASE("twarc2 shared: quoted_edit.jsonl and cashtags.jsonl", "[ingest.twarc2][shared]") {
  if (auto why = missing({"quoted_edit.jsonl", "cashtags.jsonl"}); !why.empty()) CHORUS_SKIP(why);
  Result q = ingest(kShared + "quoted_edit.jsonl");
  REQUIRE(q.posts.rows() == 1);
  CHECK(cell(q.posts, "interaction_type", 0) == "quote");  // quoted wins over replied_to
  CHECK(cell(q.posts, "target_post_id", 0) == "1576994746135764992");
  CHECK(cell(q.posts, "target_author_id", 0) == "337119125");
  CHECK(cell(q.posts, "urls", 0) == "[]");  // the quoted tweet's own link
  CHECK(cell(q.posts, "mentions", 0) == "[337119125]");
  CHECK(cell(q.posts, "mentions_kind", 0) == "id");
  Result c = ingest(kShared + "cashtags.jsonl");
  REQUIRE(c.posts.rows() == 1);
  CHECK(cell(c.posts, "views", 0) == "52");
  CHECK(cell(c.posts, "urls", 0) == "[http://go.trade-ideas.com/SHHb]");  // pic.twitter.com dropped
  CHECK(cell(c.posts, "hashtags", 0) == "[business,NFT,StockMarket,option]");
}

// --- the hand-written files of tests/fixtures (see its README) ---------------------------

TEST_CASE("twarc2 fixtures: a retweet and its original in includes", "[ingest.twarc2]") {
  Result r = ingest(kFixtures + "retweet_page.jsonl");
  REQUIRE(r.posts.rows() == 1);  // the collected tweet; the original is a target, not a row
  CHECK(cell(r.posts, "post_id", 0) == "2001");
  CHECK(cell(r.posts, "interaction_type", 0) == "share");
  CHECK(cell(r.posts, "target_post_id", 0) == "2000");
  CHECK(cell(r.posts, "target_author_id", 0) == "500");
  CHECK(cell(r.posts, "text", 0) == "#FixTag @mia @noor");
  CHECK(cell(r.posts, "hashtags", 0) == "[FixTag]");
  CHECK(cell(r.posts, "mentions", 0) == "[502,503]");  // the original's, with ids; no RT @orig_user
  CHECK(cell(r.posts, "mentions_kind", 0) == "id");
  CHECK(cell(r.posts, "author_handle", 0) == "re_poster");
  CHECK(cell(r.posts, "created_at", 0) == "1673258400000");
  CHECK(cell(r.posts, "shares", 0) == "3");  // the retweet's counts, as the source gives them
  CHECK(cell(r.posts, "likes", 0) == "0");
  CHECK(cell(r.posts, "views", 0) == "null");
  CHECK(r.rejects.rows() == 0);
  CHECK(chorus::sdk::testing::col(r.accounts, "author_id") == "501|500");
}

TEST_CASE("twarc2 fixtures: a reply that quotes", "[ingest.twarc2]") {
  Result q = ingest(kFixtures + "quoted_reply_page.jsonl");
  REQUIRE(q.posts.rows() == 1);
  CHECK(cell(q.posts, "interaction_type", 0) == "quote");  // quoted wins over replied_to
  CHECK(cell(q.posts, "target_post_id", 0) == "3001");
  CHECK(cell(q.posts, "target_author_id", 0) == "600");
  CHECK(cell(q.posts, "urls", 0) == "[]");  // the quoted tweet's own link
  CHECK(cell(q.posts, "mentions", 0) == "[600]");
  CHECK(cell(q.posts, "mentions_kind", 0) == "id");
  CHECK(cell(q.posts, "views", 0) == "7");
}

TEST_CASE("twarc2 fixtures: cashtags, a photo link and impressions", "[ingest.twarc2]") {
  Result c = ingest(kFixtures + "cashtags_page.jsonl");
  REQUIRE(c.posts.rows() == 1);
  CHECK(cell(c.posts, "views", 0) == "52");
  CHECK(cell(c.posts, "likes", 0) == "2");
  CHECK(cell(c.posts, "urls", 0) == "[http://markets.example.org/acme]");  // pic.twitter.com dropped
  CHECK(cell(c.posts, "hashtags", 0) == "[markets,Options]");              // $ACME is no hashtag
}

TEST_CASE("twarc2 fixtures: a stream cut off in the middle of a line", "[ingest.twarc2]") {
  Result r = ingest(kFixtures + "stream_cut.jsonl");
  CHECK(r.posts.rows() == 3);
  CHECK(chorus::sdk::testing::col(r.posts, "source_line") == "1|2|3");
  REQUIRE(r.rejects.rows() == 1);
  CHECK(cell(r.rejects, "line", 0) == "4");
  CHECK(cell(r.rejects, "reason", 0).find("invalid JSON") == 0);
  CHECK(cell(r.rejects, "raw", 0).rfind("{\"data\": {\"author_id\": \"801\"", 0) == 0);
  CHECK(chorus::sdk::testing::col(r.accounts, "author_id") == "801");
}
