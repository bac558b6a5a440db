// ingest/table driven end to end through the SDK's fake host.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <zlib.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "support/skip.hpp"
#include "table_stage.hpp"

using chorus::Batch;
using chorus::ingest_table::TableConfig;
using chorus::ingest_table::TableStage;
using chorus::sdk::Json;
using chorus::sdk::testing::col;
using chorus::sdk::testing::FakeHost;
using chorus::sdk::testing::read_file;
using chorus::sdk::testing::TempDir;

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

TEST_CASE("ingest/table: a custom CSV mapping with rules, lists, counts and rejects", "[ingest.table]") {
  TempDir dir;
  dir.write("in/posts.csv",
            "id,user,name,when,body,rt_of,rt_user,reply_to,tags,links,likes,lang\n"            // 1
            "p1,u1,Ann,2021-03-04T05:06:07Z,hello,,,,a|B,,0,en\n"                              // 2
            "p2,u2,Bob,2021-03-04 05:06,\"RT multi\nline\",p1,u1,,,http://x.example/a,,und\n"  // 3-4
            "p3,u1,Ann,2021-03-04,re,,,p2,\"['x', 'y']\",,3.0,en\n"                            // 5
            ",u3,Cy,2021-03-04,no id,,,,,,,en\n"                                               // 6
            "p5,u3,Cy,yesterday,bad time,,,,,,,en\n"                                           // 7
            "p6,u3,Cy,2021-03-04,bad count,,,,,,many,en\n"                                     // 8
            "p7,u3,Cy\n"                                                                       // 9
            "p8,u4,Di,2021-03-04T05:06:07.250+01:00,both,p1,,p2,#Tag,,12,en\n");               // 10
  FakeHost host;
  with_types(host);
  host.pipeline_dir = dir.path();
  Json cfg = {
      {"path", "in/*.csv"},
      {"platform", "forum"},
      {"campaign", "test:camp"},
      {"state", "XX"},
      {"list_separator", "|"},
      {"mapping",
       {{"post_id", "id"},
        {"author_id", "user"},
        {"author_display_name", "name"},
        {"created_at", "when"},
        {"text", "body"},
        {"hashtags", "tags"},
        {"urls", "links"},
        {"likes", "likes"},
        {"language", "lang"}}},
      {"interaction",
       Json::array(
           {{{"column", "rt_of"}, {"type", "share"}, {"target_post_id", "rt_of"}, {"target_author_id", "rt_user"}},
            {{"column", "reply_to"}, {"type", "reply"}, {"target_post_id", "reply_to"}}})}};
  REQUIRE(host.run<TableStage>(cfg) == 0);
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

  REQUIRE(host.fingerprint<TableStage>(cfg) == 0);
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
               {{"post_id", "id"},
                {"author_id", "/user/id"},
                {"author_handle", "/user/name"},
                {"created_at", "ts"},
                {"interaction_type", "kind"},
                {"target_post_id", "target"},
                {"hashtags", "tags"},
                {"mentions", "at"},
                {"views", "views"}}}};
  REQUIRE(host.run<TableStage>(cfg) == 0);
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
  REQUIRE(host.run<TableStage>({{"path", dir.file("coord.csv.gz")}, {"preset", "coortweet"}}) == 0);
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
  REQUIRE(
      host.run<TableStage>(
          {{"path", dir.file("coord.csv.gz")}, {"preset", "coortweet"}, {"platform", "facebook"}, {"campaign", "c"}}) ==
      0);
  CHECK(col(host.collected("posts"), "platform") == "facebook|facebook|facebook");
  CHECK(col(host.collected("posts"), "campaign") == "c|c|c");
}

TEST_CASE("ingest/table: CSV text that is not valid UTF-8 is a reject naming the column", "[ingest.table]") {
  TempDir dir;
  write_gz(dir.file("coord.csv.gz"),
           "object_id,account_id,content_id,timestamp_share\n"
           "o1,a1,c1,1623881091\n"
           "o1,a\xFF,c2,1623881100\n"       // 0xFF never occurs in UTF-8
           "o\xC3,a3,c3,1623881200\n"       // a lead byte without its continuation
           "\xC3\xA9,a4,c4,1623881300\n");  // e-acute, valid
  FakeHost host;
  with_types(host);
  REQUIRE(host.run<TableStage>({{"path", dir.file("coord.csv.gz")}, {"preset", "coortweet"}}) == 0);
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
  REQUIRE(host.run<TableStage>({{"path", dir.file("cnt.csv")}, {"preset", "coordination_network_toolkit"}}) == 0);
  const Batch posts = host.collected("posts");
  CHECK(col(posts, "post_id") == "m1|m2|m3|m4");
  CHECK(col(posts, "author_id") == "u1|u2|u3|u4");
  CHECK(col(posts, "author_handle") == "user1|user2|user3|user4");
  CHECK(col(posts, "text") == "hello|RT, hello|reply|both");
  CHECK(col(posts, "interaction_type") == "original|share|reply|share");
  CHECK(col(posts, "target_post_id") == "null|m1|m1|m1");
  CHECK(col(posts, "created_at") == "1606451170518|60000|61000|62000");
  CHECK(col(posts, "time_precision") == "millisecond|second|second|second");
  CHECK(col(posts, "urls") == "[http://a.example/1,http://b.example/2]|[http://a.example/1,http://c.example/3]|[]|[]");
  CHECK(host.collected("rejects").rows() == 0);
}

TEST_CASE("ingest/table: configuration errors name the problem", "[ingest.table]") {
  TempDir dir;
  dir.write("a.csv", "id,user\n1,u\n");
  dir.write("a.jsonl", "{\"id\": 1}\n");
  dir.write("a.txt", "id\n1\n");
  FakeHost host;
  with_types(host);
  CHECK(host.run<TableStage>(
            {{"path", dir.file("a.csv")}, {"platform", "p"}, {"mapping", {{"post_id", "id"}, {"autor_id", "user"}}}}) !=
        0);
  CHECK(host.last_error() == "with.mapping.autor_id: not a mappable posts column (did you mean 'author_id'?)");
  CHECK(host.run<TableStage>({{"path", dir.file("a.csv")}, {"platform", "p"}, {"mapping", {{"post_id", "idd"}}}}) != 0);
  CHECK(host.last_error().find("no column 'idd' in the header (did you mean 'id'?)") != std::string::npos);
  CHECK(host.run<TableStage>({{"path", dir.file("a.csv")}, {"mapping", {{"post_id", "id"}}}}) != 0);
  CHECK(host.last_error() == "with.platform: is required (e.g. twitter) unless a preset gives it");
  CHECK(host.run<TableStage>({{"path", dir.file("a.jsonl")}, {"platform", "p"}, {"mapping", {{"post_id", 0}}}}) != 0);
  CHECK(host.last_error().find("cannot name a JSON field") != std::string::npos);
  CHECK(host.run<TableStage>({{"path", dir.file("a.txt")}, {"platform", "p"}, {"mapping", {{"post_id", "id"}}}}) != 0);
  CHECK(host.last_error().find("set 'format'") != std::string::npos);
  REQUIRE(host.run<TableStage>(
              {{"path", dir.file("a.txt")}, {"format", "csv"}, {"platform", "p"}, {"mapping", {{"post_id", "id"}}}}) ==
          0);
  CHECK(col(host.collected("posts"), "post_id") == "1");

  REQUIRE(host.infer<TableStage>({{"path", "x.csv"}, {"preset", "coortweet"}}) == 0);
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
  REQUIRE(host.run<TableStage>({{"path", dir.file("c.csv")}, {"preset", "coortweet"}, {"batch_rows", 4}}) == 0);
  REQUIRE(host.outputs["posts"].size() == 3);
  CHECK(host.outputs["posts"][0].rows() == 4);
  CHECK(host.outputs["posts"][2].rows() == 2);
  CHECK(host.last_progress() == 10);
}

TEST_CASE("ingest/table: CooRTweet russian_coord_tweets (shared data)", "[ingest.table][shared]") {
  const std::string path = kRoot + "/../shared/data/coortweet/russian_coord_tweets.csv.gz";
  if (!std::filesystem::exists(path)) CHORUS_SKIP(path + " not found (shared data beside the repository)");
  FakeHost host;
  with_types(host);
  REQUIRE(host.run<TableStage>({{"path", path}, {"preset", "coortweet"}}) == 0);
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
  if (!std::filesystem::exists(golden) || !std::filesystem::exists(sample))
    CHORUS_SKIP(base + " not found (shared data beside the repository)");
  FakeHost host;
  with_types(host);
  REQUIRE(host.run<TableStage>({{"path", golden}, {"preset", "coordination_network_toolkit"}}) == 0);
  Batch p = host.collected("posts");
  CHECK(p.rows() == 15);
  CHECK(host.collected("rejects").rows() == 0);
  CHECK(col(p, "post_id") == "0|1|2|3|4|5|6|7|8|9|10|11|12|13|14");
  CHECK(col(p, "target_post_id") ==
        "rtid0|rtid0|rtid1|rtid1|rtid2|rtid2|rtid3|rtid3|rtid4|rtid4|rtid5|rtid5|rtid6|rtid6|rtid0");
  CHECK(col(p, "created_at") ==
        "0|59000|60000|70000|70000|131000|30000|89000|40000|41000|42000|52000|42000|300000|1000");
  CHECK(col(p, "author_id").substr(0, 15) == "uid0|uid1|uid2|");
  CHECK(col(p, "urls").substr(0, 6) == "[]|[]|");

  REQUIRE(host.run<TableStage>({{"path", sample}, {"preset", "coordination_network_toolkit"}}) == 0);
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

TEST_CASE("ingest/table: CooRTweet layout (fixture)", "[ingest.table]") {
  const std::string path = kRoot + "/plugins/ingest/table/tests/fixtures/coortweet_sample.csv";
  FakeHost host;
  with_types(host);
  REQUIRE(host.run<TableStage>({{"path", path}, {"preset", "coortweet"}}) == 0);
  INFO(host.last_error());
  const Batch p = host.collected("posts");
  REQUIRE(p.rows() == 9);
  std::set<std::string> accounts, objects, posts;
  for (int64_t i = 0; i < p.rows(); ++i) {
    accounts.emplace(p.column("author_id").str(i));
    objects.emplace(p.column("target_post_id").str(i));
    posts.emplace(p.column("post_id").str(i));
  }
  CHECK(accounts.size() == 5);
  CHECK(objects.size() == 4);
  CHECK(posts.size() == 8);  // post_06 shares two objects: the same post_id twice
  CHECK(col(p, "interaction_type") == "share|share|share|share|share|share|share|share|share");
  CHECK(col(p, "created_at").substr(0, 13) == "1623881091000");
  CHECK(p.column("created_at").int64(8) == 1623900045000);
  CHECK(col(p, "time_precision").substr(0, 7) == "second|");
  CHECK(col(p, "platform").substr(0, 8) == "twitter|");
  CHECK(col(p, "source_line") == "2|3|4|5|6|7|8|9|10");
  CHECK(host.collected("rejects").rows() == 0);
}

TEST_CASE("ingest/table: coordination-network-toolkit layout (fixture)", "[ingest.table]") {
  const std::string path = kRoot + "/plugins/ingest/table/tests/fixtures/cnt_sample.csv";
  FakeHost host;
  with_types(host);
  REQUIRE(host.run<TableStage>({{"path", path}, {"preset", "coordination_network_toolkit"}}) == 0);
  INFO(host.last_error());
  const Batch p = host.collected("posts");
  CHECK(col(p, "post_id") == "1|2|3|4|5|6");
  CHECK(col(p, "author_id") == "4|1|7|2|4|9");
  CHECK(col(p, "author_handle") == "user_4|user_1|user_7|user_2|user_4|user_9");
  CHECK(col(p, "interaction_type") == "original|share|share|reply|original|share");  // first rule wins
  CHECK(col(p, "target_post_id") == "null|1|1|1|null|5");
  CHECK(col(p, "text") == "kiwi lantern|kiwi|lantern|a reply, with comma|plain|both set");
  CHECK(col(p, "created_at") == "1606451170518|1606451170600|1606451171000|1606451180000|1606451190000|1606451200000");
  CHECK(col(p, "time_precision") == "millisecond|millisecond|second|second|second|second");
  CHECK(col(p, "urls") ==
        "[http://example.org/a]|[http://example.org/a,http://example.org/b]|[]|"
        "[http://example.org/c,http://example.org/d]|[]|[]");
  CHECK(host.collected("rejects").rows() == 0);
}

TEST_CASE("ingest/table: the option table's defaults are what the stage runs with", "[ingest.table]") {
  const TableConfig c =
      TableStage::options().parse({{"path", "x.csv"}, {"platform", "p"}, {"mapping", {{"post_id", "id"}}}});
  CHECK(c.time_precision == "auto");
  CHECK(c.mentions_kind == "handle");
  CHECK(c.default_interaction == "original");
  CHECK(c.null_values == std::vector<std::string>{""});
  CHECK(c.batch_rows == 65536);
  // Preset-settable options stay unset: the stage applies its own defaults.
  CHECK_FALSE(c.format.has_value());
  CHECK_FALSE(c.header.has_value());
  CHECK_FALSE(c.time_format.has_value());
  CHECK_FALSE(c.list_separator.has_value());
  const auto o = chorus::ingest_table::effective_options(c);
  CHECK(o.format == chorus::ingest_table::Format::Auto);
  CHECK(o.header);
  CHECK(o.time_format == chorus::ingest_table::TimeFormat::Iso8601);

  // Only the required keys: a header line, ISO times with their own
  // precision, the default interaction, one batch.
  TempDir dir;
  dir.write("t.csv", "id,when,tags\np1,2021-03-04,a b\np2,2021-03-04 05:06,\n");
  FakeHost host;
  with_types(host);
  REQUIRE(host.run<TableStage>(
              {{"path", dir.file("t.csv")},
               {"platform", "forum"},
               {"mapping", {{"post_id", "id"}, {"created_at", "when"}, {"hashtags", "tags"}, {"mentions", "tags"}}}}) ==
          0);
  INFO(host.last_error());
  REQUIRE(host.outputs["posts"].size() == 1);
  const Batch p = host.collected("posts");
  CHECK(col(p, "post_id") == "p1|p2");
  CHECK(col(p, "time_precision") == "day|minute");
  CHECK(col(p, "interaction_type") == "original|original");
  CHECK(col(p, "hashtags") == "[a b]|[]");  // no list_separator: one item
  CHECK(col(p, "mentions_kind") == "handle|handle");
}

TEST_CASE("ingest/table: a bad option gives one error naming its key", "[ingest.table]") {
  FakeHost host;
  with_types(host);
  const Json base = {{"path", "x.csv"}, {"platform", "p"}, {"mapping", {{"post_id", "id"}}}};
  Json bad = base;
  bad["time_precision"] = "hour";
  REQUIRE(host.infer<TableStage>(bad) != 0);
  CHECK(host.errors == std::vector<std::string>{
                           "with.time_precision: unknown value \"hour\" (expected auto, millisecond, second, minute "
                           "or day)"});
  bad = base;
  bad["batch_rows"] = 0;
  REQUIRE(host.run<TableStage>(bad) != 0);
  CHECK(host.errors == std::vector<std::string>{"with.batch_rows: expected a number >= 1, got 0"});
  bad = base;
  bad["header"] = "no";
  REQUIRE(host.infer<TableStage>(bad) != 0);
  CHECK(host.errors == std::vector<std::string>{"with.header: expected true or false, got \"no\""});
  bad = base;
  bad["delimiter"] = "\"";
  REQUIRE(host.infer<TableStage>(bad) != 0);
  CHECK(host.errors == std::vector<std::string>{"with.delimiter: must be one byte, not a quote or a line break"});
  bad = base;
  bad["interaction"] = Json::parse(R"([{"type": "share", "equals": "x"}])");
  REQUIRE(host.infer<TableStage>(bad) != 0);
  CHECK(host.errors == std::vector<std::string>{"with.interaction[0].equals: needs a column"});
  bad = base;
  bad["mapping"] = {{"author_id", "user"}};
  REQUIRE(host.infer<TableStage>(bad) != 0);
  CHECK(host.errors == std::vector<std::string>{"with.mapping.post_id: is required (here or from the preset)"});
  bad = base;
  bad["mapping"] = {{"post_id", -1}};
  REQUIRE(host.infer<TableStage>(bad) != 0);
  CHECK(host.errors == std::vector<std::string>{"with.mapping.post_id: a position must be >= 0"});
}

TEST_CASE("ingest/table: no schema default hides a preset's value", "[ingest.table]") {
  // The host fills schema defaults into `with:` before the stage runs; a
  // default for a key a preset sets would silently override the preset.
  using chorus::ingest_table::Preset;
  const Json schema = TableStage::options().schema();
  for (Preset preset : {Preset::Coortweet, Preset::CoordinationNetworkToolkit}) {
    const Json p = chorus::ingest_table::preset_config(preset);
    for (auto it = p.begin(); it != p.end(); ++it) {
      INFO(p.dump() << ": " << it.key());
      REQUIRE(schema["properties"].contains(it.key()));
      CHECK_FALSE(schema["properties"][it.key()].contains("default"));
    }
  }
  CHECK(schema["additionalProperties"] == false);
  CHECK(schema["required"] == Json::array({"path"}));
  for (auto& [name, prop] : schema["properties"].items()) {
    INFO(name);
    CHECK(prop.contains("description"));
  }
  CHECK(schema["properties"]["mapping"]["properties"].size() == 19);
  CHECK(schema["properties"]["mapping"]["additionalProperties"] == false);
  CHECK(schema["properties"]["interaction"]["items"]["required"] == Json::array({"type"}));
}
