// io/csv_read and io/csv_write driven end to end through a fake host.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <zlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "io/csv/csv_stages.hpp"

using chorus::Batch;
using chorus::Column;
using chorus::DataType;
using chorus::TimeUnit;
using chorus::TypeId;
using chorus::sdk::Json;
using chorus::io::csv::CsvRead;
using chorus::io::csv::CsvWrite;
using chorus::sdk::testing::FakeHost;
using chorus::sdk::testing::TempDir;
using chorus::sdk::testing::read_file;

namespace {

std::vector<std::string> list_at(const Column& c, int64_t i) {
  std::vector<std::string> out;
  for (int64_t j = 0; j < c.list_size(i); ++j) out.emplace_back(c.list_item(i, j));
  return out;
}

void write_gzip(const std::string& path, const std::string& content) {
  gzFile gz = gzopen(path.c_str(), "wb");
  REQUIRE(gz != nullptr);
  REQUIRE(gzwrite(gz, content.data(), static_cast<unsigned>(content.size())) ==
          static_cast<int>(content.size()));
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
            "id,name,score,ok,ts,tags,extra\n"                                               // 1
            "1,\"Smith, J\",1.5,true,2021-03-04T05:06:07.5+01:00,\"[\"\"a\"\",\"\"b\"\"]\",x\n"  // 2
            "2,,2,False,2021-03-04,a|b|c,y\n"                                                // 3
            "three,Bob,3,true,2021-03-04,,z\n"                                               // 4
            "4,\"multi\nline\",4.25,1,1614830767,,w\n"                                       // 5-6
            "5,Eve,oops,0,2021-03-04,,v\n"                                                   // 7
            "6,Zed,6\n");                                                                    // 8
  FakeHost host;
  host.pipeline_dir = dir.path();
  Json config = {{"path", "data.csv"}, {"columns", kMixedColumns}, {"batch_rows", 2}};
  REQUIRE(host.run<CsvRead>(config) == 0);
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
  CHECK(list_at(tags, 0) == std::vector<std::string>{"a", "b"});
  CHECK(list_at(tags, 1) == std::vector<std::string>{"a", "b", "c"});
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
  REQUIRE(host.run<CsvRead>(config) == 0);
  Batch out = host.collected("out");
  REQUIRE(out.rows() == 4);
  CHECK(out.column("a").int64(0) == 1);
  CHECK(out.column("b").is_null(0));       // NA
  CHECK(out.column("b").str(1) == "NA");   // "NA" quoted: literal text
  CHECK_FALSE(out.column("b").is_null(2)); // empty is not a null value here
  CHECK(out.column("b").str(2) == "");
  CHECK(out.column("a").is_null(3));       // NA in an int64 column
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
  Json config = {{"path", path},
                 {"columns", Json::parse(R"([{"name":"id","type":"int64"},{"name":"text","type":"utf8"},
                                              {"name":"tags","type":"list<utf8>"}])")}};
  REQUIRE(host.run<CsvRead>(config) == 0);
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
  REQUIRE(host.fingerprint<CsvRead>(config) == 0);
  CHECK(host.input_files ==
        std::vector<std::string>{dir.file("d/part1.csv.gz"), dir.file("d/part2.csv")});
  REQUIRE(host.run<CsvRead>(config) == 0);
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
  CHECK(host.run<CsvRead>(none) != 0);
  CHECK(host.last_error().find("no file matches") != std::string::npos);
  CHECK(host.fingerprint<CsvRead>(none) != 0);
}

TEST_CASE("csv_read: header errors and config errors", "[io.csv]") {
  TempDir dir;
  std::string path = dir.write("h.csv", "a,b\n1,2\n");
  FakeHost host;
  Json missing = {{"path", path},
                  {"columns", Json::parse(R"([{"name":"a","type":"int64"},{"name":"zzz","type":"int64"}])")}};
  CHECK(host.run<CsvRead>(missing) != 0);
  CHECK(host.last_error() == path + ": no column 'zzz' in the header");

  Json both = {{"path", path}, {"schema", "rejects"}, {"columns", Json::parse(R"([{"name":"a","type":"int64"}])")}};
  CHECK(host.infer<CsvRead>(both) != 0);
  CHECK(host.last_error().find("exactly one of") != std::string::npos);
  Json neither = {{"path", path}};
  CHECK(host.infer<CsvRead>(neither) != 0);
  Json badtype = {{"path", path}, {"columns", Json::parse(R"([{"name":"a","type":"int32"}])")}};
  CHECK(host.infer<CsvRead>(badtype) != 0);
  CHECK(host.last_error().find("unknown type 'int32'") != std::string::npos);
  Json baddelim = {{"path", path}, {"delimiter", ";;"}, {"columns", Json::parse(R"([{"name":"a","type":"int64"}])")}};
  CHECK(host.infer<CsvRead>(baddelim) != 0);
  Json unknown = {{"path", path}, {"schema", "nope"}};
  CHECK(host.infer<CsvRead>(unknown) != 0);
  CHECK(host.last_error().find("unknown dataset type 'nope'") != std::string::npos);
}

TEST_CASE("csv_read: infer reports declared columns and the rejects type", "[io.csv]") {
  FakeHost host;
  host.dataset_types["posts"] =
      R"({"name":"posts","columns":[{"name":"id","type":"utf8"},{"name":"created_at","type":"timestamp[ms]"}]})";
  REQUIRE(host.infer<CsvRead>({{"path", "x.csv"}, {"schema", "posts"}}) == 0);
  CHECK(host.output_types_json["out"]["type"] == "posts");
  CHECK(host.output_types_json["out"]["columns"] ==
        Json::parse(R"([{"name":"id","type":"utf8"},{"name":"created_at","type":"timestamp[ms]"}])"));
  CHECK(host.output_types_json["rejects"]["type"] == "rejects");
  CHECK(host.output_types_json["rejects"]["columns"].size() == 4);

  // Without a host-known rejects type the reader builds it itself.
  host.dataset_types.erase("rejects");
  REQUIRE(host.infer<CsvRead>({{"path", "x.csv"}, {"columns", kMixedColumns}}) == 0);
  CHECK(host.output_types_json["out"]["type"] == "");
  CHECK(host.output_types_json["out"]["columns"][4] == Json({{"name", "ts"}, {"type", "timestamp[us]"}}));
  CHECK(host.output_types_json["rejects"]["columns"] ==
        Json::parse(R"([{"name":"file","type":"utf8"},{"name":"line","type":"int64"},
                        {"name":"reason","type":"utf8"},{"name":"raw","type":"utf8"}])"));
}

TEST_CASE("csv_read: schema: names a dataset type; many rows in many batches", "[io.csv]") {
  TempDir dir;
  std::string text = "created_at,id,unused\n";
  for (int i = 0; i < 10000; ++i) text += "2021-03-04T00:00:0" + std::to_string(i % 10) + "Z," + std::to_string(i) + ",u\n";
  std::string path = dir.write("posts.csv", text);
  FakeHost host;
  host.dataset_types["posts"] =
      R"({"name":"posts","columns":[{"name":"id","type":"utf8"},{"name":"created_at","type":"timestamp[ms]"}]})";
  REQUIRE(host.run<CsvRead>({{"path", path}, {"schema", "posts"}, {"batch_rows", 4096}}) == 0);
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
  CHECK(host.run<CsvRead>({{"path", path}, {"batch_rows", 1},
                           {"columns", Json::parse(R"([{"name":"a","type":"int64"}])")}}) != 0);
  CHECK(host.last_error() == "cancelled");
  CHECK(host.outputs["out"].size() == 1);
}

namespace {

Batch sample_batch() {
  chorus::Schema schema = {{"s", DataType{TypeId::Utf8}},
                           {"i", DataType{TypeId::Int64}},
                           {"f", DataType{TypeId::Float64}},
                           {"b", DataType{TypeId::Bool}},
                           {"t", DataType{TypeId::Timestamp, TimeUnit::Milli}},
                           {"l", DataType{TypeId::ListUtf8}}};
  Batch b(schema);
  auto& s = b.column(0);
  auto& i = b.column(1);
  auto& f = b.column(2);
  auto& bo = b.column(3);
  auto& t = b.column(4);
  auto& l = b.column(5);
  s.append_string("plain");
  i.append_int(1);
  f.append_double(0.1);
  bo.append_bool(true);
  t.append_int(1614830767500);
  l.append_list(std::vector<std::string>{"a", "b"});

  s.append_string("a,b \"q\"\nz");
  i.append_int(-2);
  f.append_double(1e21);
  bo.append_bool(false);
  t.append_int(0);
  l.append_list(std::vector<std::string>{});

  s.append_string("");
  i.append_null();
  f.append_null();
  bo.append_null();
  t.append_null();
  l.append_null();

  s.append_null();
  i.append_int(INT64_MAX);
  f.append_double(-0.5);
  bo.append_bool(true);
  t.append_int(-1);
  l.append_list(std::vector<std::string>{"x\"y"});
  return b;
}

const char* kSampleCsv =
    "s,i,f,b,t,l\n"
    "plain,1,0.1,true,2021-03-04T04:06:07.500Z,\"[\"\"a\"\",\"\"b\"\"]\"\n"
    "\"a,b \"\"q\"\"\nz\",-2,1e+21,false,1970-01-01T00:00:00Z,[]\n"
    "\"\",,,,,\n"
    ",9223372036854775807,-0.5,true,1969-12-31T23:59:59.999Z,\"[\"\"x\\\"\"y\"\"]\"\n";

const Json kSampleColumns = Json::parse(R"([
  {"name":"s","type":"utf8"}, {"name":"i","type":"int64"}, {"name":"f","type":"float64"},
  {"name":"b","type":"bool"}, {"name":"t","type":"timestamp[ms]"}, {"name":"l","type":"list<utf8>"}])");

void check_same(const Batch& a, const Batch& b) {
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.schema() == b.schema());
  for (size_t c = 0; c < a.num_columns(); ++c) {
    const Column& x = a.column(c);
    const Column& y = b.column(c);
    for (int64_t i = 0; i < a.rows(); ++i) {
      INFO("column " << a.schema()[c].name << " row " << i);
      REQUIRE(x.is_null(i) == y.is_null(i));
      if (x.is_null(i)) continue;
      switch (x.type().id) {
        case TypeId::Utf8: CHECK(x.str(i) == y.str(i)); break;
        case TypeId::Float64: CHECK(x.float64(i) == y.float64(i)); break;
        case TypeId::ListUtf8: CHECK(list_at(x, i) == list_at(y, i)); break;
        default: CHECK(x.int64(i) == y.int64(i));
      }
    }
  }
}

}  // namespace

TEST_CASE("csv_write: quoting, nulls, types, then read back", "[io.csv]") {
  TempDir dir;
  FakeHost host;
  host.pipeline_dir = dir.path();
  host.inputs["in"].push_back(sample_batch());
  REQUIRE(host.run<CsvWrite>({{"path", "out/sub/x.csv"}}) == 0);
  INFO(host.last_error());
  CHECK(read_file(dir.file("out/sub/x.csv")) == kSampleCsv);
  CHECK_FALSE(std::filesystem::exists(dir.file("out/sub/x.csv.tmp")));

  FakeHost reader;
  REQUIRE(reader.run<CsvRead>({{"path", dir.file("out/sub/x.csv")}, {"columns", kSampleColumns}}) == 0);
  INFO(reader.last_error());
  CHECK(reader.outputs["rejects"].empty());
  check_same(reader.collected("out"), sample_batch());
}

TEST_CASE("csv_write: delimiter, no header, gzip output, round trip", "[io.csv]") {
  TempDir dir;
  FakeHost host;
  host.inputs["in"].push_back(sample_batch());
  host.inputs["in"].push_back(sample_batch());
  std::string path = dir.file("x.tsv.gz");
  REQUIRE(host.run<CsvWrite>({{"path", path}, {"delimiter", "\t"}, {"header", false}}) == 0);
  std::string bytes = read_file(path);
  REQUIRE(bytes.size() > 2);
  CHECK(static_cast<unsigned char>(bytes[0]) == 0x1f);
  CHECK(static_cast<unsigned char>(bytes[1]) == 0x8b);

  FakeHost reader;
  REQUIRE(reader.run<CsvRead>({{"path", path}, {"delimiter", "\t"}, {"header", false},
                               {"columns", kSampleColumns}}) == 0);
  Batch back = reader.collected("out");
  REQUIRE(back.rows() == 8);
  CHECK(back.column("s").str(1) == "a,b \"q\"\nz");  // the comma needs no quotes with tabs...
  CHECK(back.column("s").str(5) == "a,b \"q\"\nz");  // ...but the quote and newline do
  CHECK(back.column("i").int64(7) == INT64_MAX);
}

TEST_CASE("csv_write: a failed run leaves no file", "[io.csv]") {
  TempDir dir;
  FakeHost host;
  host.inputs["in"].push_back(sample_batch());
  Batch other(chorus::Schema{{"z", DataType{TypeId::Int64}}});
  other.column(0).append_int(1);
  host.inputs["in"].push_back(std::move(other));
  std::string path = dir.file("bad.csv");
  CHECK(host.run<CsvWrite>({{"path", path}}) != 0);
  CHECK(host.last_error().find("columns changed") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(path));
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST_CASE("csv_write: an input without any batch still gives the header", "[io.csv]") {
  TempDir dir;
  FakeHost host;
  // No batch arrives, but the host knows the input's columns from inference.
  host.input_types["in"] = {"", sample_batch().schema()};
  REQUIRE(host.run<CsvWrite>({{"path", dir.file("empty.csv")}, {"delimiter", ";"}}) == 0);
  INFO(host.last_error());
  CHECK(read_file(dir.file("empty.csv")) == "s;i;f;b;t;l\n");

  // header: false, or a host that cannot tell the columns: an empty file.
  REQUIRE(host.run<CsvWrite>({{"path", dir.file("none.csv")}, {"header", false}}) == 0);
  CHECK(std::filesystem::exists(dir.file("none.csv")));
  CHECK(read_file(dir.file("none.csv")).empty());
  FakeHost unknown;
  REQUIRE(unknown.run<CsvWrite>({{"path", dir.file("unknown.csv")}}) == 0);
  CHECK(read_file(dir.file("unknown.csv")).empty());

  // Read back: no row, no reject.
  FakeHost reader;
  REQUIRE(reader.run<CsvRead>({{"path", dir.file("empty.csv")}, {"delimiter", ";"},
                               {"columns", kSampleColumns}}) == 0);
  CHECK(reader.outputs["out"].empty());
  CHECK(reader.outputs["rejects"].empty());
}

TEST_CASE("io.csv stage descriptions are valid JSON with documented properties", "[io.csv]") {
  for (const char* text : {CsvRead::config_schema, CsvWrite::config_schema}) {
    Json schema = Json::parse(text);
    CHECK(schema["additionalProperties"] == false);
    for (auto& [name, prop] : schema["properties"].items()) {
      INFO(name);
      CHECK(prop.contains("description"));
    }
  }
  Json read_ports = Json::parse(CsvRead::ports);
  CHECK(read_ports["outputs"][0]["name"] == "out");
  CHECK(read_ports["outputs"][1]["type"] == "rejects");
  Json write_ports = Json::parse(CsvWrite::ports);
  CHECK(write_ports["inputs"][0]["name"] == "in");
  CHECK(write_ports["outputs"].empty());
  CHECK(CsvWrite::flags == CHORUS_STAGE_SINK);
  CHECK(Json::parse(CsvRead::config_schema)["properties"]["batch_rows"]["default"] == 65536);
}
