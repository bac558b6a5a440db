// Unit tests of the CSV record reader and value parsers (no host needed).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "io/csv/csv_parser.hpp"
#include "io/csv/value_parse.hpp"

using namespace chorus::io;
using namespace chorus::io::csv;

namespace {

struct Parsed {
  std::vector<std::vector<std::string>> rows;
  std::vector<int64_t> lines;
  std::vector<std::string> errors;  // "" when none
  std::vector<std::string> raws;
  std::vector<std::vector<bool>> quoted;
};

Parsed parse_all(const std::string& text, size_t chunk = size_t(1) << 22, char delim = ',') {
  StringSource src(text);
  CsvReader reader(src, delim, chunk);
  Record rec;
  Parsed p;
  std::string scratch;
  while (reader.next(rec)) {
    std::vector<std::string> row;
    std::vector<bool> q;
    for (size_t i = 0; i < rec.size(); ++i) {
      row.emplace_back(rec.field(i, scratch));
      q.push_back(rec.fields[i].quoted);
    }
    p.rows.push_back(row);
    p.quoted.push_back(q);
    p.lines.push_back(rec.line);
    p.errors.emplace_back(rec.error ? rec.error : "");
    p.raws.emplace_back(rec.raw());
  }
  return p;
}

using Row = std::vector<std::string>;

}  // namespace

TEST_CASE("csv parser: quoted fields, doubled quotes, embedded newlines, CRLF, BOM", "[io.csv]") {
  const std::string text =
      "\xEF\xBB\xBFid,text,n\r\n"
      "1,\"hello, world\",3\r\n"
      "2,\"multi\nline \"\"quoted\"\"\",4\n"
      "3,plain,5";
  // Every chunk size, down to one byte per read, must give the same records.
  std::vector<size_t> chunks = {size_t(1) << 22};
  for (size_t c = 1; c <= 40; ++c) chunks.push_back(c);
  for (size_t chunk : chunks) {
    INFO("chunk size " << chunk);
    Parsed p = parse_all(text, chunk);
    REQUIRE(p.rows.size() == 4);
    CHECK(p.rows[0] == Row{"id", "text", "n"});  // BOM stripped from "id"
    CHECK(p.rows[1] == Row{"1", "hello, world", "3"});
    CHECK(p.rows[2] == Row{"2", "multi\nline \"quoted\"", "4"});
    CHECK(p.rows[3] == Row{"3", "plain", "5"});
    CHECK(p.lines == std::vector<int64_t>{1, 2, 3, 5});
    CHECK(p.raws[1] == "1,\"hello, world\",3");  // CRLF not part of the record
    CHECK(p.raws[2] == "2,\"multi\nline \"\"quoted\"\"\",4");
    CHECK(p.quoted[1] == std::vector<bool>{false, true, false});
    for (const auto& e : p.errors) CHECK(e.empty());
  }
}

TEST_CASE("csv parser: line of a bad record after a multi-line record", "[io.csv]") {
  const std::string text =
      "a,b\n"            // line 1
      "\"x\ny\nz\",1\n"  // lines 2-4
      "\n"               // line 5: blank, skipped
      "\"bad\"x,2\n"     // line 6: text after the closing quote
      "ok,3\n"           // line 7
      "\"open,4\n"       // line 8: quote never closed
      "more\n";
  for (size_t chunk : {size_t(1), size_t(3), size_t(7), size_t(1) << 22}) {
    INFO("chunk size " << chunk);
    Parsed p = parse_all(text, chunk);
    REQUIRE(p.rows.size() == 5);
    CHECK(p.lines == std::vector<int64_t>{1, 2, 6, 7, 8});
    CHECK(p.rows[1] == Row{"x\ny\nz", "1"});
    CHECK(p.errors[1].empty());
    CHECK(p.errors[2] == "unexpected text after a closing quote");
    CHECK(p.raws[2] == "\"bad\"x,2");
    CHECK(p.rows[3] == Row{"ok", "3"});
    CHECK(p.errors[3].empty());
    CHECK(p.errors[4] == "unterminated quoted field at end of file");
    CHECK(p.raws[4] == "\"open,4\nmore\n");
  }
}

TEST_CASE("csv parser: empty fields, lone CR, trailing CR, other delimiters", "[io.csv]") {
  Parsed p = parse_all("\"\",,x\na\rb,c\r\nlast,\r");
  REQUIRE(p.rows.size() == 3);
  CHECK(p.rows[0] == Row{"", "", "x"});
  CHECK(p.quoted[0] == std::vector<bool>{true, false, false});  // "" vs nothing
  CHECK(p.rows[1] == Row{"a\rb", "c"});                        // a lone CR is data
  CHECK(p.rows[2] == Row{"last", ""});                         // CR at the end of input ends the line
  CHECK(p.lines == std::vector<int64_t>{1, 2, 3});

  Parsed semi = parse_all("a;\"b;c\";d\n", 1 << 20, ';');
  REQUIRE(semi.rows.size() == 1);
  CHECK(semi.rows[0] == Row{"a", "b;c", "d"});
  Parsed tab = parse_all("a\tb,c\n", 1 << 20, '\t');
  REQUIRE(tab.rows.size() == 1);
  CHECK(tab.rows[0] == Row{"a", "b,c"});

  // A file with only a BOM and blank lines has no records.
  CHECK(parse_all("\xEF\xBB\xBF\n\r\n\n").rows.empty());
  CHECK(parse_all("").rows.empty());
  StringSource none("");
  CHECK_THROWS_AS(CsvReader(none, '"'), std::invalid_argument);
}

TEST_CASE("csv parser: records larger than the buffer", "[io.csv]") {
  std::string big(100000, 'q');
  std::string text = "1,\"" + big + "\n" + big + "\"\n2," + big + "\n";
  Parsed p = parse_all(text, 4096);
  REQUIRE(p.rows.size() == 2);
  CHECK(p.rows[0][1].size() == 200001);
  CHECK(p.rows[1] == Row{"2", big});
  CHECK(p.lines == std::vector<int64_t>{1, 3});
}

TEST_CASE("csv values: int64 is strict", "[io.csv]") {
  int64_t v = 0;
  CHECK((parse_int64("42", v) && v == 42));
  CHECK((parse_int64("-7", v) && v == -7));
  CHECK((parse_int64("9223372036854775807", v) && v == INT64_MAX));
  CHECK_FALSE(parse_int64("9223372036854775808", v));
  CHECK_FALSE(parse_int64("1.0", v));
  CHECK_FALSE(parse_int64(" 1", v));
  CHECK_FALSE(parse_int64("+1", v));
  CHECK_FALSE(parse_int64("12a", v));
  CHECK_FALSE(parse_int64("", v));
}

TEST_CASE("csv values: float64 and bool", "[io.csv]") {
  double d = 0;
  CHECK((parse_float64("1.5", d) && d == 1.5));
  CHECK((parse_float64("-2e3", d) && d == -2000.0));
  CHECK((parse_float64(".5", d) && d == 0.5));
  CHECK((parse_float64("7", d) && d == 7.0));
  CHECK_FALSE(parse_float64("nan", d));
  CHECK_FALSE(parse_float64("inf", d));
  CHECK_FALSE(parse_float64("-inf", d));
  CHECK_FALSE(parse_float64("1e400", d));
  CHECK_FALSE(parse_float64("1,5", d));
  CHECK_FALSE(parse_float64("", d));

  bool b = false;
  for (const char* t : {"true", "True", "TRUE", "1"}) CHECK((parse_bool(t, b) && b));
  for (const char* f : {"false", "False", "FALSE", "0"}) CHECK((parse_bool(f, b) && !b));
  CHECK_FALSE(parse_bool("yes", b));
  CHECK_FALSE(parse_bool("T", b));
  CHECK_FALSE(parse_bool("", b));
}

TEST_CASE("csv values: list<utf8> as JSON array or '|'-separated", "[io.csv]") {
  std::vector<std::string> items;
  size_t n = 0;
  REQUIRE(parse_list("[\"a\", \"b\"]", items, n));
  CHECK(n == 2);
  CHECK(items[0] == "a");
  CHECK(items[1] == "b");
  REQUIRE(parse_list("[\"x\\\"y\",\"\\u00e9\\n\"]", items, n));
  CHECK(n == 2);
  CHECK(items[0] == "x\"y");
  CHECK(items[1] == "\xC3\xA9\n");
  REQUIRE(parse_list("[\"\\ud83d\\ude00\"]", items, n));  // surrogate pair -> U+1F600
  CHECK(n == 1);
  CHECK(items[0] == "\xF0\x9F\x98\x80");
  REQUIRE(parse_list("[]", items, n));
  CHECK(n == 0);
  REQUIRE(parse_list("a|b||c", items, n));
  CHECK(n == 4);
  CHECK(items[0] == "a");
  CHECK(items[2] == "");
  CHECK(items[3] == "c");
  REQUIRE(parse_list("solo", items, n));
  CHECK(n == 1);
  CHECK(items[0] == "solo");
  CHECK_FALSE(parse_list("[1]", items, n));
  CHECK_FALSE(parse_list("[\"a\"", items, n));
  CHECK_FALSE(parse_list("[\"a\"] x", items, n));
  CHECK_FALSE(parse_list("[\"a\",]", items, n));

  std::string out;
  append_json_string(out, "a\"b\\c\nd\x01");
  CHECK(out == "\"a\\\"b\\\\c\\nd\\u0001\"");
}

TEST_CASE("csv parser: block mode gives the same records at every chunk size", "[io.csv]") {
  const std::string text =
      "\xEF\xBB\xBFh1,h2\r\n"
      "1,\"a\nb\"\"c\"\"\"\n"
      "\n"
      "2,\"x,y\"\r\n"
      "\"bad\"z,3\n"
      "4,last";
  Parsed expected = parse_all(text);
  REQUIRE(expected.rows.size() == 5);
  for (size_t chunk : {size_t(1), size_t(2), size_t(5), size_t(9), size_t(17), size_t(1) << 22}) {
    INFO("chunk size " << chunk);
    StringSource src(text);
    CsvReader reader(src, ',', chunk);
    std::vector<RecordBlock> kept;  // earlier blocks must stay valid while later ones are parsed
    RecordBlock blk;
    while (reader.next_block(blk)) {
      kept.push_back(std::move(blk));
      blk = RecordBlock();
    }
    std::vector<std::vector<std::string>> rows;
    std::vector<int64_t> lines;
    std::vector<std::string> errors;
    std::string scratch;
    for (const auto& b : kept)
      for (const auto& r : b.records) {
        std::vector<std::string> row;
        for (uint32_t i = 0; i < r.n_fields; ++i)
          row.emplace_back(field_text(b.fields[r.first_field + i], scratch));
        rows.push_back(row);
        lines.push_back(r.line);
        errors.emplace_back(r.error ? r.error : "");
      }
    CHECK(rows == expected.rows);
    CHECK(lines == std::vector<int64_t>{1, 2, 5, 6, 7});
    CHECK(rows[1] == Row{"1", "a\nb\"c\""});
    CHECK(errors[3] == "unexpected text after a closing quote");
  }
}
