// pipelines/interstate.yaml end to end on its synthetic world: the output
// contract's files and columns, and what the world planted (ground_truth.json,
// whose numbers the generator's own test recounts independently) found by the
// analysis: flows per scope, the flow shapes' reciprocity, the planted roles
// and administrators, and the engagement gap.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "store/sqlite.hpp"
#include "support/helpers.hpp"

using namespace chorus;
using namespace chorus::testing;

namespace {

bool has_columns(const std::vector<std::string>& have, const std::vector<std::string>& want) {
  for (const auto& w : want)
    if (std::find(have.begin(), have.end(), w) == have.end()) return false;
  return true;
}

}  // namespace

TEST_CASE("interstate pipeline: the contract's files and the synthetic world's planted structure",
          "[pipelines][interstate]") {
  TempDir dir;
  const std::string pipeline = copy_shipped_pipeline(dir, "interstate");
  auto r = run_pipeline_file(pipeline);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const std::string out = dir.file("out/interstate/");

  nlohmann::json truth;
  std::ifstream(out + "world/ground_truth.json") >> truth;
  sql::Connection db(dir.file(".chorus/store.db"));

  SECTION("every file of the output contract, with its columns") {
    CHECK(has_columns(csv_header(out + "interactions.csv"),
                      {"source", "target", "type", "time", "post_id", "source_state", "target_state", "scope"}));
    CHECK(has_columns(csv_header(out + "states.csv"),
                      {"state", "inter_out", "inter_in", "intra", "external", "isolates", "reciprocity"}));
    CHECK(has_columns(csv_header(out + "roles.csv"), {"account", "state", "in_degree", "out_degree", "role"}));
    const auto engagement = csv_header(out + "engagement.csv");
    REQUIRE(engagement.size() >= 12);
    CHECK(std::vector<std::string>(engagement.begin(), engagement.begin() + 12) ==
          std::vector<std::string>{"state", "metric", "n_inter", "n_intra", "mean_inter", "mean_intra", "t", "df", "p",
                                   "p_fdr", "d", "effect"});
    for (const char* f : {"temporal_peaks.csv", "hashtag_network.csv", "top_hashtags.csv", "url_classes.csv",
                          "interactions.graphml", "states.graphml"})
      CHECK(fs::file_size(out + f) > 0);
  }

  SECTION("interactions per state and scope equal the ground truth's") {
    auto st = db.prepare("SELECT state, inter_out, inter_in, intra, external FROM interstate__states__states");
    int states = 0;
    while (st.step()) {
      ++states;
      const auto& t = truth.at("scope_totals").at(st.str(0));
      CHECK(st.int64(1) == t.at("inter_out").get<int64_t>());
      CHECK(st.int64(2) == t.at("inter_in").get<int64_t>());
      CHECK(st.int64(3) == t.at("intra").get<int64_t>());
      CHECK(st.int64(4) == t.at("external").get<int64_t>());
    }
    CHECK(states == 4);
  }

  SECTION("the one-way flow has pair reciprocity 0, the bidirectional one near 1") {
    const auto& shapes = truth.at("flow_shapes");
    auto pair_reciprocity = [&](const std::string& from, const std::string& to) {
      auto st = db.prepare("SELECT pair_reciprocity FROM interstate__states__edges WHERE source = ? AND target = ?");
      st.bind(1, from).bind(2, to);
      REQUIRE(st.step());
      return st.float64(0);
    };
    CHECK(pair_reciprocity(shapes.at("one_way").at("from"), shapes.at("one_way").at("to")) == 0.0);
    const std::string a = shapes.at("bidirectional").at(0), b = shapes.at("bidirectional").at(1);
    CHECK(pair_reciprocity(a, b) > 0.9);
    CHECK(pair_reciprocity(a, b) == pair_reciprocity(b, a));
    // The hub only sends: every edge out of its state is unreciprocated.
    auto st = db.prepare("SELECT max(pair_reciprocity) FROM interstate__states__edges WHERE source = ?");
    st.bind(1, shapes.at("hub").at("hub").get<std::string>());
    REQUIRE(st.step());
    CHECK(st.float64(0) == 0.0);
  }

  SECTION("the planted hubs and only they get roles; the planted administrators are flagged") {
    std::map<std::string, std::string> planted, found;
    for (const auto& p : truth.at("roles")) planted[p.at("account")] = p.at("planted_role");
    auto st = db.prepare("SELECT account, role FROM interstate__roles__roles WHERE role != 'follower'");
    while (st.step()) found[st.str(0)] = st.str(1);
    CHECK(found == planted);

    std::set<std::string> admins, flagged;
    for (const auto& a : truth.at("admins")) admins.insert(a.at("account").get<std::string>());
    auto ad = db.prepare("SELECT account FROM interstate__roles__roles WHERE is_admin");
    while (ad.step()) flagged.insert(ad.str(0));
    CHECK(flagged == admins);
  }

  SECTION("the engagement gap: inter-state posts get more, in every state, with the ground truth's means") {
    std::map<std::string, nlohmann::json> gap;
    for (const auto& e : truth.at("engagement")) gap[e.at("state")] = e;
    auto st = db.prepare(
        "SELECT state, metric, n_inter, n_intra, mean_inter, mean_intra, p_fdr, effect "
        "FROM interstate__engagement__engagement");
    int rows = 0;
    while (st.step()) {
      ++rows;
      const auto& g = gap.at(st.str(0));
      const std::string metric = st.str(1);
      CHECK(st.int64(2) == g.at("n_inter").get<int64_t>());
      CHECK(st.int64(3) == g.at("n_intra").get<int64_t>());
      CHECK(st.float64(4) == Approx(g.at("mean_inter").at(metric).get<double>()).epsilon(1e-12));
      CHECK(st.float64(5) == Approx(g.at("mean_intra").at(metric).get<double>()).epsilon(1e-12));
      CHECK(st.float64(6) < 1e-6);
      CHECK(st.str(7) == "large");
    }
    CHECK(rows == 12);  // 4 states x likes, shares, replies: every state is above the power analysis' 394
  }
}
