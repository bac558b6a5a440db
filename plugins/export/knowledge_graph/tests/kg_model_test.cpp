#include <catch2/catch.hpp>

#include "kg_model.hpp"

using namespace chorus::export_knowledge_graph;
using nlohmann::json;

TEST_CASE("kg model: labels of the STIX types") {
  CHECK(label_for("user-account", json::object()) == "Account");
  CHECK(label_for("infrastructure", json{{"infrastructure_types", {"amplification"}}}) == "Cluster");
  CHECK(label_for("infrastructure", json{{"infrastructure_types", {"hosting-malware"}}}) == "Infrastructure");
  CHECK(label_for("indicator", json{{"pattern_type", "pcre"}}) == "Hashtag");
  CHECK(label_for("indicator", json{{"pattern_type", "stix"}}) == "Indicator");
  CHECK(label_for("identity", json{{"identity_class", "organization"}}) == "Organisation");
  CHECK(label_for("identity", json{{"identity_class", "individual"}}) == "Person");
  CHECK(label_for("identity", json{{"identity_class", "system"}}) == "Identity");
  CHECK(label_for("attack-pattern", json::object()) == "Technique");
  CHECK(label_for("grouping", json::object()) == "Finding");
  CHECK(label_for("report", json::object()) == "Finding");
  CHECK(label_for("observed-data", json::object()) == "Observation");
  CHECK(label_for("sighting", json::object()) == "Sighting");
  CHECK(label_for("x-chorus-image", json::object()) == "XChorusImage");
}

TEST_CASE("kg model: edge types") {
  CHECK(edge_type_for("consists-of") == "CONSISTS_OF");
  CHECK(edge_type_for("attributed-to") == "ATTRIBUTED_TO");
  CHECK(edge_type_for("uses") == "USES");
}

TEST_CASE("kg model: embedded refs of a sighting and an observed-data become edges") {
  std::vector<ObjectRow> rows = {
      {"indicator--1", "indicator", {}, {}, R"({"id":"indicator--1","type":"indicator","pattern_type":"pcre"})"},
      {"identity--1", "identity", {}, {}, R"({"id":"identity--1","type":"identity","identity_class":"organization"})"},
      {"url--1", "url", {}, {}, R"({"id":"url--1","type":"url","value":"https://x.example/"})"},
      {"observed-data--1",
       "observed-data",
       {},
       {},
       R"({"id":"observed-data--1","type":"observed-data","object_refs":["url--1","url--1"],"created_by_ref":"identity--1"})"},
      {"sighting--1",
       "sighting",
       {},
       {},
       R"({"id":"sighting--1","type":"sighting","sighting_of_ref":"indicator--1","observed_data_refs":["observed-data--1"],"where_sighted_refs":["identity--1"]})"}};
  const Graph g = build_graph(rows, std::nullopt);
  REQUIRE(g.nodes.size() == 5);
  std::vector<std::string> edges;
  for (const auto& e : g.edges) edges.push_back(e.source + " " + e.type + " " + e.target);
  CHECK(edges == std::vector<std::string>{"observed-data--1 OBSERVED url--1",  // listed twice, one edge
                                          "sighting--1 OBSERVED_DATA observed-data--1",
                                          "sighting--1 SIGHTING_OF indicator--1",
                                          "sighting--1 WHERE_SIGHTED identity--1"});
  CHECK(g.nodes[2].name == std::optional<std::string>("https://x.example/"));
  CHECK(g.timestamp == "1970-01-01T00:00:00.000Z");  // no object has a time
}

TEST_CASE("kg model: malformed rows are errors naming the row") {
  CHECK_THROWS_WITH(build_graph({{"url--1", "url", {}, {}, "{not json"}}, std::nullopt),
                    Catch::Contains("input 'objects' row 1 (url--1) column 'json': not JSON"));
  CHECK_THROWS_WITH(build_graph({{"url--1", "url", {}, {}, R"({"id":"url--2","type":"url"})"}}, std::nullopt),
                    "input 'objects' row 1 (url--1) column 'json': the object's id differs from column 'stix_id'");
  CHECK_THROWS_WITH(build_graph({{"url--1", "url", {}, {}, R"({"id":"url--1","type":"url"})"},
                                 {"url--1", "url", {}, {}, R"({"id":"url--1","type":"url"})"}},
                                std::nullopt),
                    "input 'objects' row 2 (url--1): the id appears twice");
}
