// The `chorus` command line: exit codes, GCC-style diagnostics, each verb.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/helpers.hpp"

using namespace chorus::testing;

namespace {
bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}
}  // namespace

TEST_CASE("validate reports every error with file, line and column", "[cli][validate]") {
  TempDir dir;
  std::string file = dir.file("bad.yaml");
  write_file(file, R"(name: bad
stages:
  src:
    uses: test/source
    with: {rows: 10, rowz: 3}
  plus:
    uses: test/add
    inputs: {in: srcc}
    cache: yes
  loop1:
    uses: test/add
    inputs: {in: loop2}
  loop2:
    uses: test/add
    inputs: {in: loop1}
  typed:
    uses: test/needs_rejects
    inputs: {in: src}
  unknown:
    uses: test/sourse
  src:
    uses: test/source
  ported:
    uses: test/add
    inputs: {inn: src.outt}
)");
  auto r = chorus_cli("validate " + file);
  CHECK(r.exit_code == 2);
  CHECK(contains(r.output, file + ":21:3: error: duplicate key 'src' (first defined at line 3)"));
  CHECK(contains(r.output, file + ":5:22: error: stage 'src': with.rowz: unknown property (did you mean 'rows'?)"));
  CHECK(contains(r.output, file + ":9:5: error: pipeline.stages.plus.cache: expected a boolean, got string 'yes'"));
  CHECK(contains(r.output, file + ":8:18: error: stage 'plus': inputs.in: no stage 'srcc' (did you mean 'src'?)"));
  CHECK(contains(r.output, file + ":10:3: error: cycle between stages: 'loop1' -> 'loop2' -> 'loop1'"));
  CHECK(contains(r.output, file + ":18:18: error: stage 'typed': inputs.in: 'src.out' does not fit: 'rejects' needs "
                                  "column 'file' (utf8), which is missing"));
  CHECK(contains(r.output, file + ":20:11: error: stage 'unknown': unknown stage type 'test/sourse' (did you mean "
                                  "'test/source'?)"));
  CHECK(contains(r.output, file + ":25:14: error: stage 'ported': inputs.inn: 'test/add' has no input port 'inn' "
                                  "(did you mean 'in'?)"));
  CHECK(contains(r.output,
                 "error: stage 'ported': inputs.inn: stage 'src' (test/source) has no output 'outt' (did "
                 "you mean 'out'?)"));
  CHECK(contains(r.output, "stage 'ported': input 'in' is not connected"));
  CHECK(contains(r.output, "10 error(s)"));
}

TEST_CASE("a YAML syntax error names the line and column", "[cli][validate]") {
  TempDir dir;
  std::string file = dir.file("syntax.yaml");
  write_file(file, "name: x\nstages:\n  a: {uses: test/source\n  b: 1\n");
  auto r = chorus_cli("validate " + file);
  CHECK(r.exit_code == 2);
  CHECK(contains(r.output, file + ":"));
  CHECK(contains(r.output, "error:"));
}

TEST_CASE("a valid pipeline validates with exit code 0", "[cli][validate]") {
  TempDir dir;
  std::string file = dir.file("ok.yaml");
  write_file(file, "name: ok\nstages:\n  a: {uses: test/source}\n  b: {uses: test/add, inputs: {in: a}}\n");
  auto r = chorus_cli("validate " + file);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.output, file + ": ok (2 stages)"));
}

TEST_CASE("run exits 1 when a stage fails and prints the summary", "[cli][run]") {
  TempDir dir;
  std::string file = dir.file("fails.yaml");
  write_file(
      file,
      "name: fails\nstages:\n  a: {uses: test/source, with: {rows: 3}}\n  b: {uses: test/throws, inputs: {in: a}}\n");
  auto r = chorus_cli("run " + file);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.output, "boom from test/throws"));
  CHECK(contains(r.output, "run 1 of 'fails': failed"));
  auto runs = chorus_cli("runs " + file);
  CHECK(runs.exit_code == 0);
  CHECK(contains(runs.output, "run 1  fails  failed"));
}

TEST_CASE("every verb has --help", "[cli]") {
  for (const char* verb : {"run", "validate", "plugins", "inspect", "graph", "explain", "runs", "schema"}) {
    auto r = run_command(chorus_bin() + " " + verb + " --help");
    INFO(verb);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.output, "Usage:"));
  }
}

TEST_CASE("plugins lists loaded stages and names the files that failed to load", "[cli][plugins]") {
  auto r = chorus_cli("plugins");
  CHECK(r.exit_code == 0);
  CHECK(contains(r.output, "fixture.testkit 1.0.0  (ABI 1.2, Apache-2.0)"));
  // Built against the smaller ABI 1.0 descriptors: loads all the same.
  CHECK(contains(r.output, "fixture.abi_1_0 1.0.0  (ABI 1.0, MIT)"));
  CHECK(contains(r.output, "fixture/abi_1_0"));
  CHECK(contains(r.output, "test/wrong_schema"));
  CHECK(contains(r.output, "libchorus_bad_abi.so: built for plugin ABI 99.0, this host speaks 1.2"));
  CHECK(contains(r.output, "libchorus_no_entry.so: not a Chorus plugin: no entry point 'chorus_plugin_entry_v1'"));
}

TEST_CASE("inspect shows ports, types and config defaults", "[cli][inspect]") {
  auto r = chorus_cli("inspect test/source");
  CHECK(r.exit_code == 0);
  CHECK(contains(r.output, "Stage test/source"));
  CHECK(contains(r.output, "rows : integer  default 10"));
  CHECK(contains(r.output, "out : any"));
  auto md = chorus_cli("inspect --markdown test/source");
  CHECK(md.exit_code == 0);
  CHECK(contains(md.output, "| option | type | default | description |"));
  CHECK(contains(md.output, "| `rows` | integer | 10 | "));
  auto missing = chorus_cli("inspect test/nothing");
  CHECK(missing.exit_code == 2);
}

TEST_CASE("graph prints the DAG as DOT", "[cli][graph]") {
  TempDir dir;
  std::string file = dir.file("g.yaml");
  write_file(file, "name: g\nstages:\n  a: {uses: test/source}\n  b: {uses: test/add, inputs: {in: a}}\n");
  auto r = chorus_cli("graph " + file);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.output, "digraph \"g\""));
  CHECK(contains(r.output, "\"a\" -> \"b\" [label=\"out -> in\"]"));
}

TEST_CASE("schema merges every stage's config schema into the DSL schema", "[cli][schema]") {
  auto r = run_command(chorus_bin() + " --plugin-path " + fixture_plugins() + " schema 2>/dev/null");
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.output);
  bool found = false;
  for (const auto& rule : j["definitions"]["stage"]["allOf"])
    if (rule["if"]["properties"]["uses"]["const"] == "test/source") {
      found = true;
      CHECK(rule["then"]["properties"]["with"]["properties"]["rows"]["default"] == 10);
    }
  CHECK(found);
}

TEST_CASE("every shipped pipeline validates", "[cli][validate][pipelines]") {
  int seen = 0;
  for (const auto& entry : fs::directory_iterator(std::string(CHORUS_TEST_SOURCE_DIR) + "/pipelines")) {
    if (entry.path().extension() != ".yaml") continue;
    ++seen;
    auto r = run_command(chorus_bin() + " validate " + entry.path().string());
    INFO(entry.path().string() << "\n" << r.output);
    CHECK(r.exit_code == 0);
  }
  CHECK(seen >= 6);  // quickstart, tmrc, twarc2, telegram, reddit, mapped_table
}
