#include "kg_store.hpp"

#include <sqlite3.h>

#include <stdexcept>

namespace chorus::export_knowledge_graph {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS kg_runs(
  run_id TEXT PRIMARY KEY, timestamp TEXT NOT NULL, nodes INTEGER NOT NULL, edges INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS kg_nodes(
  key TEXT PRIMARY KEY, label TEXT NOT NULL, stix_type TEXT NOT NULL, name TEXT, properties TEXT NOT NULL,
  first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, runs INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS kg_edges(
  key TEXT PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, type TEXT NOT NULL,
  relationship_type TEXT NOT NULL, confidence INTEGER, evidence TEXT, stix_id TEXT,
  first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, runs INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS kg_node_runs(key TEXT NOT NULL, run_id TEXT NOT NULL, PRIMARY KEY(key, run_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kg_edge_runs(key TEXT NOT NULL, run_id TEXT NOT NULL, PRIMARY KEY(key, run_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kg_edges_source ON kg_edges(source);
CREATE INDEX IF NOT EXISTS kg_edges_target ON kg_edges(target);
)sql";

// Properties follow the run with the latest timestamp (ties: the later load),
// so two pipelines merged in either order leave the same store.
constexpr const char* kUpsertNode = R"sql(
INSERT INTO kg_nodes(key, label, stix_type, name, properties, first_seen, last_seen, runs)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?6, (SELECT count(*) FROM kg_node_runs WHERE key = ?1))
ON CONFLICT(key) DO UPDATE SET
  label = CASE WHEN excluded.last_seen >= kg_nodes.last_seen THEN excluded.label ELSE kg_nodes.label END,
  stix_type = CASE WHEN excluded.last_seen >= kg_nodes.last_seen THEN excluded.stix_type ELSE kg_nodes.stix_type END,
  name = CASE WHEN excluded.last_seen >= kg_nodes.last_seen THEN excluded.name ELSE kg_nodes.name END,
  properties = CASE WHEN excluded.last_seen >= kg_nodes.last_seen THEN excluded.properties ELSE kg_nodes.properties END,
  first_seen = min(kg_nodes.first_seen, excluded.first_seen),
  last_seen = max(kg_nodes.last_seen, excluded.last_seen),
  runs = excluded.runs
)sql";

constexpr const char* kUpsertEdge = R"sql(
INSERT INTO kg_edges(key, source, target, type, relationship_type, confidence, evidence, stix_id, first_seen,
                     last_seen, runs)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, (SELECT count(*) FROM kg_edge_runs WHERE key = ?1))
ON CONFLICT(key) DO UPDATE SET
  confidence = CASE WHEN excluded.last_seen >= kg_edges.last_seen THEN excluded.confidence ELSE kg_edges.confidence END,
  evidence = CASE WHEN excluded.last_seen >= kg_edges.last_seen THEN excluded.evidence ELSE kg_edges.evidence END,
  first_seen = min(kg_edges.first_seen, excluded.first_seen),
  last_seen = max(kg_edges.last_seen, excluded.last_seen),
  runs = excluded.runs
)sql";

class Db {
 public:
  explicit Db(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
      const std::string m = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw std::runtime_error("with.database: cannot open '" + path + "': " + m);
    }
    sqlite3_busy_timeout(db_, 30000);  // another pipeline may be loading into the same store
  }
  ~Db() {
    if (db_) sqlite3_close(db_);
  }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  void exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      const std::string m = err ? err : "unknown error";
      sqlite3_free(err);
      throw std::runtime_error("knowledge-graph store: " + m);
    }
  }
  sqlite3* get() { return db_; }
  [[noreturn]] void fail() { throw std::runtime_error(std::string("knowledge-graph store: ") + sqlite3_errmsg(db_)); }

 private:
  sqlite3* db_ = nullptr;
};

class Stmt {
 public:
  Stmt(Db& db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db.get(), sql, -1, &s_, nullptr) != SQLITE_OK) db.fail();
  }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& text(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& text(int i, const std::optional<std::string>& v) {
    if (v) return text(i, *v);
    sqlite3_bind_null(s_, i);
    return *this;
  }
  Stmt& integer(int i, const std::optional<int64_t>& v) {
    if (v)
      sqlite3_bind_int64(s_, i, *v);
    else
      sqlite3_bind_null(s_, i);
    return *this;
  }
  // Runs the statement; returns the changes it made.
  int run() {
    const int rc = sqlite3_step(s_);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) db_.fail();
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
    return sqlite3_changes(db_.get());
  }

 private:
  Db& db_;
  sqlite3_stmt* s_ = nullptr;
};

int64_t count_rows(Db& db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db.get(), sql, -1, &s, nullptr) != SQLITE_OK) db.fail();
  int64_t n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
  sqlite3_finalize(s);
  return n;
}

}  // namespace

const char* store_schema_sql() { return kSchema; }

LoadCounts load_into_store(const std::string& database_path, const Graph& g) {
  Db db(database_path);
  db.exec(kSchema);
  db.exec("BEGIN IMMEDIATE");
  try {
    LoadCounts counts;
    const int64_t nodes_before = count_rows(db, "SELECT count(*) FROM kg_nodes");
    const int64_t edges_before = count_rows(db, "SELECT count(*) FROM kg_edges");
    Stmt run(db, "INSERT OR IGNORE INTO kg_runs(run_id, timestamp, nodes, edges) VALUES(?1, ?2, ?3, ?4)");
    counts.new_run = run.text(1, g.run_id)
                         .text(2, g.timestamp)
                         .integer(3, static_cast<int64_t>(g.nodes.size()))
                         .integer(4, static_cast<int64_t>(g.edges.size()))
                         .run() > 0;
    Stmt node_run(db, "INSERT OR IGNORE INTO kg_node_runs(key, run_id) VALUES(?1, ?2)");
    Stmt node(db, kUpsertNode);
    for (const Node& n : g.nodes) {
      node_run.text(1, n.key).text(2, g.run_id).run();
      node.text(1, n.key).text(2, n.label).text(3, n.stix_type).text(4, n.name).text(5, n.properties);
      node.text(6, g.timestamp).run();
    }
    Stmt edge_run(db, "INSERT OR IGNORE INTO kg_edge_runs(key, run_id) VALUES(?1, ?2)");
    Stmt edge(db, kUpsertEdge);
    for (const Edge& e : g.edges) {
      edge_run.text(1, e.key).text(2, g.run_id).run();
      edge.text(1, e.key).text(2, e.source).text(3, e.target).text(4, e.type).text(5, e.relationship_type);
      edge.integer(6, e.confidence).text(7, e.evidence).text(8, e.stix_id).text(9, g.timestamp).run();
    }
    counts.new_nodes = count_rows(db, "SELECT count(*) FROM kg_nodes") - nodes_before;
    counts.new_edges = count_rows(db, "SELECT count(*) FROM kg_edges") - edges_before;
    db.exec("COMMIT");
    return counts;
  } catch (...) {
    sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace chorus::export_knowledge_graph
