// export/stix on a hand-made finding (finding_fixture.hpp): object counts,
// ids and relationships checked by hand (authored ids: python3 uuid.uuid5
// under the Chorus namespace; SCO ids: uuid.uuid5 of the canonical JSON in
// the SCO namespace, both pasted as literals), schema validation, the rules
// and the lint, byte-identical re-runs, TLP options, verbatim DISARM objects.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "finding_fixture.hpp"
#include "bundle_builder.hpp"
#include "support/skip.hpp"
#include "stix_lint.hpp"
#include "stix_rules.hpp"
#include "stix_schema.hpp"
#include "stix_stage.hpp"

using namespace stix_fixture;
namespace es = chorus::export_stix;
using SJson = es::Json;

namespace {

constexpr const char* kT = "2024-05-13T22:00:00.000Z";                               // latest last_activity (C-a)
constexpr const char* kIdentity = "identity--0b0bdfc7-9d2a-5ac2-87d8-a12ed78bb116";  // uuid5(ns, "identity\nChorus")
constexpr const char* kCampaignA = "campaign--2e9ccfc7-64de-51f3-892c-bb3005736199";
constexpr const char* kInfraA = "infrastructure--12f53579-2d06-5e9f-9245-e48eeea4b9dc";
constexpr const char* kReportA = "report--04b21428-99fb-56e5-9fe7-1382fb7a6d3a";
constexpr const char* kGroupingB = "grouping--c6786d03-3150-5969-bba6-ed8ce88f07cf";
constexpr const char* kBundle = "bundle--75ad3927-0c73-5f92-8322-22bcf86bd155";  // "bundle\nC-a\nC-b"
constexpr const char* kActorXA = "threat-actor--0a302703-71f3-5dfd-9ed4-56bb4fa5298f";
constexpr const char* kCoaRebut = "course-of-action--e51441f0-fdc8-59f8-bae0-1dbe2e9eb7e2";
// {"account_login":"alpha_one","account_type":"twitter","user_id":"1001"}
constexpr const char* kUser1001 = "user-account--607a740e-5e38-52a1-83bb-9d7a5f5e1ebd";
// {"account_type":"twitter","user_id":"1003"} (no accounts row: no login)
constexpr const char* kUser1003 = "user-account--57e5cac3-5d9f-5615-a42d-d47890fc039e";
constexpr const char* kDomain = "domain-name--8e143ca3-8da2-5ae7-89a0-a6fd7f12a491";  // {"value":"news.example"}
// uuid5(ns, "relationship\nconsists-of\n" + kInfraA + "\n" + kUser1001)
constexpr const char* kConsists1001 = "relationship--30e7746a-aa9b-5859-a279-924f85b0adfb";

struct Run {
  int rc = 0;
  std::string text;
  SJson bundle;
  std::vector<std::string> errors;
};

Run run_stage(FakeHost& host, const TempDir& dir, Json config) {
  host.pipeline_dir = dir.path();
  if (!config.contains("path")) config["path"] = "out/bundle.json";
  Run r;
  r.rc = host.run<es::StixStage>(config);
  r.errors = host.errors;
  r.text = read_file(dir.file(config["path"].get<std::string>()));
  if (r.rc == 0) r.bundle = SJson::parse(r.text);
  return r;
}

const SJson& object(const SJson& bundle, const std::string& id) {
  for (const auto& o : bundle["objects"])
    if (o["id"] == id) return o;
  FAIL("no object " << id);
  static SJson none;
  return none;
}

std::vector<SJson> of_type(const SJson& bundle, const std::string& type) {
  std::vector<SJson> out;
  for (const auto& o : bundle["objects"])
    if (o["type"] == type) out.push_back(o);
  return out;
}

std::vector<SJson> relationships(const SJson& b, const std::string& type, const std::string& source) {
  std::vector<SJson> out;
  for (const auto& o : of_type(b, "relationship"))
    if (o["relationship_type"] == type && o["source_ref"] == source) out.push_back(o);
  return out;
}

bool has(const SJson& array, const std::string& v) {
  for (const auto& x : array)
    if (x == v) return true;
  return false;
}

const std::vector<SJson>& objects_of(const SJson& b) { return b["objects"].get_ref<const SJson::array_t&>(); }

std::string all_text(const std::vector<es::Issue>& issues) {
  std::string s;
  for (const auto& i : issues) s += i.text() + "\n";
  return s;
}

}  // namespace

TEST_CASE("export/stix: the hand-made finding gives the hand-checked bundle", "[export.stix]") {
  TempDir dir;
  FakeHost host;
  fill(host);
  const Run r = run_stage(host, dir, Json::object());
  REQUIRE(r.rc == 0);
  const SJson& b = r.bundle;
  CHECK(b["type"] == "bundle");
  CHECK(b["id"] == kBundle);
  CHECK_FALSE(b.contains("spec_version"));

  // 3 shared + 39 of C-a + 15 of C-b (the C-b technique object is C-a's).
  std::map<std::string, int> counts;
  for (const auto& o : b["objects"]) ++counts[o["type"].get<std::string>()];
  const std::map<std::string, int> expected = {
      {"marking-definition", 1}, {"identity", 1},       {"extension-definition", 1},
      {"campaign", 2},           {"infrastructure", 2}, {"user-account", 6},
      {"threat-actor", 1},       {"location", 1},       {"attack-pattern", 2},
      {"indicator", 3},          {"domain-name", 1},    {"url", 1},
      {"observed-data", 2},      {"sighting", 3},       {"note", 3},
      {"course-of-action", 2},   {"report", 1},         {"grouping", 1},
      {"relationship", 23}};
  CHECK(counts == expected);
  CHECK(b["objects"].size() == 57);

  // Producer, creator policy, one timestamp.
  CHECK(object(b, kIdentity)["name"] == "Chorus");
  for (const auto& o : b["objects"]) {
    const std::string type = o["type"];
    const bool sco = type == "user-account" || type == "url" || type == "domain-name";
    INFO(o["id"]);
    if (sco) {
      CHECK_FALSE(o.contains("created_by_ref"));
      CHECK_FALSE(o.contains("created"));
    } else if (type != "identity" && type != "marking-definition") {
      CHECK(o["created_by_ref"] == kIdentity);
      CHECK(o["created"] == kT);
      CHECK(o["modified"] == kT);
      // The extension-definition describes a schema: nothing to restrict.
      if (type != "extension-definition")
        CHECK(o["object_marking_refs"] == SJson::array({"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"}));
    }
    if (!sco) CHECK(o["spec_version"] == "2.1");
  }

  // Campaign and infrastructure of C-a.
  const SJson& campaign = object(b, kCampaignA);
  CHECK(campaign["first_seen"] == "2024-05-10T06:00:00.000Z");
  CHECK(campaign["last_seen"] == "2024-05-13T22:00:00.000Z");
  CHECK(campaign["confidence"] == 70);
  const SJson& infra = object(b, kInfraA);
  CHECK(infra["infrastructure_types"] == SJson::array({"amplification", "botnet"}));  // T0049.003: bots
  CHECK(infra["confidence"] == 91);                                                   // round(100 * 0.91)
  CHECK(relationships(b, "uses", kCampaignA).size() == 3);                            // infrastructure + 2 techniques

  // Accounts: the first accounts row counts; no row, no login.
  const SJson& u1 = object(b, kUser1001);
  CHECK(u1["account_login"] == "alpha_one");
  CHECK(u1["display_name"] == "Alpha One");
  CHECK(u1["account_created"] == "2024-04-30T11:02:13.000Z");
  CHECK(u1["user_id"] == "1001");
  CHECK_FALSE(object(b, kUser1003).contains("account_login"));
  const SJson& c1 = object(b, kConsists1001);
  CHECK(c1["source_ref"] == kInfraA);
  CHECK(c1["target_ref"] == kUser1001);
  CHECK(c1["confidence"] == 95);  // round(100 * 0.954)
  std::multiset<int64_t> conf_a, conf_b;
  for (const auto& rel : relationships(b, "consists-of", kInfraA)) conf_a.insert(rel["confidence"].get<int64_t>());
  CHECK(conf_a == std::multiset<int64_t>{95, 92, 78});
  for (const auto& o : of_type(b, "infrastructure"))
    if (o["id"] != kInfraA)
      for (const auto& rel : relationships(b, "consists-of", o["id"])) conf_b.insert(rel["confidence"].get<int64_t>());
  CHECK(conf_b == std::multiset<int64_t>{70, 60, 50});

  // Attribution only where the data carries it.
  const auto attributed = of_type(b, "threat-actor");
  REQUIRE(attributed.size() == 1);
  CHECK(attributed[0]["id"] == kActorXA);
  CHECK(attributed[0]["threat_actor_types"] == SJson::array({"nation-state"}));
  const auto to = relationships(b, "attributed-to", kCampaignA);
  REQUIRE(to.size() == 1);
  CHECK(to[0]["target_ref"] == kActorXA);
  CHECK(to[0]["confidence"] == 70);
  CHECK(to[0]["description"].get<std::string>().find("Admiralty B2") != std::string::npos);
  const auto loc = of_type(b, "location");
  REQUIRE(loc.size() == 1);
  CHECK(loc[0]["country"] == "XA");
  const auto at = relationships(b, "located-at", kActorXA);
  REQUIRE(at.size() == 1);
  CHECK(at[0]["target_ref"] == loc[0]["id"]);

  // Indicators and observables.
  std::map<std::string, std::string> patterns;
  for (const auto& i : of_type(b, "indicator"))
    patterns[i["pattern_type"].get<std::string>() + " " + i["name"].get<std::string>()] = i["pattern"];
  CHECK(patterns["pcre Hashtag #exampleecho"] == "(?i)(^|\\s)#exampleecho\\b");
  CHECK(patterns["stix Domain news.example"] == "[domain-name:value = 'news.example']");
  CHECK(patterns["stix URL https://news.example/a?b='c'"] == "[url:value = 'https://news.example/a?b=\\'c\\'']");
  CHECK(object(b, kDomain)["value"] == "news.example");
  CHECK(relationships(b, "communicates-with", kInfraA).size() == 2);

  // Notes carry the evidence and the narrative with its excerpts.
  int narratives = 0, evidence = 0;
  for (const auto& n : of_type(b, "note")) {
    const std::string content = n["content"];
    if (n["labels"] == SJson::array({"narrative"})) {
      ++narratives;
      CHECK(content.find("- They lie about the dam.") != std::string::npos);
      CHECK(content.find("90 posts of cluster C-a (21.84% of its posts)") != std::string::npos);  // 90/412
    } else {
      ++evidence;
      CHECK(n["labels"] == SJson::array({"coordination-evidence"}));
      if (has(n["object_refs"], kCampaignA)) {
        CHECK(content.find("- co_retweet: 3 edges, density 1, weight sum 42, median active days 4, min q 1e-06, "
                           "median q 0.001, mean latency 14.5 s") != std::string::npos);
        CHECK(has(n["object_refs"], to[0]["id"].get<std::string>()));
      }
    }
  }
  CHECK(narratives == 1);
  CHECK(evidence == 2);

  // Containers: report for the reviewed finding, grouping for the other.
  const SJson& report = object(b, kReportA);
  CHECK(report["published"] == kT);
  CHECK(report["report_types"] == SJson::array({"campaign", "indicator", "threat-actor"}));
  CHECK(report["labels"] == SJson::array({"response-tier:rebut", "admiralty-scale:source-reliability=\"b\"",
                                          "admiralty-scale:information-credibility=\"2\""}));
  CHECK(report["object_refs"].size() == 38);  // C-a's 39 objects but the report
  CHECK(has(report["object_refs"], kCoaRebut));
  CHECK(has(report["object_refs"], kUser1001));
  CHECK_FALSE(has(report["object_refs"], kIdentity));
  const SJson& grouping = object(b, kGroupingB);
  CHECK(grouping["context"] == "suspicious-activity");
  CHECK_FALSE(grouping.contains("published"));
  // C-b's 16 objects (15 new, the T0049.002 attack-pattern C-a's) but the grouping.
  CHECK(grouping["object_refs"].size() == 15);
  CHECK_FALSE(has(grouping["object_refs"], kCampaignA));
  CHECK(object(b, kCoaRebut)["labels"] == SJson::array({"response-tier:rebut"}));
  CHECK(object(b, kCoaRebut)["external_references"][0]["external_id"] == "C00119");
  CHECK(relationships(b, "related-to", kCoaRebut)[0]["target_ref"] == kCampaignA);

  // Bundle order: classes in this sequence, ids ascending within a class.
  auto cls = [](const SJson& o) {
    const std::string t = o["type"];
    if (t == "marking-definition") return 0;
    if (t == "identity") return 1;
    if (t == "extension-definition") return 3;
    if (t == "user-account" || t == "url" || t == "domain-name") return 5;
    if (t == "observed-data") return 6;
    if (t == "relationship" || t == "sighting") return 7;
    if (t == "note") return 8;
    if (t == "report" || t == "grouping") return 9;
    return 4;
  };
  for (size_t i = 1; i < b["objects"].size(); ++i) {
    const SJson &p = b["objects"][i - 1], &o = b["objects"][i];
    INFO(o["id"]);
    CHECK((cls(p) < cls(o) || (cls(p) == cls(o) && p["id"].get<std::string>() < o["id"].get<std::string>())));
  }

  // The objects port: one row per object in bundle order, json = the line.
  std::vector<std::string> lines;
  std::istringstream in(r.text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] == '{' && line.rfind("{\"type\":\"bundle\"", 0) != 0)
      lines.push_back(line.back() == ',' ? line.substr(0, line.size() - 1) : line);
  REQUIRE(lines.size() == 57);
  size_t row = 0;
  std::map<std::string, std::string> cluster_of;
  for (const auto& batch : host.outputs["objects"]) {
    for (int64_t k = 0; k < batch.rows(); ++k, ++row) {
      REQUIRE(row < lines.size());
      const std::string id(batch.column("stix_id").str(k));
      CHECK(id == b["objects"][row]["id"]);
      CHECK(std::string(batch.column("json").str(k)) == lines[row]);
      cluster_of[id] = batch.column("cluster_id").is_null(k) ? "null" : std::string(batch.column("cluster_id").str(k));
    }
  }
  CHECK(row == 57);
  CHECK(cluster_of[kUser1001] == "C-a");
  CHECK(cluster_of[kCoaRebut] == "C-a");
  CHECK(cluster_of[kIdentity] == "null");
  for (const auto& ap : of_type(b, "attack-pattern")) {
    const std::string t = ap["external_references"][0]["external_id"];
    CHECK(cluster_of[ap["id"]] == (t == "T0049.002" ? "null" : "C-a"));  // T0049.002 is in both findings
    CHECK(ap["kill_chain_phases"][0]["kill_chain_name"] == "disarm");
    CHECK(ap["external_references"][0]["source_name"] == "mitre-attack");
  }

  // The orphan member row (cluster C-zz) is counted in the log.
  bool warned = false;
  for (const auto& [level, msg] : host.logs) warned |= msg.find("1 row(s) of input 'members'") != std::string::npos;
  CHECK(warned);
}

TEST_CASE("export/stix: every object validates; rules and lint are clean", "[export.stix]") {
  TempDir dir;
  FakeHost host;
  fill(host);
  const Run r = run_stage(host, dir, Json::object());
  REQUIRE(r.rc == 0);
  const auto& objects = objects_of(r.bundle);
  es::RuleOptions ro;
  ro.producer_id = kIdentity;
  const auto rules = es::check_rules(objects, ro);
  CHECK(all_text(rules) == "");
  const auto lint = es::lint_bundle(r.bundle);
  CHECK(all_text(lint) == "");
  es::SchemaValidator own(kOwnSchemas);
  CHECK(own.schema_for(object(r.bundle, kReportA)) == "sdos/report.json");
  CHECK(all_text(own.validate_all(objects)) == "");
  if (!std::filesystem::exists(kOasisSchemas)) CHORUS_SKIP("../shared/stix2-json-schemas absent: OASIS part not run");
  es::SchemaValidator oasis(kOasisSchemas);
  CHECK(all_text(oasis.validate_all(objects)) == "");
}

TEST_CASE("export/stix: the same input gives a byte-identical bundle", "[export.stix]") {
  TempDir d1, d2, d3;
  FakeHost h1, h2, h3;
  fill(h1);
  fill(h2);
  fill(h3);
  const Run a = run_stage(h1, d1, Json::object());
  const Run b = run_stage(h2, d2, Json::object());
  REQUIRE(a.rc == 0);
  REQUIRE(b.rc == 0);
  CHECK(a.text == b.text);
  CHECK(!a.text.empty());
  CHECK(read_file(d1.file("out/bundle.json.tmp")).empty());  // atomic: no temporary left
  const Run c = run_stage(h3, d3, {{"timestamp", "2024-06-01T08:00:00Z"}});
  REQUIRE(c.rc == 0);
  CHECK(object(c.bundle, kCampaignA)["created"] == "2024-06-01T08:00:00.000Z");
  CHECK(c.text != a.text);
}

TEST_CASE("export/stix: TLP 2.0 and 1.0 marking objects as published", "[export.stix]") {
  TempDir d1, d2, d3;
  FakeHost h1, h2, h3;
  fill(h1);
  fill(h2);
  fill(h3);
  const Run g = run_stage(h1, d1, {{"tlp", "green"}});
  REQUIRE(g.rc == 0);
  // cti-stix-common-objects tlp-2.0 examples, whitespace removed.
  CHECK(
      es::dump_line(g.bundle["objects"][0]) ==
      R"({"type":"marking-definition","spec_version":"2.1","id":"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb","created":"2022-10-01T00:00:00.000Z","name":"TLP:GREEN","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"green"}}})");
  CHECK(object(g.bundle, kCampaignA)["object_marking_refs"][0] ==
        "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb");
  const Run a1 = run_stage(h2, d2, {{"tlp", "amber"}, {"tlp_version", 1}});
  REQUIRE(a1.rc == 0);
  // STIX 2.1 section 7.2.1.4, TLP:AMBER.
  CHECK(
      es::dump_line(a1.bundle["objects"][0]) ==
      R"({"type":"marking-definition","spec_version":"2.1","id":"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82","created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","name":"TLP:AMBER","definition":{"tlp":"amber"}})");
  const Run bad = run_stage(h3, d3, {{"tlp", "amber+strict"}, {"tlp_version", 1}});
  CHECK(bad.rc != 0);
  REQUIRE(!bad.errors.empty());
  CHECK(bad.errors.back().find("with.tlp") != std::string::npos);
}

TEST_CASE("export/stix: bad input is refused naming the column; non-ISO states lose only the location",
          "[export.stix]") {
  {
    TempDir dir;
    FakeHost host;
    fill(host, "panic");
    const Run r = run_stage(host, dir, Json::object());
    CHECK(r.rc != 0);
    REQUIRE(!r.errors.empty());
    CHECK(r.errors.back().find("column 'tier'") != std::string::npos);
    CHECK(r.text.empty());
  }
  {
    TempDir dir;
    FakeHost host;
    fill(host, "rebut", 1.5);
    const Run r = run_stage(host, dir, Json::object());
    CHECK(r.rc != 0);
    REQUIRE(!r.errors.empty());
    CHECK(r.errors.back().find("membership_strength") != std::string::npos);
  }
  {
    TempDir dir;
    FakeHost host;
    fill(host, "rebut", 0.954, "Freedonia");
    const Run r = run_stage(host, dir, Json::object());
    REQUIRE(r.rc == 0);
    CHECK(of_type(r.bundle, "location").empty());
    CHECK(of_type(r.bundle, "threat-actor").size() == 1);
    CHECK(r.bundle["objects"].size() == 55);  // no location, no located-at
    bool warned = false;
    for (const auto& [level, msg] : host.logs)
      warned |= msg.find("'Freedonia' is not an ISO 3166-1") != std::string::npos;
    CHECK(warned);
  }
}

TEST_CASE("export/stix: the stage refuses to write a bundle that breaks a rule", "[export.stix]") {
  TempDir dir;
  // A DISARM-like bundle whose technique object was modified before it was created.
  dir.write("bad_disarm.json", R"({"type":"bundle","id":"bundle--4b8b0d29-e85e-4299-81d4-749033173d09","objects":[
{"type":"identity","spec_version":"2.1","id":"identity--f1a0f560-2d9e-4c5d-bf47-7e96e805de82","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"X","identity_class":"organization"},
{"type":"attack-pattern","spec_version":"2.1","id":"attack-pattern--e6ab2793-a059-4354-bb60-045afb019833","created_by_ref":"identity--f1a0f560-2d9e-4c5d-bf47-7e96e805de82","created":"2024-02-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"A","external_references":[{"source_name":"mitre-attack","external_id":"T0049.003"}]},
{"type":"attack-pattern","spec_version":"2.1","id":"attack-pattern--bfce790b-dfd6-46ca-8fab-c2d72f21bba2","created_by_ref":"identity--f1a0f560-2d9e-4c5d-bf47-7e96e805de82","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"B","external_references":[{"source_name":"mitre-attack","external_id":"T0049.002"}]}]})");
  FakeHost host;
  fill(host);
  const Run r = run_stage(host, dir, {{"disarm_bundle", "bad_disarm.json"}});
  CHECK(r.rc != 0);
  REQUIRE(!r.errors.empty());
  CHECK(r.errors.back().find("modified-before-created") != std::string::npos);
  CHECK(r.errors.back().find("attack-pattern--e6ab2793-a059-4354-bb60-045afb019833") != std::string::npos);
  CHECK(r.text.empty());
}

TEST_CASE("export/stix: DISARM attack-patterns are the pinned objects, byte for byte", "[export.stix]") {
  if (!std::filesystem::exists(kDisarm)) CHORUS_SKIP("../shared/disarm absent: DISARM.json not available");
  TempDir dir;
  FakeHost host;
  fill(host);
  const Run r = run_stage(host, dir, {{"disarm_bundle", kDisarm}});
  REQUIRE(r.rc == 0);
  CHECK(host.input_files.empty());  // run records none; fingerprint does (below)
  // The pinned object, read independently from DISARM.json.
  std::ifstream in(kDisarm);
  std::stringstream text;
  text << in.rdbuf();
  const SJson disarm = SJson::parse(text.str());
  const SJson* pinned = nullptr;
  for (const auto& o : disarm["objects"])
    if (o["type"] == "attack-pattern" && o["external_references"][0]["external_id"] == "T0049.003") pinned = &o;
  REQUIRE(pinned);
  CHECK((*pinned)["id"] == "attack-pattern--e6ab2793-a059-4354-bb60-045afb019833");  // stix.md section 1.1
  const SJson& ours = object(r.bundle, (*pinned)["id"]);
  CHECK(ours == *pinned);
  CHECK(ours.dump() == pinned->dump());  // same properties in the same order with the same values
  CHECK(ours["created"] == (*pinned)["created"]);
  // Its identity and marking travel with it; the bundle stays clean.
  CHECK(object(r.bundle, "identity--f1a0f560-2d9e-4c5d-bf47-7e96e805de82")["name"] == "DISARM Foundation");
  CHECK(object(r.bundle, "marking-definition--f79f25d2-8b96-4580-b169-eb7b613a7c31")["definition"]["statement"] ==
        "CC-BY-SA-4.0 DISARM Foundation");
  CHECK(of_type(r.bundle, "attack-pattern").size() == 2);
  es::RuleOptions ro;
  ro.producer_id = kIdentity;
  CHECK(all_text(es::check_rules(objects_of(r.bundle), ro)) == "");
  CHECK(all_text(es::lint_bundle(r.bundle)) == "");
  if (std::filesystem::exists(kOasisSchemas)) {
    es::SchemaValidator oasis(kOasisSchemas);
    CHECK(all_text(oasis.validate_all(objects_of(r.bundle))) == "");
  }
  // The DISARM file keys the cache.
  FakeHost fp;
  fp.pipeline_dir = dir.path();
  REQUIRE(fp.fingerprint<es::StixStage>({{"path", "x.json"}, {"disarm_bundle", kDisarm}}) == 0);
  CHECK(fp.input_files == std::vector<std::string>{kDisarm});
}
