// validate_lines, the stage's self-check over the written lines: the same
// issues on one thread and on two (joined in object order), and a line that
// is not JSON is reported, not skipped.
#include <catch2/catch.hpp>

#include "finding_fixture.hpp"
#include "stix_stage.hpp"
#include "stix_validate.hpp"

using namespace stix_fixture;
namespace es = chorus::export_stix;
using SJson = es::Json;

namespace {

std::string all_text(const std::vector<es::Issue>& issues) {
  std::string s;
  for (const auto& i : issues) s += i.text() + "\n";
  return s;
}

}  // namespace

TEST_CASE("export/stix validate: one thread or two, the same issues in object order", "[export.stix]") {
  TempDir dir;
  FakeHost host;
  fill(host);
  host.pipeline_dir = dir.path();
  REQUIRE(host.run<es::StixStage>({{"path", "b.json"}}) == 0);
  const SJson b = SJson::parse(read_file(dir.file("b.json")));
  std::vector<std::string> lines;
  for (const auto& o : b["objects"]) lines.push_back(es::dump_line(o));
  REQUIRE(lines.size() == 57);
  // Break objects in both halves: a dangling ref early, a late ref and a
  // wrong spec_version late; the clean bundle has no issue at all.
  const SJson envelope = {{"type", "bundle"}, {"id", b["id"]}};
  CHECK(all_text(es::validate_lines(lines, envelope, {}, es::kRules | es::kLint, 1).rules) == "");
  SJson first = SJson::parse(lines[5]), last = SJson::parse(lines[50]);
  first["object_marking_refs"] = SJson::array({"marking-definition--00000000-0000-4000-8000-000000000000"});
  last["spec_version"] = "2.0";
  lines[5] = es::dump_line(first);
  lines[50] = es::dump_line(last);
  lines.push_back("{\"type\":\"note\",");  // cut short
  const auto one = es::validate_lines(lines, envelope, {}, es::kRules | es::kLint, 1);
  const auto two = es::validate_lines(lines, envelope, {}, es::kRules | es::kLint, 2);
  CHECK(all_text(one.rules) == all_text(two.rules));
  CHECK(all_text(one.lint) == all_text(two.lint));
  // rules: the dangling marking at 5, spec_version at 50, the broken line at 57
  REQUIRE(one.rules.size() == 3);
  CHECK(one.rules[0].rule == "dangling-ref");
  CHECK(one.rules[0].pointer == "/objects/5/object_marking_refs/0");
  CHECK(one.rules[1].rule == "spec-version");
  CHECK(one.rules[1].pointer == "/objects/50/spec_version");
  CHECK(one.rules[2].rule == "object");
  CHECK(one.rules[2].pointer == "/objects/57");
  REQUIRE(one.lint.size() == 1);
  CHECK(one.lint[0].rule == "missing-marking");
}
