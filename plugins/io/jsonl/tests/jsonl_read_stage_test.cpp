// io/jsonl_read driven end to end through a fake host.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "jsonl_read_stage.hpp"
#include "support/skip.hpp"

using chorus::Batch;
using chorus::Column;
using chorus::DataType;
using chorus::TimeUnit;
using chorus::TypeId;
using chorus::io_jsonl::JsonlReadConfig;
using chorus::io_jsonl::JsonlReadStage;
using chorus::sdk::Json;
using chorus::sdk::testing::FakeHost;
using chorus::sdk::testing::list_items;
using chorus::sdk::testing::TempDir;

namespace {

const Json kColumns = Json::parse(R"([
  {"name": "id", "type": "int64"},
  {"name": "name", "type": "utf8", "pointer": "/user/name"},
  {"name": "score", "type": "float64"},
  {"name": "ok", "type": "bool"},
  {"name": "ts", "type": "timestamp"},
  {"name": "tags", "type": "list<utf8>"}
])");

}  // namespace

TEST_CASE("jsonl_read: types, missing fields, rejects with reasons and lines", "[io.jsonl]") {
  TempDir dir;
  dir.write("a.jsonl",
            "{\"id\": 1, \"user\": {\"name\": \"ann\"}, \"score\": 2.5, \"ok\": true, "
            "\"ts\": \"2021-03-04T05:06:07.5+01:00\", \"tags\": [\"a\", \"b\"]}\n"  // 1
            "\n"                                                                    // 2 empty
            "{\"id\": 2.0, \"score\": 3, \"ok\": false, \"ts\": 1614830767, \"tags\": [], "
            "\"user\": {\"name\": 7}}\r\n"                        // 3
            "{\"id\": \"x\"}\n"                                   // 4
            "not json\n"                                          // 5
            "{\"id\": 3, \"tags\": [\"a\", 1]}\n"                 // 6
            "[1, 2]\n"                                            // 7
            "{\"id\": 2.5}\n"                                     // 8
            "{\"id\": 9223372036854775808}\n"                     // 9
            "   \n"                                               // 10 blank
            "{\"id\": 4, \"user\": \"flat\", \"score\": null}");  // 11, no LF
  FakeHost host;
  host.pipeline_dir = dir.path();
  REQUIRE(host.run<JsonlReadStage>({{"path", "a.jsonl"}, {"columns", kColumns}, {"batch_rows", 2}}) == 0);
  INFO(host.last_error());

  REQUIRE(host.outputs["out"].size() == 2);
  Batch out = host.collected("out");
  REQUIRE(out.rows() == 3);
  CHECK(out.column("id").int64(0) == 1);
  CHECK(out.column("id").int64(1) == 2);  // 2.0 is integral
  CHECK(out.column("id").int64(2) == 4);
  CHECK(out.column("name").str(0) == "ann");
  CHECK(out.column("name").str(1) == "7");  // a number in a utf8 column: its JSON text
  CHECK(out.column("name").is_null(2));     // /user/name through a string: missing
  CHECK(out.column("score").float64(0) == 2.5);
  CHECK(out.column("score").float64(1) == 3.0);
  CHECK(out.column("score").is_null(2));  // JSON null
  CHECK(out.column("ok").boolean(0));
  CHECK_FALSE(out.column("ok").boolean(1));
  CHECK(out.column("ok").is_null(2));  // absent
  CHECK(out.column("ts").int64(0) == 1614830767500000);
  CHECK(out.column("ts").int64(1) == 1614830767);
  CHECK(list_items(out.column("tags"), 0) == std::vector<std::string>{"a", "b"});
  CHECK(list_items(out.column("tags"), 1).empty());
  CHECK_FALSE(out.column("tags").is_null(1));
  CHECK(out.column("tags").is_null(2));

  Batch rej = host.collected("rejects");
  REQUIRE(rej.rows() == 6);
  std::vector<int64_t> lines;
  for (int64_t i = 0; i < rej.rows(); ++i) lines.push_back(rej.column("line").int64(i));
  CHECK(lines == std::vector<int64_t>{4, 5, 6, 7, 8, 9});
  CHECK(rej.column("file").str(0) == dir.file("a.jsonl"));
  CHECK(rej.column("reason").str(0) == "column 'id': cannot read string '\"x\"' as int64");
  CHECK(rej.column("raw").str(0) == "{\"id\": \"x\"}");
  CHECK(rej.column("reason").str(1).substr(0, 13) == "invalid JSON:");
  CHECK(rej.column("raw").str(1) == "not json");
  CHECK(rej.column("reason").str(2) == "column 'tags': cannot read array '[\"a\",1]' as list<utf8>");
  CHECK(rej.column("reason").str(3) == "not a JSON object but array");
  CHECK(rej.column("reason").str(4) == "column 'id': cannot read number '2.5' as int64");
  CHECK(rej.column("reason").str(5).find("column 'id'") == 0);
  CHECK(host.logged(CHORUS_LOG_WARN, "6 line(s) rejected"));
  CHECK(host.progress.back() == 3);
}

TEST_CASE("jsonl_read: gzip, glob, schema with escaped default pointers", "[io.jsonl]") {
  TempDir dir;
  std::filesystem::create_directories(dir.file("in"));
  {
    gzFile gz = gzopen(dir.file("in/1.jsonl.gz").c_str(), "wb");
    REQUIRE(gz != nullptr);
    std::string text = "\xEF\xBB\xBF{\"a/b~c\": 5, \"when\": \"2021-03-04\"}\n{\"a/b~c\": 6}\n";
    REQUIRE(gzwrite(gz, text.data(), static_cast<unsigned>(text.size())) == static_cast<int>(text.size()));
    REQUIRE(gzclose(gz) == Z_OK);
  }
  dir.write("in/2.jsonl", "{\"a/b~c\": -7, \"when\": 1614816000}\n");
  FakeHost host;
  host.dataset_types["odd"] =
      R"({"name":"odd","columns":[{"name":"a/b~c","type":"int64"},{"name":"when","type":"timestamp[s]"}]})";
  Json config = {{"path", dir.path() + "/in/*.jsonl*"}, {"schema", "odd"}};
  REQUIRE(host.fingerprint<JsonlReadStage>(config) == 0);
  CHECK(host.input_files == std::vector<std::string>{dir.file("in/1.jsonl.gz"), dir.file("in/2.jsonl")});
  REQUIRE(host.run<JsonlReadStage>(config) == 0);
  INFO(host.last_error());
  Batch out = host.collected("out");
  REQUIRE(out.rows() == 3);
  CHECK(out.column("a/b~c").int64(0) == 5);
  CHECK(out.column("a/b~c").int64(1) == 6);
  CHECK(out.column("a/b~c").int64(2) == -7);
  CHECK(out.column("when").int64(0) == 1614816000);
  CHECK(out.column("when").is_null(1));
  CHECK(out.column("when").int64(2) == 1614816000);
  CHECK(host.outputs["rejects"].empty());

  REQUIRE(host.infer<JsonlReadStage>(config) == 0);
  CHECK(host.output_types_json["out"]["type"] == "odd");
  CHECK(host.output_types_json["rejects"]["type"] == "rejects");
}

TEST_CASE("jsonl_read: long lines across chunk boundaries, many batches", "[io.jsonl]") {
  TempDir dir;
  std::string text;
  const std::string pad(5000, 'z');
  for (int i = 0; i < 3000; ++i) text += "{\"n\": " + std::to_string(i) + ", \"pad\": \"" + pad + "\"}\n";
  std::string path = dir.write("big.jsonl", text);  // ~15 MB: several 4 MiB chunks
  FakeHost host;
  REQUIRE(host.run<JsonlReadStage>(
              {{"path", path}, {"batch_rows", 1000}, {"columns", Json::parse(R"([{"name":"n","type":"int64"},
                                                           {"name":"pad","type":"utf8"}])")}}) == 0);
  REQUIRE(host.outputs["out"].size() == 3);
  Batch out = host.collected("out");
  REQUIRE(out.rows() == 3000);
  int64_t sum = 0;
  for (int64_t i = 0; i < out.rows(); ++i) {
    sum += out.column("n").int64(i);
    REQUIRE(out.column("pad").str(i).size() == 5000);
  }
  CHECK(sum == 2999 * 3000 / 2);
}

TEST_CASE("jsonl_read: config errors", "[io.jsonl]") {
  FakeHost host;
  CHECK(host.infer<JsonlReadStage>(
            {{"path", "x"}, {"columns", Json::parse(R"([{"name":"a","type":"int64","pointer":"a"}])")}}) != 0);
  CHECK(host.last_error() == "with.columns[0].pointer: pointer 'a' must start with '/'");
  CHECK(host.infer<JsonlReadStage>(
            {{"path", "x"}, {"columns", Json::parse(R"([{"name":"a","type":"int64","pointer":"/a~2"}])")}}) != 0);
  CHECK(host.last_error() == "with.columns[0].pointer: pointer '/a~2' has a '~' not followed by 0 or 1");
  CHECK(host.infer<JsonlReadStage>(
            {{"path", "x"}, {"columns", Json::parse(R"([{"name":"a","type":"int64","pointr":"/a"}])")}}) != 0);
  CHECK(host.last_error() == "with.columns[0]: unknown key 'pointr' (did you mean 'pointer'?)");
  CHECK(host.infer<JsonlReadStage>({{"path", "x"}}) != 0);
  CHECK(host.last_error() == "with.columns: give exactly one of 'columns' and 'schema'");
  CHECK(host.infer<JsonlReadStage>({{"path", "x"}, {"schema", "nope"}}) != 0);
  CHECK(host.last_error() == "unknown dataset type 'nope'");
  CHECK(host.run<JsonlReadStage>(
            {{"path", "/nonexistent/file.jsonl"}, {"columns", Json::parse(R"([{"name":"a","type":"int64"}])")}}) != 0);
  CHECK(host.last_error().find("/nonexistent/file.jsonl") != std::string::npos);

  const Json schema = JsonlReadStage::options().schema();
  CHECK(schema["additionalProperties"] == false);
  CHECK(schema["required"] == Json::array({"path"}));
  for (auto& [name, prop] : schema["properties"].items()) {
    INFO(name);
    CHECK(prop.contains("description"));
  }
  CHECK(schema["properties"]["batch_rows"]["default"] == 65536);
  CHECK(schema["properties"]["columns"]["items"]["properties"].contains("pointer"));
  CHECK(Json::parse(JsonlReadStage::ports)["outputs"][1]["name"] == "rejects");
}

TEST_CASE("jsonl_read: the option table's defaults are what the stage runs with", "[io.jsonl]") {
  const Json columns = Json::parse(R"([{"name":"a","type":"int64"},{"name":"b/c","type":"utf8"}])");
  const JsonlReadConfig c = JsonlReadStage::options().parse({{"path", "x.jsonl"}, {"columns", columns}});
  CHECK(c.batch_rows == 65536);
  REQUIRE(c.columns.has_value());
  // A column without pointer is read from the top-level field of its name.
  CHECK(c.columns->pointers == std::vector<std::string>{"/a", "/b~1c"});
  TempDir dir;
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "{\"a\": " + std::to_string(i) + ", \"b/c\": \"x\"}\n";
  FakeHost host;
  REQUIRE(host.run<JsonlReadStage>({{"path", dir.write("d.jsonl", text)}, {"columns", columns}}) == 0);
  REQUIRE(host.outputs["out"].size() == 1);  // 2000 rows: one batch of at most 65536
  CHECK(host.collected("out").column("b/c").str(1999) == "x");
}

TEST_CASE("jsonl_read: a bad option gives one error naming its key", "[io.jsonl]") {
  FakeHost host;
  const Json columns = Json::parse(R"([{"name":"a","type":"int64"}])");
  REQUIRE(host.run<JsonlReadStage>({{"path", "x.jsonl"}, {"columns", columns}, {"batch_rows", -3}}) != 0);
  CHECK(host.errors == std::vector<std::string>{"with.batch_rows: expected a number >= 1, got -3"});
  REQUIRE(host.infer<JsonlReadStage>({{"path", 7}, {"columns", columns}}) != 0);
  CHECK(host.errors == std::vector<std::string>{"with.path: expected a string, got 7"});
}

TEST_CASE("jsonl_read: twarc2 API pages (fixture)", "[io.jsonl]") {
  const std::string path = std::string(CHORUS_TEST_SOURCE_DIR) + "/plugins/io/jsonl/tests/fixtures/twarc2_pages.jsonl";
  FakeHost host;
  REQUIRE(host.run<JsonlReadStage>({{"path", path}, {"columns", Json::parse(R"([
                                      {"name":"created_at","type":"timestamp[ms]","pointer":"/data/0/created_at"},
                                      {"name":"id","type":"utf8","pointer":"/data/0/id"},
                                      {"name":"hashtags","type":"list<utf8>","pointer":"/data/0/entities/hashtags"}
                                    ])")}}) == 0);
  // The first page's hashtags are objects, not strings: that line is
  // rejected; the second has none (null).
  const Batch rej = host.collected("rejects");
  REQUIRE(rej.rows() == 1);
  CHECK(rej.column("line").int64(0) == 1);
  CHECK(rej.column("reason").str(0).find("column 'hashtags': cannot read array") == 0);
  Batch out = host.collected("out");
  REQUIRE(out.rows() == 1);
  CHECK(out.column("id").str(0) == "1500000000000000002");
  CHECK(out.column("hashtags").is_null(0));

  FakeHost ok;
  REQUIRE(ok.run<JsonlReadStage>({{"path", path}, {"columns", Json::parse(R"([
                                    {"name":"created_at","type":"timestamp[ms]","pointer":"/data/0/created_at"},
                                    {"name":"id","type":"utf8","pointer":"/data/0/id"},
                                    {"name":"tag","type":"utf8","pointer":"/data/0/entities/hashtags/0/tag"},
                                    {"name":"likes","type":"int64","pointer":"/data/0/public_metrics/like_count"},
                                    {"name":"author","type":"utf8","pointer":"/includes/users/0/username"}
                                  ])")}}) == 0);
  out = ok.collected("out");
  REQUIRE(out.rows() == 2);
  CHECK(out.column("created_at").int64(0) == 1646483696000);  // 2022-03-05T12:34:56.000Z
  CHECK(out.column("created_at").int64(1) == 1646483700000);
  CHECK(out.column("id").str(0) == "1500000000000000001");
  CHECK(out.column("tag").str(0) == "Chorus");
  CHECK(out.column("tag").is_null(1));
  CHECK(out.column("likes").int64(0) == 10);
  CHECK(out.column("likes").int64(1) == 2);
  CHECK(out.column("author").str(0) == "example_user");
  CHECK(out.column("author").is_null(1));
  CHECK(ok.outputs["rejects"].empty());
}

TEST_CASE("jsonl_read: a twarc2 tweet file (shared data)", "[io.jsonl][shared]") {
  // The sample file of twarc-csv's tests, beside the repository (not in it).
  const std::string path = std::string(CHORUS_TEST_SOURCE_DIR) + "/../shared/data/twarc2/two_tweets.jsonl";
  if (!std::ifstream(path)) CHORUS_SKIP(path + " is not present");
  FakeHost host;
  REQUIRE(host.run<JsonlReadStage>({{"path", std::filesystem::absolute(path).string()}, {"columns", Json::parse(R"([
                                 {"name":"created_at","type":"timestamp[ms]","pointer":"/data/0/created_at"},
                                 {"name":"id","type":"utf8","pointer":"/data/0/id"},
                                 {"name":"hashtags","type":"list<utf8>","pointer":"/data/0/entities/hashtags"}
                               ])")}}) == 0);
  // hashtags is an array of objects, not of strings: that line is rejected.
  CHECK(host.collected("rejects").rows() == 1);
  CHECK(host.collected("rejects").column("reason").str(0).find("column 'hashtags'") == 0);

  FakeHost ok;
  REQUIRE(ok.run<JsonlReadStage>({{"path", std::filesystem::absolute(path).string()}, {"columns", Json::parse(R"([
                               {"name":"created_at","type":"timestamp[ms]","pointer":"/data/0/created_at"},
                               {"name":"id","type":"utf8","pointer":"/data/0/id"},
                               {"name":"tag","type":"utf8","pointer":"/data/0/entities/hashtags/0/tag"}
                             ])")}}) == 0);
  Batch out = ok.collected("out");
  REQUIRE(out.rows() == 1);
  CHECK(out.column("created_at").int64(0) == 1621365896000);  // 2021-05-18T19:24:56.000Z
  CHECK(out.column("id").str(0) == "1394735776701816833");
  CHECK(out.column("tag").str(0) == "POIUYTREWQ");
}
