// Unit tests of the CSV record reader (no host needed).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "csv_parser.hpp"
#include "io/common/input.hpp"

using namespace chorus::io_csv;
using chorus::io_common::StringSource;

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
  CHECK(p.rows[1] == Row{"a\rb", "c"});                         // a lone CR is data
  CHECK(p.rows[2] == Row{"last", ""});                          // CR at the end of input ends the line
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
        for (uint32_t i = 0; i < r.n_fields; ++i) row.emplace_back(field_text(b.fields[r.first_field + i], scratch));
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
