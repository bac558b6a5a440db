// network/snapshots on hand cases worked out by hand: UTC year edges, byte
// order, weights and their nulls.
#include <catch2/catch.hpp>
#include <chorus/sdk/testing.hpp>
#include <chorus/sdk/time.hpp>

#include <string>
#include <vector>

#include "snapshots_stage.hpp"

using namespace chorus::sdk::testing;
using chorus::network_temporal::SnapshotsStage;

namespace {

int64_t ms(const char* iso) {
  int64_t v = 0;
  REQUIRE(chorus::time::parse_timestamp(iso, chorus::TimeUnit::Milli, v));
  return v;
}

Cell st(const char* v) { return v ? Cell(std::string(v)) : Cell(null); }

}  // namespace

TEST_CASE("network/snapshots: yearly snapshots of an edge list by hand", "[network.temporal]") {
  const chorus::Schema s =
      schema({{"source", "utf8"}, {"target", "utf8"}, {"time", "timestamp[ms]"}, {"w", "float64"}});
  FakeHost host;
  host.inputs["in"] = {batch(s, {{st("b"), st("a"), Cell(ms("2020-06-01T00:00:00Z")), 2.0},
                                 {st("a"), st("b"), Cell(ms("2020-12-31T23:59:59.999Z")), 1.5},
                                 {st("a"), st("b"), Cell(ms("2020-01-01T00:00:00Z")), null},
                                 {st("a"), st("b"), Cell(ms("2021-01-01T00:00:00Z")), 4.0},
                                 {st("a"), null, Cell(ms("2021-01-01T00:00:00Z")), 4.0},
                                 {st("B"), st("a"), Cell(ms("2019-03-01T00:00:00Z")), 1.0}})};
  REQUIRE(host.run<SnapshotsStage>(Json::object()) == 0);
  const chorus::Batch o = host.collected("out");
  // Byte order: "B" < "a" < "b".
  CHECK(col(o, "year") == "2019|2020|2020|2021");
  CHECK(col(o, "source") == "B|a|b|a");
  CHECK(col(o, "target") == "a|b|a|b");
  CHECK(col(o, "weight") == "1|2|1|1");
  CHECK(col(o, "count") == "1|2|1|1");
  CHECK(o.column("first").int64(1) == ms("2020-01-01T00:00:00Z"));
  CHECK(o.column("last").int64(1) == ms("2020-12-31T23:59:59.999Z"));
  CHECK(host.logged(CHORUS_LOG_WARN, "1 rows with a null source, target or time skipped"));
  // With a weight column: sums, a null weight counts 0 (reported).
  REQUIRE(host.run<SnapshotsStage>(Json{{"weight", "w"}}) == 0);
  CHECK(col(host.collected("out"), "weight") == "1|1.5|2|4");
  CHECK(host.logged(CHORUS_LOG_WARN, "1 rows with a null 'w' counted as weight 0"));
  host.input_types["in"] = {"", s};
  CHECK(host.infer<SnapshotsStage>(Json{{"weight", "v"}}) != 0);
  CHECK(host.errors.size() == 1);
  CHECK(host.last_error() == "with.weight: input 'in': no column 'v' (columns: source, target, time, w)");
}

TEST_CASE("network/snapshots: the option table's defaults are what the stage runs with", "[network.temporal]") {
  const auto defaults = SnapshotsStage::options().parse(Json::object());
  CHECK(defaults.weight.empty());  // no weight column: rows are counted
  CHECK(defaults.batch_rows == 65536);
  // 65,537 pairs in one year: the default batch_rows writes 65,536 rows, then 1.
  const chorus::Schema s = schema({{"source", "utf8"}, {"target", "utf8"}, {"time", "timestamp[ms]"}});
  chorus::Batch b(s);
  for (int64_t i = 0; i < 65537; ++i) {
    b.column(0).append_string("s" + std::to_string(i));
    b.column(1).append_string("t");
    b.column(2).append_int(ms("2020-06-01T00:00:00Z"));
  }
  FakeHost host;
  host.inputs["in"] = {b};
  REQUIRE(host.run<SnapshotsStage>(Json::object()) == 0);
  REQUIRE(host.outputs["out"].size() == 2);
  CHECK(host.outputs["out"][0].rows() == 65536);
  CHECK(host.outputs["out"][1].rows() == 1);
  CHECK(host.outputs["out"][0].column("weight").float64(0) == 1.0);
}

TEST_CASE("network/snapshots: a bad option gives one error naming the key", "[network.temporal]") {
  FakeHost host;
  auto error = [&](const Json& config) {
    REQUIRE(host.infer<SnapshotsStage>(config) != 0);
    CHECK(host.errors.size() == 1);
    return host.last_error();
  };
  CHECK(error(Json{{"batch_rows", 0}}) == "with.batch_rows: expected a number >= 1, got 0");
  CHECK(error(Json{{"weight", ""}}) == "with.weight: expected a string of at least 1 character(s), got \"\"");
  CHECK(error(Json{{"weight", 3}}) == "with.weight: expected a string, got 3");
  CHECK(error(Json{{"wieght", "w"}}) == "with: unknown option 'wieght' (did you mean 'weight'?)");
}
