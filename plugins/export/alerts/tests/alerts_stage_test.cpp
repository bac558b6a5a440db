#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "alerts_stage.hpp"
#include "alerts_test_inputs.hpp"
#include "export/common/python_oracle.hpp"
#include "support/helpers.hpp"
#include "support/skip.hpp"

using chorus::export_alerts::AlertsStage;
using namespace chorus::export_alerts::testing;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    out.push_back(text.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

bool python_has(const std::string& module) {
  return chorus::testing::run_command("python3 -c 'import " + module + "'").exit_code == 0;
}

}  // namespace

TEST_CASE("export/alerts: hand-made findings give the hand-checked alert, by cluster rank") {
  TempDir dir;
  FakeHost host;
  set_hand_made_inputs(host);
  REQUIRE(host.run<AlertsStage>({{"path", dir.file("alerts.json")}, {"jsonl_path", dir.file("alerts.jsonl")}}) == 0);

  const auto lines = lines_of(read_file(dir.file("alerts.jsonl")));
  REQUIRE(lines.size() == 2);  // C-ccc has no assessment
  // The expected alert, written by hand: the same fields, values and order, byte for byte.
  const ordered_json expected =
      ordered_json::parse(read_file("plugins/export/alerts/tests/fixtures/expected_alert_C-aaa.json"));
  CHECK(lines[0] == expected.dump());

  const json second = json::parse(lines[1]);
  CHECK(second["alert_id"] == "grouping--7bcaa76c-5640-5c3d-b0ca-74ea54dc8b56");  // unreviewed: a grouping
  CHECK(second["bundle_id"] == "bundle--d7822b77-e5c2-5566-81dd-694b0f8b741d");   // one bundle for the run
  CHECK(second["tier"] == "monitor");
  CHECK(second["attribution"].is_null());
  CHECK(second["stix"]["actor_id"].is_null());
  CHECK(second["reach"].is_null());  // summary connected, no row for C-bbb
  CHECK(second["narratives"] == json::array());
  CHECK(second["targeting"]["posting_hours"] == json::array());
  CHECK(second["cluster"]["first_activity"].is_null());
  CHECK(second["accounts"][0]["handle"] == "beta");
  CHECK(second["accounts"][1]["handle"].is_null());
  CHECK(second["evidence"][0]["min_q"].is_null());

  CHECK(host.logged(CHORUS_LOG_WARN, "1 row(s) of input 'members' name a cluster that is not in input 'clusters'"));
  CHECK(host.logged(CHORUS_LOG_WARN, "1 cluster(s) have no assessment"));

  // The port: one row per alert, the json column equal to the JSON Lines.
  const auto out = host.collected("alerts");
  CHECK(col(out, "cluster_id") == "C-aaa|C-bbb");
  CHECK(col(out, "tier") == "escalate|monitor");
  CHECK(col(out, "admiralty") == "B2|C3");
  CHECK(col(out, "alert_id") ==
        "report--a8491a0f-5d62-5e5c-a52e-647ff2f4ca60|grouping--7bcaa76c-5640-5c3d-b0ca-74ea54dc8b56");
  REQUIRE(out.rows() == 2);
  CHECK(out.column("json").str(0) == lines[0]);
  CHECK(out.column("json").str(1) == lines[1]);
}

TEST_CASE("export/alerts: the JSON file and the JSON Lines carry the same alerts") {
  TempDir dir;
  FakeHost host;
  set_hand_made_inputs(host);
  REQUIRE(host.run<AlertsStage>({{"path", dir.file("a.json")}, {"jsonl_path", dir.file("a.jsonl")}}) == 0);
  const json file = json::parse(read_file(dir.file("a.json")));
  REQUIRE(file.is_array());
  const auto lines = lines_of(read_file(dir.file("a.jsonl")));
  REQUIRE(file.size() == lines.size());
  for (size_t i = 0; i < lines.size(); ++i) CHECK(file[i] == json::parse(lines[i]));
}

TEST_CASE("export/alerts: a re-run writes byte-identical files") {
  TempDir one, two;
  std::string json_text[2], jsonl_text[2];
  const TempDir* dirs[2] = {&one, &two};
  for (int k = 0; k < 2; ++k) {
    FakeHost host;
    set_hand_made_inputs(host);
    REQUIRE(host.run<AlertsStage>({{"path", dirs[k]->file("a.json")}, {"jsonl_path", dirs[k]->file("a.jsonl")}}) == 0);
    json_text[k] = read_file(dirs[k]->file("a.json"));
    jsonl_text[k] = read_file(dirs[k]->file("a.jsonl"));
  }
  CHECK(!json_text[0].empty());
  CHECK(json_text[0] == json_text[1]);
  CHECK(jsonl_text[0] == jsonl_text[1]);
}

TEST_CASE("export/alerts: every alert written validates against schemas/alerts.schema.json (python jsonschema)") {
  if (!python_has("jsonschema")) CHORUS_SKIP("python3 jsonschema is not installed");
  TempDir dir;
  FakeHost host;
  set_hand_made_inputs(host);
  REQUIRE(host.run<AlertsStage>({{"path", dir.file("alerts.json")}, {"tlp", "red"}, {"pseudonymised", true}}) == 0);
  const std::string script = R"py(
import json, sys, jsonschema
schema = json.load(open("schemas/alerts.schema.json"))
jsonschema.Draft7Validator.check_schema(schema)
v = jsonschema.Draft7Validator(schema)
alerts = json.load(open(sys.argv[1]))
print(json.dumps({"alerts": len(alerts), "errors": [e.message for a in alerts for e in v.iter_errors(a)]}))
)py";
  const auto r = chorus::export_common::testing::run_python_json(dir.path(), script, dir.file("alerts.json"));
  CHECK(r["alerts"] == 2);
  CHECK(r["errors"] == json::array());
  const json alerts = json::parse(read_file(dir.file("alerts.json")));
  CHECK(alerts[0]["tlp"] == "red");
  CHECK(alerts[0]["pseudonymised"] == true);
}

TEST_CASE("export/alerts: generated time from the option, else the latest activity, else the epoch") {
  SECTION("option") {
    FakeHost host;
    set_hand_made_inputs(host);
    REQUIRE(host.run<AlertsStage>({{"timestamp", "2024-05-01T08:00:00+02:00"}}) == 0);
    CHECK(json::parse(host.collected("alerts").column("json").str(0))["generated"] == "2024-05-01T06:00:00.000Z");
  }
  SECTION("no cluster activity: the summary's last post, then the epoch") {
    FakeHost host;
    set_hand_made_inputs(host);
    host.inputs["clusters"] = {batch(
        schema({{"cluster_id", "utf8"},
                {"rank", "int64"},
                {"size", "int64"},
                {"coordination_score", "float64"},
                {"independent_streams", "int64"},
                {"streams", "list<utf8>"},
                {"edges", "int64"},
                {"density", "float64"},
                {"posts", "int64"},
                {"first_activity", "timestamp[ms]"},
                {"last_activity", "timestamp[ms]"}}),
        {{std::string("C-aaa"), int64_t{1}, int64_t{3}, 0.8, int64_t{2}, StrList{}, int64_t{3}, 1.0, null, null, null},
         {std::string("C-bbb"), int64_t{2}, int64_t{2}, 0.5, int64_t{1}, StrList{}, int64_t{1}, 1.0, null, null, null},
         // Not assessed: its activity does not date the alerts.
         {std::string("C-ccc"), int64_t{3}, int64_t{2}, 0.4, int64_t{1}, StrList{}, int64_t{1}, 1.0, null, null,
          int64_t{1717200000000}}})};
    REQUIRE(host.run<AlertsStage>(json::object()) == 0);
    CHECK(json::parse(host.collected("alerts").column("json").str(0))["generated"] == "2024-03-02T12:30:00.250Z");
    host.inputs.erase("summary");
    REQUIRE(host.run<AlertsStage>(json::object()) == 0);
    CHECK(json::parse(host.collected("alerts").column("json").str(0))["generated"] == "1970-01-01T00:00:00.000Z");
  }
  SECTION("a bad option is a config error naming it") {
    FakeHost host;
    set_hand_made_inputs(host);
    CHECK(host.run<AlertsStage>({{"timestamp", "yesterday"}}) != 0);
    CHECK(host.last_error().find("with.timestamp: 'yesterday' is not an ISO 8601 timestamp") != std::string::npos);
  }
}

TEST_CASE("export/alerts: max_accounts keeps the strongest members and accounts_total counts all") {
  FakeHost host;
  set_hand_made_inputs(host);
  REQUIRE(host.run<AlertsStage>({{"max_accounts", 2}}) == 0);
  const json a = json::parse(host.collected("alerts").column("json").str(0));
  CHECK(a["accounts_total"] == 3);
  REQUIRE(a["accounts"].size() == 2);
  CHECK(a["accounts"][0]["account_id"] == "a2");  // strength 1.0
  CHECK(a["accounts"][1]["account_id"] == "a1");  // 0.9, before a3 by id
  CHECK(host.logged(CHORUS_LOG_INFO, "1 member account(s) beyond max_accounts"));
}

TEST_CASE("export/alerts: only the three required inputs give alerts with empty profile parts") {
  FakeHost host;
  set_hand_made_inputs(host);
  for (const char* p : {"evidence", "techniques", "profile", "summary", "accounts"}) host.inputs.erase(p);
  REQUIRE(host.run<AlertsStage>(json::object()) == 0);
  const json a = json::parse(host.collected("alerts").column("json").str(0));
  CHECK(a["reach"].is_null());
  CHECK(a["evidence"] == json::array());
  CHECK(a["hashtags"] == json::array());
  CHECK(a["accounts"][1]["handle"].is_null());
  // Without the techniques input the assessment's ids are listed without details.
  CHECK(a["disarm"]["techniques"] ==
        json::parse(R"([{"id":"T0049.002","name":null,"tactic":null,"rule":null,"evidence":null},
                        {"id":"T0049.003","name":null,"tactic":null,"rule":null,"evidence":null}])"));
  // user-account id without a login (Python uuid5, see fixtures/README.md).
  CHECK(a["accounts"][1]["account_id"] == "a1");
  CHECK(a["accounts"][1]["stix_id"] == "user-account--1477140a-8876-5b6e-8f75-802413174c9f");
}

TEST_CASE("export/alerts: inconsistent inputs are errors naming the input and column") {
  SECTION("admiralty disagreeing with its parts") {
    FakeHost host;
    set_hand_made_inputs(host);
    auto row = assessment_aaa();
    row[4] = std::string("A2");
    host.inputs["assessments"] = {batch(assessments_schema(), {assessment_bbb(), row})};
    CHECK(host.run<AlertsStage>(json::object()) != 0);
    CHECK(host.last_error() ==
          "input 'assessments' column 'admiralty' row 2: 'A2' disagrees with source_reliability 'B' and "
          "information_credibility 2");
  }
  SECTION("an assessment of an unknown cluster") {
    FakeHost host;
    set_hand_made_inputs(host);
    auto row = assessment_aaa();
    row[0] = std::string("C-nope");
    host.inputs["assessments"] = {batch(assessments_schema(), {row})};
    CHECK(host.run<AlertsStage>(json::object()) != 0);
    CHECK(host.last_error() ==
          "input 'assessments' column 'cluster_id' row 1: cluster 'C-nope' is not in input 'clusters'");
  }
  SECTION("an unknown tier is caught by the schema check") {
    FakeHost host;
    set_hand_made_inputs(host);
    auto row = assessment_aaa();
    row[7] = std::string("panic");
    host.inputs["assessments"] = {batch(assessments_schema(), {row})};
    CHECK(host.run<AlertsStage>(json::object()) != 0);
    CHECK(host.last_error().find("the alert of cluster 'C-aaa' does not match schemas/alerts.schema.json") !=
          std::string::npos);
    CHECK(host.last_error().find("tier") != std::string::npos);
  }
  SECTION("a null where the contract promises a value") {
    FakeHost host;
    set_hand_made_inputs(host);
    auto row = assessment_aaa();
    row[7] = null;
    host.inputs["assessments"] = {batch(assessments_schema(), {row})};
    CHECK(host.run<AlertsStage>(json::object()) != 0);
    CHECK(host.last_error() == "input 'assessments' column 'tier' row 1: null where a value is required");
  }
}

TEST_CASE("export/alerts: infer reports the alerts port") {
  FakeHost host;
  REQUIRE(host.infer<AlertsStage>(json::object()) == 0);
  CHECK(schema_text(host.output_types().at("alerts").columns) ==
        "alert_id:utf8,cluster_id:utf8,tier:utf8,admiralty:utf8,json:utf8");
}
