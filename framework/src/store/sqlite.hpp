// A thin RAII layer over the SQLite C API: a connection and prepared statements.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace chorus::sql {

class Statement;

class Connection {
 public:
  explicit Connection(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(const std::string& sql);
  Statement prepare(const std::string& sql);
  int64_t last_insert_rowid() const;
  sqlite3* handle() { return db_; }
  [[noreturn]] void fail(const std::string& what) const;

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

class Statement {
 public:
  Statement(Connection& c, sqlite3_stmt* s) : conn_(&c), stmt_(s) {}
  Statement(Statement&& o) noexcept : conn_(o.conn_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  ~Statement();
  Statement(const Statement&) = delete;

  Statement& bind(int i, int64_t v);
  Statement& bind(int i, double v);
  Statement& bind(int i, std::string_view v);
  // The text must outlive the next step(): no copy is made.
  Statement& bind_static(int i, std::string_view v);
  Statement& bind_null(int i);
  // Returns true while a row is available; false when done.
  bool step();
  void reset();                // also clears bindings
  void reset_keep_bindings();  // for loops that bind every parameter anyway
  // Runs to completion.
  void run() {
    while (step()) {}
    reset();
  }

  bool is_null(int col) const;
  int64_t int64(int col) const;
  double float64(int col) const;
  std::string_view text(int col) const;
  std::string str(int col) const { return std::string(text(col)); }

 private:
  Connection* conn_;
  sqlite3_stmt* stmt_;
};

// Quotes an identifier for SQL ("a""b").
std::string quote_ident(std::string_view name);

}  // namespace chorus::sql
