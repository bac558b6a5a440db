// `chorus explain`: fresh, stale or missing, and the cause.
#include <catch2/catch.hpp>

#include "store/sqlite.hpp"
#include "support/pipeline_runner.hpp"

using namespace chorus;
using namespace chorus::testing;

namespace {

std::map<std::string, std::string> explain(const TempDir& dir) {
  Session s;
  s.open(dir.file("pipeline.yaml"), {fixture_plugins()});
  REQUIRE_FALSE(s.diags.has_errors());
  Store store(default_store_path(*s.pipeline));
  std::map<std::string, std::string> out;
  for (const auto& e : explain_pipeline(*s.pipeline, s.types, store)) out[e.id] = e.state + ": " + e.cause;
  return out;
}

std::string yaml(int add, bool with_extra) {
  std::string y =
      "name: ex\nstages:\n  src: {uses: test/source, with: {rows: 4}}\n"
      "  a: {uses: test/add, inputs: {in: src}, with: {add: " +
      std::to_string(add) +
      "}}\n"
      "  b: {uses: test/add, inputs: {in: a}}\n";
  if (with_extra) y += "  c: {uses: test/add, inputs: {in: src}}\n";
  return y;
}

}  // namespace

TEST_CASE("explain tells fresh, stale and missing stages apart with the cause", "[explain]") {
  TempDir dir;
  REQUIRE(run_yaml(dir, yaml(1, false)).result.status == "ok");
  write_file(dir.file("pipeline.yaml"), yaml(1, false));
  auto fresh = explain(dir);
  CHECK(fresh["src"] == "fresh: cached");
  CHECK(fresh["b"] == "fresh: cached");

  write_file(dir.file("pipeline.yaml"), yaml(2, true));
  auto changed = explain(dir);
  CHECK(changed["src"] == "fresh: cached");
  CHECK(changed["a"] == "stale: config");
  CHECK(changed["b"] == "stale: upstream 'a' is stale");
  CHECK(changed["c"] == "missing: never ran");
}

TEST_CASE("explain names a changed plugin library as the cause", "[explain][code]") {
  TempDir dir;
  REQUIRE(run_yaml(dir, yaml(1, false)).result.status == "ok");
  write_file(dir.file("pipeline.yaml"), yaml(1, false));
  {
    // As if the stage's plugin had been rebuilt from other sources: the
    // cached entries record another code identity than the loaded library's.
    Session s;
    s.open(dir.file("pipeline.yaml"), {fixture_plugins()});
    // (Its key too, since the key covers the identity; this connection does
    // not enforce foreign keys, so both tables are updated alike.)
    sql::Connection db(default_store_path(*s.pipeline));
    db.exec("PRAGMA foreign_keys=OFF");
    db.exec(
        "UPDATE cache_outputs SET cache_key = 'old' || cache_key WHERE cache_key IN "
        "(SELECT cache_key FROM cache_entries WHERE stage_id = 'a')");
    db.exec(
        "UPDATE cache_entries SET cache_key = 'old' || cache_key, code_identity = 'sha256:0000000000000000' "
        "WHERE stage_id = 'a'");
  }
  auto after = explain(dir);
  CHECK(after["src"] == "fresh: cached");
  CHECK(after["a"].rfind("stale: code: plugin library changed (sha256:000000000000 -> sha256:", 0) == 0);
  CHECK(after["b"] == "stale: upstream 'a' is stale");
}
