// A run killed with SIGKILL in the middle of a stage's commit leaves a sound
// store without the stage's partial output, and the next run completes it.
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <thread>
#include <unistd.h>

#include "store/sqlite.hpp"
#include "support/helpers.hpp"

using namespace chorus;
using namespace chorus::testing;

namespace {

pid_t spawn_chorus_run(const std::string& file) {
  pid_t pid = fork();
  if (pid == 0) {
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    std::string bin = chorus_bin(), plugins = fixture_plugins();
    execl(bin.c_str(), bin.c_str(), "--plugin-path", plugins.c_str(), "run", "--jobs", "1", file.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

std::string query_text(const std::string& db, const std::string& sql_text) {
  sql::Connection c(db);
  auto st = c.prepare(sql_text);
  return st.step() ? st.str(0) : "";
}

}  // namespace

TEST_CASE("SIGKILL during a commit: integrity holds and the next run resumes", "[store][crash]") {
  TempDir dir;
  std::string file = dir.file("big.yaml");
  // 'small' commits first; 'big' writes millions of rows, long enough to be killed mid-commit.
  write_file(file, R"(name: big
stages:
  small: {uses: test/source, with: {rows: 5}}
  big: {uses: test/source, with: {rows: 3000000, batch_rows: 100000}}
)");
  std::string db = dir.file(".chorus/store.db"), wal = db + "-wal";

  pid_t pid = spawn_chorus_run(file);
  REQUIRE(pid > 0);
  // The WAL grows while the big transaction spills pages: that is the commit under way.
  bool killed_mid_commit = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    std::error_code ec;
    if (fs::exists(wal, ec) && fs::file_size(wal, ec) > 8u * 1024 * 1024) {
      kill(pid, SIGKILL);
      killed_mid_commit = true;
      break;
    }
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) break;  // finished before we could kill it
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(killed_mid_commit);
  REQUIRE(WIFSIGNALED(status));

  CHECK(query_text(db, "PRAGMA integrity_check") == "ok");
  // 'small' was committed before; nothing of 'big' was.
  CHECK(query_text(db, "SELECT count(*) FROM cache_entries WHERE stage_id = 'small'") == "1");
  CHECK(query_text(db, "SELECT count(*) FROM cache_entries WHERE stage_id = 'big'") == "0");
  CHECK(query_text(db, "SELECT count(*) FROM datasets WHERE rows = 3000000") == "0");
  CHECK(query_text(db, "SELECT status FROM runs WHERE run_id = 1") == "running");

  auto resumed = run_command(chorus_bin() + " --plugin-path " + fixture_plugins() + " run " + file);
  CHECK(resumed.exit_code == 0);
  CHECK(query_text(db,
                   "SELECT group_concat(stage_id || '=' || status || ':' || rows_out, ' ') FROM "
                   "(SELECT * FROM stage_runs WHERE run_id = 2 ORDER BY stage_id)") ==
        "big=ran:3000000 small=cached:5");
  // Sum of 0..2999999 computed by formula, read back with SQL.
  CHECK(query_text(db, "SELECT sum(n) FROM big__big__out") == std::to_string(2999999LL * 3000000LL / 2));
  CHECK(query_text(db, "PRAGMA integrity_check") == "ok");
}

TEST_CASE("the sqlite3 shell reads a stored dataset as an ordinary typed table", "[store][sql]") {
  TempDir dir;
  std::string file = dir.file("p.yaml");
  write_file(file, "name: shell\nstages:\n  src: {uses: test/source, with: {rows: 4, start: 10}}\n");
  REQUIRE(run_command(chorus_bin() + " --plugin-path " + fixture_plugins() + " run " + file).exit_code == 0);
  std::string db = dir.file(".chorus/store.db");
  auto r = run_command("sqlite3 " + db +
                       " \"SELECT group_concat(n || ':' || label, ','), typeof(n), typeof(label) "
                       "FROM shell__src__out\"");
  REQUIRE(r.exit_code == 0);
  CHECK(r.output == "10:row0,11:row1,12:row2,13:row3|integer|text\n");
  auto tables = run_command("sqlite3 " + db + " \"SELECT table_name, rows FROM datasets\"");
  CHECK(tables.output.rfind("ds_", 0) == 0);
  CHECK(tables.output.find("|4\n") != std::string::npos);
}
