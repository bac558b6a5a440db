#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <chorus/sdk/testing.hpp>

#include <string>
#include <vector>

#include "kg_store.hpp"
#include "kg_test_support.hpp"
#include "knowledge_graph_stage.hpp"

using chorus::export_knowledge_graph::KnowledgeGraphStage;
using namespace chorus::export_knowledge_graph::testing;

namespace {

// Rows of a query, each row's columns joined by '|' (NULL as "null").
std::vector<std::string> query(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr);
  INFO(sqlite3_errmsg(db));
  REQUIRE(rc == SQLITE_OK);
  std::vector<std::string> rows;
  while (sqlite3_step(s) == SQLITE_ROW) {
    std::string row;
    for (int c = 0; c < sqlite3_column_count(s); ++c) {
      if (c) row += "|";
      const unsigned char* t = sqlite3_column_text(s, c);
      row += t ? reinterpret_cast<const char*>(t) : "null";
    }
    rows.push_back(row);
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return rows;
}

void load(const std::string& fixture, const std::string& db, const std::string& out_dir) {
  FakeHost host;
  host.inputs["objects"] = {objects_batch(fixture)};
  REQUIRE(host.run<KnowledgeGraphStage>({{"out_dir", out_dir}, {"database", db}, {"formats", {"cypher"}}}) == 0);
}

const std::string P = "-0000-5000-8000-";
std::string id(const char* type, const char* tail) { return std::string(type) + "--00000000" + P + tail; }

// Account -> URL -> domain -> registrant -> organisation: every node reachable from an account over
// RELATED_TO edges (at most 6 hops), with the path; the organisations among them.
const char* kAccountToOrganisation = R"sql(
WITH RECURSIVE reach(key, depth, path) AS (
  SELECT key, 0, key FROM kg_nodes WHERE key = ?
  UNION ALL
  SELECT e.target, r.depth + 1, r.path || ' > ' || e.target
  FROM reach r JOIN kg_edges e ON e.source = r.key AND e.type = 'RELATED_TO'
  WHERE r.depth < 6)
SELECT n.name, reach.depth, reach.path FROM reach JOIN kg_nodes n ON n.key = reach.key
WHERE n.label = 'Organisation' ORDER BY reach.depth, n.name)sql";

std::string with_start(const std::string& sql, const std::string& key) {
  std::string out = sql;
  out.replace(out.find('?'), 1, "'" + key + "'");
  return out;
}

}  // namespace

TEST_CASE("knowledge graph store: account -> domain -> registrant -> organisation (recursive SQL)") {
  TempDir dir;
  const std::string db = dir.file("kg.sqlite");
  load("tiny_bundle.jsonl", db, dir.path());
  const std::string a1 = id("user-account", "000000000a01");
  CHECK(query(db, with_start(kAccountToOrganisation, a1)) ==
        std::vector<std::string>{"Example Media LLC|4|" + a1 + " > " + id("url", "000000000b01") + " > " +
                                 id("domain-name", "000000000d01") + " > " + id("identity", "0000000000r1") + " > " +
                                 id("identity", "0000000000o1")});
  // a3 shared only the other URL, whose domain nobody traced: no organisation.
  CHECK(query(db, with_start(kAccountToOrganisation, id("user-account", "000000000a03"))).empty());
  // The domain's registrant and the organisation, with each hop's evidence.
  CHECK(query(db,
              "SELECT e.evidence, n.label, n.name FROM kg_edges e JOIN kg_nodes n ON n.key = e.target "
              "WHERE e.source IN ('" +
                  id("domain-name", "000000000d01") + "', '" + id("identity", "0000000000r1") + "') ORDER BY e.key") ==
        std::vector<std::string>{"registered-by (WHOIS)|Person|J. Doe (registrant)",
                                 "affiliated-with|Organisation|Example Media LLC"});
}

TEST_CASE("knowledge graph store: cluster -> accounts -> shared URLs (SQL)") {
  TempDir dir;
  const std::string db = dir.file("kg.sqlite");
  load("tiny_bundle.jsonl", db, dir.path());
  const std::string sql =
      "SELECT u.name, count(DISTINCT m.target) FROM kg_edges m "
      "JOIN kg_edges s ON s.source = m.target AND s.type = 'RELATED_TO' "
      "JOIN kg_nodes u ON u.key = s.target AND u.label = 'URL' "
      "WHERE m.source = '" +
      id("infrastructure", "0000000000c1") +
      "' AND m.type = 'CONSISTS_OF' "
      "GROUP BY u.key HAVING count(DISTINCT m.target) >= 2 ORDER BY u.name";
  CHECK(query(db, sql) == std::vector<std::string>{"https://news.example/a|2"});  // a1 and a2; a3's URL is its own
}

TEST_CASE("knowledge graph store: two runs merge without duplicates and their counts add") {
  TempDir dir;
  const std::string db = dir.file("kg.sqlite");
  load("tiny_bundle.jsonl", db, dir.path());
  CHECK(query(db, "SELECT count(*) FROM kg_nodes") == std::vector<std::string>{"14"});
  CHECK(query(db, "SELECT count(*) FROM kg_edges") == std::vector<std::string>{"22"});
  load("tiny_bundle_2.jsonl", db, dir.path());
  // New: cluster C-bbb, account a4, campaign C-bbb; the rest was known.
  CHECK(query(db, "SELECT count(*) FROM kg_nodes") == std::vector<std::string>{"17"});
  // New: C-bbb consists-of a4, campaign C-bbb attributed-to the actor.
  CHECK(query(db, "SELECT count(*) FROM kg_edges") == std::vector<std::string>{"24"});
  CHECK(query(db, "SELECT count(*) FROM (SELECT key FROM kg_nodes GROUP BY key HAVING count(*) > 1)") ==
        std::vector<std::string>{"0"});
  // The recurring actor: seen in both runs, first and last seen from the runs' times.
  CHECK(query(db, "SELECT runs, first_seen, last_seen FROM kg_nodes WHERE key = '" +
                      id("threat-actor", "0000000000t1") + "'") ==
        std::vector<std::string>{"2|2024-03-02T12:30:00.250Z|2024-04-01T00:00:00.000Z"});
  // Its evidence adds up: two campaigns attributed to it, the C-aaa attribution seen twice.
  CHECK(query(db, "SELECT stix_id, runs, confidence FROM kg_edges WHERE type = 'ATTRIBUTED_TO' AND target = '" +
                      id("threat-actor", "0000000000t1") + "' ORDER BY stix_id") ==
        std::vector<std::string>{"relationship--00000000-0000-5000-8000-000000000005|2|70",
                                 "relationship--00000000-0000-5000-8000-000000000021|1|50"});
  // Properties follow the latest run: a1's membership confidence 90 then 95.
  CHECK(query(db,
              "SELECT confidence, runs FROM kg_edges WHERE stix_id = "
              "'relationship--00000000-0000-5000-8000-000000000001'") == std::vector<std::string>{"95|2"});
  CHECK(query(db, "SELECT runs FROM kg_nodes WHERE key = '" + id("url", "000000000b01") + "'") ==
        std::vector<std::string>{"1"});
  CHECK(query(db, "SELECT run_id, nodes, edges FROM kg_runs ORDER BY timestamp") ==
        std::vector<std::string>{"bundle--b57af161-d60d-59e7-833b-f5b0ba2a48b5|14|22",
                                 "bundle--d7822b77-e5c2-5566-81dd-694b0f8b741d|7|4"});

  // Loading a run again changes nothing.
  const auto before = query(db, "SELECT * FROM kg_nodes ORDER BY key");
  const auto edges_before = query(db, "SELECT * FROM kg_edges ORDER BY key");
  load("tiny_bundle.jsonl", db, dir.path());
  CHECK(query(db, "SELECT * FROM kg_nodes ORDER BY key") == before);
  CHECK(query(db, "SELECT * FROM kg_edges ORDER BY key") == edges_before);
  CHECK(query(db, "SELECT count(*) FROM kg_runs") == std::vector<std::string>{"2"});
}

TEST_CASE("knowledge graph store: the merge does not depend on the load order") {
  TempDir a, b;
  load("tiny_bundle.jsonl", a.file("kg.sqlite"), a.path());
  load("tiny_bundle_2.jsonl", a.file("kg.sqlite"), a.path());
  load("tiny_bundle_2.jsonl", b.file("kg.sqlite"), b.path());
  load("tiny_bundle.jsonl", b.file("kg.sqlite"), b.path());
  CHECK(query(a.file("kg.sqlite"), "SELECT * FROM kg_nodes ORDER BY key") ==
        query(b.file("kg.sqlite"), "SELECT * FROM kg_nodes ORDER BY key"));
  CHECK(query(a.file("kg.sqlite"), "SELECT * FROM kg_edges ORDER BY key") ==
        query(b.file("kg.sqlite"), "SELECT * FROM kg_edges ORDER BY key"));
}
