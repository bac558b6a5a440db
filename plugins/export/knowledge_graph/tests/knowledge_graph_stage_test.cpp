#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "export/common/python_oracle.hpp"
#include "kg_test_support.hpp"
#include "knowledge_graph_stage.hpp"
#include "support/helpers.hpp"
#include "support/skip.hpp"

using chorus::export_knowledge_graph::KnowledgeGraphStage;
using namespace chorus::export_knowledge_graph::testing;
using nlohmann::json;

namespace {

const std::string P = "-0000-5000-8000-";  // the fixed middle of the fixture ids

// The hand-checked graph of fixtures/tiny_bundle.jsonl: every SDO/SCO but the marking and the
// extension-definition, in bundle order, and every relationship (the dangling one aside) then the
// note's and the grouping's object_refs to nodes.
const std::vector<std::string> kExpectedNodes = {
    "identity--00000000" + P + "0000000000a0 Organisation Chorus",
    "infrastructure--00000000" + P + "0000000000c1 Cluster C-aaa",
    "user-account--00000000" + P + "000000000a01 Account alpha",
    "user-account--00000000" + P + "000000000a02 Account a2",
    "user-account--00000000" + P + "000000000a03 Account a3",
    "url--00000000" + P + "000000000b01 URL https://news.example/a",
    "url--00000000" + P + "000000000b02 URL https://other.example/b",
    "domain-name--00000000" + P + "000000000d01 Domain news.example",
    "campaign--00000000" + P + "0000000000k1 Campaign Campaign C-aaa",
    "threat-actor--00000000" + P + "0000000000t1 Actor RU",
    "identity--00000000" + P + "0000000000r1 Person J. Doe (registrant)",
    "identity--00000000" + P + "0000000000o1 Organisation Example Media LLC",
    "note--00000000" + P + "0000000000n1 Note Coordination evidence",
    "grouping--00000000" + P + "0000000000g1 Finding null"};

std::string id(const char* type, const char* tail) { return std::string(type) + "--00000000" + P + tail; }

const std::vector<std::string> kExpectedEdges = {
    id("infrastructure", "0000000000c1") + " CONSISTS_OF " + id("user-account", "000000000a01") + " 90",
    id("infrastructure", "0000000000c1") + " CONSISTS_OF " + id("user-account", "000000000a02") + " 100",
    id("infrastructure", "0000000000c1") + " CONSISTS_OF " + id("user-account", "000000000a03") + " 90",
    id("campaign", "0000000000k1") + " USES " + id("infrastructure", "0000000000c1") + " null",
    id("campaign", "0000000000k1") + " ATTRIBUTED_TO " + id("threat-actor", "0000000000t1") + " 70",
    id("user-account", "000000000a01") + " RELATED_TO " + id("url", "000000000b01") + " null",
    id("user-account", "000000000a02") + " RELATED_TO " + id("url", "000000000b01") + " null",
    id("user-account", "000000000a03") + " RELATED_TO " + id("url", "000000000b02") + " null",
    id("url", "000000000b01") + " RELATED_TO " + id("domain-name", "000000000d01") + " null",
    id("domain-name", "000000000d01") + " RELATED_TO " + id("identity", "0000000000r1") + " null",
    id("identity", "0000000000r1") + " RELATED_TO " + id("identity", "0000000000o1") + " 50",
    id("note", "0000000000n1") + " ABOUT " + id("campaign", "0000000000k1") + " null",
    id("note", "0000000000n1") + " ABOUT " + id("infrastructure", "0000000000c1") + " null",
    id("grouping", "0000000000g1") + " CONTAINS " + id("infrastructure", "0000000000c1") + " null",
    id("grouping", "0000000000g1") + " CONTAINS " + id("user-account", "000000000a01") + " null",
    id("grouping", "0000000000g1") + " CONTAINS " + id("user-account", "000000000a02") + " null",
    id("grouping", "0000000000g1") + " CONTAINS " + id("user-account", "000000000a03") + " null",
    id("grouping", "0000000000g1") + " CONTAINS " + id("url", "000000000b01") + " null",
    id("grouping", "0000000000g1") + " CONTAINS " + id("domain-name", "000000000d01") + " null",
    id("grouping", "0000000000g1") + " CONTAINS " + id("campaign", "0000000000k1") + " null",
    id("grouping", "0000000000g1") + " CONTAINS " + id("threat-actor", "0000000000t1") + " null",
    id("grouping", "0000000000g1") + " CONTAINS " + id("note", "0000000000n1") + " null"};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end - start));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

// The neo4j-admin import header grammar (Neo4j operations manual, "Import: header format"):
// fields separated by ','; a field is [name][:type], type one of ID, START_ID, END_ID (each with an
// optional (IdSpace)), LABEL, TYPE, IGNORE, or a property type, optionally an array ([]). Property
// fields need a name. Returns the fields as "role|name|type|idspace"; throws on a violation.
struct HeaderField {
  std::string role, name, type, id_space;
};
std::vector<HeaderField> parse_neo4j_header(const std::string& line) {
  static const std::set<std::string> kPropertyTypes = {
      "int",    "long",  "float", "double",    "boolean", "byte",          "short",    "char",
      "string", "point", "date",  "localtime", "time",    "localdatetime", "datetime", "duration"};
  static const std::regex kField(R"(^([A-Za-z_][A-Za-z0-9_]*)?(?::([A-Za-z_]+)(\[\])?(?:\(([A-Za-z0-9_]+)\))?)?$)");
  std::vector<HeaderField> out;
  for (const auto& f : split(line, ',')) {
    std::smatch m;
    if (!std::regex_match(f, m, kField)) throw std::runtime_error("bad header field '" + f + "'");
    HeaderField h{"property", m[1], m[2].matched ? std::string(m[2]) : "string", m[4]};
    const std::string t = h.type;
    if (t == "ID" || t == "START_ID" || t == "END_ID" || t == "LABEL" || t == "TYPE" || t == "IGNORE") {
      h.role = t;
      if (m[3].matched) throw std::runtime_error("'" + f + "': an array of " + t);
      if (!h.id_space.empty() && t != "ID" && t != "START_ID" && t != "END_ID")
        throw std::runtime_error("'" + f + "': only ids have an ID space");
    } else {
      if (!kPropertyTypes.count(t)) throw std::runtime_error("'" + f + "': unknown type " + t);
      if (h.name.empty()) throw std::runtime_error("'" + f + "': a property needs a name");
      if (!h.id_space.empty()) throw std::runtime_error("'" + f + "': a property has no ID space");
    }
    out.push_back(h);
  }
  return out;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

TEST_CASE("knowledge graph: nodes and edges equal the hand-made bundle's objects") {
  TempDir dir;
  FakeHost host;
  host.inputs["objects"] = {objects_batch("tiny_bundle.jsonl")};
  REQUIRE(host.run<KnowledgeGraphStage>({{"out_dir", dir.path()}}) == 0);
  const Batch nodes = host.collected("nodes");
  std::vector<std::string> got_nodes;
  for (int64_t i = 0; i < nodes.rows(); ++i)
    got_nodes.push_back(std::string(nodes.column("key").str(i)) + " " + std::string(nodes.column("label").str(i)) +
                        " " + cell_text(nodes.column("name"), i));
  CHECK(got_nodes == kExpectedNodes);
  // properties: the object itself, so the bundle can be rebuilt from the nodes.
  CHECK(
      json::parse(nodes.column("properties").str(2)) ==
      json::parse(
          R"({"type": "user-account", "spec_version": "2.1", "id": "user-account--00000000-0000-5000-8000-000000000a01", "account_type": "twitter", "user_id": "a1", "account_login": "alpha"})"));

  const Batch edges = host.collected("edges");
  std::vector<std::string> got_edges;
  for (int64_t i = 0; i < edges.rows(); ++i)
    got_edges.push_back(std::string(edges.column("source").str(i)) + " " + std::string(edges.column("type").str(i)) +
                        " " + std::string(edges.column("target").str(i)) + " " +
                        cell_text(edges.column("confidence"), i));
  CHECK(got_edges == kExpectedEdges);
  // Evidence: the description, else the extension; the key of a relationship edge is its id.
  CHECK(edges.column("evidence").str(4) == "Admiralty B2 (data: accounts.state)");
  CHECK(json::parse(edges.column("evidence").str(0)) ==
        json::parse(R"({"extension-definition--00000000-0000-5000-8000-0000000000e1":
                        {"extension_type": "property-extension", "streams": ["co_retweet"]}})"));
  CHECK(edges.column("key").str(0) == "relationship--00000000-0000-5000-8000-000000000001");
  CHECK(edges.column("relationship_type").str(0) == "consists-of");
  CHECK(edges.column("key").str(11) == id("note", "0000000000n1") + "|ABOUT|" + id("campaign", "0000000000k1"));
  CHECK(edges.column("relationship_type").str(11) == "object_refs");
  CHECK(edges.column("stix_id").is_null(11));
  CHECK(host.logged(CHORUS_LOG_WARN, "1 relationship(s) have an end that is not a node of the bundle"));
  // The note's ref to a relationship, the grouping's to a relationship and to the marking.
  CHECK(host.logged(CHORUS_LOG_INFO, "3 embedded ref(s) point to relationships, markings or absent objects"));
}

TEST_CASE("knowledge graph: Neo4j import CSV headers follow the header grammar, one file per label") {
  TempDir dir;
  FakeHost host;
  host.inputs["objects"] = {objects_batch("tiny_bundle.jsonl")};
  REQUIRE(host.run<KnowledgeGraphStage>({{"out_dir", dir.path()}, {"formats", {"neo4j"}}}) == 0);
  std::set<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir.path() + "/neo4j"))
    files.insert(e.path().filename().string());
  CHECK(files == std::set<std::string>{"import.sh",
                                       "nodes_Account.csv",
                                       "nodes_Actor.csv",
                                       "nodes_Campaign.csv",
                                       "nodes_Cluster.csv",
                                       "nodes_Domain.csv",
                                       "nodes_Finding.csv",
                                       "nodes_Note.csv",
                                       "nodes_Organisation.csv",
                                       "nodes_Person.csv",
                                       "nodes_URL.csv",
                                       "rels_ABOUT_Note_Campaign.csv",
                                       "rels_ABOUT_Note_Cluster.csv",
                                       "rels_ATTRIBUTED_TO_Campaign_Actor.csv",
                                       "rels_CONSISTS_OF_Cluster_Account.csv",
                                       "rels_CONTAINS_Finding_Account.csv",
                                       "rels_CONTAINS_Finding_Actor.csv",
                                       "rels_CONTAINS_Finding_Campaign.csv",
                                       "rels_CONTAINS_Finding_Cluster.csv",
                                       "rels_CONTAINS_Finding_Domain.csv",
                                       "rels_CONTAINS_Finding_Note.csv",
                                       "rels_CONTAINS_Finding_URL.csv",
                                       "rels_RELATED_TO_Account_URL.csv",
                                       "rels_RELATED_TO_Domain_Person.csv",
                                       "rels_RELATED_TO_Person_Organisation.csv",
                                       "rels_RELATED_TO_URL_Domain.csv",
                                       "rels_USES_Campaign_Cluster.csv"});
  std::set<std::string> id_spaces;
  for (const auto& f : files) {
    if (f.rfind("nodes_", 0) != 0) continue;
    const std::string label = f.substr(6, f.size() - 10);
    const auto fields = parse_neo4j_header(first_line(read_file(dir.path() + "/neo4j/" + f)));
    int ids = 0, labels = 0;
    for (const auto& h : fields) {
      if (h.role == "ID") {
        ++ids;
        CHECK(h.id_space == label);
        id_spaces.insert(h.id_space);
      }
      labels += h.role == "LABEL";
    }
    CHECK(ids == 1);
    CHECK(labels == 1);
  }
  const auto account = parse_neo4j_header(first_line(read_file(dir.path() + "/neo4j/nodes_Account.csv")));
  CHECK(account[4].name == "confidence");
  CHECK(account[4].type == "int");
  CHECK(account[5].type == "datetime");
  for (const auto& f : files) {
    if (f.rfind("rels_", 0) != 0) continue;
    const auto fields = parse_neo4j_header(first_line(read_file(dir.path() + "/neo4j/" + f)));
    std::map<std::string, std::string> roles;
    for (const auto& h : fields) roles[h.role] = h.id_space;
    REQUIRE(roles.count("START_ID"));
    REQUIRE(roles.count("END_ID"));
    CHECK(roles.count("TYPE"));
    CHECK(id_spaces.count(roles["START_ID"]));  // the start and end ID spaces are node files' spaces
    CHECK(id_spaces.count(roles["END_ID"]));
  }
  CHECK_THROWS(parse_neo4j_header("id:ID(Account),:LABEL,:int"));     // a property without a name
  CHECK_THROWS(parse_neo4j_header("id:ID(Account),n:integer"));       // not a type
  CHECK_THROWS(parse_neo4j_header(":START_ID(Account),:TYPE(X)"));    // only ids have spaces
  CHECK(parse_neo4j_header("aliases:string[],:IGNORE").size() == 2);  // arrays and IGNORE
  const std::string script = read_file(dir.path() + "/neo4j/import.sh");
  CHECK(script.find("neo4j-admin database import full --id-type=string") != std::string::npos);
  CHECK(script.find("--nodes=nodes_Account.csv") != std::string::npos);
  CHECK(script.find("--relationships=rels_USES_Campaign_Cluster.csv") != std::string::npos);
}

TEST_CASE("knowledge graph: the CSV rows read back (python csv): one per node and edge") {
  if (chorus::testing::run_command("python3 -c 'import csv'").exit_code != 0) CHORUS_SKIP("python3 is not here");
  TempDir dir;
  FakeHost host;
  host.inputs["objects"] = {objects_batch("tiny_bundle.jsonl")};
  REQUIRE(host.run<KnowledgeGraphStage>({{"out_dir", dir.path()}, {"formats", {"neo4j"}}}) == 0);
  const std::string script = R"py(
import csv, glob, json, os, sys
out = {"nodes": 0, "edges": 0, "accounts": {}}
for f in sorted(glob.glob(os.path.join(sys.argv[1], "neo4j", "*.csv"))):
    rows = list(csv.reader(open(f, newline="")))
    key = "nodes" if os.path.basename(f).startswith("nodes_") else "edges"
    out[key] += len(rows) - 1
    if f.endswith("nodes_Account.csv"):
        h = rows[0]
        for r in rows[1:]:
            out["accounts"][r[0]] = [r[h.index("user_id")], r[h.index("account_login")], json.loads(r[-1])["id"]]
print(json.dumps(out))
)py";
  const auto r = chorus::export_common::testing::run_python_json(dir.path(), script, dir.path());
  CHECK(r["nodes"] == kExpectedNodes.size());
  CHECK(r["edges"] == kExpectedEdges.size());
  const std::string a1 = id("user-account", "000000000a01");
  CHECK(r["accounts"][a1] == json::array({"a1", "alpha", a1}));
  CHECK(r["accounts"][id("user-account", "000000000a02")][1] == "");  // no login: empty field
}

TEST_CASE("knowledge graph: the Cypher script holds one MERGE per node and per edge") {
  TempDir dir;
  FakeHost host;
  host.inputs["objects"] = {objects_batch("tiny_bundle.jsonl")};
  REQUIRE(host.run<KnowledgeGraphStage>({{"out_dir", dir.path()}, {"formats", {"cypher"}}}) == 0);
  const std::string text = read_file(dir.path() + "/graph.cypher");
  size_t merges = 0, node_merges = 0, edge_merges = 0, constraints = 0;
  for (const auto& line : split(text, '\n')) {
    for (size_t p = line.find("MERGE "); p != std::string::npos; p = line.find("MERGE ", p + 1)) ++merges;
    node_merges += line.rfind("MERGE (n:", 0) == 0;
    edge_merges += line.rfind("MATCH (a:", 0) == 0 && line.find(" MERGE (a)-[r:") != std::string::npos;
    constraints += line.rfind("CREATE CONSTRAINT IF NOT EXISTS FOR (n:", 0) == 0;
  }
  CHECK(node_merges == kExpectedNodes.size());
  CHECK(edge_merges == kExpectedEdges.size());
  CHECK(merges == kExpectedNodes.size() + kExpectedEdges.size());
  CHECK(constraints == 10);  // one per label
  CHECK(text.find("MERGE (n:Person {id: 'identity--00000000-0000-5000-8000-0000000000r1'}) SET n.stix_type = "
                  "'identity', n.name = 'J. Doe (registrant)'") != std::string::npos);
  CHECK(text.find("MERGE (a)-[r:ATTRIBUTED_TO {key: 'relationship--00000000-0000-5000-8000-000000000005'}]->(b) SET "
                  "r.relationship_type = 'attributed-to', r.confidence = 70, r.evidence = 'Admiralty B2 (data: "
                  "accounts.state)'") != std::string::npos);
}

TEST_CASE("knowledge graph: a re-run writes byte-identical files") {
  TempDir one, two;
  for (const TempDir* d : {&one, &two}) {
    FakeHost host;
    host.inputs["objects"] = {objects_batch("tiny_bundle.jsonl")};
    REQUIRE(host.run<KnowledgeGraphStage>({{"out_dir", d->path()}}) == 0);
  }
  size_t files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(one.path())) {
    if (!e.is_regular_file()) continue;
    const std::string rel = std::filesystem::relative(e.path(), one.path()).string();
    CHECK(read_file(one.path() + "/" + rel) == read_file(two.path() + "/" + rel));
    ++files;
  }
  CHECK(files == 29);  // 10 node files, 16 relationship files, import.sh, graph.cypher, graph.graphml
}

TEST_CASE("knowledge graph: the GraphML parses and holds the same graph (networkx)") {
  if (chorus::testing::run_command("python3 -c 'import networkx'").exit_code != 0)
    CHORUS_SKIP("python3 networkx is not installed");
  TempDir dir;
  FakeHost host;
  host.inputs["objects"] = {objects_batch("tiny_bundle.jsonl")};
  REQUIRE(host.run<KnowledgeGraphStage>({{"out_dir", dir.path()}, {"formats", {"graphml"}}}) == 0);
  const std::string script = R"py(
import json, sys, xml.dom.minidom
import networkx as nx
xml.dom.minidom.parse(sys.argv[1])
G = nx.read_graphml(sys.argv[1])
e = [d for u, v, d in G.edges(data=True) if d.get("type") == "ATTRIBUTED_TO"][0]
print(json.dumps({"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "directed": G.is_directed(),
                  "label": G.nodes["threat-actor--00000000-0000-5000-8000-0000000000t1"]["label"],
                  "confidence": e["confidence"], "evidence": e["evidence"]}))
)py";
  const auto r = chorus::export_common::testing::run_python_json(dir.path(), script, dir.path() + "/graph.graphml");
  CHECK(r["nodes"] == kExpectedNodes.size());
  CHECK(r["edges"] == kExpectedEdges.size());
  CHECK(r["directed"] == true);
  CHECK(r["label"] == "Actor");
  CHECK(r["confidence"] == 70);
  CHECK(r["evidence"] == "Admiralty B2 (data: accounts.state)");
}

TEST_CASE("knowledge graph: a missing column is an error naming it") {
  FakeHost host;
  host.inputs["objects"] = {batch(schema({{"stix_id", "utf8"}, {"type", "utf8"}}), {})};
  CHECK(host.run<KnowledgeGraphStage>({{"out_dir", "/tmp/unused"}}) != 0);
  CHECK(host.last_error() ==
        "input 'objects': no column 'json' (expected export/stix's objects: stix_id, type, name, cluster_id, json)");
}
