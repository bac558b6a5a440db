// JSON Schema checks: messages, positions, defaults, the pipeline schema, and
// did-you-mean suggestions.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "config/json_schema.hpp"
#include "config/yaml_json.hpp"
#include "util/did_you_mean.hpp"

using chorus::Diagnostics;
using chorus::JsonSchema;
using chorus::LocatedJson;
using nlohmann::json;

namespace {

std::vector<std::string> formatted(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& x : d.all()) out.push_back(x.format());
  return out;
}

LocatedJson load(const std::string& text, const std::string& file = "p.yaml") {
  Diagnostics d;
  auto doc = chorus::yaml_to_json(text, file, d);
  REQUIRE(doc.has_value());
  REQUIRE(d.all().empty());
  return *doc;
}

// A stage-like settings schema.
const json kReadSchema = json::parse(R"({
  "type": "object",
  "additionalProperties": false,
  "required": ["path"],
  "properties": {
    "path": {"type": "string", "description": "File to read."},
    "delimiter": {"type": "string", "default": ","},
    "format": {"enum": ["csv", "tsv", "json"]},
    "columns": {"type": "array", "items": {"$ref": "#/definitions/column"}},
    "options": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "header": {"type": "boolean", "default": true},
        "skip_rows": {"type": "integer", "minimum": 0, "default": 0}
      }
    }
  },
  "definitions": {
    "column": {
      "type": "object",
      "additionalProperties": false,
      "required": ["name"],
      "properties": {
        "name": {"type": "string"},
        "type": {"enum": ["int", "float", "string"]},
        "nullable": {"type": "boolean", "default": false}
      }
    }
  }
})");

JsonSchema pipeline_schema() {
  std::ifstream in(CHORUS_TEST_SOURCE_DIR "/schemas/pipeline.schema.json");
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return JsonSchema(json::parse(ss.str()));
}

std::vector<std::string> check_pipeline(const std::string& text) {
  static const JsonSchema schema = pipeline_schema();
  LocatedJson doc = load(text);
  Diagnostics d;
  schema.validate(doc.value, doc, "", "pipeline", d);
  return formatted(d);
}

}  // namespace

TEST_CASE("edit_distance and closest_match", "[util][did_you_mean]") {
  using chorus::closest_match;
  using chorus::edit_distance;
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("ab", "ba") == 1);  // adjacent swap counts once
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("same", "same") == 0);

  const std::vector<std::string> props = {"path", "columns", "delimiter", "header"};
  CHECK(closest_match("pth", props) == "path");
  CHECK(closest_match("colums", props) == "columns");
  CHECK(closest_match("heder", props) == "header");
  CHECK(closest_match("delimeter", props) == "delimiter");
  CHECK(closest_match("PATH", props) == "path");  // case is ignored
  CHECK(closest_match("path", props) == "path");  // exact match
  CHECK(closest_match("cahce", {"cache", "uses"}) == "cache");
  CHECK(closest_match("xyz", props) == "");  // nothing close
  CHECK(closest_match("ab", {"cd"}) == "");  // everything differs
  CHECK(closest_match("anything", {}) == "");
  // Ties go to the first candidate.
  CHECK(closest_match("bat", {"cat", "hat"}) == "cat");
  // Longer words allow more edits: max(2, len/3).
  CHECK(closest_match("transformatoins_x", {"transformations"}) == "transformations");
  CHECK(chorus::did_you_mean_suffix("pth", props) == " (did you mean 'path'?)");
  CHECK(chorus::did_you_mean_suffix("zzz", props) == "");
}

TEST_CASE("unknown property in a nested object: did-you-mean at the key", "[config][schema]") {
  JsonSchema schema(kReadSchema);
  LocatedJson doc = load(
      "name: demo\n"
      "stages:\n"
      "  posts:\n"
      "    uses: csv/read\n"
      "    with:\n"
      "      path: posts.csv\n"
      "      options:\n"
      "        heder: true\n");
  Diagnostics d;
  const json& with = doc.value["stages"]["posts"]["with"];
  schema.validate(with, doc, "/stages/posts/with", "stage 'posts': with", d);
  CHECK(formatted(d) == std::vector<std::string>{"p.yaml:8:9: error: stage 'posts': with.options.heder: unknown "
                                                 "property (did you mean 'header'?)"});
}

TEST_CASE("unknown property without a close match has no hint", "[config][schema]") {
  JsonSchema schema(kReadSchema);
  LocatedJson doc = load("path: a\nzzz: 1\n");
  Diagnostics d;
  schema.validate(doc.value, doc, "", "with", d);
  CHECK(formatted(d) == std::vector<std::string>{"p.yaml:2:1: error: with.zzz: unknown property"});
}

TEST_CASE("every violation is reported, in document order", "[config][schema]") {
  JsonSchema schema(kReadSchema);
  LocatedJson doc = load(
      "path: 5\n"
      "options:\n"
      "  heder: true\n"
      "  skip_rows: -1\n"
      "columns:\n"
      "  - name: id\n"
      "    type: int\n"
      "  - type: float\n"
      "  - {name: score, type: flaot}\n");
  Diagnostics d;
  schema.validate(doc.value, doc, "", "stage 'posts': with", d);
  CHECK(formatted(d) == std::vector<std::string>{
                            "p.yaml:1:1: error: stage 'posts': with.path: expected a string, got integer 5",
                            "p.yaml:3:3: error: stage 'posts': with.options.heder: unknown property (did you mean "
                            "'header'?)",
                            "p.yaml:4:3: error: stage 'posts': with.options.skip_rows: must be >= 0, got integer -1",
                            "p.yaml:8:5: error: stage 'posts': with.columns[1]: missing required property 'name'",
                            "p.yaml:9:19: error: stage 'posts': with.columns[2].type: must be one of: int, float, "
                            "string; got 'flaot' (did you mean 'float'?)",
                        });
  CHECK(d.error_count() == 5);
}

TEST_CASE("two errors in one document, empty label", "[config][schema]") {
  JsonSchema schema(kReadSchema);
  LocatedJson doc = load("pth: a.csv\nformat: xml\n");
  Diagnostics d;
  schema.validate(doc.value, doc, "", "", d);
  CHECK(formatted(d) == std::vector<std::string>{
                            "p.yaml:1:1: error: missing required property 'path'",
                            "p.yaml:1:1: error: pth: unknown property (did you mean 'path'?)",
                            "p.yaml:2:1: error: format: must be one of: csv, tsv, json; got 'xml'",
                        });
}

TEST_CASE("required property missing is reported at the object's key", "[config][schema]") {
  JsonSchema schema(kReadSchema);
  LocatedJson doc = load("stages:\n  s:\n    with:\n      delimiter: ';'\n");
  Diagnostics d;
  schema.validate(doc.value["stages"]["s"]["with"], doc, "/stages/s/with", "stage 's': with", d);
  CHECK(formatted(d) ==
        std::vector<std::string>{"p.yaml:3:5: error: stage 's': with: missing required property 'path'"});
}

TEST_CASE("enum violation lists the allowed values", "[config][schema]") {
  JsonSchema schema(json::parse(R"({"properties": {"mode": {"enum": ["append", "replace", 3]}}})"));
  LocatedJson doc = load("mode: apend\n");
  Diagnostics d;
  schema.validate(doc.value, doc, "", "with", d);
  CHECK(formatted(d) ==
        std::vector<std::string>{"p.yaml:1:1: error: with.mode: must be one of: append, replace, 3; got "
                                 "'apend' (did you mean 'append'?)"});
}

TEST_CASE("type errors explain quoted and YAML 1.1 values", "[config][schema]") {
  JsonSchema schema(json::parse(
      R"({"properties": {"flag": {"type": "boolean"}, "n": {"type": "number"},
                         "opt": {"type": ["string", "null"]}, "list": {"type": "array"}}})"));
  LocatedJson doc = load("flag: 'true'\nn: \"12\"\nopt: 3\nlist: {a: 1}\n");
  Diagnostics d;
  schema.validate(doc.value, doc, "", "with", d);
  CHECK(formatted(d) == std::vector<std::string>{
                            "p.yaml:1:1: error: with.flag: expected a boolean, got string 'true' (quoted, so it is a "
                            "string; write true without quotes)",
                            "p.yaml:2:1: error: with.n: expected a number, got string '12' (quoted, so it is a string; "
                            "remove the quotes)",
                            "p.yaml:3:1: error: with.opt: expected a string or null, got integer 3",
                            "p.yaml:4:1: error: with.list: expected an array, got object",
                        });
}

TEST_CASE("with_defaults fills absent properties recursively, never overwriting", "[config][schema]") {
  JsonSchema schema(kReadSchema);
  const json in = json::parse(R"({
    "path": "x.csv",
    "delimiter": ";",
    "options": {"skip_rows": 2},
    "columns": [{"name": "a"}, {"name": "b", "nullable": true}]
  })");
  const json out = schema.with_defaults(in);
  CHECK(out == json::parse(R"({
    "path": "x.csv",
    "delimiter": ";",
    "options": {"skip_rows": 2, "header": true},
    "columns": [{"name": "a", "nullable": false}, {"name": "b", "nullable": true}]
  })"));
  // Absent objects without a default are not created.
  CHECK(schema.with_defaults(json{{"path", "y"}}) == json{{"path", "y"}, {"delimiter", ","}});
  // Values of the wrong type are left alone.
  CHECK(schema.with_defaults(json{{"path", "y"}, {"options", 5}})["options"] == 5);
}

TEST_CASE("defaults and unknown properties follow $ref into $defs", "[config][schema]") {
  JsonSchema schema(json::parse(R"({
    "$ref": "#/$defs/top",
    "$defs": {
      "top": {"type": "object", "additionalProperties": false,
              "properties": {"inner": {"$ref": "#/$defs/inner"}}},
      "inner": {"type": "object", "additionalProperties": false,
                "properties": {"limit": {"type": "integer", "default": 10}}}
    }
  })"));
  CHECK(schema.with_defaults(json{{"inner", json::object()}}) == json{{"inner", {{"limit", 10}}}});
  LocatedJson doc = load("inner:\n  limt: 3\n");
  Diagnostics d;
  schema.validate(doc.value, doc, "", "with", d);
  CHECK(formatted(d) ==
        std::vector<std::string>{"p.yaml:2:3: error: with.inner.limt: unknown property (did you mean 'limit'?)"});
}

TEST_CASE("invalid schemas are rejected", "[config][schema]") {
  CHECK_THROWS_AS(JsonSchema(json::array()), std::invalid_argument);
  CHECK_THROWS_AS(JsonSchema(json::parse(R"({"type": 5})")), std::invalid_argument);
  CHECK_THROWS_AS(JsonSchema(json::parse(R"({"$ref": "http://example.com/s.json"})")), std::invalid_argument);
  CHECK_THROWS_AS(JsonSchema(json::parse(R"({"$ref": "#/definitions/missing"})")), std::invalid_argument);
  CHECK_THROWS_AS(JsonSchema(json::parse(R"({"pattern": "("})")), std::invalid_argument);
  JsonSchema ok(kReadSchema);
  CHECK(ok.document() == kReadSchema);
  CHECK(ok.accepts(json{{"path", "a"}}));
  CHECK_FALSE(ok.accepts(json{{"path", "a"}, {"x", 1}}));
}

TEST_CASE("pipeline schema accepts a valid pipeline", "[config][schema][pipeline]") {
  CHECK(check_pipeline("name: demo\n"
                       "description: A small pipeline\n"
                       "plugins: [local_plugins]\n"
                       "stages:\n"
                       "  posts:\n"
                       "    uses: csv/read\n"
                       "    with: {path: posts.csv}\n"
                       "  top-posts_2:\n"
                       "    uses: table/filter\n"
                       "    description: keep the best\n"
                       "    cache: false\n"
                       "    inputs:\n"
                       "      table: posts\n"
                       "      other: posts.rejects\n")
            .empty());
}

TEST_CASE("pipeline schema: cache: yes gets the YAML 1.1 hint", "[config][schema][pipeline]") {
  CHECK(check_pipeline("name: demo\n"
                       "stages:\n"
                       "  posts:\n"
                       "    uses: csv/read\n"
                       "    cache: yes\n") ==
        std::vector<std::string>{"p.yaml:5:5: error: pipeline.stages.posts.cache: expected a boolean, got string 'yes' "
                                 "(YAML 1.1 booleans such as yes/on are not booleans here; write true or false)"});
}

TEST_CASE("pipeline schema rejects a bad uses and a bad input reference", "[config][schema][pipeline]") {
  CHECK(check_pipeline("name: demo\n"
                       "stages:\n"
                       "  posts:\n"
                       "    uses: Csv/Read\n"
                       "  top:\n"
                       "    uses: table/filter\n"
                       "    inputs:\n"
                       "      table: posts.out.x\n") ==
        std::vector<std::string>{
            "p.yaml:4:5: error: pipeline.stages.posts.uses: 'Csv/Read' does not match pattern "
            "'^[a-z0-9_]+/[a-z0-9_]+$' (The stage type to run, written '<plugin>/<stage>' in lower "
            "case, e.g. 'io/csv_read'.)",
            "p.yaml:8:7: error: pipeline.stages.top.inputs.table: 'posts.out.x' does not match pattern "
            "'^[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)?$' (A reference to another stage's "
            "output: '<stage id>' or '<stage id>.<port>'.)",
            "p.yaml:8:7: error: pipeline.stages.top.inputs.table: does not match any of the allowed forms"});
}

TEST_CASE("pipeline schema: structure errors", "[config][schema][pipeline]") {
  CHECK(check_pipeline("stages: {}\nnmae: x\n") ==
        std::vector<std::string>{"p.yaml:1:1: error: pipeline: missing required property 'name'",
                                 "p.yaml:1:1: error: pipeline.stages: must not be empty",
                                 "p.yaml:2:1: error: pipeline.nmae: unknown property (did you mean 'name'?)"});
  CHECK(
      check_pipeline("name: x\n"
                     "stages:\n"
                     "  1st:\n"
                     "    uses: a/b\n"
                     "    cahce: false\n"
                     "  two:\n"
                     "    with: []\n") ==
      std::vector<std::string>{"p.yaml:3:3: error: pipeline.stages: invalid name '1st': must match pattern "
                               "'^[A-Za-z_][A-Za-z0-9_-]*$'",
                               "p.yaml:5:5: error: pipeline.stages.1st.cahce: unknown property (did you mean 'cache'?)",
                               "p.yaml:6:3: error: pipeline.stages.two: missing required property 'uses'",
                               "p.yaml:7:5: error: pipeline.stages.two.with: expected an object, got array"});
}

TEST_CASE("pipeline schema fills cache: true", "[config][schema][pipeline]") {
  const JsonSchema schema = pipeline_schema();
  const json in = json::parse(
      R"({"name": "p", "stages": {"a": {"uses": "x/y"}, "b": {"uses": "x/z", "cache": false, "with": {"k": 1}}}})");
  const json out = schema.with_defaults(in);
  CHECK(out["stages"]["a"]["cache"] == true);
  CHECK(out["stages"]["b"]["cache"] == false);
  CHECK(out["stages"]["b"]["with"] == json{{"k", 1}});
  CHECK_FALSE(out.contains("plugins"));
}
