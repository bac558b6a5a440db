// export/csv: files written through the fake host and read back with
// python3's csv module (an independent RFC 4180 reader).
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include "export/common/python_oracle.hpp"
#include "csv_stage.hpp"

using namespace chorus::sdk::testing;
using chorus::export_common::testing::run_python_json;
using chorus::export_csv::CsvStage;

namespace {

// Reads the CSV with the csv module (newline='' as its docs require) and
// prints {"rows": [[field, ...], ...], "raw": first bytes as a list of ints}.
const char* kReadCsv = R"py(
import csv, json, sys
path = sys.argv[1]
enc = 'utf-8-sig' if open(path, 'rb').read(3) == b'\xef\xbb\xbf' else 'utf-8'
with open(path, newline='', encoding=enc) as f:
    rows = list(csv.reader(f))
raw = open(path, 'rb').read()
print(json.dumps({"rows": rows, "encoding": enc, "crlf_records": raw.count(b'\r\n'),
                  "bom": raw[:3] == b'\xef\xbb\xbf'}))
)py";

Schema mixed_schema() {
  return schema({{"text", "utf8"},
                 {"n", "int64"},
                 {"x", "float64"},
                 {"ok", "bool"},
                 {"t", "timestamp[ms]"},
                 {"tags", "list<utf8>"}});
}

}  // namespace

TEST_CASE("export/csv: round trip of quotes line breaks nulls lists and times", "[export.csv]") {
  TempDir dir;
  FakeHost host;
  host.pipeline_dir = dir.path();
  Schema s = mixed_schema();
  // 1614830767123 ms = 2021-03-04T04:06:07.123Z; 0 ms = 1970-01-01T00:00:00Z.
  host.inputs["in"] = {
      batch(s, {{"plain", int64_t{-5}, 2.5, true, int64_t{1614830767123}, std::vector<std::string>{"a", "b c"}},
                {"with,comma", int64_t{0}, -0.125, false, int64_t{0}, std::vector<std::string>{}}}),
      batch(s, {{"say \"hi\"", null, null, null, null, null},
                {"two\nlines", int64_t{7}, 1e300, true, null, std::vector<std::string>{"x"}},
                {"cr\r\nlf", null, null, null, null, null},
                {"", null, null, null, null, null},
                {null, null, null, null, null, null}})};
  REQUIRE(host.run<CsvStage>({{"path", "out/table.csv"}}) == 0);
  const auto j = run_python_json(dir.path(), kReadCsv, dir.file("out/table.csv"));
  const auto& rows = j["rows"];
  REQUIRE(rows.size() == 8);
  CHECK(rows[0] == Json::array({"text", "n", "x", "ok", "t", "tags"}));
  CHECK(rows[1] == Json::array({"plain", "-5", "2.5", "true", "2021-03-04T04:06:07.123Z", "a|b c"}));
  CHECK(rows[2] == Json::array({"with,comma", "0", "-0.125", "false", "1970-01-01T00:00:00Z", ""}));
  CHECK(rows[3][0] == "say \"hi\"");
  CHECK(rows[4] == Json::array({"two\nlines", "7", "1e+300", "true", "", "x"}));
  CHECK(rows[5][0] == "cr\r\nlf");
  CHECK(rows[6][0] == "");
  CHECK(rows[7] == Json::array({"", "", "", "", "", ""}));
  // RFC 4180: 8 records end in CRLF, plus the CRLF inside the quoted "cr\r\nlf".
  CHECK(j["crlf_records"] == 9);
  CHECK(j["bom"] == false);
  // Null and "" stay apart in the raw text: "" is quoted, null is nothing.
  const std::string raw = read_file(dir.file("out/table.csv"));
  CHECK(raw.find("\r\n\"\",,,,,\r\n,,,,,\r\n") != std::string::npos);
  CHECK(raw.find("\"with,comma\",0,-0.125,false,1970-01-01T00:00:00Z,\"\"\r\n") != std::string::npos);
  // Written atomically: no temporary file is left.
  CHECK(read_file(dir.file("out/table.csv.tmp")).empty());
}

TEST_CASE("export/csv: formula guard prefixes text that starts like a formula", "[export.csv]") {
  TempDir dir;
  FakeHost host;
  host.pipeline_dir = dir.path();
  Schema s = schema({{"=h", "utf8"}, {"n", "int64"}, {"x", "float64"}, {"tags", "list<utf8>"}});
  host.inputs["in"] = {batch(s, {{"=1+2", int64_t{-3}, -1.5, std::vector<std::string>{"=cmd", "b"}},
                                 {"+x", null, null, std::vector<std::string>{"a", "-b"}},
                                 {"-5", null, null, null},
                                 {"@SUM(A1)", null, null, null},
                                 {"\tx", null, null, null},
                                 {"\rx", null, null, null},
                                 {"a=b", null, null, null},
                                 {" =x", null, null, null},
                                 {"=HYPERLINK(\"http://x\",\"y\")", null, null, null}})};
  SECTION("on by default") {
    REQUIRE(host.run<CsvStage>({{"path", "g.csv"}, {"line_ending", "lf"}}) == 0);
    const auto rows = run_python_json(dir.path(), kReadCsv, dir.file("g.csv"))["rows"];
    REQUIRE(rows.size() == 10);
    CHECK(rows[0] == Json::array({"'=h", "n", "x", "tags"}));
    // Numbers are numbers, never prefixed: -3 and -1.5 stay as they are.
    CHECK(rows[1] == Json::array({"'=1+2", "-3", "-1.5", "'=cmd|b"}));
    // The guard looks at the joined text only: "a|-b" does not start with '-'.
    CHECK(rows[2] == Json::array({"'+x", "", "", "a|-b"}));
    CHECK(rows[3][0] == "'-5");
    CHECK(rows[4][0] == "'@SUM(A1)");
    CHECK(rows[5][0] == "'\tx");
    CHECK(rows[6][0] == "'\rx");
    CHECK(rows[7][0] == "a=b");
    CHECK(rows[8][0] == " =x");
    CHECK(rows[9][0] == "'=HYPERLINK(\"http://x\",\"y\")");
    // 1 header + 7 cells + 1 list cell
    CHECK(host.logged(CHORUS_LOG_INFO, "9 text cell(s) start like a formula"));
  }
  SECTION("off on request") {
    REQUIRE(host.run<CsvStage>({{"path", "g.csv"}, {"formula_guard", false}}) == 0);
    const auto rows = run_python_json(dir.path(), kReadCsv, dir.file("g.csv"))["rows"];
    REQUIRE(rows.size() == 10);
    CHECK(rows[0][0] == "=h");
    CHECK(rows[1] == Json::array({"=1+2", "-3", "-1.5", "=cmd|b"}));
    CHECK(rows[5][0] == "\tx");
    CHECK(rows[6][0] == "\rx");
  }
}

TEST_CASE("export/csv: BOM columns delimiter and separator options", "[export.csv]") {
  TempDir dir;
  FakeHost host;
  host.pipeline_dir = dir.path();
  Schema s = schema({{"account", "utf8"}, {"state", "utf8"}, {"tags", "list<utf8>"}});
  host.inputs["in"] = {batch(
      s, {{"ä1", "RU", std::vector<std::string>{"x;y", "z"}}, {"b2", null, std::vector<std::string>{"日本", "q"}}})};
  REQUIRE(host.run<CsvStage>({{"path", "b.csv"},
                              {"bom", true},
                              {"columns", {"tags", "account"}},
                              {"delimiter", ";"},
                              {"list_separator", "; "}}) == 0);
  const std::string raw = read_file(dir.file("b.csv"));
  REQUIRE(raw.size() > 3);
  CHECK(raw.substr(0, 3) == "\xEF\xBB\xBF");
  CHECK(raw.substr(3, 14) == "tags;account\r\n");
  // python's csv module, told the delimiter, reads the BOM file as utf-8-sig.
  const char* script = R"py(
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
    rows = list(csv.reader(f, delimiter=';'))
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    first = f.read(1)
print(json.dumps({"rows": rows, "first_char": ord(first)}))
)py";
  const auto j = run_python_json(dir.path(), script, dir.file("b.csv"));
  CHECK(j["first_char"] == 0xFEFF);
  CHECK(j["rows"] == Json::parse(R"([["tags","account"],["x;y; z","ä1"],["日本; q","b2"]])"));
  // "x;y" holds the separator "; "? No: only "; " counts, so no warning here.
  CHECK_FALSE(host.logged(CHORUS_LOG_WARN, "list_separator"));
}

TEST_CASE("export/csv: list items holding the separator are counted", "[export.csv]") {
  TempDir dir;
  FakeHost host;
  host.pipeline_dir = dir.path();
  Schema s = schema({{"tags", "list<utf8>"}});
  host.inputs["in"] = {batch(s, {{std::vector<std::string>{"a|b", "c", "d|"}}, {std::vector<std::string>{"e"}}})};
  REQUIRE(host.run<CsvStage>({{"path", "l.csv"}}) == 0);
  CHECK(host.logged(CHORUS_LOG_WARN, "2 list item(s) contain the list_separator '|'"));
  CHECK(read_file(dir.file("l.csv")) == "tags\r\na|b|c|d|\r\ne\r\n");
}

TEST_CASE("export/csv: an input without batches gives the header line", "[export.csv]") {
  TempDir dir;
  FakeHost host;
  host.pipeline_dir = dir.path();
  host.input_types["in"] = {"", schema({{"account", "utf8"}, {"n", "int64"}})};
  host.inputs["in"] = {};
  REQUIRE(host.run<CsvStage>({{"path", "e.csv"}}) == 0);
  CHECK(read_file(dir.file("e.csv")) == "account,n\r\n");
}

TEST_CASE("export/csv: configuration errors name the key", "[export.csv]") {
  FakeHost host;
  Schema s = schema({{"account", "utf8"}, {"state", "utf8"}});
  REQUIRE(host.infer<CsvStage>({{"path", "x.csv"}, {"columns", {"acount"}}}, {{"in", {"", s}}}) != 0);
  CHECK(host.last_error() == "with.columns[0]: no column 'acount' in input (did you mean 'account'?)");
  REQUIRE(host.infer<CsvStage>({{"path", "x.csv"}, {"delimiter", "\""}}, {{"in", {"", s}}}) != 0);
  CHECK(host.last_error() == "with.delimiter: cannot be a quote, an apostrophe or a line break");
  REQUIRE(host.infer<CsvStage>({{"path", "x.csv"}, {"line_ending", "cr"}}, {{"in", {"", s}}}) != 0);
  CHECK(host.last_error() == "with.line_ending: unknown value \"cr\" (expected crlf or lf)");
  REQUIRE(host.infer<CsvStage>(Json::object(), {{"in", {"", s}}}) != 0);
  CHECK(host.last_error() ==
        "with.path: is required (Output file; relative to the pipeline file's folder. Missing parent folders are "
        "created.)");
  // One mistake, one error; the defaults are the table's.
  REQUIRE(host.infer<CsvStage>({{"path", "x.csv"}, {"bom", "yes"}}, {{"in", {"", s}}}) != 0);
  CHECK(host.errors == std::vector<std::string>{"with.bom: expected true or false, got \"yes\""});
  REQUIRE(host.infer<CsvStage>({{"path", "x.csv"}, {"delimeter", ";"}}, {{"in", {"", s}}}) != 0);
  CHECK(host.last_error() == "with: unknown option 'delimeter' (did you mean 'delimiter'?)");
  REQUIRE(host.infer<CsvStage>({{"path", "x.csv"}, {"columns", {"state"}}}, {{"in", {"", s}}}) == 0);
}

TEST_CASE("export/csv: a failed run leaves no file", "[export.csv]") {
  TempDir dir;
  FakeHost host;
  host.pipeline_dir = dir.path();
  host.inputs["in"] = {batch(schema({{"a", "utf8"}}), {{"x"}}), batch(schema({{"b", "int64"}}), {{int64_t{1}}})};
  REQUIRE(host.run<CsvStage>({{"path", "f.csv"}}) != 0);
  CHECK(host.last_error() == "export/csv: the input's columns changed between batches");
  CHECK_FALSE(std::filesystem::exists(dir.file("f.csv")));
  CHECK_FALSE(std::filesystem::exists(dir.file("f.csv.tmp")));
}
