// network/temporal on hand cases worked out by hand: monthly and cumulative
// counts, peak months with ties, lags, UTC month edges.
#include <catch2/catch.hpp>
#include <chorus/sdk/testing.hpp>
#include <chorus/sdk/time.hpp>

#include <string>
#include <vector>

#include "temporal_stage.hpp"

using namespace chorus::sdk::testing;
using chorus::network_temporal::TemporalStage;

namespace {

int64_t ms(const char* iso) {
  int64_t v = 0;
  REQUIRE(chorus::time::parse_timestamp(iso, chorus::TimeUnit::Milli, v));
  return v;
}

Cell st(const char* v) { return v ? Cell(std::string(v)) : Cell(null); }

const chorus::Schema kEdges = schema({{"source_state", "utf8"}, {"target_state", "utf8"}, {"time", "timestamp[ms]"}});

void add(std::vector<std::vector<Cell>>& rows, const char* s, const char* t, const char* iso, int n = 1) {
  for (int i = 0; i < n; ++i) rows.push_back({st(s), st(t), iso ? Cell(ms(iso)) : Cell(null)});
}

}  // namespace

TEST_CASE("network/temporal: monthly series peaks and lags by hand", "[network.temporal]") {
  std::vector<std::vector<Cell>> rows;
  // XA: intra Jan x2 and Mar x2 (a tie: Jan wins), inter Feb x1 and Apr x3, external Jan x1.
  add(rows, "XA", "XA", "2020-01-15T12:00:00Z", 2);
  add(rows, "XA", "XA", "2020-03-01T00:00:00Z", 2);
  add(rows, "XA", "XB", "2020-04-30T23:59:59.999Z", 3);
  add(rows, "XA", "XB", "2020-02-10T00:00:00Z");
  add(rows, "XA", nullptr, "2020-01-20T08:00:00Z");
  // XB: inter only.
  add(rows, "XB", "XC", "2021-06-01T00:00:00Z");
  // XC: intra on the last millisecond of 2019, inter at the start of 2021: 13 months apart.
  add(rows, "XC", "XC", "2019-12-31T23:59:59.999Z");
  add(rows, "XC", "XA", "2021-01-01T00:00:00Z");
  // XD: inter before intra in the same month: negative lag.
  add(rows, "XD", "XD", "2020-05-03T00:00:00Z");
  add(rows, "XD", "XA", "2020-05-01T00:00:00Z");
  // Unattributed and a null time: not counted (the latter reported).
  add(rows, nullptr, "XA", "2020-01-01T00:00:00Z");
  add(rows, "XA", "XA", nullptr);
  FakeHost host;
  host.inputs["interactions"] = {batch(kEdges, rows)};
  REQUIRE(host.run<TemporalStage>(Json::object()) == 0);
  CHECK(host.logged(CHORUS_LOG_WARN, "1 interactions with a null time skipped"));

  const chorus::Batch p = host.collected("peaks");
  REQUIRE(col(p, "state") == "XA|XB|XC|XD");
  CHECK(col(p, "intra_edges") == "4|0|1|1");
  CHECK(col(p, "inter_edges") == "4|1|1|1");
  CHECK(col(p, "external_edges") == "1|0|0|0");
  CHECK(col(p, "intra_peak_month") == "2020-01|null|2019-12|2020-05");
  CHECK(col(p, "intra_peak_count") == "2|null|1|1");
  CHECK(col(p, "inter_peak_month") == "2020-04|2021-06|2021-01|2020-05");
  CHECK(col(p, "inter_peak_count") == "3|1|1|1");
  CHECK(col(p, "peak_distance_months") == "3|null|13|0");
  CHECK(col(p, "peak_distance_class") == "3-12 months|null|> 1 year|same month");
  CHECK(p.column("first_intra").int64(0) == ms("2020-01-15T12:00:00Z"));
  CHECK(p.column("first_inter").int64(0) == ms("2020-02-10T00:00:00Z"));
  CHECK(p.column("first_intra").is_null(1));
  // Lags: Jan 15 12:00 -> Feb 10 00:00 is 25.5 days; 2019-12-31T23:59:59.999 -> 2021-01-01 is
  // 366 days (2020 is a leap year) and 1 ms; XD's inter starts 2 days before its intra.
  CHECK(p.column("lag_days").float64(0) == 25.5);
  CHECK(p.column("lag_days").is_null(1));
  CHECK(p.column("lag_days").float64(2) == Approx(366 + 1.0 / 86400000).epsilon(1e-15));
  CHECK(p.column("lag_days").float64(3) == -2.0);

  const chorus::Batch m = host.collected("monthly");
  std::string xa;
  for (int64_t r = 0; r < m.rows(); ++r)
    if (m.column("state").str(r) == "XA" || m.column("state").str(r) == "XB")
      xa += std::string(m.column("state").str(r)) + " " + std::string(m.column("scope").str(r)) + " " +
            std::string(m.column("month").str(r)) + " " + std::to_string(m.column("count").int64(r)) + " " +
            std::to_string(m.column("cumulative").int64(r)) + "\n";
  CHECK(xa ==
        "XA external 2020-01 1 1\n"
        "XA inter 2020-02 1 1\n"
        "XA inter 2020-03 0 1\n"
        "XA inter 2020-04 3 4\n"
        "XA inter_in 2020-05 1 1\n"
        "XA inter_in 2020-06 0 1\n"
        "XA inter_in 2020-07 0 1\n"
        "XA inter_in 2020-08 0 1\n"
        "XA inter_in 2020-09 0 1\n"
        "XA inter_in 2020-10 0 1\n"
        "XA inter_in 2020-11 0 1\n"
        "XA inter_in 2020-12 0 1\n"
        "XA inter_in 2021-01 1 2\n"
        "XA intra 2020-01 2 2\n"
        "XA intra 2020-02 0 2\n"
        "XA intra 2020-03 2 4\n"
        "XB inter 2021-06 1 1\n"
        "XB inter_in 2020-02 1 1\n"
        "XB inter_in 2020-03 0 1\n"
        "XB inter_in 2020-04 3 4\n");
}

TEST_CASE("network/temporal: an input without batches gives empty tables and bad input types name the column",
          "[network.temporal]") {
  FakeHost host;
  host.input_types["interactions"] = {"", kEdges};
  REQUIRE(host.run<TemporalStage>(Json::object()) == 0);
  CHECK(total_rows(host.outputs["peaks"]) == 0);
  host.input_types["interactions"] = {
      "", schema({{"source_state", "utf8"}, {"target_state", "utf8"}, {"tme", "timestamp[ms]"}})};
  CHECK(host.infer<TemporalStage>(Json::object()) != 0);
  CHECK(host.last_error() == "input 'interactions': no column 'time' (did you mean 'tme'?)");
  CHECK(host.infer<TemporalStage>(Json{{"window", 3}}) != 0);
  CHECK(host.errors.size() == 1);
  CHECK(host.last_error() == "with: unknown option 'window'");
}

TEST_CASE("network/temporal: takes no option (with: {} or null) and a key gives one error", "[network.temporal]") {
  CHECK(TemporalStage::options().schema()["properties"].empty());
  std::vector<std::vector<Cell>> rows;
  add(rows, "XA", "XA", "2020-01-15T12:00:00Z");
  FakeHost host;
  host.inputs["interactions"] = {batch(kEdges, rows)};
  REQUIRE(host.run<TemporalStage>(Json()) == 0);
  CHECK(col(host.collected("peaks"), "intra_peak_month") == "2020-01");
  CHECK(host.run<TemporalStage>(Json{{"scope", "inter"}}) != 0);
  CHECK(host.errors.size() == 1);
  CHECK(host.last_error() == "with: unknown option 'scope'");
}
