// `chorus explain`: fresh, stale or missing, and the cause.
#include <catch2/catch.hpp>

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
  std::string y = "name: ex\nstages:\n  src: {uses: test/source, with: {rows: 4}}\n"
                  "  a: {uses: test/add, inputs: {in: src}, with: {add: " + std::to_string(add) + "}}\n"
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
