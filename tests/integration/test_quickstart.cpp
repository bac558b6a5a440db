// The quickstart pipeline end to end, checked against SQL over the same data.
#include <catch2/catch.hpp>

#include "store/sqlite.hpp"
#include "support/helpers.hpp"

using namespace chorus;
using namespace chorus::testing;

namespace {
std::string rows_of(const std::string& db, const std::string& query) {
  sql::Connection c(db);
  auto st = c.prepare(query);
  std::string out;
  while (st.step()) {
    for (int i = 0; i < 4; ++i) out += (i ? "|" : "") + st.str(i);
    out += "\n";
  }
  return out;
}
}  // namespace

TEST_CASE("quickstart: per-account summary equals SQL over the stored posts", "[quickstart]") {
  TempDir dir;
  fs::copy(std::string(CHORUS_TEST_SOURCE_DIR) + "/pipelines/quickstart.yaml", dir.file("quickstart.yaml"));
  fs::create_directories(dir.path() / "data");
  fs::copy(std::string(CHORUS_TEST_SOURCE_DIR) + "/pipelines/data/quickstart", dir.path() / "data/quickstart");
  auto r = run_command(chorus_bin() + " run " + dir.file("quickstart.yaml"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("2 row(s) rejected, kept in 'posts.rejects'") != std::string::npos);

  std::string db = dir.file(".chorus/store.db");
  // The aggregate plugin's result, and the same question asked of SQLite.
  std::string by_plugin = rows_of(db, "SELECT account, posts, shares, last_post FROM quickstart__per_account__out "
                                      "ORDER BY account");
  std::string by_sql = rows_of(db, "SELECT account, count(*), sum(shares), max(posted_at) FROM quickstart__posts__out "
                                   "WHERE shares >= 10 GROUP BY account ORDER BY account");
  CHECK(by_plugin == by_sql);
  CHECK(by_plugin.rfind("op_00|6|", 0) == 0);

  std::string rejects = read_file(dir.file("out/quickstart/rejects.csv"));
  CHECK(rejects.find("posts.csv,12,column 'posted_at': cannot read '2021-03-31 25:61:00' as timestamp[s]") !=
        std::string::npos);
  CHECK(rejects.find("posts.csv,22,column 'likes': cannot read 'many' as int64") != std::string::npos);
  // 90 records, 2 rejected.
  CHECK(rows_of(db, "SELECT count(*), 0, 0, 0 FROM quickstart__posts__out") == "88|0|0|0\n");

  // Nothing changed: every cacheable stage is served from the store; sinks run again.
  auto again = run_command(chorus_bin() + " run " + dir.file("quickstart.yaml"));
  CHECK(again.output.find("posts            cached") != std::string::npos);
  CHECK(again.output.find("per_account      cached") != std::string::npos);
  CHECK(again.output.find("per_account_csv  ran") != std::string::npos);

  // Editing the input file invalidates the reader through its fingerprint.
  write_file(dir.file("data/quickstart/posts.csv"),
             read_file(dir.file("data/quickstart/posts.csv")) + "p9999,op_00,campaign,2021-04-01T00:00:00Z,x,[],0,99\n");
  auto edited = run_command(chorus_bin() + " run " + dir.file("quickstart.yaml"));
  CHECK(edited.output.find("posts            ran") != std::string::npos);
  CHECK(rows_of(db, "SELECT posts, shares, 0, 0 FROM quickstart__per_account__out WHERE account = 'op_00'")
            .rfind("7|", 0) == 0);
}
