// ingest/tmrc driven end to end through the SDK's fake host, on small
// fixtures written here (the archive itself is access-controlled).
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <zlib.h>

#include <map>
#include <string>
#include <vector>

#include "tmrc_stage.hpp"

using chorus::Batch;
using chorus::Column;
using chorus::ingest_tmrc::TmrcConfig;
using chorus::ingest_tmrc::TmrcStage;
using chorus::sdk::Json;
using chorus::sdk::testing::col;
using chorus::sdk::testing::FakeHost;
using chorus::sdk::testing::read_file;
using chorus::sdk::testing::schema_text;
using chorus::sdk::testing::TempDir;

namespace {

// The repo's dataset types, as the real host serves them.
void load_types(FakeHost& host) {
  for (const char* t : {"posts", "accounts", "rejects"}) {
    std::string text = read_file(std::string(CHORUS_TEST_SOURCE_DIR) + "/schemas/datasets/" + t + ".json");
    REQUIRE(!text.empty());
    host.dataset_types[t] = text;
  }
}

void write_gzip(const std::string& path, const std::string& content) {
  gzFile gz = gzopen(path.c_str(), "wb");
  REQUIRE(gz != nullptr);
  REQUIRE(gzwrite(gz, content.data(), static_cast<unsigned>(content.size())) == static_cast<int>(content.size()));
  REQUIRE(gzclose(gz) == Z_OK);
}

std::string csv_field(const std::string& v, bool always_quote) {
  bool quote = always_quote || v.find_first_of(",\"\n\r") != std::string::npos;
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// One CSV record with the columns of `order`, empty where `v` has no value.
std::string csv_row(const std::vector<std::string>& order, const std::map<std::string, std::string>& v,
                    bool always_quote = false) {
  std::string out;
  for (size_t i = 0; i < order.size(); ++i) {
    auto it = v.find(order[i]);
    out += (i ? "," : "") + csv_field(it == v.end() ? "" : it->second, always_quote);
  }
  return out + "\n";
}
std::string csv_header(const std::vector<std::string>& order, bool always_quote = false) {
  std::map<std::string, std::string> names;
  for (const auto& n : order) names[n] = n;
  return csv_row(order, names, always_quote);
}

// The 30 columns of a 2019+ release, shuffled: the reader must go by name.
const std::vector<std::string> kOrder2019 = {"tweet_time",
                                             "userid",
                                             "hashtags",
                                             "tweetid",
                                             "like_count",
                                             "tweet_text",
                                             "user_screen_name",
                                             "is_retweet",
                                             "retweet_tweetid",
                                             "retweet_userid",
                                             "in_reply_to_tweetid",
                                             "in_reply_to_userid",
                                             "quoted_tweet_tweetid",
                                             "user_display_name",
                                             "urls",
                                             "user_mentions",
                                             "tweet_language",
                                             "quote_count",
                                             "reply_count",
                                             "retweet_count",
                                             "follower_count",
                                             "following_count",
                                             "account_creation_date",
                                             "account_language",
                                             "user_reported_location",
                                             "user_profile_description",
                                             "user_profile_url",
                                             "tweet_client_name",
                                             "latitude",
                                             "longitude"};

// Oct 2018: in_reply_to_tweetid before in_reply_to_userid, poll_choices, all quoted.
const std::vector<std::string> kOrder2018 = {"tweetid",
                                             "userid",
                                             "user_display_name",
                                             "user_screen_name",
                                             "user_reported_location",
                                             "user_profile_description",
                                             "user_profile_url",
                                             "follower_count",
                                             "following_count",
                                             "account_creation_date",
                                             "account_language",
                                             "tweet_language",
                                             "tweet_text",
                                             "tweet_time",
                                             "tweet_client_name",
                                             "in_reply_to_tweetid",
                                             "in_reply_to_userid",
                                             "quoted_tweet_tweetid",
                                             "is_retweet",
                                             "retweet_userid",
                                             "retweet_tweetid",
                                             "latitude",
                                             "longitude",
                                             "quote_count",
                                             "reply_count",
                                             "like_count",
                                             "retweet_count",
                                             "hashtags",
                                             "urls",
                                             "user_mentions",
                                             "poll_choices"};

const std::string kHash = "Vq3kZ0f+Lr2ab9XcQm1pT7yH8uJ6sD4eW5nB0oA2gE=";
const std::string kHex = "4d2c8f1a9b0e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817065f4e";

std::map<std::string, std::string> base2019(std::map<std::string, std::string> v) {
  std::map<std::string, std::string> d = {{"userid", kHash},
                                          {"user_display_name", kHash},
                                          {"user_screen_name", kHash},
                                          {"follower_count", "120"},
                                          {"following_count", "80"},
                                          {"account_creation_date", "2019-08-01"},
                                          {"account_language", "zh-cn"},
                                          {"tweet_language", "en"},
                                          {"tweet_client_name", "Twitter Web App"},
                                          {"is_retweet", "False"},
                                          {"quote_count", "0"},
                                          {"reply_count", "0"},
                                          {"like_count", "0"},
                                          {"retweet_count", "0"},
                                          {"hashtags", "[]"},
                                          {"urls", "[]"},
                                          {"user_mentions", "[]"},
                                          {"latitude", "absent"},
                                          {"longitude", "absent"}};
  for (auto& [k, x] : v) d[k] = x;
  return d;
}

// CNHU_0621_tweets_csv_hashed_2020.csv: line numbers in the comments.
std::string tweets2019() {
  std::string s = csv_header(kOrder2019);                                 // 1
  s += csv_row(kOrder2019, base2019({{"tweetid", "1250000000000000001"},  // 2: original
                                     {"tweet_time", "2020-04-14 08:31"},
                                     {"tweet_text", "Xinjiang is beautiful #Xinjiang #Travel"},
                                     {"hashtags", "['Xinjiang', 'Travel']"},
                                     {"urls", "['https://example.com/a?x=1']"},
                                     {"quote_count", "3.0"},
                                     {"reply_count", "1.0"},
                                     {"like_count", "12.0"},
                                     {"retweet_count", "4"}}));
  s += csv_row(kOrder2019, base2019({{"tweetid", "1250000000000000002"},  // 3: retweet
                                     {"userid", "987654321"},
                                     {"user_screen_name", "cn_daily_fan"},
                                     {"user_display_name", "CN Daily Fan"},
                                     {"tweet_time", "2020-04-14 08:31"},
                                     {"tweet_text", "RT @news: headline"},
                                     {"is_retweet", "True"},
                                     {"retweet_tweetid", "1249999999999999999"},
                                     {"retweet_userid", "123456789"},
                                     {"user_mentions", "['123456789']"}}));
  s += csv_row(kOrder2019, base2019({{"tweetid", "1250000000000000003"},  // 4-6: reply
                                     {"tweet_time", "2020-04-14 09:00:05"},
                                     {"tweet_text", "Line one\nline two, with comma\nand \"quotes\""},
                                     {"in_reply_to_tweetid", "1250000000000000001"},
                                     {"in_reply_to_userid", kHash},
                                     {"hashtags", "[\"it's\", 'ok']"},
                                     {"user_mentions", "['2572896396', '11111']"},
                                     {"reply_count", ""},
                                     {"tweet_language", "und"}}));
  s += csv_row(kOrder2019, base2019({{"tweetid", "1250000000000000004"},  // 7: quote
                                     {"tweet_time", "2020-04-15 00:00"},
                                     {"tweet_text", "look at this"},
                                     {"quoted_tweet_tweetid", "1240000000000000000"}}));
  s += csv_row(kOrder2019, base2019({{"tweetid", "1250000000000000005"},  // 8: float count
                                     {"tweet_time", "2020-04-15 00:01"},
                                     {"like_count", "12.5"}}));
  s += "1250000000000000006,cut row\n";                                   // 9: malformed
  s += csv_row(kOrder2019, base2019({{"tweetid", "1250000000000000007"},  // 10: bad time
                                     {"tweet_time", "2020-02-30 10:00"}}));
  s += csv_row(kOrder2019, base2019({{"tweetid", "1250000000000000008"},  // 11: TRUE wins over reply
                                     {"tweet_time", "2020-12-31 23:59"},
                                     {"is_retweet", "TRUE"},
                                     {"retweet_tweetid", "1250000000000000001"},
                                     {"retweet_userid", kHash},
                                     {"in_reply_to_tweetid", "1"},
                                     {"in_reply_to_userid", "2"}}));
  s += csv_row(kOrder2019, base2019({{"tweetid", "1250000000000000009"},  // 12: bad list
                                     {"tweet_time", "2020-12-31 23:59"},
                                     {"hashtags", "['unterminated"}}));
  s += csv_row(kOrder2019, base2019({{"tweetid", "1250000000000000010"},  // 13: bad boolean
                                     {"tweet_time", "2020-12-31 23:59"},
                                     {"is_retweet", "yes"}}));
  s += csv_row(kOrder2019, base2019({{"tweetid", ""},  // 14: no id
                                     {"tweet_time", "2020-12-31 23:59"}}));
  return s;
}

// ira_tweets_csv_hashed.csv (Oct 2018 layout).
std::string tweets2018() {
  auto row = [](std::map<std::string, std::string> v) {
    std::map<std::string, std::string> d = {{"userid", kHex},
                                            {"user_display_name", kHex},
                                            {"user_screen_name", kHex},
                                            {"follower_count", "4000"},
                                            {"following_count", "300"},
                                            {"account_creation_date", "2014-05-06"},
                                            {"account_language", "en"},
                                            {"tweet_language", "en"},
                                            {"tweet_client_name", "TweetDeck"},
                                            {"is_retweet", "false"},
                                            {"quote_count", "0"},
                                            {"reply_count", "0"},
                                            {"like_count", "0"},
                                            {"retweet_count", "0"},
                                            {"hashtags", "[]"},
                                            {"urls", "[]"},
                                            {"user_mentions", "[]"}};
    for (auto& [k, x] : v) d[k] = x;
    return csv_row(kOrder2018, d, /*always_quote=*/true);
  };
  std::string s = csv_header(kOrder2018, true);  // 1
  s += row({{"tweetid", "800000000000000001"},
            {"tweet_time", "2017-01-20 17:05"},  // 2: reply
            {"tweet_text", "@someone #MAGA"},
            {"in_reply_to_tweetid", "900000000000000001"},
            {"in_reply_to_userid", "2572896396"},
            {"hashtags", "[MAGA, tcot]"},
            {"urls", "[http://bit.ly/x]"},
            {"user_mentions", "[2572896396]"},
            {"like_count", "5"},
            {"retweet_count", "2"}});
  s += row({{"tweetid", "800000000000000002"},
            {"tweet_time", "2016-11-08 23:59"},  // 3: retweet
            {"tweet_text", "RT @x: hi"},
            {"is_retweet", "true"},
            {"retweet_userid", "1111"},
            {"retweet_tweetid", "900000000000000002"},
            {"urls", ""},
            {"user_mentions", "[1111]"}});
  s += row({{"tweetid", "800000000000000003"},
            {"tweet_time", "2016-11-08 23:59"},  // 4: original
            {"tweet_text", "He said \"hi\""},
            {"tweet_language", "ru"},
            {"poll_choices", "yes|no"}});
  return s;
}

// CNCC_0621_tweets_csv_hashed_2021.csv.gz: a release without quote_count,
// reply_count, urls and user_mentions (a shorter header).
std::string tweets_short() {
  return "tweetid,userid,user_screen_name,tweet_language,tweet_text,tweet_time,is_retweet,"
         "retweet_userid,retweet_tweetid,in_reply_to_userid,in_reply_to_tweetid,quoted_tweet_tweetid,"
         "like_count,retweet_count,hashtags\n"
         "1366700000000000001,AbC+/=,AbC+/=,zh,你好,2021-03-02 10:15,false,,,,,,0,0,['新疆']\n";
}

// hashed_2021_12_CNHU_0621_CNHU_0621_users.csv (user_ prefix).
std::string users_prefixed() {
  return "userid,user_display_name,user_screen_name,user_reported_location,user_profile_description,"
         "user_profile_url,follower_count,following_count,account_creation_date,account_language\n" +
         kHash + "," + kHash + "," + kHash +
         ",Urumqi,\"Love my home\nXinjiang\",https://t.co/abc,4999.0,10,2019-08-01,zh-cn\n"  // 2-3
         "987654321,CN Daily Fan,cn_daily_fan,,,,,,2015-02-28,en\n"                          // 4
         "55555,Bad Date,bad_date,,,,1,1,2019/08/01,en\n"                                    // 5
         "66666,Bad Count,bad_count,,,,1.5,1,2019-08-01,en\n";                               // 6
}

// CNCC_0621_users_csv_hashed.csv (no user_ prefix, other order).
std::string users_plain() {
  return "account_language,userid,screen_name,display_name,follower_count,following_count,"
         "account_creation_date,reported_location,profile_description,profile_url\n"
         "ar,AbC+/=,AbC+/=,AbC+/=,3,4,2014-05-06 07:08:09,,,\n";
}

Json campaigns() {
  return Json::parse(R"([
    {"files": "CNHU_0621_*", "campaign": "twitter_io:CNHU_0621", "state": "CN"},
    {"files": "hashed_2021_12_CNHU_0621_*", "campaign": "twitter_io:CNHU_0621", "state": "CN"},
    {"files": "CNCC_0621_*", "campaign": "twitter_io:CNCC_0621", "state": "CN"},
    {"files": "*_2021.csv.gz", "campaign": "never:first_match_wins", "state": "XX"},
    {"files": "ira_*", "campaign": "twitter_io:IRA_2018"}
  ])");
}

struct Fixture {
  TempDir dir;
  FakeHost host;
  Fixture() {
    load_types(host);
    host.pipeline_dir = dir.path();
    dir.write("in/CNHU_0621_tweets_csv_hashed_2020.csv", tweets2019());
    dir.write("in/ira_tweets_csv_hashed.csv", tweets2018());
    write_gzip(dir.path() + "/in/CNCC_0621_tweets_csv_hashed_2021.csv.gz", tweets_short());
    dir.write("in/hashed_2021_12_CNHU_0621_CNHU_0621_users.csv", users_prefixed());
    dir.write("in/CNCC_0621_users_csv_hashed.csv", users_plain());
  }
  Json config() const {
    return {{"tweets", Json::array({"in/CNHU_0621_*.csv", "in/ira_*.csv", "in/CNCC_0621_tweets*.gz"})},
            {"users", "in/*users*.csv"},
            {"campaigns", campaigns()}};
  }
};

std::string at(const Batch& b, const std::string& name, int64_t row) {
  return chorus::sdk::testing::cell_text(b.column(name), row);
}

}  // namespace

TEST_CASE("tmrc: infer gives the posts, accounts and rejects types in schema order", "[ingest.tmrc]") {
  FakeHost host;
  load_types(host);
  REQUIRE(host.infer<TmrcStage>({{"tweets", "x.csv"}, {"campaigns", campaigns()}}) == 0);
  auto types = host.output_types();
  REQUIRE(types.size() == 3);
  CHECK(types["posts"].name == "posts");
  CHECK(types["accounts"].name == "accounts");
  CHECK(types["rejects"].name == "rejects");
  CHECK(schema_text(types["posts"].columns) ==
        "platform:utf8,source_file:utf8,source_line:int64,post_id:utf8,author_id:utf8,"
        "author_handle:utf8,author_display_name:utf8,is_hashed_author:bool,campaign:utf8,state:utf8,"
        "created_at:timestamp[ms],time_precision:utf8,text:utf8,language:utf8,interaction_type:utf8,"
        "target_post_id:utf8,target_author_id:utf8,hashtags:list<utf8>,hashtags_folded:list<utf8>,"
        "urls:list<utf8>,urls_normalized:list<utf8>,mentions:list<utf8>,mentions_kind:utf8,"
        "likes:int64,shares:int64,replies:int64,quotes:int64,views:int64");
  CHECK(schema_text(types["rejects"].columns) == "file:utf8,line:int64,reason:utf8,raw:utf8");

  // Config problems are caught at infer (validate) time.
  CHECK(host.infer<TmrcStage>({{"campaigns", campaigns()}}) != 0);
  CHECK(host.last_error() ==
        "with.tweets: give 'tweets' or 'users' (or both): glob patterns of the archive's CSV files");
  CHECK(host.infer<TmrcStage>({{"tweets", "x.csv"}}) != 0);
  CHECK(host.last_error().rfind("with.campaigns: is required (File-name pattern -> campaign label", 0) == 0);
  CHECK(host.infer<TmrcStage>(
            {{"tweets", "x.csv"}, {"campaigns", Json::parse(R"([{"files": "a/b*", "campaign": "c"}])")}}) != 0);
  CHECK(host.last_error() ==
        "with.campaigns[0].files: pattern 'a/b*' has a '/': it is matched against the file name only");
  CHECK(host.infer<TmrcStage>(
            {{"tweets", "x.csv"}, {"campaigns", Json::parse(R"([{"files": "a*", "campaing": "c"}])")}}) != 0);
  CHECK(host.last_error() == "with.campaigns[0]: unknown key 'campaing' (did you mean 'campaign'?)");
  CHECK(host.infer<TmrcStage>({{"tweets", Json::array()}, {"campaigns", campaigns()}}) != 0);
  CHECK(host.last_error() == "with.tweets: expected a list of at least 1 pattern, got []");
  CHECK(host.infer<TmrcStage>({{"users", Json::array({"a.csv", ""})}, {"campaigns", campaigns()}}) != 0);
  CHECK(host.last_error() == "with.users[1]: expected a non-empty path or glob pattern");
}

TEST_CASE("tmrc: the option table's defaults are what the stage runs with", "[ingest.tmrc]") {
  const TmrcConfig c = TmrcStage::options().parse({{"tweets", "in/*.csv"}, {"campaigns", campaigns()}});
  CHECK(c.batch_rows == 65536);
  CHECK(c.tweets == std::vector<std::string>{"in/*.csv"});
  CHECK(c.users.empty());
  REQUIRE(c.campaigns.size() == 5);
  CHECK(c.campaigns[0].state == std::optional<std::string>("CN"));
  CHECK_FALSE(c.campaigns[4].state.has_value());
  // Only the required keys: every post of the three tweets files in one batch.
  Fixture fx;
  REQUIRE(fx.host.run<TmrcStage>({{"tweets", "in/*tweets*"}, {"campaigns", campaigns()}}) == 0);
  CHECK(fx.host.outputs["posts"].size() == 1);
  CHECK(fx.host.collected("posts").rows() == 9);
  CHECK(fx.host.outputs["accounts"].empty());
}

TEST_CASE("tmrc: a bad option gives one error naming its key", "[ingest.tmrc]") {
  FakeHost host;
  load_types(host);
  REQUIRE(host.run<TmrcStage>({{"tweets", "x.csv"}, {"campaigns", campaigns()}, {"batch_rows", 0}}) != 0);
  CHECK(host.errors == std::vector<std::string>{"with.batch_rows: expected a number >= 1, got 0"});
  REQUIRE(host.infer<TmrcStage>({{"tweets", 3}, {"campaigns", campaigns()}}) != 0);
  CHECK(host.errors ==
        std::vector<std::string>{"with.tweets: expected a path or glob pattern, or a list of them, got 3"});
  REQUIRE(host.infer<TmrcStage>({{"tweet", "x.csv"}, {"campaigns", campaigns()}}) != 0);
  CHECK(host.errors == std::vector<std::string>{"with: unknown option 'tweet' (did you mean 'tweets'?)"});

  const Json schema = TmrcStage::options().schema();
  CHECK(schema["additionalProperties"] == false);
  CHECK(schema["required"] == Json::array({"campaigns"}));
  for (auto& [name, prop] : schema["properties"].items()) {
    INFO(name);
    CHECK(prop.contains("description"));
  }
  CHECK(schema["properties"]["batch_rows"]["default"] == 65536);
  CHECK(schema["properties"]["campaigns"]["minItems"] == 1);
  CHECK(schema["properties"]["tweets"]["oneOf"].size() == 2);
}

TEST_CASE("tmrc: 2019+ tweets with shuffled columns", "[ingest.tmrc]") {
  Fixture fx;
  Json config = fx.config();
  config["tweets"] = "in/CNHU_0621_*.csv";
  config.erase("users");
  REQUIRE(fx.host.run<TmrcStage>(config) == 0);
  INFO(fx.host.last_error());
  const std::string file = fx.dir.path() + "/in/CNHU_0621_tweets_csv_hashed_2020.csv";

  Batch p = fx.host.collected("posts");
  REQUIRE(p.rows() == 5);
  CHECK(col(p, "post_id") ==
        "1250000000000000001|1250000000000000002|1250000000000000003|1250000000000000004|"
        "1250000000000000008");
  CHECK(col(p, "source_line") == "2|3|4|7|11");
  CHECK(col(p, "source_file") == file + "|" + file + "|" + file + "|" + file + "|" + file);
  CHECK(col(p, "platform") == "twitter|twitter|twitter|twitter|twitter");
  CHECK(col(p, "interaction_type") == "original|share|reply|quote|share");
  CHECK(col(p, "target_post_id") ==
        "null|1249999999999999999|1250000000000000001|1240000000000000000|1250000000000000001");
  CHECK(col(p, "target_author_id") == "null|123456789|" + kHash + "|null|" + kHash);
  CHECK(col(p, "author_id") == kHash + "|987654321|" + kHash + "|" + kHash + "|" + kHash);
  CHECK(col(p, "is_hashed_author") == "true|false|true|true|true");
  CHECK(col(p, "author_handle") == kHash + "|cn_daily_fan|" + kHash + "|" + kHash + "|" + kHash);
  CHECK(col(p, "author_display_name") == kHash + "|CN Daily Fan|" + kHash + "|" + kHash + "|" + kHash);
  CHECK(col(p, "created_at") == "1586853060000|1586853060000|1586854805000|1586908800000|1609459140000");
  CHECK(col(p, "time_precision") == "minute|minute|second|minute|minute");
  CHECK(at(p, "text", 2) == "Line one\nline two, with comma\nand \"quotes\"");
  CHECK(col(p, "language") == "en|en|und|en|en");
  CHECK(col(p, "campaign") ==
        "twitter_io:CNHU_0621|twitter_io:CNHU_0621|twitter_io:CNHU_0621|twitter_io:CNHU_0621|twitter_io:CNHU_0621");
  CHECK(col(p, "state") == "CN|CN|CN|CN|CN");
  CHECK(col(p, "hashtags") == "[Xinjiang,Travel]|[]|[it's,ok]|[]|[]");
  CHECK(col(p, "urls") == "[https://example.com/a?x=1]|[]|[]|[]|[]");
  CHECK(col(p, "mentions") == "[]|[123456789]|[2572896396,11111]|[]|[]");
  CHECK(col(p, "mentions_kind") == "id|id|id|id|id");
  // Counts: floats with a zero fraction are integers; an empty count is null, not 0.
  CHECK(col(p, "likes") == "12|0|0|0|0");
  CHECK(col(p, "shares") == "4|0|0|0|0");
  CHECK(col(p, "replies") == "1|0|null|0|0");
  CHECK(col(p, "quotes") == "3|0|0|0|0");
  CHECK(col(p, "views") == "null|null|null|null|null");
  // Derived columns are left to normalize/posts.
  CHECK(col(p, "hashtags_folded") == "null|null|null|null|null");
  CHECK(col(p, "urls_normalized") == "null|null|null|null|null");

  Batch r = fx.host.collected("rejects");
  REQUIRE(r.rows() == 6);
  CHECK(col(r, "line") == "8|9|10|12|13|14");
  CHECK(at(r, "reason", 0) == "field 'like_count': '12.5' is not a whole number");
  CHECK(at(r, "reason", 1) == "expected 30 fields (as in the header), got 2");
  CHECK(at(r, "raw", 1) == "1250000000000000006,cut row");
  CHECK(at(r, "reason", 2) == "field 'tweet_time': '2020-02-30 10:00' has day 30 out of 1..29");
  CHECK(at(r, "reason", 3) == "field 'hashtags': unbalanced [ ] around list");
  CHECK(at(r, "reason", 4) == "field 'is_retweet': 'yes' is not true or false");
  CHECK(at(r, "reason", 5) == "field 'tweetid' is empty");
  CHECK(at(r, "file", 0) == file);
  CHECK(at(r, "raw", 0).find("1250000000000000005") != std::string::npos);
  CHECK(fx.host.collected("accounts").rows() == 0);
  CHECK(fx.host.last_progress() == 5);
  CHECK(fx.host.logged(CHORUS_LOG_WARN, "6 record(s) rejected"));
}

TEST_CASE("tmrc: Oct-2018 layout (swapped in_reply_to columns, poll_choices, all quoted)", "[ingest.tmrc]") {
  Fixture fx;
  Json config = fx.config();
  config["tweets"] = "in/ira_tweets_csv_hashed.csv";
  config.erase("users");
  REQUIRE(fx.host.run<TmrcStage>(config) == 0);
  INFO(fx.host.last_error());
  Batch p = fx.host.collected("posts");
  REQUIRE(p.rows() == 3);
  CHECK(col(p, "post_id") == "800000000000000001|800000000000000002|800000000000000003");
  CHECK(col(p, "interaction_type") == "reply|share|original");
  CHECK(col(p, "target_post_id") == "900000000000000001|900000000000000002|null");
  CHECK(col(p, "target_author_id") == "2572896396|1111|null");
  CHECK(col(p, "author_id") == kHex + "|" + kHex + "|" + kHex);
  CHECK(col(p, "is_hashed_author") == "true|true|true");
  CHECK(col(p, "hashtags") == "[MAGA,tcot]|[]|[]");
  CHECK(col(p, "urls") == "[http://bit.ly/x]|[]|[]");
  CHECK(col(p, "mentions") == "[2572896396]|[1111]|[]");
  CHECK(col(p, "text") == "@someone #MAGA|RT @x: hi|He said \"hi\"");
  CHECK(col(p, "created_at") == "1484931900000|1478649540000|1478649540000");
  CHECK(col(p, "time_precision") == "minute|minute|minute");
  CHECK(col(p, "likes") == "5|0|0");
  CHECK(col(p, "shares") == "2|0|0");
  CHECK(col(p, "language") == "en|en|ru");
  // The mapping entry without a state: state is null.
  CHECK(col(p, "campaign") == "twitter_io:IRA_2018|twitter_io:IRA_2018|twitter_io:IRA_2018");
  CHECK(col(p, "state") == "null|null|null");
  CHECK(fx.host.collected("rejects").rows() == 0);
}

TEST_CASE("tmrc: gzip input, missing columns give nulls, first mapping entry wins", "[ingest.tmrc]") {
  Fixture fx;
  Json config = fx.config();
  config["tweets"] = "in/CNCC_0621_tweets_csv_hashed_2021.csv.gz";
  config.erase("users");
  REQUIRE(fx.host.run<TmrcStage>(config) == 0);
  INFO(fx.host.last_error());
  Batch p = fx.host.collected("posts");
  REQUIRE(p.rows() == 1);
  CHECK(at(p, "post_id", 0) == "1366700000000000001");
  CHECK(at(p, "author_id", 0) == "AbC+/=");
  CHECK(at(p, "is_hashed_author", 0) == "true");
  CHECK(at(p, "author_display_name", 0) == "null");  // no such column
  CHECK(at(p, "text", 0) == "你好");
  CHECK(at(p, "created_at", 0) == "1614680100000");
  CHECK(at(p, "interaction_type", 0) == "original");
  CHECK(at(p, "hashtags", 0) == "[新疆]");
  CHECK(at(p, "urls", 0) == "null");      // no urls column: not given, not empty
  CHECK(at(p, "mentions", 0) == "null");  // no user_mentions column
  CHECK(at(p, "mentions_kind", 0) == "null");
  CHECK(at(p, "likes", 0) == "0");
  CHECK(at(p, "quotes", 0) == "null");
  CHECK(at(p, "replies", 0) == "null");
  // CNCC_0621_* comes before *_2021.csv.gz in the mapping.
  CHECK(at(p, "campaign", 0) == "twitter_io:CNCC_0621");
  CHECK(at(p, "state", 0) == "CN");
}

TEST_CASE("tmrc: users files fill accounts, with or without the user_ prefix", "[ingest.tmrc]") {
  Fixture fx;
  Json config = fx.config();
  config.erase("tweets");
  REQUIRE(fx.host.run<TmrcStage>(config) == 0);
  INFO(fx.host.last_error());
  CHECK(fx.host.collected("posts").rows() == 0);
  Batch a = fx.host.collected("accounts");
  // Files in name order: CNCC_0621_users... then hashed_2021_12_CNHU...
  REQUIRE(a.rows() == 3);
  const std::string cncc = fx.dir.path() + "/in/CNCC_0621_users_csv_hashed.csv";
  const std::string cnhu = fx.dir.path() + "/in/hashed_2021_12_CNHU_0621_CNHU_0621_users.csv";
  CHECK(col(a, "source_file") == cncc + "|" + cnhu + "|" + cnhu);
  CHECK(col(a, "author_id") == "AbC+/=|" + kHash + "|987654321");
  CHECK(col(a, "author_handle") == "AbC+/=|" + kHash + "|cn_daily_fan");
  CHECK(col(a, "display_name") == "AbC+/=|" + kHash + "|CN Daily Fan");
  CHECK(col(a, "is_hashed") == "true|true|false");
  CHECK(col(a, "description") == "null|Love my home\nXinjiang|null");
  CHECK(col(a, "profile_url") == "null|https://t.co/abc|null");
  CHECK(col(a, "location") == "null|Urumqi|null");
  CHECK(col(a, "followers") == "3|4999|null");
  CHECK(col(a, "following") == "4|10|null");
  CHECK(col(a, "created_at") == "1399360089000|1564617600000|1425081600000");
  CHECK(col(a, "created_precision") == "second|day|day");
  CHECK(col(a, "language") == "ar|zh-cn|en");
  CHECK(col(a, "campaign") == "twitter_io:CNCC_0621|twitter_io:CNHU_0621|twitter_io:CNHU_0621");
  CHECK(col(a, "state") == "CN|CN|CN");
  CHECK(col(a, "platform") == "twitter|twitter|twitter");

  Batch r = fx.host.collected("rejects");
  REQUIRE(r.rows() == 2);
  CHECK(col(r, "file") == cnhu + "|" + cnhu);
  CHECK(col(r, "line") == "5|6");
  CHECK(at(r, "reason", 0) == "field 'account_creation_date': '2019/08/01' is not YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS]");
  CHECK(at(r, "reason", 1) == "field 'follower_count': '1.5' is not a whole number");
  CHECK(at(r, "raw", 1) == "66666,Bad Count,bad_count,,,,1.5,1,2019-08-01,en");
}

TEST_CASE("tmrc: several globs, batches, progress, fingerprint", "[ingest.tmrc]") {
  Fixture fx;
  Json config = fx.config();
  // The same file named twice is read once.
  config["tweets"].push_back("in/ira_tweets_csv_hashed.csv");
  config["batch_rows"] = 2;
  REQUIRE(fx.host.run<TmrcStage>(config) == 0);
  INFO(fx.host.last_error());
  // 5 + 3 + 1 posts in pattern order, batches of at most 2.
  Batch p = fx.host.collected("posts");
  REQUIRE(p.rows() == 9);
  CHECK(col(p, "post_id").rfind("1250000000000000001|", 0) == 0);
  CHECK(at(p, "post_id", 5) == "800000000000000001");
  CHECK(at(p, "post_id", 8) == "1366700000000000001");
  for (const auto& b : fx.host.outputs["posts"]) CHECK(b.rows() <= 2);
  CHECK(fx.host.outputs["posts"].size() == 5);
  for (const auto& b : fx.host.outputs["accounts"]) CHECK(b.rows() <= 2);
  CHECK(fx.host.collected("accounts").rows() == 3);
  CHECK(fx.host.collected("rejects").rows() == 8);
  CHECK(fx.host.last_progress() == 12);
  CHECK(fx.host.logged(CHORUS_LOG_INFO, "9 posts from 3 tweets file(s), 3 accounts from 2 users file(s), 8 rejected"));

  REQUIRE(fx.host.fingerprint<TmrcStage>(config) == 0);
  const std::string in = fx.dir.path() + "/in/";
  CHECK(fx.host.input_files ==
        std::vector<std::string>{in + "CNHU_0621_tweets_csv_hashed_2020.csv", in + "ira_tweets_csv_hashed.csv",
                                 in + "CNCC_0621_tweets_csv_hashed_2021.csv.gz", in + "CNCC_0621_users_csv_hashed.csv",
                                 in + "hashed_2021_12_CNHU_0621_CNHU_0621_users.csv"});
}

TEST_CASE("tmrc: a file no campaign entry matches fails fingerprint and run", "[ingest.tmrc]") {
  Fixture fx;
  fx.dir.write("in/uganda_0621_tweets_csv_hashed.csv", tweets2019());
  Json config = fx.config();
  config["tweets"] = Json::array({"in/CNHU_0621_*.csv", "in/uganda_*.csv"});
  const std::string file = fx.dir.path() + "/in/uganda_0621_tweets_csv_hashed.csv";
  const std::string expected = "TMRC file '" + file +
                               "' (name 'uganda_0621_tweets_csv_hashed.csv') matches no entry of 'campaigns' "
                               "(patterns: 'CNHU_0621_*', 'hashed_2021_12_CNHU_0621_*', 'CNCC_0621_*', "
                               "'*_2021.csv.gz', 'ira_*')";
  CHECK(fx.host.fingerprint<TmrcStage>(config) != 0);
  CHECK(fx.host.last_error().rfind(expected, 0) == 0);
  CHECK(fx.host.run<TmrcStage>(config) != 0);
  CHECK(fx.host.last_error().rfind(expected, 0) == 0);
  // Nothing was emitted before the failure.
  CHECK(fx.host.outputs.empty());
}

TEST_CASE("tmrc: wrong files, missing files, BOM, cancellation", "[ingest.tmrc]") {
  Fixture fx;
  Json config = fx.config();

  SECTION("a users file listed as tweets") {
    config["tweets"] = "in/hashed_2021_12_*users.csv";
    config.erase("users");
    CHECK(fx.host.run<TmrcStage>(config) != 0);
    CHECK(fx.host.last_error().find("not a TMRC tweets file: its header has no 'tweetid' column "
                                    "(is it a users file? list it under 'users')") != std::string::npos);
  }
  SECTION("a tweets file listed as users") {
    config.erase("tweets");
    config["users"] = "in/CNHU_0621_tweets_csv_hashed_2020.csv";
    CHECK(fx.host.run<TmrcStage>(config) != 0);
    CHECK(fx.host.last_error().find("a tweets file listed under 'users'") != std::string::npos);
  }
  SECTION("a header without tweet_time") {
    fx.dir.write("in/CNHU_0621_tweets_notime.csv", "tweetid,userid\n1,2\n");
    config["tweets"] = "in/CNHU_0621_tweets_notime.csv";
    CHECK(fx.host.run<TmrcStage>(config) != 0);
    CHECK(fx.host.last_error().find("its header has no 'tweet_time' column; header: tweetid,userid") !=
          std::string::npos);
  }
  SECTION("a pattern that matches nothing") {
    config["tweets"] = "in/nothing_*.csv";
    CHECK(fx.host.run<TmrcStage>(config) != 0);
    CHECK(fx.host.last_error().find("no file matches") != std::string::npos);
  }
  SECTION("a BOM, CRLF line ends and upper-case header names") {
    fx.dir.write("in/CNHU_0621_bom.csv",
                 "\xEF\xBB\xBFTweetID,UserID,Tweet_Time,Is_Retweet\r\n7,8,2020-04-14 08:31,False\r\n");
    config["tweets"] = "in/CNHU_0621_bom.csv";
    config.erase("users");
    REQUIRE(fx.host.run<TmrcStage>(config) == 0);
    Batch p = fx.host.collected("posts");
    REQUIRE(p.rows() == 1);
    CHECK(at(p, "post_id", 0) == "7");
    CHECK(at(p, "author_id", 0) == "8");
    CHECK(at(p, "is_hashed_author", 0) == "false");
    CHECK(at(p, "text", 0) == "null");
    CHECK(at(p, "hashtags", 0) == "null");
  }
  SECTION("text that is not valid UTF-8 is a reject naming the column; the other rows stay") {
    // Line 3: a Latin-1 e-acute (0xE9) alone; line 4: a truncated 3-byte sequence in the handle.
    fx.dir.write("in/CNHU_0621_latin1.csv",
                 "tweetid,userid,user_screen_name,tweet_text,tweet_time\n"
                 "1,8,ok,caf\xC3\xA9,2020-04-14 08:31\n"
                 "2,8,ok,caf\xE9,2020-04-14 08:32\n"
                 "3,8,bad\xE2\x82,fine,2020-04-14 08:33\n"
                 "4,8,ok,\xE2\x82\xAC 5,2020-04-14 08:34\n");
    config["tweets"] = "in/CNHU_0621_latin1.csv";
    config.erase("users");
    REQUIRE(fx.host.run<TmrcStage>(config) == 0);
    Batch p = fx.host.collected("posts");
    REQUIRE(p.rows() == 2);
    CHECK(at(p, "post_id", 0) == "1");
    CHECK(at(p, "text", 0) == "caf\xC3\xA9");
    CHECK(at(p, "post_id", 1) == "4");
    Batch r = fx.host.collected("rejects");
    REQUIRE(r.rows() == 2);
    CHECK(at(r, "line", 0) == "3");
    CHECK(at(r, "reason", 0) == "column 'tweet_text': not valid UTF-8");
    CHECK(at(r, "line", 1) == "4");
    CHECK(at(r, "reason", 1) == "column 'user_screen_name': not valid UTF-8");
  }
  SECTION("cancellation stops the run") {
    config["batch_rows"] = 1;
    fx.host.cancel = true;
    CHECK(fx.host.run<TmrcStage>(config) != 0);
    CHECK(fx.host.last_error() == "cancelled");
    CHECK(chorus::sdk::testing::total_rows(fx.host.outputs["posts"]) == 1);
  }
}

TEST_CASE("tmrc: the bundled pipeline fixture reads cleanly", "[ingest.tmrc]") {
  // pipelines/data/tmrc/ is committed with the repo (synthetic).
  const std::string base = std::string(CHORUS_TEST_SOURCE_DIR) + "/pipelines";
  FakeHost host;
  load_types(host);
  host.pipeline_dir = base;
  Json config = {
      {"tweets", "data/tmrc/*_tweets_*.csv*"}, {"users", "data/tmrc/*_users*.csv"}, {"campaigns", Json::parse(R"([
        {"files": "DEMO_0621_*", "campaign": "twitter_io:DEMO_0621", "state": "XX"},
        {"files": "hashed_2021_12_DEMO_0621_*", "campaign": "twitter_io:DEMO_0621", "state": "XX"}
      ])")}};
  REQUIRE(host.run<TmrcStage>(config) == 0);
  INFO(host.last_error());
  Batch p = host.collected("posts");
  CHECK(p.rows() == 12);
  CHECK(col(p, "interaction_type") ==
        "original|share|share|reply|original|quote|share|original|share|original|reply|share");
  CHECK(host.collected("accounts").rows() == 4);
  Batch r = host.collected("rejects");
  REQUIRE(r.rows() == 1);
  CHECK(at(r, "reason", 0) == "field 'like_count': '2.5' is not a whole number");
}
