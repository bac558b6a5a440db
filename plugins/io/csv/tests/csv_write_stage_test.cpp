// io/csv_write driven end to end through a fake host; files read back with io/csv_read.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "csv_read_stage.hpp"
#include "csv_write_stage.hpp"

using chorus::Batch;
using chorus::Column;
using chorus::DataType;
using chorus::TimeUnit;
using chorus::TypeId;
using chorus::io_csv::CsvReadStage;
using chorus::io_csv::CsvWriteConfig;
using chorus::io_csv::CsvWriteStage;
using chorus::sdk::Json;
using chorus::sdk::testing::FakeHost;
using chorus::sdk::testing::list_items;
using chorus::sdk::testing::read_file;
using chorus::sdk::testing::TempDir;

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
        case TypeId::Utf8:
          CHECK(x.str(i) == y.str(i));
          break;
        case TypeId::Float64:
          CHECK(x.float64(i) == y.float64(i));
          break;
        case TypeId::ListUtf8:
          CHECK(list_items(x, i) == list_items(y, i));
          break;
        default:
          CHECK(x.int64(i) == y.int64(i));
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
  REQUIRE(host.run<CsvWriteStage>({{"path", "out/sub/x.csv"}}) == 0);
  INFO(host.last_error());
  CHECK(read_file(dir.file("out/sub/x.csv")) == kSampleCsv);
  CHECK_FALSE(std::filesystem::exists(dir.file("out/sub/x.csv.tmp")));

  FakeHost reader;
  REQUIRE(reader.run<CsvReadStage>({{"path", dir.file("out/sub/x.csv")}, {"columns", kSampleColumns}}) == 0);
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
  REQUIRE(host.run<CsvWriteStage>({{"path", path}, {"delimiter", "\t"}, {"header", false}}) == 0);
  std::string bytes = read_file(path);
  REQUIRE(bytes.size() > 2);
  CHECK(static_cast<unsigned char>(bytes[0]) == 0x1f);
  CHECK(static_cast<unsigned char>(bytes[1]) == 0x8b);

  FakeHost reader;
  REQUIRE(reader.run<CsvReadStage>(
              {{"path", path}, {"delimiter", "\t"}, {"header", false}, {"columns", kSampleColumns}}) == 0);
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
  CHECK(host.run<CsvWriteStage>({{"path", path}}) != 0);
  CHECK(host.last_error().find("columns changed") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(path));
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST_CASE("csv_write: an input without any batch still gives the header", "[io.csv]") {
  TempDir dir;
  FakeHost host;
  // No batch arrives, but the host knows the input's columns from inference.
  host.input_types["in"] = {"", sample_batch().schema()};
  REQUIRE(host.run<CsvWriteStage>({{"path", dir.file("empty.csv")}, {"delimiter", ";"}}) == 0);
  INFO(host.last_error());
  CHECK(read_file(dir.file("empty.csv")) == "s;i;f;b;t;l\n");

  // header: false, or a host that cannot tell the columns: an empty file.
  REQUIRE(host.run<CsvWriteStage>({{"path", dir.file("none.csv")}, {"header", false}}) == 0);
  CHECK(std::filesystem::exists(dir.file("none.csv")));
  CHECK(read_file(dir.file("none.csv")).empty());
  FakeHost unknown;
  REQUIRE(unknown.run<CsvWriteStage>({{"path", dir.file("unknown.csv")}}) == 0);
  CHECK(read_file(dir.file("unknown.csv")).empty());

  // Read back: no row, no reject.
  FakeHost reader;
  REQUIRE(reader.run<CsvReadStage>(
              {{"path", dir.file("empty.csv")}, {"delimiter", ";"}, {"columns", kSampleColumns}}) == 0);
  CHECK(reader.outputs["out"].empty());
  CHECK(reader.outputs["rejects"].empty());
}

TEST_CASE("csv_write: the option table's defaults are what the stage runs with", "[io.csv]") {
  const CsvWriteConfig c = CsvWriteStage::options().parse({{"path", "x.csv"}});
  CHECK(c.delimiter == ",");
  CHECK(c.header);
  // Only the path given: a header line, ',' between fields.
  TempDir dir;
  FakeHost host;
  host.inputs["in"] = {
      chorus::sdk::testing::batch(chorus::sdk::testing::schema({{"a", "int64"}, {"b", "utf8"}}), {{int64_t{1}, "x"}})};
  REQUIRE(host.run<CsvWriteStage>({{"path", dir.file("d.csv")}}) == 0);
  CHECK(read_file(dir.file("d.csv")) == "a,b\n1,x\n");
}

TEST_CASE("csv_write: a bad option gives one error naming its key", "[io.csv]") {
  FakeHost host;
  REQUIRE(host.infer<CsvWriteStage>({{"path", ""}}) != 0);
  CHECK(host.errors == std::vector<std::string>{"with.path: expected a string of at least 1 character(s), got \"\""});
  REQUIRE(host.infer<CsvWriteStage>({{"path", "x.csv"}, {"delimiter", "\n"}}) != 0);
  CHECK(host.errors == std::vector<std::string>{"with.delimiter: cannot be a quote or a line break"});
  REQUIRE(host.infer<CsvWriteStage>(Json::object()) != 0);
  CHECK(host.errors.size() == 1);
  CHECK(host.last_error().rfind("with.path: is required", 0) == 0);
}

TEST_CASE("csv_write: its options schema documents every property", "[io.csv]") {
  const Json schema = CsvWriteStage::options().schema();
  CHECK(schema["additionalProperties"] == false);
  CHECK(schema["required"] == Json::array({"path"}));
  for (auto& [name, prop] : schema["properties"].items()) {
    INFO(name);
    CHECK(prop.contains("description"));
  }
  CHECK(schema["properties"]["path"]["minLength"] == 1);
  CHECK(schema["properties"]["header"]["default"] == true);
  const Json ports = Json::parse(CsvWriteStage::ports);
  CHECK(ports["inputs"][0]["name"] == "in");
  CHECK(ports["outputs"].empty());
  CHECK(CsvWriteStage::flags == CHORUS_STAGE_SINK);
}
