// The runner and the store's cache: what runs, what is served from cache,
// and what a failure leaves behind.
#include <catch2/catch.hpp>

#include "store/sqlite.hpp"
#include "support/pipeline_runner.hpp"

using namespace chorus;
using namespace chorus::testing;

namespace {

// src -> plus -> twice, and src -> other: two branches from one source.
std::string branching(int plus_add, int src_batch_rows = 4) {
  return R"(name: branching
stages:
  src:
    uses: test/source
    with: {rows: 10, batch_rows: )" +
         std::to_string(src_batch_rows) + R"(, marker: runs.txt, tag: src}
  plus:
    uses: test/add
    inputs: {in: src}
    with: {add: )" +
         std::to_string(plus_add) + R"(, marker: runs.txt, tag: plus}
  twice:
    uses: test/add
    inputs: {in: plus.out}
    with: {add: 100, marker: runs.txt, tag: twice}
  other:
    uses: test/add
    inputs: {in: src}
    with: {add: 7, marker: runs.txt, tag: other}
)";
}

int64_t sql_int(const std::string& db, const std::string& query) {
  sql::Connection c(db);
  auto st = c.prepare(query);
  REQUIRE(st.step());
  return st.int64(0);
}

}  // namespace

TEST_CASE("a second run with nothing changed executes no stage", "[runner][cache]") {
  TempDir dir;
  auto first = run_yaml(dir, branching(5));
  REQUIRE(first.configured);
  CHECK(statuses(first.result) == "src=ran plus=ran twice=ran other=ran");
  CHECK(count_lines(dir.file("runs.txt")) == 4);

  auto second = run_yaml(dir, branching(5));
  CHECK(statuses(second.result) == "src=cached plus=cached twice=cached other=cached");
  CHECK(count_lines(dir.file("runs.txt")) == 4);  // no stage code executed
  CHECK(second.result.status == "ok");
  CHECK(second.result.find("twice")->rows_out == 10);
}

TEST_CASE("changing one stage's config re-runs it and its dependents only", "[runner][cache]") {
  TempDir dir;
  REQUIRE(run_yaml(dir, branching(5)).result.status == "ok");
  auto changed = run_yaml(dir, branching(6));
  CHECK(statuses(changed.result) == "src=cached plus=ran twice=ran other=cached");
  // Values by hand: n = i + 6 + 100 for i in 0..9, so the sum is 45 + 10 * 106.
  std::string db = dir.file(".chorus/store.db");
  CHECK(sql_int(db, "SELECT sum(n) FROM branching__twice__out") == 45 + 10 * 106);
  CHECK(sql_int(db, "SELECT sum(n) FROM branching__other__out") == 45 + 10 * 7);
}

TEST_CASE("a dataset's hash ignores batch boundaries, so consumers stay cached", "[runner][cache]") {
  TempDir dir;
  REQUIRE(run_yaml(dir, branching(5, 4)).result.status == "ok");
  auto rebatched = run_yaml(dir, branching(5, 3));
  // The source's config changed, so it runs; its rows did not, so nothing else does.
  CHECK(statuses(rebatched.result) == "src=ran plus=cached twice=cached other=cached");
}

TEST_CASE("a failing stage fails alone: dependents are skipped, other branches finish", "[runner][failure]") {
  TempDir dir;
  auto r = run_yaml(dir, R"(name: failing
stages:
  src: {uses: test/source, with: {rows: 6}}
  bad: {uses: test/throws, inputs: {in: src}}
  after_bad: {uses: test/add, inputs: {in: bad}}
  fine: {uses: test/add, inputs: {in: src}, with: {add: 2}}
)");
  REQUIRE(r.configured);
  CHECK(statuses(r.result) == "src=ran bad=failed after_bad=skipped fine=ran");
  CHECK(r.result.find("bad")->detail == "boom from test/throws");
  CHECK(r.result.find("after_bad")->detail == "upstream 'bad' failed");
  CHECK(r.result.status == "failed");
  // The independent branch was committed: it is served from cache next time.
  auto again = run_yaml(dir, R"(name: failing
stages:
  src: {uses: test/source, with: {rows: 6}}
  fine: {uses: test/add, inputs: {in: src}, with: {add: 2}}
)");
  CHECK(statuses(again.result) == "src=cached fine=cached");
}

TEST_CASE("a batch that does not match the declared type fails the stage as schema drift", "[runner][failure]") {
  TempDir dir;
  auto r = run_yaml(dir, R"(name: drift
stages:
  wrong: {uses: test/wrong_schema}
  src: {uses: test/source, with: {rows: 3}}
)");
  REQUIRE(r.configured);
  CHECK(statuses(r.result) == "wrong=failed src=ran");
  CHECK(r.result.find("wrong")->detail.find("schema drift on output 'out': declared {n: int64}, produced {n: utf8}") !=
        std::string::npos);
  // Nothing of the failed stage reached the store.
  CHECK(sql_int(dir.file(".chorus/store.db"), "SELECT count(*) FROM cache_entries WHERE stage_id = 'wrong'") == 0);
}

TEST_CASE("after a failure, the next run resumes from what was committed", "[runner][resume]") {
  TempDir dir;
  auto yaml = [](bool fail) {
    return std::string(R"(name: resume
stages:
  src: {uses: test/source, with: {rows: 5, marker: runs.txt, tag: src}}
  step: {uses: test/add, inputs: {in: src}, with: {fail: )") +
           (fail ? "true" : "false") +
           R"(, marker: runs.txt, tag: step}}
)";
  };
  auto failed = run_yaml(dir, yaml(true));
  CHECK(statuses(failed.result) == "src=ran step=failed");
  auto fixed = run_yaml(dir, yaml(false));
  CHECK(statuses(fixed.result) == "src=cached step=ran");
  CHECK(read_file(dir.file("runs.txt")) == "src\nstep\nstep\n");
}

TEST_CASE("fail-fast starts nothing new after the first failure", "[runner][failure]") {
  TempDir dir;
  std::string yaml = R"(name: ff
stages:
  bad: {uses: test/wrong_schema}
  later: {uses: test/source, with: {rows: 2}}
)";
  auto keep_going = run_yaml(dir, yaml, 1, false);
  CHECK(statuses(keep_going.result) == "bad=failed later=ran");
  TempDir dir2;
  auto fail_fast = run_yaml(dir2, yaml, 1, true);
  CHECK(statuses(fail_fast.result) == "bad=failed later=skipped");
}

TEST_CASE("a cancelled run commits nothing of the cancelled stage", "[runner][cancel]") {
  TempDir dir;
  std::atomic<bool> cancel{true};
  auto r = run_yaml(dir, "name: c\nstages:\n  src: {uses: test/source, with: {rows: 3}}\n", 1, false, &cancel);
  CHECK(r.result.status == "cancelled");
  CHECK(r.result.find("src")->status == "cancelled");
  CHECK(sql_int(dir.file(".chorus/store.db"), "SELECT count(*) FROM datasets") == 0);
}

TEST_CASE("datasets spilled to disk flow through stages and the store unchanged", "[runner][spill]") {
  TempDir dir;
  // 2 KiB per dataset forces every output to a spool file after a few batches.
  auto r = run_yaml(dir, R"(name: spill
stages:
  src: {uses: test/source, with: {rows: 5000, batch_rows: 100}}
  plus: {uses: test/add, inputs: {in: src}, with: {add: 3}}
)",
                    2, false, nullptr, 2048);
  REQUIRE(r.result.status == "ok");
  std::string db = dir.file(".chorus/store.db");
  // Sum of (i + 3) for i in 0..4999 = 4999 * 5000 / 2 + 3 * 5000.
  CHECK(sql_int(db, "SELECT sum(n) FROM spill__plus__out") == 4999LL * 5000 / 2 + 15000);
  CHECK(sql_int(db, "SELECT count(*) FROM spill__plus__out WHERE label = 'row' || (n - 3)") == 5000);
  // The same pipeline in memory gives the same dataset hashes.
  TempDir dir2;
  auto in_memory = run_yaml(dir2, R"(name: spill
stages:
  src: {uses: test/source, with: {rows: 5000, batch_rows: 100}}
  plus: {uses: test/add, inputs: {in: src}, with: {add: 3}}
)");
  CHECK(in_memory.result.find("plus")->outputs == r.result.find("plus")->outputs);
}

TEST_CASE("a port that takes several upstreams reads them in the listed order", "[runner][multi]") {
  TempDir dir;
  auto yaml = [](const std::string& order) {
    return "name: multi\nstages:\n"
           "  a: {uses: test/source, with: {rows: 3, start: 100}}\n"
           "  b: {uses: test/source, with: {rows: 2, start: 200}}\n"
           "  both: {uses: test/concat, inputs: {in: [" +
           order + "]}}\n";
  };
  auto r = run_yaml(dir, yaml("a, b"));
  REQUIRE(r.configured);
  CHECK(r.result.find("both")->rows_out == 5);
  sql::Connection c(dir.file(".chorus/store.db"));
  auto st = c.prepare("SELECT group_concat(n, ',') FROM (SELECT n FROM multi__both__out ORDER BY rowid)");
  REQUIRE(st.step());
  CHECK(st.str(0) == "100,101,102,200,201");
  // The order of upstreams is part of the cache key.
  auto swapped = run_yaml(dir, yaml("b, a"));
  CHECK(statuses(swapped.result) == "a=cached b=cached both=ran");
}

TEST_CASE("a list of upstreams on a one-upstream port is a configuration error", "[runner][multi]") {
  TempDir dir;
  auto r = run_yaml(dir,
                    "name: m\nstages:\n  a: {uses: test/source}\n  b: {uses: test/source}\n"
                    "  c: {uses: test/add, inputs: {in: [a, b]}}\n");
  CHECK_FALSE(r.configured);
  CHECK(diag_text(r.diags).find("pipeline.yaml:5:32: error: stage 'c': inputs.in: port 'in' of 'test/add' takes one "
                                "upstream, not a list of 2") != std::string::npos);
}

TEST_CASE("upstreams of one port must have the same columns", "[runner][multi]") {
  TempDir dir;
  auto r = run_yaml(dir,
                    "name: m\nstages:\n  a: {uses: test/source}\n  w: {uses: test/wrong_schema}\n"
                    "  c: {uses: test/concat, inputs: {in: [a, w]}}\n");
  CHECK_FALSE(r.configured);
  CHECK(diag_text(r.diags).find("stage 'c': inputs.in: 'w.out' has other columns than the port's first upstream") !=
        std::string::npos);
}

TEST_CASE("a value reported by fingerprint keys the cache without appearing in it", "[runner][cache]") {
  TempDir dir;
  std::string yaml =
      "name: env\nstages:\n  src: {uses: test/source, with: {rows: 2, depends_on_env: CHORUS_TEST_KEY_ID}}\n";
  setenv("CHORUS_TEST_KEY_ID", "first-secret-id", 1);
  CHECK(statuses(run_yaml(dir, yaml).result) == "src=ran");
  CHECK(statuses(run_yaml(dir, yaml).result) == "src=cached");
  setenv("CHORUS_TEST_KEY_ID", "second-secret-id", 1);
  CHECK(statuses(run_yaml(dir, yaml).result) == "src=ran");
  unsetenv("CHORUS_TEST_KEY_ID");
  // The store keeps only a hash of the value.
  sql::Connection c(dir.file(".chorus/store.db"));
  auto st = c.prepare("SELECT count(*) FROM cache_entries WHERE files_json LIKE '%secret-id%'");
  REQUIRE(st.step());
  CHECK(st.int64(0) == 0);
}

TEST_CASE("store false keeps a stage's rows out of the store but its rejects in and its consumers cached",
          "[runner][cache]") {
  TempDir dir;
  write_file(dir.file("in.csv"), "n\n1\n2\nx\n4\n");  // line 4 is no int64: a reject
  const std::string yaml = R"(name: unstored
stages:
  read:
    uses: io/csv_read
    store: false
    with: {path: in.csv, columns: [{name: n, type: int64}]}
  plus:
    uses: test/add
    inputs: {in: read.out}
    with: {add: 10, marker: runs.txt, tag: plus}
)";
  auto first = run_yaml(dir, yaml);
  REQUIRE(first.configured);
  CHECK(statuses(first.result) == "read=ran plus=ran");
  CHECK(first.result.find("read")->rows_rejected == 1);
  const std::string db = dir.file(".chorus/store.db");
  // (1 + 2 + 4) + 3 * 10, computed from the unstored rows in memory.
  CHECK(sql_int(db, "SELECT sum(n) FROM unstored__plus__out") == 37);
  CHECK(sql_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'unstored__read__out'") == 0);
  CHECK(sql_int(db, "SELECT line FROM unstored__read__rejects") == 4);
  CHECK(sql_int(db, "SELECT count(*) FROM cache_entries WHERE stage_id = 'read'") == 0);

  // The unstored stage runs again; its rows are the same, so its consumer is cached.
  auto second = run_yaml(dir, yaml);
  CHECK(statuses(second.result) == "read=ran plus=cached");
  CHECK(count_lines(dir.file("runs.txt")) == 1);
}
