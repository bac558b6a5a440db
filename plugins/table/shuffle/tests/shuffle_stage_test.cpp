// The table/shuffle stage through the fake host: options, infer, run; and
// the Shuffler's temporary file. Expected permutations come from the hand
// traces and the Python oracle of permutation_test.cpp
// (tests/fixtures/fisher_yates_oracle.py), or from a Fisher-Yates written here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <chorus/sdk/random.hpp>
#include <chorus/sdk/testing.hpp>

#include "shuffle_stage.hpp"

namespace ts = chorus::table_shuffle;
using namespace chorus::sdk::testing;
using chorus::sdk::SplitMix64;

namespace {

Schema posts_schema() {
  return schema(
      {{"post_id", "utf8"}, {"author_id", "utf8"}, {"created_at", "timestamp[ms]"}, {"hashtags", "list<utf8>"}});
}

// Eight posts in two batches (3 + 5); created_at 1000..8000 ms with row 6 null.
std::vector<Batch> eight_posts() {
  const Schema s = posts_schema();
  return {batch(s, {{"p0", "a", int64_t{1000}, StrList{"x"}},
                    {"p1", "b", int64_t{2000}, StrList{}},
                    {"p2", "a", int64_t{3000}, null}}),
          batch(s, {{"p3", null, int64_t{4000}, StrList{"y", "z"}},
                    {"p4", "b", int64_t{5000}, StrList{"x"}},
                    {"p5", "a", int64_t{6000}, StrList{"w"}},
                    {"p6", "b", null, StrList{"v"}},
                    {"p7", null, int64_t{8000}, StrList{}}})};
}

std::vector<Batch> run_ok(const std::vector<Batch>& in, const Json& config) {
  FakeHost host;
  host.inputs["in"] = in;
  const int rc = host.run<ts::ShuffleStage>(config);
  INFO(host.last_error());
  REQUIRE(rc == 0);
  return host.outputs["out"];
}

std::string infer_error(const Schema& cols, const Json& config) {
  FakeHost host;
  const int rc = host.infer<ts::ShuffleStage>(config, {{"in", {"posts", cols}}});
  REQUIRE(rc != 0);
  return host.last_error();
}

std::string run_error(const std::vector<Batch>& in, const Json& config) {
  FakeHost host;
  host.inputs["in"] = in;
  REQUIRE(host.run<ts::ShuffleStage>(config) != 0);
  CHECK(host.outputs["out"].empty());
  return host.last_error();
}

std::vector<std::string> sorted_cells(const std::vector<Batch>& bs, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& b : bs)
    for (int64_t r = 0; r < b.rows(); ++r) out.push_back(cell_text(b.column(name), r));
  std::sort(out.begin(), out.end());
  return out;
}

// A Fisher-Yates written again here: p[i] is the row whose value row i receives.
std::vector<int64_t> textbook_permutation(int64_t n, uint64_t seed) {
  std::vector<int64_t> p(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) p[i] = i;
  SplitMix64 rng(seed);
  for (int64_t i = n - 1; i > 0; --i) std::swap(p[i], p[rng.below(static_cast<uint64_t>(i + 1))]);
  return p;
}

// n rows (id = row, v = "v<row>", every 7th v null) in batches of `per` rows.
std::vector<Batch> numbered(int64_t n, int64_t per) {
  const Schema s = schema({{"id", "int64"}, {"v", "utf8"}, {"w", "float64"}});
  std::vector<Batch> out;
  for (int64_t first = 0; first < n; first += per) {
    std::vector<std::vector<Cell>> rows;
    for (int64_t r = first; r < std::min(n, first + per); ++r)
      rows.push_back({r, r % 7 == 3 ? Cell(null) : Cell("v" + std::to_string(r)), static_cast<double>(r) / 2});
    out.push_back(batch(s, rows));
  }
  return out;
}

}  // namespace

TEST_CASE("table/shuffle permutes one column by the seed's Fisher-Yates, the rest untouched", "[table][shuffle]") {
  const auto out = run_ok(eight_posts(), {{"columns", {"created_at"}}, {"seed", 42}});
  // Seed 42 over 8 rows: p = [3 1 6 2 4 0 7 5]; row i gets created_at of row p[i].
  CHECK(col(out, "created_at") == "4000|2000|null|3000|5000|1000|8000|6000");
  CHECK(col(out, "post_id") == "p0|p1|p2|p3|p4|p5|p6|p7");
  CHECK(col(out, "author_id") == "a|b|a|null|b|a|b|null");
  CHECK(col(out, "hashtags") == "[x]|[]|null|[y,z]|[x]|[w]|[v]|[]");
  // The input's batches, in order and with their schema.
  REQUIRE(out.size() == 2);
  CHECK(out[0].rows() == 3);
  CHECK(out[1].rows() == 5);
  CHECK(schema_text(out[1].schema()) == "post_id:utf8,author_id:utf8,created_at:timestamp[ms],hashtags:list<utf8>");
  CHECK(sorted_cells(out, "created_at") == sorted_cells(eight_posts(), "created_at"));
}

TEST_CASE("table/shuffle: another seed, another permutation; the default seed is 1", "[table][shuffle]") {
  // Seed 2 over 8 rows: p = [5 2 7 4 1 3 0 6].
  CHECK(col(run_ok(eight_posts(), {{"columns", {"created_at"}}, {"seed", 2}}), "created_at") ==
        "6000|3000|8000|5000|2000|4000|1000|null");
  // Seed 1 over 8 rows: p = [4 3 2 7 5 6 0 1].
  const std::string seed1 = "5000|4000|3000|8000|6000|null|1000|2000";
  CHECK(col(run_ok(eight_posts(), {{"columns", {"created_at"}}}), "created_at") == seed1);
  CHECK(col(run_ok(eight_posts(), {{"columns", {"created_at"}}, {"seed", 1}}), "created_at") == seed1);
}

TEST_CASE("table/shuffle equals a Fisher-Yates written here over many batches, nulls moving like values",
          "[table][shuffle]") {
  const int64_t n = 1000;
  const auto in = numbered(n, 64);
  const auto out = run_ok(in, {{"columns", {"v"}}, {"seed", 2024}});
  const auto p = textbook_permutation(n, 2024);
  std::string expected;
  for (int64_t i = 0; i < n; ++i)
    expected += (i ? "|" : "") + (p[i] % 7 == 3 ? std::string("null") : "v" + std::to_string(p[i]));
  CHECK(col(out, "v") == expected);
  CHECK(col(out, "id") == col(in, "id"));
  CHECK(col(out, "w") == col(in, "w"));
  CHECK(sorted_cells(out, "v") == sorted_cells(in, "v"));
  CHECK(out.size() == in.size());
  // The rows do not depend on how the input is cut into batches.
  CHECK(col(run_ok(numbered(n, n), {{"columns", {"v"}}, {"seed", 2024}}), "v") == expected);
  CHECK(col(run_ok(numbered(n, 1), {{"columns", {"v"}}, {"seed", 2024}}), "v") == expected);
}

TEST_CASE("table/shuffle moves several columns together", "[table][shuffle]") {
  const auto out = run_ok(eight_posts(), {{"columns", {"hashtags", "created_at"}}, {"seed", 42}});
  // One permutation, p = [3 1 6 2 4 0 7 5], for both columns.
  CHECK(col(out, "created_at") == "4000|2000|null|3000|5000|1000|8000|6000");
  CHECK(col(out, "hashtags") == "[y,z]|[]|[v]|null|[x]|[x]|[]|[w]");
  CHECK(col(out, "post_id") == "p0|p1|p2|p3|p4|p5|p6|p7");
  CHECK(col(out, "author_id") == "a|b|a|null|b|a|b|null");
}

TEST_CASE("table/shuffle within: values move only among rows of one group, nulls one group", "[table][shuffle]") {
  const Schema s = schema({{"author_id", "utf8"}, {"t", "int64"}});
  const std::vector<Batch> in = {
      batch(s, {{"a", int64_t{100}}, {"b", int64_t{200}}, {"a", int64_t{300}}, {null, int64_t{400}}}),
      batch(s, {{"b", int64_t{500}}, {"a", int64_t{600}}}), batch(s, {}),
      batch(s, {{"b", int64_t{700}}, {null, int64_t{800}}, {"a", int64_t{900}}})};
  const auto out = run_ok(in, {{"columns", {"t"}}, {"within", "author_id"}, {"seed", 1}});
  // Groups a = rows 0 2 5 8, b = 1 4 6, null = 3 7; seed 1 (hand trace in
  // permutation_test.cpp): p = [5 1 0 7 4 8 6 3 2].
  CHECK(col(out, "t") == "600|200|100|800|500|900|700|400|300");
  CHECK(col(out, "author_id") == "a|b|a|null|b|a|b|null|a");
  REQUIRE(out.size() == 3);  // the empty batch gives none
  // Each author keeps the multiset of its times: a {100 300 600 900}, b {200 500 700}, null {400 800}.
  std::map<std::string, std::multiset<std::string>> before, after;
  const Batch all_in = [&] {
    FakeHost h;
    h.outputs["x"] = in;
    return h.collected("x");
  }();
  for (int64_t r = 0; r < all_in.rows(); ++r)
    before[cell_text(all_in.column("author_id"), r)].insert(cell_text(all_in.column("t"), r));
  for (const auto& b : out)
    for (int64_t r = 0; r < b.rows(); ++r)
      after[cell_text(b.column("author_id"), r)].insert(cell_text(b.column("t"), r));
  CHECK(after == before);
  CHECK(after["null"] == std::multiset<std::string>{"400", "800"});
}

TEST_CASE("table/shuffle permutes float64 and bool columns", "[table][shuffle]") {
  const Schema s = schema({{"x", "float64"}, {"ok", "bool"}, {"k", "int64"}});
  const std::vector<Batch> in = {batch(s, {{0.5, true, int64_t{0}},
                                           {null, false, int64_t{1}},
                                           {2.5, null, int64_t{2}},
                                           {-1.0, true, int64_t{3}},
                                           {4.0, false, int64_t{4}}})};
  // Seed 1 over 5 rows: p = [2 1 4 3 0] (hand trace in permutation_test.cpp).
  const auto out = run_ok(in, {{"columns", {"x", "ok"}}, {"seed", 1}});
  CHECK(col(out, "x") == "2.5|null|4|-1|0.5");
  CHECK(col(out, "ok") == "null|false|false|true|true");
  CHECK(col(out, "k") == "0|1|2|3|4");
}

TEST_CASE("table/shuffle of an empty input: no row, the input's type", "[table][shuffle]") {
  FakeHost host;
  REQUIRE(host.infer<ts::ShuffleStage>({{"columns", {"created_at"}}}, {{"in", {"posts", posts_schema()}}}) == 0);
  const auto types = host.output_types();
  REQUIRE(types.count("out") == 1);
  CHECK(types.at("out").name == "posts");
  CHECK(schema_text(types.at("out").columns) == schema_text(posts_schema()));
  // No batch at all, or batches without rows: nothing emitted, no error.
  host.input_types["in"] = {"posts", posts_schema()};
  REQUIRE(host.run<ts::ShuffleStage>({{"columns", {"created_at"}}}) == 0);
  CHECK(total_rows(host.outputs["out"]) == 0);
  host.inputs["in"] = {batch(posts_schema(), {}), batch(posts_schema(), {})};
  REQUIRE(host.run<ts::ShuffleStage>({{"columns", {"created_at"}}, {"within", "author_id"}}) == 0);
  CHECK(total_rows(host.outputs["out"]) == 0);
  CHECK(host.errors.empty());
}

TEST_CASE("table/shuffle infer keeps a posts input's type and names a missing column", "[table][shuffle]") {
  const Schema cols = schema({{"post_id", "utf8"}, {"author_id", "utf8"}, {"created_at", "timestamp[ms]"}});
  FakeHost host;
  REQUIRE(host.infer<ts::ShuffleStage>({{"columns", {"created_at"}}, {"within", "author_id"}},
                                       {{"in", {"posts", cols}}}) == 0);
  CHECK(host.output_types().at("out").name == "posts");
  CHECK(host.output_types().at("out").columns == cols);

  CHECK(infer_error(cols, {{"columns", {"create_at"}}}) ==
        "with.columns[0]: no column 'create_at' in the input (did you mean 'created_at'?); its columns are: post_id, "
        "author_id, created_at");
  CHECK(infer_error(cols, {{"columns", {"created_at", "likes"}}}) ==
        "with.columns[1]: no column 'likes' in the input; its columns are: post_id, author_id, created_at");
  CHECK(infer_error(cols, {{"columns", {"created_at"}}, {"within", "autor_id"}}) ==
        "with.within: no column 'autor_id' in the input (did you mean 'author_id'?); its columns are: post_id, "
        "author_id, created_at");
  // Run without infer (a host that skips it) gives the same message.
  CHECK(run_error(eight_posts(), {{"columns", {"created"}}}) ==
        "with.columns[0]: no column 'created' in the input; its columns are: post_id, "
        "author_id, created_at, hashtags");
}

TEST_CASE("table/shuffle options: columns required, non-empty, unique; within not among them", "[table][shuffle]") {
  const auto& opts = ts::ShuffleStage::options();
  CHECK_THROWS_WITH(opts.parse(Json::object()), Catch::StartsWith("with.columns: is required"));
  CHECK_THROWS_WITH(opts.parse({{"columns", Json::array()}}),
                    "with.columns: expected a list of at least 1 item(s), got a list");
  CHECK_THROWS_WITH(opts.parse({{"columns", {"t", "t"}}}), "with.columns: \"t\" is listed twice");
  CHECK_THROWS_WITH(opts.parse({{"columns", {"t"}}, {"within", "t"}}),
                    Catch::StartsWith("with.within: 't' is also in with.columns"));
  CHECK_THROWS_WITH(opts.parse({{"columns", {"t"}}, {"seed", -1}}), "with.seed: expected a number >= 0, got -1");
  const auto c = opts.parse({{"columns", {"t"}}});
  CHECK(c.seed == 1);
  CHECK(c.within.empty());
}

TEST_CASE("table/shuffle refuses a batch whose columns differ from the first's", "[table][shuffle]") {
  const Schema other = schema({{"post_id", "utf8"}, {"created_at", "timestamp[ms]"}});
  auto in = eight_posts();
  in.push_back(batch(other, {{"p8", int64_t{9000}}}));
  CHECK(
      run_error(in, {{"columns", {"created_at"}}}) ==
      "input 'in': batch 3 has the columns post_id:utf8, created_at:timestamp[ms], not those of batch 1 (post_id:utf8, "
      "author_id:utf8, created_at:timestamp[ms], hashtags:list<utf8>)");
}

TEST_CASE("Shuffler gives the same batches when the other columns wait in a temporary file", "[table][shuffle]") {
  const int64_t n = 500;
  const auto in = numbered(n, 37);
  const auto cfg = ts::ShuffleStage::options().parse({{"columns", {"w"}}, {"seed", 77}});
  const auto p = textbook_permutation(n, 77);
  for (size_t limit : {size_t(0), size_t(4000), size_t(1) << 30}) {
    ts::Shuffler sh(cfg, in.front().schema(), limit);
    for (auto b : in) sh.add(std::move(b));
    sh.shuffle();
    CHECK(sh.spilled() == (limit < (size_t(1) << 30)));
    std::vector<Batch> out;
    Batch b;
    while (sh.next(b)) out.push_back(std::move(b));
    REQUIRE(out.size() == in.size());
    std::string expected;
    for (int64_t i = 0; i < n; ++i) expected += (i ? "|" : "") + format_double(static_cast<double>(p[i]) / 2);
    CHECK(col(out, "w") == expected);
    CHECK(col(out, "id") == col(in, "id"));
    CHECK(col(out, "v") == col(in, "v"));
    CHECK(sh.rows() == n);
    CHECK(sh.groups() == 1);
  }
}

TEST_CASE("Shuffler from its temporary file: lists, nulls and within groups", "[table][shuffle]") {
  const auto cfg =
      ts::ShuffleStage::options().parse({{"columns", {"created_at"}}, {"within", "author_id"}, {"seed", 7}});
  ts::Shuffler sh(cfg, posts_schema(), 0);
  for (auto b : eight_posts()) sh.add(std::move(b));
  sh.shuffle();
  CHECK(sh.spilled());
  CHECK(sh.groups() == 3);
  std::vector<Batch> out;
  Batch b;
  while (sh.next(b)) out.push_back(std::move(b));
  CHECK(col(out, "post_id") == "p0|p1|p2|p3|p4|p5|p6|p7");
  CHECK(col(out, "author_id") == "a|b|a|null|b|a|b|null");
  CHECK(col(out, "hashtags") == "[x]|[]|null|[y,z]|[x]|[w]|[v]|[]");
  // Groups a = rows 0 2 5, b = 1 4 6, null = 3 7: every time stays with its author.
  std::multiset<std::string> a, bb, n;
  for (int r : {0, 2, 5}) a.insert(cell_text(out[r < 3 ? 0 : 1].column("created_at"), r < 3 ? r : r - 3));
  for (int r : {1, 4, 6}) bb.insert(cell_text(out[r < 3 ? 0 : 1].column("created_at"), r < 3 ? r : r - 3));
  for (int r : {3, 7}) n.insert(cell_text(out[1].column("created_at"), r - 3));
  CHECK(a == std::multiset<std::string>{"1000", "3000", "6000"});
  CHECK(bb == std::multiset<std::string>{"2000", "5000", "null"});
  CHECK(n == std::multiset<std::string>{"4000", "8000"});
}

TEST_CASE("table/shuffle may permute every column of the table", "[table][shuffle]") {
  const Schema s = schema({{"a", "int64"}, {"b", "utf8"}});
  const std::vector<Batch> in = {batch(s, {{int64_t{0}, "r0"}, {int64_t{1}, "r1"}}),
                                 batch(s, {{int64_t{2}, "r2"}, {int64_t{3}, "r3"}, {int64_t{4}, "r4"}})};
  const auto out = run_ok(in, {{"columns", {"b", "a"}}, {"seed", 1}});
  // p = [2 1 4 3 0]: whole rows move, so the table is the rows reordered.
  CHECK(col(out, "a") == "2|1|4|3|0");
  CHECK(col(out, "b") == "r2|r1|r4|r3|r0");
}
