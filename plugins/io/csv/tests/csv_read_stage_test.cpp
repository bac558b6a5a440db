// io/csv_read driven end to end through a fake host.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <zlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "csv_read_stage.hpp"

using chorus::Batch;
using chorus::Column;
using chorus::DataType;
using chorus::TimeUnit;
using chorus::TypeId;
using chorus::io_csv::CsvReadConfig;
using chorus::io_csv::CsvReadStage;
using chorus::sdk::Json;
using chorus::sdk::testing::FakeHost;
using chorus::sdk::testing::list_items;
using chorus::sdk::testing::read_file;
using chorus::sdk::testing::TempDir;

namespace {

void write_gzip(const std::string& path, const std::string& content) {
  gzFile gz = gzopen(path.c_str(), "wb");
  REQUIRE(gz != nullptr);
  REQUIRE(gzwrite(gz, content.data(), static_cast<unsigned>(content.size())) == static_cast<int>(content.size()));
  REQUIRE(gzclose(gz) == Z_OK);
}

const Json kMixedColumns = Json::parse(R"([
  {"name": "id", "type": "int64"},
  {"name": "name", "type": "utf8"},
  {"name": "score", "type": "float64"},
  {"name": "ok", "type": "bool"},
  {"name": "ts", "type": "timestamp"},
  {"name": "tags", "type": "list<utf8>"}
])");

}  // namespace

TEST_CASE("csv_read: typed columns, rejects with reasons and lines, batching", "[io.csv]") {
  TempDir dir;
  dir.write("data.csv",
            "id,name,score,ok,ts,tags,extra\n"                                                   // 1
            "1,\"Smith, J\",1.5,true,2021-03-04T05:06:07.5+01:00,\"[\"\"a\"\",\"\"b\"\"]\",x\n"  // 2
            "2,,2,False,2021-03-04,a|b|c,y\n"                                                    // 3
            "three,Bob,3,true,2021-03-04,,z\n"                                                   // 4
            "4,\"multi\nline\",4.25,1,1614830767,,w\n"                                           // 5-6
            "5,Eve,oops,0,2021-03-04,,v\n"                                                       // 7
            "6,Zed,6\n");                                                                        // 8
  FakeHost host;
  host.pipeline_dir = dir.path();
  Json config = {{"path", "data.csv"}, {"columns", kMixedColumns}, {"batch_rows", 2}};
  REQUIRE(host.run<CsvReadStage>(config) == 0);
  INFO(host.last_error());

  // Batches of at most 2 rows: 3 good rows -> 2 + 1.
  REQUIRE(host.outputs["out"].size() == 2);
  CHECK(host.outputs["out"][0].rows() == 2);
  CHECK(host.outputs["out"][1].rows() == 1);

  Batch out = host.collected("out");
  REQUIRE(out.rows() == 3);
  const Column& id = out.column("id");
  CHECK(id.int64(0) == 1);
  CHECK(id.int64(1) == 2);
  CHECK(id.int64(2) == 4);
  const Column& name = out.column("name");
  CHECK(name.str(0) == "Smith, J");
  CHECK(name.is_null(1));
  CHECK(name.str(2) == "multi\nline");
  const Column& score = out.column("score");
  CHECK(score.float64(0) == 1.5);
  CHECK(score.float64(1) == 2.0);
  CHECK(score.float64(2) == 4.25);
  const Column& ok = out.column("ok");
  CHECK(ok.boolean(0));
  CHECK_FALSE(ok.boolean(1));
  CHECK(ok.boolean(2));
  const Column& ts = out.column("ts");
  CHECK(ts.type() == DataType{TypeId::Timestamp, TimeUnit::Micro});
  CHECK(ts.int64(0) == 1614830767500000);
  CHECK(ts.int64(1) == 1614816000000000);
  CHECK(ts.int64(2) == 1614830767);  // a plain integer is taken in the column's unit
  const Column& tags = out.column("tags");
  CHECK(list_items(tags, 0) == std::vector<std::string>{"a", "b"});
  CHECK(list_items(tags, 1) == std::vector<std::string>{"a", "b", "c"});
  CHECK(tags.is_null(2));

  Batch rej = host.collected("rejects");
  REQUIRE(rej.rows() == 3);
  CHECK(rej.schema().size() == 4);
  CHECK(rej.column("file").str(0) == dir.file("data.csv"));
  CHECK(rej.column("line").int64(0) == 4);
  CHECK(rej.column("reason").str(0) == "column 'id': cannot read 'three' as int64");
  CHECK(rej.column("raw").str(0) == "three,Bob,3,true,2021-03-04,,z");
  CHECK(rej.column("line").int64(1) == 7);  // after the two-line record at 5-6
  CHECK(rej.column("reason").str(1) == "column 'score': cannot read 'oops' as float64");
  CHECK(rej.column("line").int64(2) == 8);
  CHECK(rej.column("reason").str(2) == "expected 7 fields, got 3");
  CHECK(rej.column("raw").str(2) == "6,Zed,6");
  CHECK(host.logged(CHORUS_LOG_WARN, "3 record(s) rejected"));
  REQUIRE_FALSE(host.progress.empty());
  CHECK(host.progress.back() == 3);
}

TEST_CASE("csv_read: header false, delimiter, null_values, quoted text never null", "[io.csv]") {
  TempDir dir;
  std::string path = dir.write("p.txt",
                               "1;NA;x\n"
                               "2;\"NA\";y\n"
                               "3;;z\n"
                               "4;a\n"
                               "NA;q;\"\"\n");
  FakeHost host;
  Json config = {{"path", path},
                 {"header", false},
                 {"delimiter", ";"},
                 {"null_values", {"NA"}},
                 {"columns", Json::parse(R"([{"name":"a","type":"int64"},{"name":"b","type":"utf8"},
                                              {"name":"c","type":"utf8"}])")}};
  REQUIRE(host.run<CsvReadStage>(config) == 0);
  Batch out = host.collected("out");
  REQUIRE(out.rows() == 4);
  CHECK(out.column("a").int64(0) == 1);
  CHECK(out.column("b").is_null(0));        // NA
  CHECK(out.column("b").str(1) == "NA");    // "NA" quoted: literal text
  CHECK_FALSE(out.column("b").is_null(2));  // empty is not a null value here
  CHECK(out.column("b").str(2) == "");
  CHECK(out.column("a").is_null(3));  // NA in an int64 column
  CHECK(out.column("c").str(3) == "");
  Batch rej = host.collected("rejects");
  REQUIRE(rej.rows() == 1);
  CHECK(rej.column("line").int64(0) == 4);
  CHECK(rej.column("reason").str(0) == "expected 3 fields, got 2");
}

TEST_CASE("csv_read: text that is not valid UTF-8 is a reject naming the column", "[io.csv]") {
  TempDir dir;
  // Line 3 has a lone continuation byte, line 4 a truncated 3-byte sequence in a list.
  std::string path = dir.write("u.csv",
                               "id,text,tags\n"
                               "1,caf\xc3\xa9,[]\n"
                               "2,bad \x80 byte,[]\n"
                               "3,ok,\"[\"\"\xe2\x82\"\"]\"\n"
                               "4,\xe2\x82\xac,[]\n");
  FakeHost host;
  Json config = {{"path", path}, {"columns", Json::parse(R"([{"name":"id","type":"int64"},{"name":"text","type":"utf8"},
                                              {"name":"tags","type":"list<utf8>"}])")}};
  REQUIRE(host.run<CsvReadStage>(config) == 0);
  Batch out = host.collected("out");
  REQUIRE(out.rows() == 2);
  CHECK(out.column("text").str(0) == "caf\xc3\xa9");
  CHECK(out.column("text").str(1) == "\xe2\x82\xac");  // the euro sign
  Batch rej = host.collected("rejects");
  REQUIRE(rej.rows() == 2);
  CHECK(rej.column("line").int64(0) == 3);
  CHECK(rej.column("reason").str(0) == "column 'text': not valid UTF-8");
  CHECK(rej.column("line").int64(1) == 4);
  CHECK(rej.column("reason").str(1) == "column 'tags': not valid UTF-8");
}

TEST_CASE("csv_read: gzip input and globs, sorted, with fingerprint", "[io.csv]") {
  TempDir dir;
  std::filesystem::create_directories(dir.file("d"));
  write_gzip(dir.file("d/part1.csv.gz"), "x,y\n1,a\n2,\"b\nb\"\n");
  dir.write("d/part2.csv", "\xEF\xBB\xBFy,x\r\n c ,3\r\n");  // other column order, BOM, CRLF
  dir.write("d/notes.txt", "not csv");
  FakeHost host;
  host.pipeline_dir = dir.path() + "/";
  Json config = {{"path", "d/part*.csv*"},
                 {"columns", Json::parse(R"([{"name":"x","type":"int64"},{"name":"y","type":"utf8"}])")}};
  REQUIRE(host.fingerprint<CsvReadStage>(config) == 0);
  CHECK(host.input_files == std::vector<std::string>{dir.file("d/part1.csv.gz"), dir.file("d/part2.csv")});
  REQUIRE(host.run<CsvReadStage>(config) == 0);
  INFO(host.last_error());
  Batch out = host.collected("out");
  REQUIRE(out.rows() == 3);
  CHECK(out.column("x").int64(0) == 1);
  CHECK(out.column("x").int64(1) == 2);
  CHECK(out.column("x").int64(2) == 3);
  CHECK(out.column("y").str(1) == "b\nb");
  CHECK(out.column("y").str(2) == " c ");  // spaces are kept
  CHECK(host.outputs["rejects"].empty());

  // Nothing matches: an error naming the pattern.
  Json none = config;
  none["path"] = "d/*.parquet";
  CHECK(host.run<CsvReadStage>(none) != 0);
  CHECK(host.last_error().find("no file matches") != std::string::npos);
  CHECK(host.fingerprint<CsvReadStage>(none) != 0);
}

TEST_CASE("csv_read: header errors and config errors", "[io.csv]") {
  TempDir dir;
  std::string path = dir.write("h.csv", "a,b\n1,2\n");
  FakeHost host;
  Json missing = {{"path", path},
                  {"columns", Json::parse(R"([{"name":"a","type":"int64"},{"name":"zzz","type":"int64"}])")}};
  CHECK(host.run<CsvReadStage>(missing) != 0);
  CHECK(host.last_error() == path + ": no column 'zzz' in the header");

  Json both = {{"path", path}, {"schema", "rejects"}, {"columns", Json::parse(R"([{"name":"a","type":"int64"}])")}};
  CHECK(host.infer<CsvReadStage>(both) != 0);
  CHECK(host.last_error() == "with.schema: give exactly one of 'columns' and 'schema', not both");
  Json neither = {{"path", path}};
  CHECK(host.infer<CsvReadStage>(neither) != 0);
  CHECK(host.last_error() == "with.columns: give exactly one of 'columns' and 'schema'");
  Json badtype = {{"path", path}, {"columns", Json::parse(R"([{"name":"a","type":"int32"}])")}};
  CHECK(host.infer<CsvReadStage>(badtype) != 0);
  CHECK(host.last_error() == "with.columns[0].type: unknown type 'int32'");
  Json twice = {{"path", path},
                {"columns", Json::parse(R"([{"name":"a","type":"int64"},{"name":"a","type":"utf8"}])")}};
  CHECK(host.infer<CsvReadStage>(twice) != 0);
  CHECK(host.last_error() == "with.columns[1].name: column 'a' is declared twice");
  Json baddelim = {{"path", path}, {"delimiter", ";;"}, {"columns", Json::parse(R"([{"name":"a","type":"int64"}])")}};
  CHECK(host.infer<CsvReadStage>(baddelim) != 0);
  CHECK(host.last_error() == "with.delimiter: expected a string of at most 1 character(s), got \";;\"");
  Json quote = {{"path", path}, {"delimiter", "\""}, {"columns", Json::parse(R"([{"name":"a","type":"int64"}])")}};
  CHECK(host.infer<CsvReadStage>(quote) != 0);
  CHECK(host.last_error() == "with.delimiter: cannot be a quote or a line break");
  Json wide = {{"path", path}, {"delimiter", "\xC3\xA9"}, {"columns", Json::parse(R"([{"name":"a","type":"int64"}])")}};
  CHECK(host.infer<CsvReadStage>(wide) != 0);
  CHECK(host.last_error() == "with.delimiter: expected a single byte, got \"\xC3\xA9\"");
  Json unknown = {{"path", path}, {"schema", "nope"}};
  CHECK(host.infer<CsvReadStage>(unknown) != 0);
  CHECK(host.last_error().find("unknown dataset type 'nope'") != std::string::npos);
}

TEST_CASE("csv_read: infer reports declared columns and the rejects type", "[io.csv]") {
  FakeHost host;
  host.dataset_types["posts"] =
      R"({"name":"posts","columns":[{"name":"id","type":"utf8"},{"name":"created_at","type":"timestamp[ms]"}]})";
  REQUIRE(host.infer<CsvReadStage>({{"path", "x.csv"}, {"schema", "posts"}}) == 0);
  CHECK(host.output_types_json["out"]["type"] == "posts");
  CHECK(host.output_types_json["out"]["columns"] ==
        Json::parse(R"([{"name":"id","type":"utf8"},{"name":"created_at","type":"timestamp[ms]"}])"));
  CHECK(host.output_types_json["rejects"]["type"] == "rejects");
  CHECK(host.output_types_json["rejects"]["columns"].size() == 4);

  // Without a host-known rejects type the reader builds it itself.
  host.dataset_types.erase("rejects");
  REQUIRE(host.infer<CsvReadStage>({{"path", "x.csv"}, {"columns", kMixedColumns}}) == 0);
  CHECK(host.output_types_json["out"]["type"] == "");
  CHECK(host.output_types_json["out"]["columns"][4] == Json({{"name", "ts"}, {"type", "timestamp[us]"}}));
  CHECK(host.output_types_json["rejects"]["columns"] ==
        Json::parse(R"([{"name":"file","type":"utf8"},{"name":"line","type":"int64"},
                        {"name":"reason","type":"utf8"},{"name":"raw","type":"utf8"}])"));
}

TEST_CASE("csv_read: schema: names a dataset type; many rows in many batches", "[io.csv]") {
  TempDir dir;
  std::string text = "created_at,id,unused\n";
  for (int i = 0; i < 10000; ++i)
    text += "2021-03-04T00:00:0" + std::to_string(i % 10) + "Z," + std::to_string(i) + ",u\n";
  std::string path = dir.write("posts.csv", text);
  FakeHost host;
  host.dataset_types["posts"] =
      R"({"name":"posts","columns":[{"name":"id","type":"utf8"},{"name":"created_at","type":"timestamp[ms]"}]})";
  REQUIRE(host.run<CsvReadStage>({{"path", path}, {"schema", "posts"}, {"batch_rows", 4096}}) == 0);
  REQUIRE(host.outputs["out"].size() == 3);
  CHECK(host.outputs["out"][0].rows() == 4096);
  CHECK(host.outputs["out"][2].rows() == 10000 - 2 * 4096);
  Batch out = host.collected("out");
  REQUIRE(out.rows() == 10000);
  CHECK(out.schema()[0].name == "id");
  CHECK(out.column("id").str(9999) == "9999");
  CHECK(out.column("created_at").int64(9999) == 1614816000000 + 9000);
  CHECK(host.progress.back() == 10000);
}

TEST_CASE("csv_read: cancellation stops the run", "[io.csv]") {
  TempDir dir;
  std::string path = dir.write("c.csv", "a\n1\n2\n3\n");
  FakeHost host;
  host.cancel = true;
  CHECK(host.run<CsvReadStage>(
            {{"path", path}, {"batch_rows", 1}, {"columns", Json::parse(R"([{"name":"a","type":"int64"}])")}}) != 0);
  CHECK(host.last_error() == "cancelled");
  CHECK(host.outputs["out"].size() == 1);
}

TEST_CASE("csv_read: the option table's defaults are what the stage runs with", "[io.csv]") {
  const Json columns = Json::parse(R"([{"name":"a","type":"int64"},{"name":"b","type":"utf8"}])");
  const CsvReadConfig c = CsvReadStage::options().parse({{"path", "x.csv"}, {"columns", columns}});
  CHECK(c.header);
  CHECK(c.delimiter == ",");
  CHECK(c.null_values == std::vector<std::string>{""});
  CHECK(c.batch_rows == 65536);
  CHECK_FALSE(c.schema.has_value());
  REQUIRE(c.columns.has_value());
  CHECK(c.columns->size() == 2);

  // Run with only the required keys: the first line is a header (its names
  // are matched), ',' separates, an empty unquoted field is null, and 3000
  // rows fit one batch.
  TempDir dir;
  std::string text = "b,a\n";
  for (int i = 0; i < 3000; ++i)
    text += (i == 1 ? std::string() : "t" + std::to_string(i)) + "," + std::to_string(i) + "\n";
  const std::string path = dir.write("d.csv", text);
  FakeHost host;
  REQUIRE(host.run<CsvReadStage>({{"path", path}, {"columns", columns}}) == 0);
  REQUIRE(host.outputs["out"].size() == 1);
  const Batch out = host.collected("out");
  REQUIRE(out.rows() == 3000);
  CHECK(out.column("a").int64(2999) == 2999);
  CHECK(out.column("b").str(0) == "t0");
  CHECK(out.column("b").is_null(1));
  CHECK(host.outputs["rejects"].empty());
}

TEST_CASE("csv_read: a bad option gives one error naming its key", "[io.csv]") {
  const Json columns = Json::parse(R"([{"name":"a","type":"int64"}])");
  FakeHost host;
  REQUIRE(host.run<CsvReadStage>({{"path", "x.csv"}, {"columns", columns}, {"batch_rows", 0}}) != 0);
  CHECK(host.errors == std::vector<std::string>{"with.batch_rows: expected a number >= 1, got 0"});
  REQUIRE(host.infer<CsvReadStage>({{"path", "x.csv"}, {"columns", columns}, {"header", "yes"}}) != 0);
  CHECK(host.errors == std::vector<std::string>{"with.header: expected true or false, got \"yes\""});
  REQUIRE(host.infer<CsvReadStage>({{"path", "x.csv"}, {"columns", columns}, {"nul_values", {"NA"}}}) != 0);
  CHECK(host.errors == std::vector<std::string>{"with: unknown option 'nul_values' (did you mean 'null_values'?)"});
  REQUIRE(host.infer<CsvReadStage>({{"columns", columns}}) != 0);
  CHECK(host.errors.size() == 1);
  CHECK(host.last_error().rfind("with.path: is required", 0) == 0);
}

TEST_CASE("csv_read: its options schema documents every property", "[io.csv]") {
  const Json schema = CsvReadStage::options().schema();
  CHECK(schema["additionalProperties"] == false);
  CHECK(schema["required"] == Json::array({"path"}));
  for (auto& [name, prop] : schema["properties"].items()) {
    INFO(name);
    CHECK(prop.contains("description"));
  }
  CHECK(schema["properties"]["batch_rows"]["default"] == 65536);
  CHECK(schema["properties"]["batch_rows"]["minimum"] == 1);
  CHECK(schema["properties"]["delimiter"]["default"] == ",");
  CHECK(schema["properties"]["null_values"]["default"] == Json::array({""}));
  CHECK(schema["properties"]["columns"]["minItems"] == 1);
  CHECK(schema["properties"]["columns"]["items"]["properties"]["type"]["enum"].size() == 11);
  CHECK_FALSE(schema["properties"]["columns"].contains("default"));
  const Json ports = Json::parse(CsvReadStage::ports);
  CHECK(ports["outputs"][0]["name"] == "out");
  CHECK(ports["outputs"][1]["type"] == "rejects");
}
