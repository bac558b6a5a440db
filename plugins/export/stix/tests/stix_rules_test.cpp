// Mutation tests of the rules (stix.md section 7.3, last paragraph): start
// from the clean bundle of the hand-made finding, break one thing, and
// check that the rules report it with the object id and the JSON pointer.
// The schema-level mutations must also fail the schemas (our fixture copy
// always, the OASIS schemas when ../shared is present); the four the
// schemas cannot see (modified < created, sighting of an SCO, a wrong
// relationship endpoint, created_by_ref on an SCO) must pass them.
#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>

#include "finding_fixture.hpp"
#include "stix_rules.hpp"
#include "stix_schema.hpp"
#include "stix_stage.hpp"
#include "support/skip.hpp"

using namespace stix_fixture;
namespace es = chorus::export_stix;
using SJson = es::Json;

namespace {

constexpr const char* kIdentity = "identity--0b0bdfc7-9d2a-5ac2-87d8-a12ed78bb116";
constexpr const char* kCampaignA = "campaign--2e9ccfc7-64de-51f3-892c-bb3005736199";
constexpr const char* kReportA = "report--04b21428-99fb-56e5-9fe7-1382fb7a6d3a";
constexpr const char* kUser1001 = "user-account--607a740e-5e38-52a1-83bb-9d7a5f5e1ebd";
constexpr const char* kConsists1001 = "relationship--30e7746a-aa9b-5859-a279-924f85b0adfb";
constexpr const char* kBundle = "bundle--75ad3927-0c73-5f92-8322-22bcf86bd155";

SJson clean_bundle() {
  TempDir dir;
  FakeHost host;
  fill(host);
  host.pipeline_dir = dir.path();
  REQUIRE(host.run<es::StixStage>({{"path", "b.json"}}) == 0);
  return SJson::parse(read_file(dir.file("b.json")));
}

size_t index_of(const SJson& b, const std::string& id) {
  for (size_t i = 0; i < b["objects"].size(); ++i)
    if (b["objects"][i]["id"] == id) return i;
  FAIL("no " << id);
  return 0;
}
size_t first_of_type(const SJson& b, const std::string& type) {
  for (size_t i = 0; i < b["objects"].size(); ++i)
    if (b["objects"][i]["type"] == type) return i;
  FAIL("no " << type);
  return 0;
}

struct Mutation {
  const char* name;
  const char* rule;                     // the rule that must report it
  std::string pointer;                  // relative to the object
  bool schema_sees;                     // the JSON Schemas catch it too
  std::function<size_t(SJson&)> apply;  // returns the index of the mutated object
};

std::vector<Mutation> mutations() {
  auto at = [](const char* id, std::function<void(SJson&)> f) {
    return [id, f](SJson& b) {
      const size_t i = index_of(b, id);
      f(b["objects"][i]);
      return i;
    };
  };
  return {
      {"bad uuid", "id-uuid", "/id", true,
       at(kCampaignA, [](SJson& o) { o["id"] = "campaign--2e9ccfc7-64de-51f3-c92c-bb3005736199"; })},
      {"no milliseconds", "ms-precision", "/created", true,
       at(kCampaignA, [](SJson& o) { o["created"] = "2024-05-13T22:00:00Z"; })},
      {"non-Z offset", "timestamp", "/created", true,
       at(kCampaignA, [](SJson& o) { o["created"] = "2024-05-13T22:00:00.000+00:00"; })},
      {"missing spec_version", "spec-version", "/spec_version", true,
       at(kCampaignA, [](SJson& o) { o.erase("spec_version"); })},
      {"confidence 101", "confidence", "/confidence", true, at(kCampaignA, [](SJson& o) { o["confidence"] = 101; })},
      {"relationship to a bundle", "dangling-ref", "/target_ref", true,
       at(kConsists1001, [](SJson& o) { o["target_ref"] = kBundle; })},
      {"wrong id prefix", "id-prefix", "/id", true,
       at(kCampaignA, [](SJson& o) { o["id"] = "infrastructure--2e9ccfc7-64de-51f3-892c-bb3005736199"; })},
      {"integer user_id", "sco-id", "/id", true, at(kUser1001, [](SJson& o) { o["user_id"] = 1001; })},
      {"missing published", "required", "/published", true, at(kReportA, [](SJson& o) { o.erase("published"); })},
      {"empty extension", "extension", "/extensions/" + std::string("extension-definition--"), true,
       at(kCampaignA,
          [](SJson& o) {
            const std::string key = o["extensions"].begin().key();
            o["extensions"][key] = SJson::object();
          })},
      {"modified before created", "modified-before-created", "/modified", false,
       at(kCampaignA, [](SJson& o) { o["modified"] = "2024-05-13T21:59:59.999Z"; })},
      {"sighting of an SCO", "sighting-of-ref", "/sighting_of_ref", false,
       [](SJson& b) {
         const size_t i = first_of_type(b, "sighting");
         b["objects"][i]["sighting_of_ref"] = kUser1001;
         return i;
       }},
      {"wrong relationship endpoint", "relationship-endpoint", "/relationship_type", false,
       at(kConsists1001, [](SJson& o) { o["source_ref"] = kCampaignA; })},
      {"created_by_ref on an SCO", "sco-sdo-property", "/created_by_ref", false,
       at(kUser1001, [](SJson& o) { o["created_by_ref"] = kIdentity; })},
      // Beyond the list: what else the rules exist for.
      {"renamed handle keeps its old id", "sco-id", "/id", false,
       at(kUser1001, [](SJson& o) { o["account_login"] = "alpha_renamed"; })},
      {"duplicate id", "duplicate-id", "/id", false,
       [](SJson& b) {
         b["objects"].push_back(b["objects"][index_of(b, kCampaignA)]);
         return b["objects"].size() - 1;
       }},
      {"dangling note ref", "dangling-ref", "/object_refs/2", false,
       [](SJson& b) {
         const size_t i = first_of_type(b, "note");
         b["objects"][i]["object_refs"].insert(b["objects"][i]["object_refs"].begin() + 2,
                                               "campaign--00000000-0000-4000-8000-000000000000");
         return i;
       }},
      {"observed-data refers to an SDO", "observed-data-refs", "/object_refs/0", true,
       [](SJson& b) {
         const size_t i = first_of_type(b, "observed-data");
         b["objects"][i]["object_refs"].insert(b["objects"][i]["object_refs"].begin(), kCampaignA);
         return i;
       }},
      {"last_seen before first_seen", "last-seen-before-first-seen", "/last_seen", false,
       at(kCampaignA, [](SJson& o) { o["last_seen"] = "2024-05-01T00:00:00.000Z"; })},
  };
}

bool reported(const std::vector<es::Issue>& issues, const std::string& rule, const std::string& id,
              const std::string& pointer_prefix) {
  for (const auto& i : issues)
    if (i.rule == rule && i.object_id == id && i.pointer.rfind(pointer_prefix, 0) == 0) return true;
  return false;
}

}  // namespace

TEST_CASE("export/stix rules: every mutation of a clean bundle is caught, with id and pointer", "[export.stix]") {
  const SJson clean = clean_bundle();
  es::RuleOptions ro;
  ro.producer_id = kIdentity;
  REQUIRE(es::check_bundle_rules(clean, ro).empty());
  es::SchemaValidator own(kOwnSchemas);
  std::unique_ptr<es::SchemaValidator> oasis;
  if (std::filesystem::exists(kOasisSchemas)) oasis = std::make_unique<es::SchemaValidator>(kOasisSchemas);
  for (const auto& m : mutations()) {
    SECTION(m.name) {
      SJson b = clean;
      const size_t i = m.apply(b);
      const SJson& o = b["objects"][i];
      const std::string id = o["id"].is_string() ? o["id"].get<std::string>() : "";
      const auto issues = es::check_bundle_rules(b, ro);
      std::string all;
      for (const auto& x : issues) all += x.text() + "\n";
      INFO(all);
      CHECK(reported(issues, m.rule, id, "/objects/" + std::to_string(i) + m.pointer));
      const auto own_issues = own.validate(o, i);
      CHECK(own_issues.empty() == !m.schema_sees);
      if (oasis) CHECK(oasis->validate(o, i).empty() == !m.schema_sees);
    }
  }
  if (!oasis) CHORUS_SKIP("../shared/stix2-json-schemas absent: mutations checked against the fixture schemas only");
}

TEST_CASE("export/stix rules: SCO ids recomputed from canonical JSON (stix.md worked example)", "[export.stix]") {
  // stix.md section 7.3: this account gives user-account--772d5ed7-03e9-51e0-8763-cee0b69fcc51.
  SJson u = SJson::parse(
      R"({"type":"user-account","spec_version":"2.1","id":"user-account--772d5ed7-03e9-51e0-8763-cee0b69fcc51",
    "account_type":"twitter","user_id":"1700000000000000001","account_login":"example_patriot_01"})");
  CHECK(es::expected_sco_id(u) == u["id"]);
  CHECK(es::check_rules({u}).empty());
  u["account_login"] = "example_patriot_02";
  CHECK(es::expected_sco_id(u) != u["id"]);
  // python3: uuid.uuid5(UUID('00abedb4-aa42-466c-9c01-fed23315a9b7'), '{"value":"news.example"}')
  CHECK(es::expected_sco_id(SJson::parse(R"({"type":"domain-name","value":"news.example"})")) ==
        "domain-name--8e143ca3-8da2-5ae7-89a0-a6fd7f12a491");
  CHECK(es::expected_sco_id(SJson::parse(R"({"type":"file","name":"x"})")).empty());
}

TEST_CASE("export/stix rules: custom relationship types warn, spec ones misused are errors", "[export.stix]") {
  const std::string idn = "identity--0b0bdfc7-9d2a-5ac2-87d8-a12ed78bb116";
  auto rel = [&](const std::string& type, const std::string& src, const std::string& dst) {
    SJson r = SJson::parse(
        R"({"type":"relationship","spec_version":"2.1","id":"relationship--11111111-1111-4111-8111-111111111111",
      "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z"})");
    r["created_by_ref"] = idn;
    r["relationship_type"] = type;
    r["source_ref"] = src;
    r["target_ref"] = dst;
    return r;
  };
  SJson ident =
      SJson::parse(R"({"type":"identity","spec_version":"2.1","id":"identity--0b0bdfc7-9d2a-5ac2-87d8-a12ed78bb116",
    "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"C"})");
  SJson ap = SJson::parse(
      R"({"type":"attack-pattern","spec_version":"2.1","id":"attack-pattern--22222222-2222-4222-8222-222222222222",
    "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"A"})");
  ap["created_by_ref"] = idn;
  SJson ap2 = ap;
  ap2["id"] = "attack-pattern--33333333-3333-4333-8333-333333333333";
  const auto custom = es::check_rules({ident, ap, ap2, rel("subtechnique-of", ap["id"], ap2["id"])});
  REQUIRE(custom.size() == 1);
  CHECK(custom[0].severity == es::Issue::Severity::Warning);
  CHECK(custom[0].rule == "relationship-type");
  const auto misuse = es::check_rules({ident, ap, ap2, rel("indicates", ap["id"], ap2["id"])});
  REQUIRE(misuse.size() == 1);
  CHECK(misuse[0].severity == es::Issue::Severity::Error);
  CHECK(misuse[0].pointer == "/objects/3/relationship_type");
  CHECK(es::check_rules({ident, ap, ap2, rel("related-to", ap["id"], ap2["id"])}).empty());
}
