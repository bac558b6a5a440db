#include "store/store.hpp"

#include <chrono>
#include <ctime>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "store/sqlite.hpp"

namespace chorus {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string now_iso() {
  auto t = std::chrono::system_clock::now();
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(us / 1000000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char frac[16];
  std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>((us / 1000) % 1000));
  return std::string(buf) + frac;
}

const char* sql_type(const DataType& t) {
  switch (t.id) {
    case TypeId::Float64:
      return "REAL";
    case TypeId::Utf8:
    case TypeId::ListUtf8:
      return "TEXT";
    default:
      return "INTEGER";
  }
}

std::string schema_json(const Schema& s) {
  json cols = json::array();
  for (const auto& f : s) cols.push_back({{"name", f.name}, {"type", f.type.name()}});
  return cols.dump();
}

Schema schema_from(const std::string& text) {
  Schema s;
  for (const auto& c : json::parse(text))
    s.push_back({c.at("name").get<std::string>(), DataType::from_name(c.at("type").get<std::string>())});
  return s;
}

// How the analyst-facing view shows a column: timestamps as ISO 8601 text.
std::string view_expr(const Field& f) {
  std::string q = sql::quote_ident(f.name);
  if (f.type.id != TypeId::Timestamp) return q;
  const char* div = "1";
  switch (f.type.unit) {
    case TimeUnit::Second:
      div = "1";
      break;
    case TimeUnit::Milli:
      div = "1000.0";
      break;
    case TimeUnit::Micro:
      div = "1000000.0";
      break;
    case TimeUnit::Nano:
      div = "1000000000.0";
      break;
  }
  return "strftime('%Y-%m-%dT%H:%M:%fZ', " + q + " / " + div + ", 'unixepoch') AS " + q;
}

std::string sanitize(const std::string& s) {
  std::string out;
  for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return out;
}

// Inserts every row with multi-row INSERT statements (many rows per step)
// and text bound without copies: the dominant cost of a commit.
void insert_rows(sql::Connection& db, const std::string& table, const Dataset& d) {
  const int cols = static_cast<int>(d.schema.size());
  const int per_statement = std::max(1, std::min(64, 32766 / cols));
  auto make = [&](int rows) {
    std::string one = "(";
    for (int c = 0; c < cols; ++c) one += c ? ",?" : "?";
    one += ")";
    std::string sql_text = "INSERT INTO " + sql::quote_ident(table) + " VALUES ";
    for (int r = 0; r < rows; ++r) sql_text += (r ? "," : "") + one;
    return db.prepare(sql_text);
  };
  sql::Statement many = make(per_statement);
  std::vector<std::string> lists;  // JSON text of list cells, alive until the step
  auto bind_row = [&](sql::Statement& st, const Batch& b, int64_t r, int base) {
    for (int c = 0; c < cols; ++c) {
      const Column& col = b.column(static_cast<size_t>(c));
      int idx = base + c + 1;
      if (col.is_null(r)) {
        st.bind_null(idx);
        continue;
      }
      switch (col.type().id) {
        case TypeId::Bool:
          st.bind(idx, static_cast<int64_t>(col.boolean(r)));
          break;
        case TypeId::Int64:
        case TypeId::Timestamp:
          st.bind(idx, col.int64(r));
          break;
        case TypeId::Float64:
          st.bind(idx, col.float64(r));
          break;
        case TypeId::Utf8:
          st.bind_static(idx, col.str(r));
          break;
        case TypeId::ListUtf8: {
          json arr = json::array();
          for (int64_t j = 0; j < col.list_size(r); ++j) arr.push_back(std::string(col.list_item(r, j)));
          lists.push_back(arr.dump());
          st.bind_static(idx, lists.back());
          break;
        }
      }
    }
  };
  d.for_each_batch([&](const Batch& b) {
    int64_t r = 0;
    for (; r + per_statement <= b.rows(); r += per_statement) {
      lists.clear();
      lists.reserve(static_cast<size_t>(per_statement * cols));
      for (int k = 0; k < per_statement; ++k) bind_row(many, b, r + k, k * cols);
      many.step();
      many.reset_keep_bindings();
    }
    if (r < b.rows()) {
      sql::Statement rest = make(static_cast<int>(b.rows() - r));
      lists.clear();
      lists.reserve(static_cast<size_t>((b.rows() - r) * cols));
      for (int k = 0; r + k < b.rows(); ++k) bind_row(rest, b, r + k, k * cols);
      rest.step();
    }
  });
}

}  // namespace

std::string dataset_table_name(const std::string& hash) { return "ds_" + hash.substr(0, 24); }

std::string dataset_view_name(const std::string& pipeline, const std::string& stage, const std::string& port) {
  return sanitize(pipeline) + "__" + sanitize(stage) + "__" + sanitize(port);
}

Store::Store(const std::string& path) : path_(path) {
  fs::path p(path);
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  db_ = std::make_unique<sql::Connection>(path);
  migrate();
  reader_ = std::make_unique<sql::Connection>(path);
}

Store::~Store() = default;

void Store::migrate() {
  // A 64 MiB page cache. Bulk inserts append at the right edge of each table,
  // so more cache only adds memory: committing 1.86M posts took 11.0 s with
  // 256 MiB and 7.5 s with 64 MiB, and peak RSS fell by 230 MiB (16 MiB:
  // 9.3 s). The page size stays at SQLite's 4 KiB: 64 KiB pages sped up bulk
  // commits a little but made every small commit (one per stage) write far
  // more WAL (measured with make bench).
  db_->exec("PRAGMA cache_size=-65536");
  db_->exec("PRAGMA journal_mode=WAL");
  // Checkpoints happen when a run finishes (finish_run), not inside a stage's
  // commit: a commit then writes its pages once, to the WAL.
  db_->exec("PRAGMA wal_autocheckpoint=0");
  db_->exec("PRAGMA synchronous=NORMAL");
  db_->exec("PRAGMA foreign_keys=ON");
  db_->exec(R"sql(
    CREATE TABLE IF NOT EXISTS store_info(key TEXT PRIMARY KEY, value TEXT) STRICT;
    INSERT OR IGNORE INTO store_info VALUES ('format', 'chorus-store-1');
    CREATE TABLE IF NOT EXISTS runs(
      run_id INTEGER PRIMARY KEY, pipeline TEXT NOT NULL, pipeline_file TEXT NOT NULL,
      pipeline_hash TEXT NOT NULL, started TEXT NOT NULL, finished TEXT,
      status TEXT NOT NULL CHECK (status IN ('running','ok','failed','cancelled'))) STRICT;
    CREATE TABLE IF NOT EXISTS stage_runs(
      run_id INTEGER NOT NULL REFERENCES runs(run_id), stage_id TEXT NOT NULL, stage_type TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('ran','cached','failed','skipped','cancelled')),
      cache_key TEXT, rows_out INTEGER, seconds REAL, error TEXT,
      PRIMARY KEY (run_id, stage_id)) STRICT;
    CREATE TABLE IF NOT EXISTS datasets(
      hash TEXT PRIMARY KEY, table_name TEXT NOT NULL UNIQUE, type_name TEXT NOT NULL,
      schema_json TEXT NOT NULL, rows INTEGER NOT NULL, created TEXT NOT NULL) STRICT;
    CREATE TABLE IF NOT EXISTS cache_entries(
      cache_key TEXT PRIMARY KEY, pipeline TEXT NOT NULL, stage_id TEXT NOT NULL,
      stage_type TEXT NOT NULL, plugin TEXT NOT NULL, plugin_version TEXT NOT NULL,
      code_version TEXT NOT NULL, config_json TEXT NOT NULL, inputs_json TEXT NOT NULL,
      files_json TEXT NOT NULL, run_id INTEGER NOT NULL, created TEXT NOT NULL,
      code_identity TEXT NOT NULL DEFAULT '') STRICT;
    CREATE INDEX IF NOT EXISTS cache_by_stage ON cache_entries(pipeline, stage_id, created);
    CREATE TABLE IF NOT EXISTS cache_outputs(
      cache_key TEXT NOT NULL REFERENCES cache_entries(cache_key) ON DELETE CASCADE,
      port TEXT NOT NULL, dataset_hash TEXT NOT NULL REFERENCES datasets(hash),
      PRIMARY KEY (cache_key, port)) STRICT;
  )sql");
  // Stores written before plugins reported their code identity.
  bool has_identity = false;
  auto cols = db_->prepare("SELECT 1 FROM pragma_table_info('cache_entries') WHERE name = 'code_identity'");
  has_identity = cols.step();
  cols.reset();
  if (!has_identity) db_->exec("ALTER TABLE cache_entries ADD COLUMN code_identity TEXT NOT NULL DEFAULT ''");
}

int64_t Store::begin_run(const std::string& pipeline, const std::string& file, const std::string& file_hash) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto st = db_->prepare(
      "INSERT INTO runs(pipeline, pipeline_file, pipeline_hash, started, status) VALUES (?,?,?,?,'running')");
  st.bind(1, pipeline).bind(2, file).bind(3, file_hash).bind(4, now_iso()).run();
  return db_->last_insert_rowid();
}

void Store::finish_run(int64_t run_id, const std::string& status) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto st = db_->prepare("UPDATE runs SET finished = ?, status = ? WHERE run_id = ?");
  st.bind(1, now_iso()).bind(2, status).bind(3, run_id).run();
  checkpoint_locked();
}

void Store::checkpoint_locked() { db_->exec("PRAGMA wal_checkpoint(TRUNCATE)"); }

namespace {
void insert_stage_run(sql::Connection& db, int64_t run_id, const StageRecord& r) {
  auto st = db.prepare(
      "INSERT OR REPLACE INTO stage_runs(run_id, stage_id, stage_type, status, cache_key, rows_out, seconds, error) "
      "VALUES (?,?,?,?,?,?,?,?)");
  st.bind(1, run_id).bind(2, r.stage_id).bind(3, r.stage_type).bind(4, r.status);
  if (r.cache_key.empty())
    st.bind_null(5);
  else
    st.bind(5, r.cache_key);
  st.bind(6, r.rows_out).bind(7, r.seconds);
  if (r.error.empty())
    st.bind_null(8);
  else
    st.bind(8, r.error);
  st.run();
}
}  // namespace

void Store::record_stage(int64_t run_id, const StageRecord& rec) {
  std::lock_guard<std::mutex> lock(mutex_);
  insert_stage_run(*db_, run_id, rec);
}

namespace {
std::optional<CacheEntry> read_entry(sql::Connection& db, sql::Statement& st) {
  if (!st.step()) return std::nullopt;
  CacheEntry e;
  e.key = st.str(0);
  e.pipeline = st.str(1);
  e.stage_id = st.str(2);
  e.stage_type = st.str(3);
  e.plugin = st.str(4);
  e.plugin_version = st.str(5);
  e.code_version = st.str(6);
  e.config_json = st.str(7);
  e.inputs_json = st.str(8);
  e.files_json = st.str(9);
  e.code_identity = st.str(10);
  st.reset();
  auto outs = db.prepare("SELECT port, dataset_hash FROM cache_outputs WHERE cache_key = ?");
  outs.bind(1, e.key);
  while (outs.step()) e.outputs[outs.str(0)] = outs.str(1);
  return e;
}
const char* kEntryColumns =
    "SELECT cache_key, pipeline, stage_id, stage_type, plugin, plugin_version, code_version, "
    "config_json, inputs_json, files_json, code_identity FROM cache_entries ";
}  // namespace

std::optional<CacheEntry> Store::find_cache(const std::string& key) {
  std::lock_guard<std::mutex> lock(read_mutex_);
  auto st = reader_->prepare(std::string(kEntryColumns) + "WHERE cache_key = ?");
  st.bind(1, key);
  return read_entry(*reader_, st);
}

std::optional<CacheEntry> Store::latest_entry(const std::string& pipeline, const std::string& stage_id) {
  std::lock_guard<std::mutex> lock(read_mutex_);
  auto st = reader_->prepare(std::string(kEntryColumns) +
                             "WHERE pipeline = ? AND stage_id = ? ORDER BY created DESC, rowid DESC LIMIT 1");
  st.bind(1, pipeline).bind(2, stage_id);
  return read_entry(*reader_, st);
}

void Store::write_dataset(const Dataset& d) {
  {
    auto exists = db_->prepare("SELECT 1 FROM datasets WHERE hash = ?");
    exists.bind(1, d.hash);
    if (exists.step()) return;
  }
  std::string table = dataset_table_name(d.hash);
  std::string cols, marks;
  for (size_t i = 0; i < d.schema.size(); ++i) {
    cols += (i ? ", " : "") + sql::quote_ident(d.schema[i].name) + " " + sql_type(d.schema[i].type);
    marks += i ? ",?" : "?";
  }
  db_->exec("CREATE TABLE " + sql::quote_ident(table) + "(" + cols + ") STRICT");
  if (!d.schema.empty()) insert_rows(*db_, table, d);
  auto meta = db_->prepare(
      "INSERT INTO datasets(hash, table_name, type_name, schema_json, rows, created) VALUES (?,?,?,?,?,?)");
  meta.bind(1, d.hash)
      .bind(2, table)
      .bind(3, d.type_name)
      .bind(4, schema_json(d.schema))
      .bind(5, d.rows)
      .bind(6, now_iso())
      .run();
}

void Store::refresh_view(const CacheEntry& entry, const std::string& port, const std::string& hash) {
  auto info = db_->prepare("SELECT schema_json FROM datasets WHERE hash = ?");
  info.bind(1, hash);
  if (!info.step()) return;
  Schema schema = schema_from(info.str(0));
  std::string view = dataset_view_name(entry.pipeline, entry.stage_id, port);
  std::string cols;
  for (size_t i = 0; i < schema.size(); ++i) cols += (i ? ", " : "") + view_expr(schema[i]);
  if (cols.empty()) cols = "*";
  db_->exec("DROP VIEW IF EXISTS " + sql::quote_ident(view));
  db_->exec("CREATE VIEW " + sql::quote_ident(view) + " AS SELECT " + cols + " FROM " +
            sql::quote_ident(dataset_table_name(hash)) + " ORDER BY rowid");
}

void Store::commit_stage(int64_t run_id, const StageRecord& rec, const CacheEntry& entry,
                         const std::map<std::string, DatasetPtr>& outputs, bool cache) {
  std::lock_guard<std::mutex> lock(mutex_);
  db_->exec("BEGIN IMMEDIATE");
  try {
    for (const auto& [port, d] : outputs) write_dataset(*d);
    if (!cache) {
      for (const auto& [port, d] : outputs) refresh_view(entry, port, d->hash);
      insert_stage_run(*db_, run_id, rec);
      db_->exec("COMMIT");
      return;
    }
    auto ce = db_->prepare(
        "INSERT OR REPLACE INTO cache_entries(cache_key, pipeline, stage_id, stage_type, plugin, plugin_version, "
        "code_version, config_json, inputs_json, files_json, run_id, created, code_identity) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    ce.bind(1, entry.key)
        .bind(2, entry.pipeline)
        .bind(3, entry.stage_id)
        .bind(4, entry.stage_type)
        .bind(5, entry.plugin)
        .bind(6, entry.plugin_version)
        .bind(7, entry.code_version)
        .bind(8, entry.config_json)
        .bind(9, entry.inputs_json)
        .bind(10, entry.files_json)
        .bind(11, run_id)
        .bind(12, now_iso())
        .bind(13, entry.code_identity)
        .run();
    auto del = db_->prepare("DELETE FROM cache_outputs WHERE cache_key = ?");
    del.bind(1, entry.key).run();
    auto co = db_->prepare("INSERT INTO cache_outputs(cache_key, port, dataset_hash) VALUES (?,?,?)");
    for (const auto& [port, d] : outputs) {
      co.bind(1, entry.key).bind(2, port).bind(3, d->hash);
      co.step();
      co.reset();
      refresh_view(entry, port, d->hash);
    }
    insert_stage_run(*db_, run_id, rec);
    db_->exec("COMMIT");
  } catch (...) {
    try {
      db_->exec("ROLLBACK");
    } catch (...) {}
    throw;
  }
}

std::optional<StoredDataset> Store::dataset_info(const std::string& hash) {
  std::lock_guard<std::mutex> lock(read_mutex_);
  auto st = reader_->prepare("SELECT table_name, type_name, rows, schema_json FROM datasets WHERE hash = ?");
  st.bind(1, hash);
  if (!st.step()) return std::nullopt;
  return StoredDataset{hash, st.str(0), st.str(1), st.int64(2), schema_from(st.str(3))};
}

DatasetPtr Store::load_dataset(const std::string& hash, int64_t batch_rows) {
  auto info = dataset_info(hash);
  if (!info) throw std::runtime_error("dataset " + hash + " is not in the store");
  std::lock_guard<std::mutex> lock(read_mutex_);
  std::string cols;
  for (size_t i = 0; i < info->schema.size(); ++i) cols += (i ? ", " : "") + sql::quote_ident(info->schema[i].name);
  DatasetWriter writer(info->type_name, info->schema);
  if (!info->schema.empty()) {
    auto st = reader_->prepare("SELECT " + cols + " FROM " + sql::quote_ident(info->table) + " ORDER BY rowid");
    Batch b(info->schema);
    while (st.step()) {
      for (size_t c = 0; c < info->schema.size(); ++c) {
        Column& col = b.column(c);
        int i = static_cast<int>(c);
        if (st.is_null(i)) {
          col.append_null();
          continue;
        }
        switch (col.type().id) {
          case TypeId::Bool:
            col.append_bool(st.int64(i) != 0);
            break;
          case TypeId::Int64:
          case TypeId::Timestamp:
            col.append_int(st.int64(i));
            break;
          case TypeId::Float64:
            col.append_double(st.float64(i));
            break;
          case TypeId::Utf8:
            col.append_string(st.text(i));
            break;
          case TypeId::ListUtf8:
            col.append_list(json::parse(st.text(i)).get<std::vector<std::string>>());
            break;
        }
      }
      if (b.rows() >= batch_rows) {
        writer.append(std::move(b));
        b = Batch(info->schema);
      }
    }
    if (b.rows() > 0) writer.append(std::move(b));
  }
  auto d = writer.finish();
  if (d->hash != hash)
    throw std::runtime_error("dataset " + hash + " in table " + info->table + " no longer matches its hash");
  return d;
}

std::vector<RunInfo> Store::runs(int limit) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<RunInfo> out;
  auto st = db_->prepare(
      "SELECT run_id, pipeline, pipeline_file, started, coalesce(finished,''), status FROM runs ORDER BY run_id DESC "
      "LIMIT ?");
  st.bind(1, static_cast<int64_t>(limit));
  while (st.step()) out.push_back({st.int64(0), st.str(1), st.str(2), st.str(3), st.str(4), st.str(5), {}});
  for (auto& r : out) {
    auto s = db_->prepare(
        "SELECT stage_id, stage_type, status, coalesce(cache_key,''), coalesce(rows_out,0), coalesce(seconds,0), "
        "coalesce(error,'') FROM stage_runs WHERE run_id = ? ORDER BY rowid");
    s.bind(1, r.run_id);
    while (s.step()) r.stages.push_back({s.str(0), s.str(1), s.str(2), s.str(3), s.int64(4), s.float64(5), s.str(6)});
  }
  return out;
}

}  // namespace chorus
