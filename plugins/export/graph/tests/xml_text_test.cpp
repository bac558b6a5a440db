// The XML escaper on hand-made byte strings, and Python's expat as the
// independent judge that the result is well-formed XML holding that text.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include "export/common/python_oracle.hpp"
#include "graph_oracle.hpp"
#include "support/skip.hpp"
#include "xml_text.hpp"

using chorus::export_common::testing::run_python_json;
using chorus::export_graph::append_xml_escaped;
using chorus::sdk::testing::TempDir;

namespace {
const std::string R = "\xEF\xBF\xBD";  // U+FFFD
std::pair<std::string, int64_t> esc(const std::string& in) {
  std::string out;
  const int64_t n = append_xml_escaped(out, in);
  return {out, n};
}
}  // namespace

TEST_CASE("export/graphml: XML escaper replaces exactly what XML 1.0 cannot hold", "[export.graphml]") {
  CHECK(esc("a&b<c>\"d'e") == std::make_pair(std::string("a&amp;b&lt;c&gt;&quot;d&apos;e"), int64_t{0}));
  CHECK(esc("\t\n\r") == std::make_pair(std::string("&#9;&#10;&#13;"), int64_t{0}));
  CHECK(esc(std::string("a\0b", 3)) == std::make_pair("a" + R + "b", int64_t{1}));
  CHECK(esc("\x7F\xC2\x85") == std::make_pair(std::string("\x7F\xC2\x85"), int64_t{0}));          // DEL, NEL: allowed
  CHECK(esc("\xF0\x9F\x99\x82") == std::make_pair(std::string("\xF0\x9F\x99\x82"), int64_t{0}));  // emoji
  CHECK(esc("\xEF\xBF\xBE|\xEF\xBF\xBF") == std::make_pair(R + "|" + R, int64_t{2}));             // U+FFFE, U+FFFF
  CHECK(esc("\xEF\xBF\xBD") == std::make_pair(R, int64_t{0}));                  // U+FFFD itself is fine
  CHECK(esc("\xED\xA0\x80") == std::make_pair(R + R + R, int64_t{3}));          // surrogate: 3 bad bytes
  CHECK(esc("\xC0\xAF") == std::make_pair(R + R, int64_t{2}));                  // overlong '/'
  CHECK(esc("\xE6\x97") == std::make_pair(R + R, int64_t{2}));                  // truncated
  CHECK(esc("\xF4\x90\x80\x80") == std::make_pair(R + R + R + R, int64_t{4}));  // beyond U+10FFFF
}

TEST_CASE("export/graphml: every escaped byte reads back through expat", "[export.graphml]") {
  if (!chorus::export_graph::testing::python_has("xml.etree.ElementTree")) CHORUS_SKIP("python3 is not installed");
  // Every byte value once, inside an attribute and an element: expat must
  // accept the document and read back the text with the replacements.
  std::string all;
  for (int b = 1; b < 256; ++b) all.push_back(static_cast<char>(b));
  std::string expected;  // by hand: C0 controls but tab/LF/CR and every lone byte >= 0x80 -> U+FFFD
  for (int b = 1; b < 256; ++b) {
    if ((b < 0x20 && b != 9 && b != 10 && b != 13) || b >= 0x80)
      expected += R;
    else
      expected.push_back(static_cast<char>(b));
  }
  const auto [text, replaced] = esc(all);
  CHECK(replaced == 31 - 3 + 128);
  TempDir dir;
  chorus::testing::write_file(dir.file("doc.xml"),
                              "<?xml version=\"1.0\" encoding=\"UTF-8\"?><r a=\"" + text + "\">" + text + "</r>");
  const char* script = R"py(
import json, sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
print(json.dumps({"attr": r.get("a"), "text": r.text}))
)py";
  const auto j = run_python_json(dir.path(), script, dir.file("doc.xml"));
  CHECK(j["attr"] == expected);
  CHECK(j["text"] == expected);
}
