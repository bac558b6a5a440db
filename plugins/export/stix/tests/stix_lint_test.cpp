// The importer-pitfall lint on hand-made bad bundles: each pitfall of
// signals_and_outputs.md section 1.3 reported with the object id and JSON
// pointer; a clean bundle gives nothing.
#include <catch2/catch.hpp>

#include "stix_lint.hpp"

namespace es = chorus::export_stix;
using SJson = es::Json;

namespace {

// One bundle with every pitfall (ids are arbitrary valid UUIDs).
const char* kBad =
    R"({"type":"bundle","id":"bundle--0aaaaaaa-0000-4000-8000-000000000000","spec_version":"2.1","objects":[
{"type":"identity","spec_version":"2.1","id":"identity--1aaaaaaa-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"P","object_marking_refs":["marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"]},
{"type":"location","spec_version":"2.1","id":"location--2aaaaaaa-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Ukraine","country":"Ukraine"},
{"type":"location","spec_version":"2.1","id":"location--2bbbbbbb-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Nowhere"},
{"type":"malware","spec_version":"2.1","id":"malware--3aaaaaaa-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","is_family":false},
{"type":"relationship","spec_version":"2.1","id":"relationship--4aaaaaaa-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"uses","source_ref":"campaign--5aaaaaaa-0000-4000-8000-000000000000","target_ref":"malware--3aaaaaaa-0000-4000-8000-000000000000"},
{"type":"campaign","spec_version":"2.1","id":"campaign--5aaaaaaa-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"C","created_by_ref":"identity--9aaaaaaa-0000-4000-8000-000000000000"},
{"type":"url","spec_version":"2.1","id":"url--6aaaaaaa-0000-5000-8000-000000000000","value":"https://x.example/","x_opencti_score":55.5},
{"type":"observed-data","spec_version":"2.1","id":"observed-data--7aaaaaaa-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","first_observed":"2024-01-01T00:00:00.000Z","last_observed":"2024-01-01T00:00:00.000Z","number_observed":1,"object_refs":["url--6aaaaaaa-0000-5000-8000-000000000000"]},
{"type":"grouping","spec_version":"2.1","id":"grouping--8aaaaaaa-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"G","context":"suspicious-activity","object_refs":["observed-data--7aaaaaaa-0000-4000-8000-000000000000","campaign--5aaaaaaa-0000-4000-8000-000000000000"]}
]})";

bool has(const std::vector<es::Issue>& issues, const std::string& rule, const std::string& id,
         const std::string& pointer) {
  for (const auto& i : issues)
    if (i.rule == rule && i.object_id == id && i.pointer == pointer) return true;
  return false;
}

}  // namespace

TEST_CASE("export/stix lint: each importer pitfall is flagged with id and pointer", "[export.stix]") {
  const auto issues = es::lint_bundle(SJson::parse(kBad));
  std::string all;
  for (const auto& i : issues) all += i.text() + "\n";
  INFO(all);
  CHECK(has(issues, "bundle-spec-version", "bundle--0aaaaaaa-0000-4000-8000-000000000000", "/spec_version"));
  CHECK(has(issues, "missing-marking", "identity--1aaaaaaa-0000-4000-8000-000000000000",
            "/objects/0/object_marking_refs/0"));
  CHECK(has(issues, "location-country", "location--2aaaaaaa-0000-4000-8000-000000000000", "/objects/1/country"));
  CHECK(has(issues, "location-country", "location--2bbbbbbb-0000-4000-8000-000000000000", "/objects/2"));
  CHECK(has(issues, "sdo-without-name", "malware--3aaaaaaa-0000-4000-8000-000000000000", "/objects/3/name"));
  CHECK(has(issues, "late-ref", "relationship--4aaaaaaa-0000-4000-8000-000000000000", "/objects/4/source_ref"));
  CHECK(has(issues, "dangling-ref", "campaign--5aaaaaaa-0000-4000-8000-000000000000", "/objects/5/created_by_ref"));
  CHECK(has(issues, "opencti-score", "url--6aaaaaaa-0000-5000-8000-000000000000", "/objects/6/x_opencti_score"));
  CHECK(has(issues, "observed-data-only-evidence", "grouping--8aaaaaaa-0000-4000-8000-000000000000",
            "/objects/8/object_refs"));
  CHECK(issues.size() == 9);
  // The printed text carries both, as the platforms' own errors do not.
  CHECK(issues[0].text().find("bundle--0aaaaaaa-0000-4000-8000-000000000000 at /spec_version") != std::string::npos);
}

TEST_CASE("export/stix lint: repaired, the bundle is clean", "[export.stix]") {
  SJson b = SJson::parse(kBad);
  b.erase("spec_version");
  auto& o = b["objects"];
  o[0].erase("object_marking_refs");
  o[1]["country"] = "UA";
  o[2]["region"] = "europe";
  o[3]["name"] = "M";
  o[5]["created_by_ref"] = "identity--1aaaaaaa-0000-4000-8000-000000000000";
  o[6]["x_opencti_score"] = 55;
  // the relationship after the campaign it names; a note beside the observed-data
  SJson rel = o[4];
  o.erase(o.begin() + 4);
  o.insert(o.begin() + 5, rel);
  o[8]["object_refs"].push_back("note--9bbbbbbb-0000-4000-8000-000000000000");
  SJson note = SJson::parse(R"({"type":"note","spec_version":"2.1","id":"note--9bbbbbbb-0000-4000-8000-000000000000",
    "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","content":"evidence",
    "object_refs":["campaign--5aaaaaaa-0000-4000-8000-000000000000"]})");
  o.insert(o.begin() + 8, note);
  const auto issues = es::lint_bundle(b);
  std::string all;
  for (const auto& i : issues) all += i.text() + "\n";
  CHECK(all == "");
}
