// network/interactions -> network/states -> network/temporal on the seeded
// synthetic world: the edges must reproduce ground_truth.json's
// `interactions` and `scope_totals` exactly, the planted flows their
// reciprocity, and `temporal` its first times and peak months.
//
// The world comes from the ingest/synthetic plugin library as built beside
// this test (its stage descriptor, through the fake host): another family's
// plugin, used as a user's pipeline would use it, never through its headers.
// Skipped when that library is not built (CHORUS_PLUGINS without ingest/*).
#include <catch2/catch.hpp>
#include <chorus/sdk/testing.hpp>
#include <chorus/sdk/time.hpp>

#include <map>
#include <string>

#include "interactions_stage.hpp"
#include "states_stage.hpp"
#include "support/plugin_stage.hpp"
#include "support/skip.hpp"
#include "temporal_stage.hpp"

using namespace chorus::sdk::testing;

namespace {

std::string text(const chorus::Column& c, int64_t r) { return c.is_null(r) ? std::string() : std::string(c.str(r)); }

}  // namespace

TEST_CASE("network/interactions: the synthetic world's ground truth reproduced by interactions states and temporal",
          "[network.interactions][network.states][network.temporal]") {
  TempDir dir;
  const std::string out_dir = dir.path() + "/world";
  const chorus_stage_api* synthetic =
      chorus::testing::built_plugin_stage("libchorus_ingest_synthetic.so", "ingest/synthetic");
  if (!synthetic) CHORUS_SKIP("the ingest/synthetic plugin library is not built (CHORUS_PLUGINS without ingest/*)");
  FakeHost world;
  for (const char* t : {"posts", "accounts"})
    world.dataset_types[t] = read_file(std::string(CHORUS_TEST_SOURCE_DIR) + "/schemas/datasets/" + t + ".json");
  const Json config{{"seed", 20211202},         {"out_dir", out_dir},      {"states", 4},
                    {"accounts_per_state", 20}, {"posts_per_account", 20}, {"unaffiliated_accounts", 40},
                    {"batch_rows", 700}};
  REQUIRE(world.run(synthetic, config) == 0);
  const Json gt = Json::parse(read_file(out_dir + "/ground_truth.json"));
  const std::vector<std::string> codes = {"XA", "XB", "XC", "XD"};

  FakeHost net;
  net.inputs["posts"] = world.outputs["posts"];
  net.inputs["accounts"] = world.outputs["accounts"];
  REQUIRE(net.run<chorus::network_interactions::InteractionsStage>(Json::object()) == 0);
  const auto& edges = net.outputs["interactions"];
  REQUIRE(total_rows(edges) > 1000);
  CHECK(net.outputs["rejects"].empty());

  SECTION("edges per source state, target state and type") {
    std::map<std::string, int64_t> mine, theirs;
    int64_t unattributed = 0;
    for (const auto& b : edges)
      for (int64_t r = 0; r < b.rows(); ++r) {
        if (b.column("source_state").is_null(r)) {
          CHECK(text(b.column("scope"), r) == "unattributed");
          ++unattributed;
          continue;  // unaffiliated accounts' edges: not in the ground truth
        }
        ++mine[text(b.column("source_state"), r) + ">" + text(b.column("target_state"), r) + ":" +
               text(b.column("type"), r) + ":" + text(b.column("scope"), r)];
      }
    for (const auto& r : gt["interactions"])
      theirs[r["source_state"].get<std::string>() + ">" +
             (r["target_state"].is_null() ? "" : r["target_state"].get<std::string>()) + ":" +
             r["type"].get<std::string>() + ":" + r["scope"].get<std::string>()] = r["count"].get<int64_t>();
    CHECK(mine == theirs);
    CHECK(unattributed > 0);  // the unaffiliated accounts retweet and mention each other
  }

  // The state network from the edges.
  FakeHost st;
  st.inputs["interactions"] = edges;
  st.inputs["isolates"] = net.outputs["isolates"];
  REQUIRE(st.run<chorus::network_states::StatesStage>(Json::object()) == 0);
  const chorus::Batch states = st.collected("states");
  const chorus::Batch pairs = st.collected("edges");

  SECTION("scope totals per state") {
    REQUIRE(col(states, "state") == "XA|XB|XC|XD");
    for (int64_t r = 0; r < states.rows(); ++r) {
      const Json& t = gt["scope_totals"][codes[size_t(r)]];
      INFO(codes[size_t(r)]);
      CHECK(states.column("intra").int64(r) == t["intra"].get<int64_t>());
      CHECK(states.column("inter_out").int64(r) == t["inter_out"].get<int64_t>());
      CHECK(states.column("inter_in").int64(r) == t["inter_in"].get<int64_t>());
      CHECK(states.column("external").int64(r) == t["external"].get<int64_t>());
    }
  }

  SECTION("reciprocity of the planted flows") {
    std::map<std::string, int64_t> flow;
    for (const auto& f : gt["flows"]) flow[f["from"].get<std::string>() + f["to"].get<std::string>()] = f["count"];
    std::map<std::string, double> pair_rec;
    for (int64_t r = 0; r < pairs.rows(); ++r)
      pair_rec[text(pairs.column("source"), r) + text(pairs.column("target"), r)] =
          pairs.column("pair_reciprocity").float64(r);
    // One-way XD -> XA: XA never answers.
    REQUIRE(pair_rec.count("XDXA"));
    CHECK(pair_rec.count("XAXD") == 0);
    CHECK(pair_rec["XDXA"] == 0.0);
    // XA <-> XB: 2 min / sum of the ground truth's two flow counts, and near 1.
    const double ab = double(flow["XAXB"]), ba = double(flow["XBXA"]);
    CHECK(pair_rec["XAXB"] == Approx(2 * std::min(ab, ba) / (ab + ba)).epsilon(1e-12));
    CHECK(pair_rec["XBXA"] == pair_rec["XAXB"]);
    CHECK(pair_rec["XAXB"] > 0.8);
    // XD sends only to XA and receives only the hub: its reciprocity is 0.
    CHECK(states.column("reciprocity").float64(3) == 0.0);
    // Global r = W_rec / W from the ground truth's flows (the only inter-state edges).
    double w = 0;
    for (const auto& [k, v] : flow) w += double(v);
    const chorus::Batch nw = st.collected("network");
    CHECK(nw.column("total_weight").int64(0) == int64_t(w));
    CHECK(nw.column("reciprocity").float64(0) == Approx(2 * std::min(ab, ba) / w).epsilon(1e-12));
  }

  SECTION("temporal: monthly counts, first times and peak months") {
    FakeHost tp;
    tp.inputs["interactions"] = edges;
    REQUIRE(tp.run<chorus::network_temporal::TemporalStage>(Json::object()) == 0);
    const chorus::Batch monthly = tp.collected("monthly");
    const chorus::Batch peaks = tp.collected("peaks");
    std::map<std::string, std::map<std::string, int64_t>> mine;  // "XA intra" -> month -> count
    for (int64_t r = 0; r < monthly.rows(); ++r)
      if (monthly.column("count").int64(r) > 0)
        mine[text(monthly.column("state"), r) + " " + text(monthly.column("scope"), r)]
            [text(monthly.column("month"), r)] = monthly.column("count").int64(r);
    REQUIRE(col(peaks, "state") == "XA|XB|XC|XD");
    for (size_t s = 0; s < 4; ++s) {
      for (const std::string sc : {"intra", "inter", "external"}) {
        const Json& t = gt["temporal"][codes[s]][sc];
        INFO(codes[s] << " " << sc);
        CHECK(mine[codes[s] + " " + sc] == t["monthly"].get<std::map<std::string, int64_t>>());
        if (sc == "external") continue;
        const chorus::Column& first = peaks.column(sc == "intra" ? "first_intra" : "first_inter");
        const chorus::Column& peak = peaks.column(sc == "intra" ? "intra_peak_month" : "inter_peak_month");
        if (t["first"].is_null()) {
          CHECK(first.is_null(int64_t(s)));
          CHECK(peak.is_null(int64_t(s)));
        } else {
          // Times in the world are whole minutes (the CSV keeps the minute).
          CHECK(chorus::time::format_timestamp(first.int64(int64_t(s)), chorus::TimeUnit::Milli) ==
                t["first"].get<std::string>());
          CHECK(text(peak, int64_t(s)) == t["peak_month"].get<std::string>());
        }
      }
    }
    // XA: inter-state activity starts after intra-state activity (planted), so the lag is positive.
    CHECK(peaks.column("lag_days").float64(0) > 0);
  }
}
