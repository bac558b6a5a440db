// Store commit throughput: a 10-column table (int64 x4, float64 x2, utf8 x3,
// timestamp x1, some nulls) of 2,000,000 rows committed with
// Store::commit_stage into a fresh store file; rows/s, median of R.
// Only commit_stage is timed (building the batches and the dataset hash are not).
//
//   bench_store [--rows N] [--reps R] [--dir DIR] [--no-spilled] [--experiments]
//
// Also (unless --no-spilled) commits the same rows as the runner would hand
// them over: from a DatasetWriter with the default memory limit (spilled).
//
// --experiments also times the same insert done with the raw SQLite API under
// variations (bind mode, pragmas, page size, multi-row INSERT), to show where
// commit time goes. Prints "RESULT <key> <value>" lines for bench/run.
#include "util/allocator.hpp"
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "data/dataset.hpp"
#include "store/store.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace chorus;

namespace {

struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint32_t below(uint32_t n) { return static_cast<uint32_t>((next() >> 32) * n >> 32); }
};

const Schema kSchema = {{"post_id", {TypeId::Int64}}, {"account_id", {TypeId::Int64}},
                        {"likes", {TypeId::Int64}},   {"shares", {TypeId::Int64}},
                        {"score", {TypeId::Float64}}, {"weight", {TypeId::Float64}},
                        {"account", {TypeId::Utf8}},  {"lang", {TypeId::Utf8}},
                        {"text", {TypeId::Utf8}},     {"posted_at", {TypeId::Timestamp, TimeUnit::Second}}};

std::vector<Batch> make_batches(int64_t rows, int64_t per_batch) {
  Rng rng{7};
  static const char* langs[] = {"en", "es", "fr", "de", "pt"};
  static const char* words[] = {"vote",  "climate", "news",   "city",   "report", "today", "people", "data",
                                "watch", "budget",  "school", "energy", "a",      "the",   "of",     "and"};
  std::vector<Batch> out;
  std::string text;
  for (int64_t done = 0; done < rows;) {
    Batch b(kSchema);
    int64_t n = std::min(per_batch, rows - done);
    for (size_t c = 0; c < b.num_columns(); ++c) b.column(c).reserve(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i, ++done) {
      b.column(0).append_int(1300000000000000000ll + done * 17);
      b.column(1).append_int(100000000 + rng.below(50000));
      if (rng.below(100) < 5)
        b.column(2).append_null();
      else
        b.column(2).append_int(rng.below(10000));
      b.column(3).append_int(rng.below(500));
      b.column(4).append_double((static_cast<int>(rng.below(20001)) - 10000) / 10000.0);
      if (rng.below(100) < 10)
        b.column(5).append_null();
      else
        b.column(5).append_double(rng.below(1000000) / 7.0);
      b.column(6).append_string("@user_" + std::to_string(rng.below(50000)));
      if (rng.below(100) < 3)
        b.column(7).append_null();
      else
        b.column(7).append_string(langs[rng.below(5)]);
      text.clear();
      for (uint32_t k = 0, w = 5 + rng.below(20); k < w; ++k) {
        if (k) text += ' ';
        text += words[rng.below(16)];
      }
      b.column(8).append_string(text);
      b.column(9).append_int(1609459200 + done * 3);
    }
    out.push_back(std::move(b));
  }
  return out;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void remove_db(const fs::path& p) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(p.string() + suffix, ec);
}

// --- raw SQLite variants ------------------------------------------------------

struct Variant {
  std::string name;
  std::vector<std::string> pragmas;  // run before anything else (page_size must come first)
  bool static_binds = false;         // SQLITE_STATIC instead of SQLITE_TRANSIENT
  bool clear_bindings = true;        // sqlite3_clear_bindings after each row (as sqlite.cpp does)
  int rows_per_insert = 1;           // multi-row INSERT ... VALUES (...),(...)
  bool skip_step = false;            // bind and reset only: the binding cost alone
  bool nomutex = false;              // SQLITE_OPEN_NOMUTEX instead of FULLMUTEX (Store has its own mutex)
};

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "sqlite: %s: %s\n", what, sqlite3_errmsg(db));
    std::exit(1);
  }
}

void exec(sqlite3* db, const std::string& sql) {
  check(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), db, sql.c_str());
}

// Returns seconds from BEGIN to the end of COMMIT (WAL auto-checkpoint included).
double run_variant(const Variant& v, const fs::path& file, const std::vector<Batch>& batches) {
  remove_db(file);
  sqlite3* db = nullptr;
  check(sqlite3_open_v2(
            file.c_str(), &db,
            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | (v.nomutex ? SQLITE_OPEN_NOMUTEX : SQLITE_OPEN_FULLMUTEX),
            nullptr),
        db, "open");
  for (const auto& p : v.pragmas) exec(db, p);
  std::string cols, row;
  for (size_t i = 0; i < kSchema.size(); ++i) {
    const char* t = kSchema[i].type.id == TypeId::Float64 ? "REAL"
                    : kSchema[i].type.id == TypeId::Utf8  ? "TEXT"
                                                          : "INTEGER";
    cols += (i ? ", \"" : "\"") + kSchema[i].name + "\" " + t;
    row += i ? ",?" : "(?";
  }
  row += ")";
  exec(db, "CREATE TABLE t(" + cols + ") STRICT");
  auto prepare = [&](int k) {
    std::string sql = "INSERT INTO t VALUES ";
    for (int i = 0; i < k; ++i) sql += (i ? "," : "") + row;
    sqlite3_stmt* st = nullptr;
    check(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), db, "prepare");
    return st;
  };
  const int k = v.rows_per_insert;
  sqlite3_stmt* multi = prepare(k);
  sqlite3_stmt* single = k > 1 ? prepare(1) : multi;
  auto destructor = v.static_binds ? SQLITE_STATIC : SQLITE_TRANSIENT;
  const int ncol = static_cast<int>(kSchema.size());

  auto t0 = Clock::now();
  exec(db, "BEGIN IMMEDIATE");
  for (const auto& b : batches) {
    int64_t r = 0;
    auto put_rows = [&](sqlite3_stmt* st, int count) {
      for (int j = 0; j < count; ++j, ++r) {
        for (int c = 0; c < ncol; ++c) {
          const Column& col = b.column(c);
          int idx = j * ncol + c + 1;
          if (col.is_null(r)) {
            sqlite3_bind_null(st, idx);
            continue;
          }
          switch (col.type().id) {
            case TypeId::Float64:
              sqlite3_bind_double(st, idx, col.float64(r));
              break;
            case TypeId::Utf8: {
              auto s = col.str(r);
              sqlite3_bind_text(st, idx, s.data(), static_cast<int>(s.size()), destructor);
              break;
            }
            default:
              sqlite3_bind_int64(st, idx, col.int64(r));
          }
        }
      }
      if (!v.skip_step) check(sqlite3_step(st), db, "step");
      sqlite3_reset(st);
      if (v.clear_bindings) sqlite3_clear_bindings(st);
    };
    while (b.rows() - r >= k) put_rows(multi, k);
    while (r < b.rows()) put_rows(single, 1);
  }
  exec(db, "COMMIT");
  double s = std::chrono::duration<double>(Clock::now() - t0).count();
  if (single != multi) sqlite3_finalize(single);
  sqlite3_finalize(multi);
  sqlite3_close(db);
  remove_db(file);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  chorus::tune_allocator_for_batches();  // as the chorus CLI does
  int64_t rows = 2000000;
  int reps = 3;
  bool experiments = false, spilled = true;
  fs::path dir;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--rows")
      rows = std::stoll(next());
    else if (a == "--reps")
      reps = std::stoi(next());
    else if (a == "--dir")
      dir = next();
    else if (a == "--experiments")
      experiments = true;
    else if (a == "--no-spilled")
      spilled = false;
    else {
      std::cerr << "unknown argument " << a << "\n";
      return 2;
    }
  }
  if (dir.empty()) dir = fs::temp_directory_path();
  dir /= "chorus-bench-store-" + std::to_string(::getpid());
  fs::create_directories(dir);

  auto t0 = Clock::now();
  std::vector<Batch> batches = make_batches(rows, 65536);
  double build_s = std::chrono::duration<double>(Clock::now() - t0).count();
  t0 = Clock::now();
  DatasetPtr d = make_dataset("", kSchema, batches);  // a copy: `batches` stays for the raw variants
  double hash_s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::printf("table: %lld rows x %zu columns in %zu batches (built in %.2f s, hashed in %.2f s)\n",
              static_cast<long long>(d->rows), kSchema.size(), d->batch_count(), build_s, hash_s);

  // Times commit_stage of `data` into a fresh store, `reps` times; returns the median seconds.
  auto commit_bench = [&](const DatasetPtr& data, const char* label) {
    std::vector<double> secs;
    for (int r = 0; r < reps; ++r) {
      fs::path file = dir / ("store-" + std::to_string(r) + ".db");
      remove_db(file);
      double s = 0;
      uintmax_t size = 0, wal = 0;
      {
        Store store(file.string());
        int64_t run_id = store.begin_run("bench_store", "bench.yaml", "0");
        StageRecord rec{"table", "bench/table", "ran", "key-" + std::to_string(r), data->rows, 0, ""};
        CacheEntry entry;
        entry.key = rec.cache_key;
        entry.pipeline = "bench_store";
        entry.stage_id = "table";
        entry.stage_type = "bench/table";
        entry.plugin = "bench";
        entry.plugin_version = "1";
        entry.code_version = "1";
        entry.config_json = "{}";
        entry.inputs_json = "{}";
        entry.files_json = "{}";
        entry.outputs["out"] = data->hash;
        auto c0 = Clock::now();
        store.commit_stage(run_id, rec, entry, {{"out", data}});
        s = std::chrono::duration<double>(Clock::now() - c0).count();
        std::error_code ec;
        size = fs::file_size(file, ec);
        wal = fs::file_size(file.string() + "-wal", ec);
        if (ec) wal = 0;
      }
      remove_db(file);
      secs.push_back(s);
      std::printf("  %s rep %d: commit_stage %.3f s, %.0f rows/s (store file %.1f MB, wal %.1f MB)\n", label, r + 1, s,
                  data->rows / s, size / 1e6, wal / 1e6);
      std::fflush(stdout);
    }
    return median(secs);
  };

  double s = commit_bench(d, "in-memory dataset");
  std::printf("Store::commit_stage (in-memory dataset): %lld rows, median of %d: %.3f s, %.0f rows/s\n",
              static_cast<long long>(d->rows), reps, s, d->rows / s);
  std::printf("RESULT store_rows %lld\n", static_cast<long long>(d->rows));
  std::printf("RESULT store_seconds %.4f\n", s);
  std::printf("RESULT store_rows_per_s %.0f\n", d->rows / s);
  std::fflush(stdout);

  if (spilled) {
    // What the runner hands the store for a table this size: a DatasetWriter
    // with the default memory limit spills it to a spool file.
    DatasetWriter w("", kSchema);
    for (const auto& b : batches) w.append(Batch(b));
    DatasetPtr sp = w.finish();
    if (sp->hash != d->hash) {
      std::fprintf(stderr, "bench_store: spilled dataset hash differs\n");
      return 1;
    }
    double s2 = commit_bench(sp, sp->spilled() ? "spilled dataset" : "dataset (not spilled)");
    std::printf("Store::commit_stage (%s dataset, as the runner produces it): median of %d: %.3f s, %.0f rows/s\n",
                sp->spilled() ? "spilled" : "in-memory", reps, s2, sp->rows / s2);
    std::printf("RESULT store_spilled_rows_per_s %.0f\n", sp->rows / s2);
    std::fflush(stdout);
  }

  if (experiments) {
    // The store's own settings: WAL, synchronous=NORMAL, foreign_keys=ON.
    const std::vector<std::string> store_pragmas = {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                                                    "PRAGMA foreign_keys=ON"};
    auto with = [&](std::vector<std::string> extra_first, std::vector<std::string> extra_after = {}) {
      std::vector<std::string> p = extra_first;
      p.insert(p.end(), store_pragmas.begin(), store_pragmas.end());
      p.insert(p.end(), extra_after.begin(), extra_after.end());
      return p;
    };
    std::vector<Variant> variants;
    Variant base{"as store.cpp (TRANSIENT, clear_bindings, 4 KiB pages)", store_pragmas};
    variants.push_back(base);
    Variant v = base;
    v.name = "bind+reset only, no step (binding cost)";
    v.skip_step = true;
    variants.push_back(v);
    v = base;
    v.name = "SQLITE_STATIC binds";
    v.static_binds = true;
    variants.push_back(v);
    v = base;
    v.name = "no clear_bindings";
    v.clear_bindings = false;
    variants.push_back(v);
    v = base;
    v.name = "SQLITE_OPEN_NOMUTEX";
    v.nomutex = true;
    variants.push_back(v);
    v = base;
    v.name = "cache_size 256 MiB";
    v.pragmas = with({}, {"PRAGMA cache_size=-262144"});
    variants.push_back(v);
    v = base;
    v.name = "page_size 16 KiB";
    v.pragmas = with({"PRAGMA page_size=16384"});
    variants.push_back(v);
    v = base;
    v.name = "page_size 64 KiB";
    v.pragmas = with({"PRAGMA page_size=65536"});
    variants.push_back(v);
    v = base;
    v.name = "synchronous=OFF";
    v.pragmas = with({}, {"PRAGMA synchronous=OFF"});
    variants.push_back(v);
    v = base;
    v.name = "wal_autocheckpoint=0 (checkpoint later)";
    v.pragmas = with({}, {"PRAGMA wal_autocheckpoint=0"});
    variants.push_back(v);
    v = base;
    v.name = "journal_mode=DELETE (rollback journal)";
    v.pragmas = with({}, {"PRAGMA journal_mode=DELETE"});
    variants.push_back(v);
    v = base;
    v.name = "multi-row INSERT, 50 rows/statement";
    v.rows_per_insert = 50;
    variants.push_back(v);
    Variant best{"combined: STATIC, no clear, NOMUTEX, 64K pages, 256M cache, 50 rows/INSERT",
                 with({"PRAGMA page_size=65536"}, {"PRAGMA cache_size=-262144"})};
    best.static_binds = true;
    best.nomutex = true;
    best.clear_bindings = false;
    best.rows_per_insert = 50;
    variants.push_back(best);
    Variant best2 = best;
    best2.name = "combined + journal_mode=DELETE";
    best2.pragmas = with({"PRAGMA page_size=65536"}, {"PRAGMA cache_size=-262144", "PRAGMA journal_mode=DELETE"});
    variants.push_back(best2);
    Variant best3 = best;
    best3.name = "combined + wal_autocheckpoint=0 (checkpoint off the commit path)";
    best3.pragmas = with({"PRAGMA page_size=65536"}, {"PRAGMA cache_size=-262144", "PRAGMA wal_autocheckpoint=0"});
    variants.push_back(best3);

    std::printf("\nraw SQLite insert of the same rows (one transaction, BEGIN..COMMIT timed, median of %d):\n", reps);
    for (const auto& var : variants) {
      std::vector<double> t;
      for (int r = 0; r < reps; ++r) t.push_back(run_variant(var, dir / "raw.db", batches));
      double m = median(t);
      std::printf("  %-72s %7.3f s %10.0f rows/s\n", var.name.c_str(), m, d->rows / m);
      std::fflush(stdout);
    }
  }
  fs::remove_all(dir);
  return 0;
}
