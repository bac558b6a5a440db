// ingest/table driven end to end through the SDK's fake host.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <zlib.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "ingest/table/table_ingest.hpp"

using chorus::Batch;
using chorus::sdk::Json;
using chorus::sdk::testing::col;
using chorus::sdk::testing::FakeHost;
using chorus::sdk::testing::read_file;
using chorus::sdk::testing::TempDir;
using chorus::ingest::table::TableIngest;

namespace {

const std::string kRoot = CHORUS_TEST_SOURCE_DIR;

void with_types(FakeHost& host) {
  host.dataset_types["posts"] = read_file(kRoot + "/schemas/datasets/posts.json");
  REQUIRE(!host.dataset_types["posts"].empty());
}

void write_gz(const std::string& path, const std::string& content) {
  gzFile f = gzopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  gzwrite(f, content.data(), static_cast<unsigned>(content.size()));
  gzclose(f);
}

}  // namespace

TEST_CASE("ingest/table: list cells in every encoding", "[ingest.table]") {
  using chorus::ingest::table::parse_list_text;
  std::vector<std::string> v;
  parse_list_text(R"(["a", "b\"c", "\u00e9"])", "", v);
  CHECK(v == std::vector<std::string>{"a", "b\"c", "\xC3\xA9"});
  parse_list_text("['tag1', 'tag2']", "", v);
  CHECK(v == std::vector<std::string>{"tag1", "tag2"});
  parse_list_text(R"(['it\'s', "x, y"])", "", v);
  CHECK(v == std::vector<std::string>{"it's", "x, y"});
  parse_list_text("[tag1, tag2]", "", v);  // Oct-2018 TMRC: bare items
  CHECK(v == std::vector<std::string>{"tag1", "tag2"});
  parse_list_text("[]", "", v);
  CHECK(v.empty());
  parse_list_text("  ", " ", v);
  CHECK(v.empty());
  parse_list_text("http://a.example/x  http://b.example/y ", " ", v);
  CHECK(v == std::vector<std::string>{"http://a.example/x", "http://b.example/y"});
  parse_list_text("a|b||c", "|", v);
  CHECK(v == std::vector<std::string>{"a", "b", "c"});
  parse_list_text("one item, with comma", "", v);
  CHECK(v == std::vector<std::string>{"one item, with comma"});
  parse_list_text("[1, 2]", "", v);  // JSON numbers become their text
  CHECK(v == std::vector<std::string>{"1", "2"});
}

TEST_CASE("ingest/table: epoch and decimal times", "[ingest.table]") {
  using chorus::ingest::table::parse_epoch_millis;
  using chorus::ingest::table::parse_epoch_seconds;
  int64_t ms = 0;
  bool frac = false;
  REQUIRE(parse_epoch_seconds("1623881091", ms, frac));
  CHECK(ms == 1623881091000);
  CHECK_FALSE(frac);
  REQUIRE(parse_epoch_seconds("1606451170.518101", ms, frac));
  CHECK(ms == 1606451170518);
  CHECK(frac);
  REQUIRE(parse_epoch_seconds("59.0", ms, frac));
  CHECK(ms == 59000);
  CHECK_FALSE(frac);
  REQUIRE(parse_epoch_seconds("-1.5009", ms, frac));
  CHECK(ms == -1501);  // toward the past
  REQUIRE(parse_epoch_seconds("1.6e9", ms, frac));
  CHECK(ms == 1600000000000);
  CHECK_FALSE(parse_epoch_seconds("12:00", ms, frac));
  CHECK_FALSE(parse_epoch_seconds("", ms, frac));
  CHECK_FALSE(parse_epoch_seconds(".", ms, frac));
  REQUIRE(parse_epoch_millis("1614830767123", ms));
  CHECK(ms == 1614830767123);
  REQUIRE(parse_epoch_millis("1614830767123.9", ms));
  CHECK(ms == 1614830767123);
  // Before the epoch a fraction floors toward the past.
  REQUIRE(parse_epoch_millis("-1.5", ms));
  CHECK(ms == -2);
  REQUIRE(parse_epoch_millis("-2", ms));
  CHECK(ms == -2);
  // Fuzz regression: the most negative value used to negate INT64_MIN (UB).
  REQUIRE(parse_epoch_millis("-9223372036854775.8071", ms));
  CHECK(ms == -9223372036854776);
}

TEST_CASE("ingest/table: a custom CSV mapping with rules, lists, counts and rejects", "[ingest.table]") {
  TempDir dir;
  dir.write("in/posts.csv",
            "id,user,name,when,body,rt_of,rt_user,reply_to,tags,links,likes,lang\n"    // 1
            "p1,u1,Ann,2021-03-04T05:06:07Z,hello,,,,a|B,,0,en\n"                      // 2
            "p2,u2,Bob,2021-03-04 05:06,\"RT multi\nline\",p1,u1,,,http://x.example/a,,und\n"  // 3-4
            "p3,u1,Ann,2021-03-04,re,,,p2,\"['x', 'y']\",,3.0,en\n"                    // 5
            ",u3,Cy,2021-03-04,no id,,,,,,,en\n"                                       // 6
            "p5,u3,Cy,yesterday,bad time,,,,,,,en\n"                                   // 7
            "p6,u3,Cy,2021-03-04,bad count,,,,,,many,en\n"                             // 8
            "p7,u3,Cy\n"                                                               // 9
            "p8,u4,Di,2021-03-04T05:06:07.250+01:00,both,p1,,p2,#Tag,,12,en\n");       // 10
  FakeHost host;
  with_types(host);
  host.pipeline_dir = dir.path();
  Json cfg = {{"path", "in/*.csv"},
              {"platform", "forum"},
              {"campaign", "test:camp"},
              {"state", "XX"},
              {"list_separator", "|"},
              {"mapping",
               {{"post_id", "id"}, {"author_id", "user"}, {"author_display_name", "name"},
                {"created_at", "when"}, {"text", "body"}, {"hashtags", "tags"}, {"urls", "links"},
                {"likes", "likes"}, {"language", "lang"}}},
              {"interaction",
               Json::array({{{"column", "rt_of"}, {"type", "share"}, {"target_post_id", "rt_of"},
                             {"target_author_id", "rt_user"}},
                            {{"column", "reply_to"}, {"type", "reply"}, {"target_post_id", "reply_to"}}})}};
  REQUIRE(host.run<TableIngest>(cfg) == 0);
  INFO(host.last_error());
  const Batch posts = host.collected("posts");
  REQUIRE(posts.num_columns() == 28);
  CHECK(col(posts, "post_id") == "p1|p2|p3|p8");
  CHECK(col(posts, "source_line") == "2|3|5|10");
  CHECK(col(posts, "platform") == "forum|forum|forum|forum");
  CHECK(col(posts, "campaign") == "test:camp|test:camp|test:camp|test:camp");
  CHECK(col(posts, "state") == "XX|XX|XX|XX");
  CHECK(col(posts, "interaction_type") == "original|share|reply|share");  // first rule wins for p8
  CHECK(col(posts, "target_post_id") == "null|p1|p2|p1");
  CHECK(col(posts, "target_author_id") == "null|u1|null|null");
  CHECK(col(posts, "created_at") == "1614834367000|1614834360000|1614816000000|1614830767250");
  CHECK(col(posts, "time_precision") == "second|minute|day|millisecond");
  CHECK(col(posts, "text") == "hello|RT multi\nline|re|both");
  CHECK(col(posts, "hashtags") == "[a,B]|[]|[x,y]|[Tag]");
  CHECK(col(posts, "urls") == "[]|[http://x.example/a]|[]|[]");
  CHECK(col(posts, "likes") == "0|null|3|12");  // 0 is not null
  CHECK(col(posts, "shares") == "null|null|null|null");
  CHECK(col(posts, "hashtags_folded") == "null|null|null|null");
  CHECK(col(posts, "urls_normalized") == "null|null|null|null");
  CHECK(col(posts, "mentions_kind") == "null|null|null|null");
  CHECK(col(posts, "author_handle") == "null|null|null|null");
  const std::string f = dir.file("in/posts.csv");
  CHECK(col(posts, "source_file") == f + "|" + f + "|" + f + "|" + f);

  const Batch rej = host.collected("rejects");
  CHECK(col(rej, "line") == "6|7|8|9");
  CHECK(col(rej, "reason") ==
        "post_id (source 'id'): empty|"
        "created_at (source 'when'): cannot read 'yesterday' as an ISO 8601 timestamp|"
        "likes (source 'likes'): cannot read 'many' as a count|"
        "expected 12 fields, got 3");
  CHECK(col(rej, "raw") ==
        ",u3,Cy,2021-03-04,no id,,,,,,,en|p5,u3,Cy,yesterday,bad time,,,,,,,en|"
        "p6,u3,Cy,2021-03-04,bad count,,,,,,many,en|p7,u3,Cy");
  CHECK(host.logged(CHORUS_LOG_WARN, "4 record(s) rejected"));

  REQUIRE(host.fingerprint<TableIngest>(cfg) == 0);
  CHECK(host.input_files == std::vector<std::string>{dir.file("in/posts.csv")});
}

TEST_CASE("ingest/table: JSONL with keys, pointers, arrays and epoch millis", "[ingest.table]") {
  TempDir dir;
  write_gz(dir.file("posts.ndjson.gz"),
           "{\"id\": 1234567890123456789, \"user\": {\"id\": \"u1\", \"name\": \"@Ann\"}, "
           "\"ts\": 1614830767123, \"kind\": \"Quote\", \"target\": \"p0\", \"tags\": [\"A\", \"#b\"], "
           "\"at\": [\"@x\", \"y\"], \"views\": 10}\n"
           "\n"
           "{\"id\": \"p2\", \"ts\": 1614830767000.5, \"kind\": null, \"tags\": \"['c']\", \"views\": null}\n"
           "{\"id\": \"p3\", \"kind\": \"retweet\"}\n"
           "not json\n"
           "[1]\n"
           "{\"id\": \"p6\", \"ts\": \"soon\"}\n");
  FakeHost host;
  with_types(host);
  Json cfg = {{"path", dir.file("posts.ndjson.gz")},
              {"platform", "x"},
              {"time_format", "epoch_millis"},
              {"mentions_kind", "handle"},
              {"mapping",
               {{"post_id", "id"}, {"author_id", "/user/id"}, {"author_handle", "/user/name"},
                {"created_at", "ts"}, {"interaction_type", "kind"}, {"target_post_id", "target"},
                {"hashtags", "tags"}, {"mentions", "at"}, {"views", "views"}}}};
  REQUIRE(host.run<TableIngest>(cfg) == 0);
  const Batch posts = host.collected("posts");
  CHECK(col(posts, "post_id") == "1234567890123456789|p2");
  CHECK(col(posts, "source_line") == "1|3");
  CHECK(col(posts, "author_id") == "u1|null");
  CHECK(col(posts, "author_handle") == "@Ann|null");  // handles are taken as given
  CHECK(col(posts, "created_at") == "1614830767123|1614830767000");
  CHECK(col(posts, "time_precision") == "millisecond|millisecond");
  CHECK(col(posts, "interaction_type") == "quote|original");
  CHECK(col(posts, "target_post_id") == "p0|null");
  CHECK(col(posts, "hashtags") == "[A,b]|[c]");
  CHECK(col(posts, "mentions") == "[x,y]|null");
  CHECK(col(posts, "mentions_kind") == "handle|null");
  CHECK(col(posts, "views") == "10|null");
  const Batch rej = host.collected("rejects");
  CHECK(col(rej, "line") == "4|5|6|7");
  const std::string reasons = col(rej, "reason");
  CHECK(reasons.find("interaction_type (source 'kind'): 'retweet' is not one of original") == 0);
  CHECK(reasons.find("|invalid JSON: ") != std::string::npos);
  CHECK(reasons.find("|not a JSON object|") != std::string::npos);
  CHECK(reasons.find("created_at (source 'ts'): cannot read 'soon' as epoch milliseconds") != std::string::npos);
}

TEST_CASE("ingest/table: coortweet preset on a hand-made file", "[ingest.table]") {
  TempDir dir;
  write_gz(dir.file("coord.csv.gz"),
           "object_id,account_id,content_id,timestamp_share\n"
           "o1,a1,c1,1623881091\n"
           "o1,a2,c2,1623881100\n"
           "o2,a1,c3,\n"
           "o3,a3,,1623881200\n");
  FakeHost host;
  with_types(host);
  REQUIRE(host.run<TableIngest>({{"path", dir.file("coord.csv.gz")}, {"preset", "coortweet"}}) == 0);
  const Batch posts = host.collected("posts");
  CHECK(col(posts, "post_id") == "c1|c2|c3");
  CHECK(col(posts, "author_id") == "a1|a2|a1");
  CHECK(col(posts, "interaction_type") == "share|share|share");
  CHECK(col(posts, "target_post_id") == "o1|o1|o2");
  CHECK(col(posts, "created_at") == "1623881091000|1623881100000|null");
  CHECK(col(posts, "time_precision") == "second|second|null");
  CHECK(col(posts, "platform") == "twitter|twitter|twitter");
  CHECK(col(host.collected("rejects"), "reason") == "post_id (source 'content_id'): empty");
  CHECK(col(host.collected("rejects"), "line") == "5");

  // The pipeline's values override the preset's.
  REQUIRE(host.run<TableIngest>({{"path", dir.file("coord.csv.gz")},
                                 {"preset", "coortweet"},
                                 {"platform", "facebook"},
                                 {"campaign", "c"}}) == 0);
  CHECK(col(host.collected("posts"), "platform") == "facebook|facebook|facebook");
  CHECK(col(host.collected("posts"), "campaign") == "c|c|c");
}

TEST_CASE("ingest/table: CSV text that is not valid UTF-8 is a reject naming the column", "[ingest.table]") {
  TempDir dir;
  write_gz(dir.file("coord.csv.gz"),
           "object_id,account_id,content_id,timestamp_share\n"
           "o1,a1,c1,1623881091\n"
           "o1,a\xFF,c2,1623881100\n"      // 0xFF never occurs in UTF-8
           "o\xC3,a3,c3,1623881200\n"      // a lead byte without its continuation
           "\xC3\xA9,a4,c4,1623881300\n");  // e-acute, valid
  FakeHost host;
  with_types(host);
  REQUIRE(host.run<TableIngest>({{"path", dir.file("coord.csv.gz")}, {"preset", "coortweet"}}) == 0);
  CHECK(col(host.collected("posts"), "post_id") == "c1|c4");
  CHECK(col(host.collected("posts"), "target_post_id") == "o1|\xC3\xA9");
  CHECK(col(host.collected("rejects"), "reason") ==
        "column 'account_id': not valid UTF-8|column 'object_id': not valid UTF-8");
  CHECK(col(host.collected("rejects"), "line") == "3|4");
}

TEST_CASE("ingest/table: coordination_network_toolkit preset (BOM, positions, url lists)", "[ingest.table]") {
  TempDir dir;
  dir.write("cnt.csv",
            "\xEF\xBB\xBFwhatever,names,are,ignored,here,x,y,z\n"
            "m1,u1,user1,,,hello,1606451170.518101,http://a.example/1 http://b.example/2\n"
            "m2,u2,user2,m1,,\"RT, hello\",60,\"['http://a.example/1', 'http://c.example/3']\"\n"
            "m3,u3,user3,,m1,reply,61.0,\n"
            "m4,u4,user4,m1,m2,both,62,[]\n");
  FakeHost host;
  with_types(host);
  REQUIRE(host.run<TableIngest>({{"path", dir.file("cnt.csv")}, {"preset", "coordination_network_toolkit"}}) == 0);
  const Batch posts = host.collected("posts");
  CHECK(col(posts, "post_id") == "m1|m2|m3|m4");
  CHECK(col(posts, "author_id") == "u1|u2|u3|u4");
  CHECK(col(posts, "author_handle") == "user1|user2|user3|user4");
  CHECK(col(posts, "text") == "hello|RT, hello|reply|both");
  CHECK(col(posts, "interaction_type") == "original|share|reply|share");
  CHECK(col(posts, "target_post_id") == "null|m1|m1|m1");
  CHECK(col(posts, "created_at") == "1606451170518|60000|61000|62000");
  CHECK(col(posts, "time_precision") == "millisecond|second|second|second");
  CHECK(col(posts, "urls") ==
        "[http://a.example/1,http://b.example/2]|[http://a.example/1,http://c.example/3]|[]|[]");
  CHECK(host.collected("rejects").rows() == 0);
}

TEST_CASE("ingest/table: configuration errors name the problem", "[ingest.table]") {
  TempDir dir;
  dir.write("a.csv", "id,user\n1,u\n");
  dir.write("a.jsonl", "{\"id\": 1}\n");
  dir.write("a.txt", "id\n1\n");
  FakeHost host;
  with_types(host);
  CHECK(host.run<TableIngest>({{"path", dir.file("a.csv")}, {"platform", "p"},
                               {"mapping", {{"post_id", "id"}, {"autor_id", "user"}}}}) != 0);
  CHECK(host.last_error().find("mapping.autor_id: not a mappable posts column (did you mean 'author_id'?)") !=
        std::string::npos);
  CHECK(host.run<TableIngest>({{"path", dir.file("a.csv")}, {"platform", "p"},
                               {"mapping", {{"post_id", "idd"}}}}) != 0);
  CHECK(host.last_error().find("no column 'idd' in the header (did you mean 'id'?)") != std::string::npos);
  CHECK(host.run<TableIngest>({{"path", dir.file("a.csv")}, {"mapping", {{"post_id", "id"}}}}) != 0);
  CHECK(host.last_error().find("'platform' is required") != std::string::npos);
  CHECK(host.run<TableIngest>({{"path", dir.file("a.jsonl")}, {"platform", "p"}, {"mapping", {{"post_id", 0}}}}) != 0);
  CHECK(host.last_error().find("cannot name a JSON field") != std::string::npos);
  CHECK(host.run<TableIngest>({{"path", dir.file("a.txt")}, {"platform", "p"}, {"mapping", {{"post_id", "id"}}}}) != 0);
  CHECK(host.last_error().find("set 'format'") != std::string::npos);
  REQUIRE(host.run<TableIngest>({{"path", dir.file("a.txt")}, {"format", "csv"}, {"platform", "p"},
                                 {"mapping", {{"post_id", "id"}}}}) == 0);
  CHECK(col(host.collected("posts"), "post_id") == "1");

  REQUIRE(host.infer<TableIngest>({{"path", "x.csv"}, {"preset", "coortweet"}}) == 0);
  auto types = host.output_types();
  CHECK(types["posts"].name == "posts");
  CHECK(types["posts"].columns.size() == 28);
  CHECK(types["rejects"].name == "rejects");
}

TEST_CASE("ingest/table: batches of batch_rows", "[ingest.table]") {
  TempDir dir;
  std::string csv = "object_id,account_id,content_id,timestamp_share\n";
  for (int i = 0; i < 10; ++i) csv += "o,a" + std::to_string(i) + ",c" + std::to_string(i) + ",1\n";
  dir.write("c.csv", csv);
  FakeHost host;
  with_types(host);
  REQUIRE(host.run<TableIngest>({{"path", dir.file("c.csv")}, {"preset", "coortweet"}, {"batch_rows", 4}}) == 0);
  REQUIRE(host.outputs["posts"].size() == 3);
  CHECK(host.outputs["posts"][0].rows() == 4);
  CHECK(host.outputs["posts"][2].rows() == 2);
  CHECK(host.last_progress() == 10);
}

TEST_CASE("ingest/table: CooRTweet russian_coord_tweets (shared data)", "[ingest.table][shared]") {
  const std::string path = kRoot + "/../shared/data/coortweet/russian_coord_tweets.csv.gz";
  if (!std::filesystem::exists(path)) {
    WARN("skipped: " + path + " not found");
    return;
  }
  FakeHost host;
  with_types(host);
  REQUIRE(host.run<TableIngest>({{"path", path}, {"preset", "coortweet"}}) == 0);
  int64_t rows = 0;
  std::set<std::string> accounts, objects, posts;
  int64_t min_t = INT64_MAX, max_t = INT64_MIN, not_share = 0;
  for (const auto& b : host.outputs["posts"]) {
    rows += b.rows();
    const auto& a = b.column("author_id");
    const auto& o = b.column("target_post_id");
    const auto& p = b.column("post_id");
    const auto& t = b.column("created_at");
    const auto& it = b.column("interaction_type");
    for (int64_t i = 0; i < b.rows(); ++i) {
      accounts.emplace(a.str(i));
      objects.emplace(o.str(i));
      posts.emplace(p.str(i));
      not_share += it.str(i) != "share";
      min_t = std::min(min_t, t.int64(i));
      max_t = std::max(max_t, t.int64(i));
    }
  }
  CHECK(rows == 35125);
  CHECK(not_share == 0);
  CHECK(accounts.size() == 9509);
  CHECK(objects.size() == 7285);
  CHECK(posts.size() == 35085);  // 40 contents share two objects each: same post_id twice
  CHECK(min_t == 1610870193000);
  CHECK(max_t == 1630318860000);
  CHECK(host.collected("rejects").rows() == 0);
}

TEST_CASE("ingest/table: coordination-network-toolkit files (shared data)", "[ingest.table][shared]") {
  const std::string base = kRoot + "/../shared/data/coordination_network_toolkit/";
  const std::string golden = base + "coretweet_test_input.csv", sample = base + "sample_data.csv";
  if (!std::filesystem::exists(golden) || !std::filesystem::exists(sample)) {
    WARN("skipped: " + base + " not found");
    return;
  }
  FakeHost host;
  with_types(host);
  REQUIRE(host.run<TableIngest>({{"path", golden}, {"preset", "coordination_network_toolkit"}}) == 0);
  Batch p = host.collected("posts");
  CHECK(p.rows() == 15);
  CHECK(host.collected("rejects").rows() == 0);
  CHECK(col(p, "post_id") == "0|1|2|3|4|5|6|7|8|9|10|11|12|13|14");
  CHECK(col(p, "target_post_id") ==
        "rtid0|rtid0|rtid1|rtid1|rtid2|rtid2|rtid3|rtid3|rtid4|rtid4|rtid5|rtid5|rtid6|rtid6|rtid0");
  CHECK(col(p, "created_at") == "0|59000|60000|70000|70000|131000|30000|89000|40000|41000|42000|52000|42000|300000|1000");
  CHECK(col(p, "author_id").substr(0, 15) == "uid0|uid1|uid2|");
  CHECK(col(p, "urls").substr(0, 6) == "[]|[]|");

  REQUIRE(host.run<TableIngest>({{"path", sample}, {"preset", "coordination_network_toolkit"}}) == 0);
  p = host.collected("posts");
  CHECK(p.rows() == 100);
  CHECK(host.collected("rejects").rows() == 0);
  int shares = 0, replies = 0, originals = 0;
  const auto& it = p.column("interaction_type");
  for (int64_t i = 0; i < p.rows(); ++i) {
    shares += it.str(i) == "share";
    replies += it.str(i) == "reply";
    originals += it.str(i) == "original";
  }
  CHECK(shares == 27);
  CHECK(replies == 15);
  CHECK(originals == 58);
  // Row 1: message_id 1, user 4, urls ['http://example.com/2'], timestamp 1606451170.518101.
  CHECK(std::string(p.column("post_id").str(0)) == "1");
  CHECK(p.column("created_at").int64(0) == 1606451170518);
  CHECK(std::string(p.column("time_precision").str(0)) == "millisecond");
  REQUIRE(p.column("urls").list_size(1) == 2);
  CHECK(std::string(p.column("urls").list_item(1, 1)) == "http://example.com/6");
}

TEST_CASE("ingest/table: no schema default hides a preset's value", "[ingest.table]") {
  // The host fills schema defaults into `with:` before the stage runs; a
  // default for a key a preset sets would silently override the preset.
  const Json schema = Json::parse(TableIngest::config_schema);
  for (const char* preset : {"coortweet", "coordination_network_toolkit"}) {
    const Json p = chorus::ingest::table::preset_config(preset);
    for (auto it = p.begin(); it != p.end(); ++it) {
      INFO(preset << ": " << it.key());
      REQUIRE(schema["properties"].contains(it.key()));
      CHECK_FALSE(schema["properties"][it.key()].contains("default"));
    }
  }
}
