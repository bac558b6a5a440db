// Ctrl-C during a run: running stages stop, nothing of theirs is committed,
// the run is recorded as cancelled, and the store stays sound. A stage that
// runs longer than a second reports progress first.
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <thread>
#include <unistd.h>

#include "store/sqlite.hpp"
#include "support/helpers.hpp"

using namespace chorus;
using namespace chorus::testing;

TEST_CASE("SIGINT cancels a run cleanly after progress was shown", "[cli][interrupt]") {
  TempDir dir;
  std::string file = dir.file("slow.yaml");
  // 40 batches, 100 ms apart: about 4 s unless interrupted.
  write_file(file, R"(name: slow
stages:
  quick: {uses: test/source, with: {rows: 3}}
  slow: {uses: test/source, with: {rows: 400, batch_rows: 10, sleep_ms: 100}}
)");
  std::string log = dir.file("stderr.txt");
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 2);
    dup2(fd, 1);
    std::string bin = chorus_bin(), plugins = fixture_plugins();
    execl(bin.c_str(), bin.c_str(), "--plugin-path", plugins.c_str(), "run", file.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Wait for the progress line of the slow stage, then interrupt.
  bool progress_seen = false;
  for (int i = 0; i < 100 && !progress_seen; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    progress_seen = read_file(log).find("stage 'slow': ") != std::string::npos &&
                    read_file(log).find(" rows/s") != std::string::npos;
  }
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  std::string out = read_file(log);
  INFO(out);
  CHECK(progress_seen);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
  CHECK(out.find("run 1 of 'slow': cancelled") != std::string::npos);

  sql::Connection db(dir.file(".chorus/store.db"));
  auto q = [&](const std::string& s) {
    auto st = db.prepare(s);
    REQUIRE(st.step());
    return st.str(0);
  };
  CHECK(q("PRAGMA integrity_check") == "ok");
  CHECK(q("SELECT status FROM runs WHERE run_id = 1") == "cancelled");
  CHECK(q("SELECT status FROM stage_runs WHERE stage_id = 'slow'") == "cancelled");
  CHECK(q("SELECT status FROM stage_runs WHERE stage_id = 'quick'") == "ran");
  CHECK(q("SELECT count(*) FROM cache_entries WHERE stage_id = 'slow'") == "0");
}
