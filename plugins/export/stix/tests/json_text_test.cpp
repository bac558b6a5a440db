// json_text: the direct JSON writer must give nlohmann's dump_line bytes
// (the contract that keeps the bundle unchanged). Literal cases are written
// by hand; the seeded random strings and numbers use nlohmann's own dump as
// the oracle.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>

#include "json_text.hpp"
#include "stix_json.hpp"

namespace es = chorus::export_stix;

namespace {

std::string string_text(std::string_view s) {
  std::string out;
  es::append_json_string(out, s);
  return out;
}
std::string number(double v) {
  std::string out;
  es::append_json_number(out, v);
  return out;
}

}  // namespace

TEST_CASE("export/stix json_text: strings escaped as nlohmann dumps them", "[export.stix]") {
  CHECK(string_text("") == "\"\"");
  CHECK(string_text("plain user_1") == "\"plain user_1\"");
  CHECK(string_text("a\"b\\c/d") == "\"a\\\"b\\\\c/d\"");
  CHECK(string_text("\b\f\n\r\t") == "\"\\b\\f\\n\\r\\t\"");
  CHECK(string_text(std::string("\x00\x01\x1f\x7f", 4)) == "\"\\u0000\\u0001\\u001f\x7f\"");
  CHECK(string_text("caf\xc3\xa9 \xf0\x9f\x98\x80") == "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"");  // valid UTF-8 kept
  CHECK(string_text("bad \xff!") == "\"bad \xef\xbf\xbd!\"");                                // U+FFFD
  CHECK(string_text("cut \xe2\x82") == "\"cut \xef\xbf\xbd\"");
  CHECK(string_text("surrogate \xed\xa0\x80") != "\"surrogate \xed\xa0\x80\"");  // not valid UTF-8: replaced

  // Seeded random byte strings, biased to the interesting bytes.
  std::mt19937_64 rng(20261211);
  const unsigned char pool[] = {'a',  'Z',  '0',  ' ',  '"',  '\\', '/',  0x00, 0x08, 0x0a, 0x1f, 0x7f, 0x80, 0xbf,
                                0xc0, 0xc2, 0xdf, 0xe0, 0xa0, 0xed, 0x9f, 0xef, 0xf0, 0x90, 0xf4, 0x8f, 0xf5, 0xff};
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    const size_t len = rng() % 12;
    for (size_t k = 0; k < len; ++k) s.push_back(static_cast<char>(pool[rng() % sizeof pool]));
    INFO("case " << n);
    REQUIRE(string_text(s) == es::dump_line(es::Json(s)));
  }
}

TEST_CASE("export/stix json_text: numbers and objects as nlohmann dumps them", "[export.stix]") {
  CHECK(number(0.5) == "0.5");
  CHECK(number(1.0) == "1.0");
  CHECK(number(0.1 + 0.2) == "0.30000000000000004");
  CHECK(number(1e-7) == "1e-07");
  CHECK(number(std::nan("")) == "null");
  CHECK(number(std::numeric_limits<double>::infinity()) == "null");
  std::mt19937_64 rng(7);
  for (int n = 0; n < 20000; ++n) {
    uint64_t bits = rng();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    if (n % 2) v = static_cast<double>(rng() % 1000000) / 1000.0;
    REQUIRE(number(v) == es::dump_line(es::Json(v)));
  }
  std::string out;
  es::append_json_integer(out, -42);
  CHECK(out == "-42");

  std::string t;
  es::JsonObjectText o(t);
  o.string("id", "x--1").integer("n", 3).number("s", 0.25).raw("a", "[\"b\"]");
  es::JsonObjectText inner = o.object("extensions");
  inner.string("k", "v\n");
  inner.close();
  o.close();
  es::Json j;
  j["id"] = "x--1";
  j["n"] = 3;
  j["s"] = 0.25;
  j["a"] = es::Json::array({"b"});
  j["extensions"]["k"] = "v\n";
  CHECK(t == es::dump_line(j));
  CHECK(t == R"({"id":"x--1","n":3,"s":0.25,"a":["b"],"extensions":{"k":"v\n"}})");
}
