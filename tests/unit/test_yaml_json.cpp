// YAML -> JSON conversion: typing, marks, key order and the errors it reports.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>

#include "config/yaml_json.hpp"

using chorus::Diagnostics;
using chorus::LocatedJson;
using chorus::yaml_to_json;

namespace {

std::vector<std::string> formatted(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& x : d.all()) out.push_back(x.format());
  return out;
}

}  // namespace

TEST_CASE("yaml_to_json: syntax error is reported at its line and column", "[config][yaml]") {
  Diagnostics d;
  auto doc = yaml_to_json("name: demo\nstages: [a, b\nother: 1\n", "p.yaml", d);
  CHECK_FALSE(doc.has_value());
  REQUIRE(d.all().size() == 1);
  CHECK(d.all()[0].where.line == 3);
  CHECK(d.all()[0].where.column == 6);
  CHECK(d.all()[0].format() == "p.yaml:3:6: error: end of sequence flow not found");
}

TEST_CASE("yaml_to_json: unclosed flow map", "[config][yaml]") {
  Diagnostics d;
  auto doc = yaml_to_json("stages:\n  posts: {uses: a/b\n", "p.yaml", d);
  CHECK_FALSE(doc.has_value());
  CHECK(formatted(d) == std::vector<std::string>{"p.yaml:3:1: error: end of map flow not found"});
}

TEST_CASE("yaml_to_json: duplicate keys are reported at the second key, the first wins", "[config][yaml]") {
  Diagnostics d;
  auto doc = yaml_to_json("a: 1\nb: 2\na: 3\n", "f.yaml", d);
  REQUIRE(doc.has_value());
  CHECK(formatted(d) == std::vector<std::string>{"f.yaml:3:1: error: duplicate key 'a' (first defined at line 1)"});
  CHECK(doc->value == nlohmann::json{{"a", 1}, {"b", 2}});
  CHECK(doc->key_order.at("") == std::vector<std::string>{"a", "b"});

  Diagnostics d2;
  auto nested = yaml_to_json("stages:\n  x:\n    uses: a/b\n    with: {}\n    uses: c/d\n", "g.yaml", d2);
  REQUIRE(nested.has_value());
  CHECK(formatted(d2) == std::vector<std::string>{"g.yaml:5:5: error: duplicate key 'uses' (first defined at line 3)"});
  CHECK(nested->value["stages"]["x"]["uses"] == "a/b");
}

TEST_CASE("yaml_to_json: scalars follow the YAML 1.2 core schema", "[config][yaml]") {
  const std::string text =
      "a: yes\n"
      "b: on\n"
      "c: \"true\"\n"
      "d: true\n"
      "e: 1\n"
      "f: 1.5\n"
      "g: ~\n"
      "h: 0x1F\n"
      "i: 'x'\n"
      "j:\n"
      "k: -12\n"
      "l: 0o17\n"
      "m: .inf\n"
      "n: 1e3\n"
      "o: No\n"
      "p: 12abc\n"
      "q: !!str 5\n"
      "r: null\n"
      "s: -9223372036854775808\n"
      "t: FALSE\n"
      "u: +1\n"
      "v: |\n"
      "  10\n"
      "w: '~'\n"
      "x: .NaN\n";
  Diagnostics d;
  auto doc = yaml_to_json(text, "t.yaml", d);
  REQUIRE(doc.has_value());
  CHECK(d.all().empty());
  const auto& v = doc->value;
  CHECK(v["a"] == "yes");
  CHECK(v["a"].is_string());
  CHECK(v["b"] == "on");
  CHECK(v["c"].is_string());
  CHECK(v["c"] == "true");
  CHECK(v["d"].is_boolean());
  CHECK(v["d"] == true);
  CHECK(v["e"].is_number_integer());
  CHECK(v["e"] == 1);
  CHECK(v["f"].is_number_float());
  CHECK(v["f"] == 1.5);
  CHECK(v["g"].is_null());
  CHECK(v["h"].is_number_integer());
  CHECK(v["h"] == 31);
  CHECK(v["i"] == "x");
  CHECK(v["j"].is_null());
  CHECK(v["k"] == -12);
  CHECK(v["l"] == 15);
  CHECK(v["m"].is_number_float());
  CHECK(std::isinf(v["m"].get<double>()));
  CHECK(v["n"].is_number_float());
  CHECK(v["n"] == 1000.0);
  CHECK(v["o"] == "No");
  CHECK(v["p"] == "12abc");
  CHECK(v["q"] == "5");
  CHECK(v["r"].is_null());
  CHECK(v["s"] == std::numeric_limits<std::int64_t>::min());
  CHECK(v["t"] == false);
  CHECK(v["u"] == 1);
  CHECK(v["v"] == "10\n");
  CHECK(v["w"] == "~");
  CHECK(std::isnan(v["x"].get<double>()));
}

TEST_CASE("yaml_to_json: integers out of range are errors", "[config][yaml]") {
  Diagnostics d;
  auto doc = yaml_to_json("big: 99999999999999999999\nhex: 0x8000000000000000\n", "t.yaml", d);
  REQUIRE(doc.has_value());
  CHECK(formatted(d) == std::vector<std::string>{"t.yaml:1:6: error: integer out of range: 99999999999999999999",
                                                 "t.yaml:2:6: error: integer out of range: 0x8000000000000000"});
  CHECK(doc->value["big"] == "99999999999999999999");
}

TEST_CASE("yaml_to_json: key order and marks", "[config][yaml]") {
  Diagnostics d;
  auto doc = yaml_to_json("zeta: 1\nalpha: 2\nmid: {y: 1, b: 2}\na/b: 1\nt~x: 2\nlist:\n  - q\n  - {r: 1}\nempty:\n",
                          "m.yaml", d);
  REQUIRE(doc.has_value());
  CHECK(d.all().empty());
  CHECK(doc->key_order.at("") == std::vector<std::string>{"zeta", "alpha", "mid", "a/b", "t~x", "list", "empty"});
  CHECK(doc->key_order.at("/mid") == std::vector<std::string>{"y", "b"});
  CHECK(doc->key_order.at("/list/1") == std::vector<std::string>{"r"});
  CHECK(doc->ordered_keys("/mid") == std::vector<std::string>{"y", "b"});

  // Key marks for map entries, value marks for values.
  auto at = doc->at("/mid/b");
  CHECK(at.file == "m.yaml");
  CHECK(at.line == 3);
  CHECK(at.column == 13);
  auto val = doc->value_at("/mid/b");
  CHECK(val.line == 3);
  CHECK(val.column == 16);
  CHECK(doc->value_at("/zeta").line == 1);
  CHECK(doc->value_at("/zeta").column == 7);
  // Sequence items only have values.
  CHECK(doc->at("/list/0").line == 7);
  CHECK(doc->at("/list/0").column == 5);
  CHECK(doc->at("/list/1/r").line == 8);
  CHECK(doc->at("/list/1/r").column == 6);
  // JSON pointer escaping.
  CHECK(doc->key_marks.count("/a~1b") == 1);
  CHECK(doc->at("/a~1b").line == 4);
  CHECK(doc->at("/t~0x").line == 5);
  // Unknown pointers fall back to the nearest ancestor.
  CHECK(doc->at("/mid/nope").line == 3);
  CHECK(doc->at("/mid/nope").column == 1);
  CHECK(doc->at("").line == 1);
  // An empty value is placed at its key.
  CHECK(doc->value_at("/empty").line == 9);
  CHECK(doc->value_at("/empty").column == 1);
}

TEST_CASE("ordered_keys lists keys added later after the original ones", "[config][yaml]") {
  Diagnostics d;
  auto doc = yaml_to_json("b: 1\na: 2\n", "o.yaml", d);
  REQUIRE(doc.has_value());
  doc->value["c"] = 3;
  doc->value.erase("b");
  CHECK(doc->ordered_keys("") == std::vector<std::string>{"a", "c"});
}

TEST_CASE("yaml_to_json: recursive aliases and non-scalar keys are errors", "[config][yaml]") {
  Diagnostics d;
  auto doc = yaml_to_json("a: &r [1, *r]\n", "r.yaml", d);
  REQUIRE(doc.has_value());
  CHECK(formatted(d) == std::vector<std::string>{"r.yaml:1:4: error: recursive alias: a node contains itself"});

  Diagnostics d2;
  auto doc2 = yaml_to_json("? [x]\n: 3\nb: 1\n", "k.yaml", d2);
  REQUIRE(doc2.has_value());
  CHECK(formatted(d2) == std::vector<std::string>{"k.yaml:1:3: error: mapping keys must be scalars, not sequences"});
  CHECK(doc2->value == nlohmann::json{{"b", 1}});
}

TEST_CASE("yaml_to_json: aliases resolve, empty documents are null", "[config][yaml]") {
  Diagnostics d;
  auto doc = yaml_to_json("base: &b {x: 1}\ncopy: *b\n", "a.yaml", d);
  REQUIRE(doc.has_value());
  CHECK(d.all().empty());
  CHECK(doc->value["copy"] == nlohmann::json{{"x", 1}});

  auto empty = yaml_to_json("", "e.yaml", d);
  REQUIRE(empty.has_value());
  CHECK(empty->value.is_null());
}

TEST_CASE("json pointer helpers", "[config][yaml]") {
  CHECK(chorus::json_pointer_escape("a/b~c") == "a~1b~0c");
  CHECK(chorus::json_pointer_unescape("a~1b~0c") == "a/b~c");
  CHECK(chorus::json_pointer_join("/stages", "x/y") == "/stages/x~1y");
  CHECK(chorus::json_pointer_join("/list", std::size_t{3}) == "/list/3");
}
