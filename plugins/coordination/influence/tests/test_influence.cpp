// coordination/influence: the learning rules against the golden values of
// ../shared/data/influence_model_golden (computed by the published package),
// the sparse closed form against a naive dense implementation, the EM against
// a simulated model, and detection of the planted group of the synthetic world.
#include <catch2/catch.hpp>
#include <chorus/sdk/testing.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "coordination/influence/influence_stage.hpp"
#include "ingest/synthetic/synthetic_stage.hpp"
#include "normalize/posts/normalize_posts.hpp"

namespace ci = chorus::coordination_influence;
using chorus::sdk::testing::FakeHost;
using chorus::sdk::testing::TempDir;
using Json = nlohmann::json;

namespace {

std::string golden_dir() { return std::string(CHORUS_TEST_SOURCE_DIR) + "/../shared/data/influence_model_golden"; }
bool have_golden() {
  if (std::filesystem::exists(golden_dir() + "/coordination_toy_golden.json")) return true;
  WARN("../shared/data/influence_model_golden is absent: golden test skipped");
  return false;
}
Json load(const std::string& name) {
  std::ifstream in(golden_dir() + "/" + name);
  return Json::parse(in);
}

chorus::Schema posts_schema() {
  return chorus::sdk::testing::schema({{"author_id", "utf8"}, {"created_at", "timestamp[ms]"}, {"state", "utf8"},
                                       {"hashtags_folded", "list<utf8>"}, {"urls_normalized", "list<utf8>"},
                                       {"mentions", "list<utf8>"}});
}
int64_t ms(const std::string& iso) {
  int64_t v = 0;
  REQUIRE(chorus::time::parse_timestamp(iso, chorus::TimeUnit::Milli, v));
  return v;
}

// Posts of the coordination toy as a posts batch (hashtags without '#').
chorus::Batch toy_posts(const Json& toy) {
  std::vector<std::vector<chorus::sdk::testing::Cell>> rows;
  for (const auto& p : toy["posts"]) {
    std::string tag = p[2].get<std::string>().substr(1);
    rows.push_back({p[0].get<std::string>(), ms(p[1].get<std::string>()), chorus::sdk::testing::null,
                    chorus::sdk::testing::StrList{tag}, chorus::sdk::testing::StrList{},
                    chorus::sdk::testing::StrList{}});
  }
  return chorus::sdk::testing::batch(posts_schema(), rows);
}

struct EdgeRow {
  std::string type;
  double weight, d_mean;
  int64_t coused, lag1;
};
std::map<std::string, EdgeRow> edge_rows(const std::vector<chorus::Batch>& batches) {
  std::map<std::string, EdgeRow> out;
  for (const auto& b : batches)
    for (int64_t r = 0; r < b.rows(); ++r)
      out[std::string(b.column("entity_type").str(r)) + ":" + std::string(b.column("source").str(r)) + "->" +
          std::string(b.column("target").str(r))] = {std::string(b.column("entity_type").str(r)),
                                                     b.column("weight").float64(r), b.column("d_mean").float64(r),
                                                     b.column("coused_entities").int64(r), b.column("lag1_events").int64(r)};
  return out;
}

// splitmix64 for the tests' own random data.
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double real() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
};

}  // namespace

TEST_CASE("coordination/influence: learned A of the Basu toy equals the golden ratios of counts",
          "[coordination.influence]") {
  if (!have_golden()) return;
  const Json g = load("basu_toy_golden.json");
  std::ifstream csv(golden_dir() + "/basu_toy_observations.csv");
  std::string line;
  std::getline(csv, line);
  std::vector<std::vector<int>> obs(3);
  while (std::getline(csv, line)) {
    std::stringstream ss(line);
    std::string cell;
    std::getline(ss, cell, ',');
    for (int s = 0; s < 3; ++s) {
      std::getline(ss, cell, ',');
      obs[static_cast<size_t>(s)].push_back(std::stoi(cell));
    }
  }
  REQUIRE(obs[0].size() == 500);
  const Json& learned = g["learned_A"];
  const Json& counts = g["count_matrices_C_ij"];
  INFO(counts.dump().substr(0, 200));
  for (size_t i = 0; i < 3; ++i)
    for (size_t j = 0; j < 3; ++j) {
      const ci::Matrix a = ci::learn_transition_matrix(obs[i], obs[j], 3, 3);
      const ci::Matrix c = ci::transition_counts(obs[i], obs[j], 3, 3);
      for (size_t r = 0; r < 3; ++r)
        for (size_t s = 0; s < 3; ++s) {
          CHECK(a[r][s] == learned[i * 3 + r][j * 3 + s].get<double>());  // bit-exact: count / row sum
          if (counts.is_object()) {
            const std::string key = "C" + std::to_string(i) + std::to_string(j);
            if (counts.contains(key)) CHECK(c[r][s] == counts[key][r][s].get<double>());
          }
        }
    }
  // The correct ML D by EM on the learned A: followers (0, 1, 0); the leader's
  // weakly identified row to 1e-6 (the note's EM and SLSQP cross-check).
  std::vector<std::vector<ci::Matrix>> blocks(3, std::vector<ci::Matrix>(3));
  for (size_t j = 0; j < 3; ++j)
    for (size_t i = 0; i < 3; ++i) blocks[j][i] = ci::learn_transition_matrix(obs[j], obs[i], 3, 3);
  for (size_t follower : {size_t{0}, size_t{2}}) {
    const ci::EmResult r = ci::em_dense_row(obs, blocks, follower, 20000, 1e-15);
    CHECK(r.alpha[0] == Approx(0.0).margin(1e-9));
    CHECK(r.alpha[1] == Approx(1.0).margin(1e-9));
    CHECK(r.alpha[2] == Approx(0.0).margin(1e-9));
  }
  const ci::EmResult leader = ci::em_dense_row(obs, blocks, 1, 200000, 1e-15);
  const Json& ml = g["ml_alpha_em_with_learned_A"];
  CHECK(leader.alpha[0] == Approx(ml[1][0].get<double>()).margin(1e-6));
  CHECK(leader.alpha[1] == Approx(ml[1][1].get<double>()).margin(1e-6));
  CHECK(leader.alpha[2] == Approx(ml[1][2].get<double>()).margin(1e-6));
  CHECK(leader.log_likelihood == Approx(g["ml_alpha_loglik_leader_row"].get<double>()).epsilon(1e-9));
}

TEST_CASE("coordination/influence: micro cases of the package functions", "[coordination.influence]") {
  if (!have_golden()) return;
  const Json g = load("micro_golden.json");
  for (const auto& c : g["learn_state_transition_matrix_cases"]) {
    INFO(c.dump());
    const ci::Matrix a = ci::learn_transition_matrix(c["obs_i"].get<std::vector<int>>(), c["obs_j"].get<std::vector<int>>(),
                                                     c["m_i"].get<int>(), c["m_j"].get<int>());
    CHECK(Json(a) == c["A_ij"]);
  }
  CHECK_THROWS(ci::learn_transition_matrix({0, 1}, {0, 1, 1}, 2, 2));  // obs_i shorter: the package's IndexError
  const Json& k = g["generalized_kron_case"];
  CHECK(Json(ci::generalized_kron(k["A"].get<ci::Matrix>(), k["B"].get<ci::Matrix>())) == k["C"]);
  const Json& lf = g["readme_leader_follower"];
  ci::Matrix d = lf["D"].get<ci::Matrix>(), dt = d;
  for (size_t r = 0; r < 2; ++r)
    for (size_t c = 0; c < 2; ++c) dt[r][c] = d[c][r];
  const ci::Matrix h = ci::generalized_kron(dt, lf["A"].get<ci::Matrix>());
  CHECK(Json(h) == lf["H_equals_genkron_Dtranspose_A"]);
  std::vector<double> p1(4, 0.0);
  const auto s0 = lf["s0"].get<std::vector<double>>();
  for (size_t c = 0; c < 4; ++c)
    for (size_t r = 0; r < 4; ++r) p1[c] += s0[r] * h[r][c];
  CHECK(Json(p1) == lf["p1_equals_s0T_H"]);
}

TEST_CASE("coordination/influence: the coordination toy per entity and both averages", "[coordination.influence]") {
  if (!have_golden()) return;
  const Json toy = load("coordination_toy_golden.json");
  const int64_t T = toy["T"].get<int64_t>();
  // Per entity: the closed form from (a, b, c) gives the package's A, d, w and Frobenius distance.
  for (auto pit = toy["pairs"].begin(); pit != toy["pairs"].end(); ++pit) {
    const std::string i = pit.key().substr(0, 1), j = pit.key().substr(3, 1);
    for (auto eit = pit.value()["per_entity"].begin(); eit != pit.value()["per_entity"].end(); ++eit) {
      INFO(pit.key() << " " << eit.key());
      const auto si = toy["status_sequences"][eit.key()][i].get<std::vector<int>>();
      const auto sj = toy["status_sequences"][eit.key()][j].get<std::vector<int>>();
      int64_t a = 0, b = 0, c = 0;
      for (int64_t k = 0; k + 1 < T; ++k) a += si[k], b += sj[k + 1], c += si[k] && sj[k + 1];
      const ci::Pair2x2 m = ci::pair_matrix(a, b, c, T - 1, 0);
      const Json& want = eit.value();
      for (int r = 0; r < 2; ++r)
        for (int s = 0; s < 2; ++s) CHECK(m.a[r][s] == want["A_ij"][r][s].get<double>());
      const double d = ci::pair_measure(a, b, c, T - 1, ci::Measure::Trace, 0);
      CHECK(d == want["d"].get<double>());
      CHECK((m.a[0][0] + m.a[1][1]) - 1.0 == want["w"].get<double>());
      CHECK(ci::pair_measure(a, b, c, T - 1, ci::Measure::FrobeniusDistance, 0) ==
            Approx(want["frob_dist"].get<double>()).epsilon(1e-15));
    }
  }
  // Through the stage: the edges of both averages.
  for (const char* average : {"co_used", "all"}) {
    INFO(average);
    FakeHost host;
    host.inputs["posts"] = {toy_posts(toy)};
    REQUIRE(host.run<ci::Influence>({{"entity_types", {"hashtag"}}, {"average", average}}) == 0);
    const auto edges = edge_rows(host.outputs["edges"]);
    const bool co = std::string(average) == "co_used";
    for (auto pit = toy["pairs"].begin(); pit != toy["pairs"].end(); ++pit) {
      const std::string key = pit.key().substr(0, 1) + "->" + pit.key().substr(3, 1);
      const bool want_edge = pit.value()[co ? "edge_coused" : "edge_all"].get<bool>();
      INFO(key);
      REQUIRE(edges.count("hashtag:" + key) == (want_edge ? 1u : 0u));
      REQUIRE(edges.count("average:" + key) == (want_edge ? 1u : 0u));
      if (!want_edge) continue;
      const double w = pit.value()[co ? "weight_coused" : "weight_all"].get<double>();
      const double dm = pit.value()[co ? "mean_d_over_coused" : "mean_d_over_all"].get<double>();
      if (co) {
        CHECK(edges.at("hashtag:" + key).weight == w);  // bit-exact: mean in entity order, 1 - mean
        CHECK(edges.at("hashtag:" + key).d_mean == dm);
      } else {
        CHECK(edges.at("hashtag:" + key).weight == Approx(w).margin(1e-14));
        CHECK(edges.at("hashtag:" + key).d_mean == Approx(dm).margin(1e-14));
      }
      CHECK(edges.at("average:" + key).weight == edges.at("hashtag:" + key).weight);  // one type: same
    }
    // a->b: both #x and #y co-used, lag-1 events: #x 2 (bins 0->1, 2->3, 4->5 gives 3), #y 1.
    CHECK(edges.at("hashtag:a->b").coused == 2);
    CHECK(edges.at("hashtag:a->b").lag1 == 4);
  }
}

namespace {

// Naive dense reference: every ordered pair, every entity, full status
// sequences, A by the package's counting rule, means over co-used or all.
struct Naive {
  std::map<std::pair<uint32_t, uint32_t>, double> mean_d;
};
Naive naive_network(const std::vector<std::vector<std::vector<int>>>& seq,  // [entity][account][bin]
                    ci::Measure measure, double laplace, bool all) {
  Naive out;
  const size_t E = seq.size(), N = seq[0].size(), T = seq[0][0].size();
  std::vector<bool> vocabulary(E, false);
  for (size_t e = 0; e < E; ++e)
    for (size_t i = 0; i < N; ++i)
      for (size_t t = 0; t < T; ++t) vocabulary[e] = vocabulary[e] || seq[e][i][t];
  for (uint32_t i = 0; i < N; ++i)
    for (uint32_t j = 0; j < N; ++j) {
      if (i == j) continue;
      double sum = 0;
      int count = 0;
      for (size_t e = 0; e < E; ++e) {
        if (!vocabulary[e]) continue;
        bool ui = false, uj = false;
        for (size_t t = 0; t < T; ++t) ui = ui || seq[e][i][t], uj = uj || seq[e][j][t];
        if (!all && !(ui && uj)) continue;
        ci::Matrix c = ci::transition_counts(seq[e][i], seq[e][j], 2, 2);
        double m[2][2];
        for (int r = 0; r < 2; ++r) {
          const double rs = c[r][0] + c[r][1];
          for (int s = 0; s < 2; ++s)
            m[r][s] = laplace > 0 ? (c[r][s] + laplace) / (rs + 2 * laplace) : rs > 0 ? c[r][s] / rs : 0.0;
        }
        double d = 0;
        if (measure == ci::Measure::Trace) d = 2 - (m[0][0] + m[1][1]);
        else d = std::sqrt((m[0][0] - 1) * (m[0][0] - 1) + m[0][1] * m[0][1] + m[1][0] * m[1][0] + (m[1][1] - 1) * (m[1][1] - 1));
        sum += d, ++count;
      }
      if (count) out.mean_d[{i, j}] = sum / count;
    }
  return out;
}

}  // namespace

TEST_CASE("coordination/influence: the sparse closed form equals naive dense counting on random sequences",
          "[coordination.influence]") {
  struct Variant {
    ci::Measure measure;
    double laplace;
    bool all;
  };
  const Variant variants[] = {{ci::Measure::Trace, 0, false}, {ci::Measure::Trace, 0, true},
                              {ci::Measure::FrobeniusDistance, 0, false}, {ci::Measure::FrobeniusDistance, 0, true},
                              {ci::Measure::Trace, 0.5, false}, {ci::Measure::Trace, 1.0, true}};
  int compared_edges = 0;
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    Rng rng{seed * 7919};
    const size_t N = 4 + rng.next() % 6, E = 2 + rng.next() % 5, T = 5 + rng.next() % 40;
    const double rate = 0.05 + 0.3 * rng.real();
    std::vector<std::vector<std::vector<int>>> seq(E, std::vector<std::vector<int>>(N, std::vector<int>(T, 0)));
    std::vector<ci::Cell> cells;
    for (uint32_t e = 0; e < E; ++e)
      for (uint32_t i = 0; i < N; ++i)
        for (uint32_t t = 0; t < T; ++t)
          if (rng.real() < rate) seq[e][i][t] = 1, cells.push_back({e, t, i});
    std::sort(cells.begin(), cells.end());
    std::vector<uint8_t> types(E, ci::kHashtag);
    for (const Variant& v : variants) {
      ci::Options o;
      o.measure = v.measure, o.laplace = v.laplace, o.average_over_all = v.all;
      const Naive want = naive_network(seq, v.measure, v.laplace, v.all);
      // Reference edge set: d̄ < 1 and at least one lag-1 event (min_lag1_events = 1).
      std::map<std::pair<uint32_t, uint32_t>, double> expected;
      for (const auto& [pair, d] : want.mean_d) {
        int64_t lag = 0;
        for (size_t e = 0; e < E; ++e)
          for (size_t t = 0; t + 1 < T; ++t) lag += seq[e][pair.first][t] && seq[e][pair.second][t + 1];
        if (d < 1 && lag >= 1) expected[pair] = 1 - d;
      }
      for (int threads : {1, 2})
        for (int64_t memory : {int64_t{1024}, int64_t{0}}) {  // 0: one record per pass, many passes
          o.threads = threads, o.pair_memory_mb = memory;
          const ci::Network net = ci::build_network(cells, N, types, static_cast<int64_t>(T), o);
          INFO("seed " << seed << " threads " << threads << " memory " << memory << " laplace " << v.laplace << " all " << v.all);
          std::map<std::pair<uint32_t, uint32_t>, double> got;
          for (const ci::Edge& e : net.edges[ci::kHashtag]) got[{e.source, e.target}] = e.weight;
          REQUIRE(got.size() == expected.size());
          for (const auto& [pair, w] : expected) {
            REQUIRE(got.count(pair) == 1);
            CHECK(got[pair] == Approx(w).margin(1e-12));
            ++compared_edges;
          }
          // One type: the average rows equal the type's rows.
          REQUIRE(net.edges[ci::kAverage].size() == net.edges[ci::kHashtag].size());
        }
    }
  }
  CHECK(compared_edges > 200);
}

TEST_CASE("coordination/influence: EM recovers D from sequences simulated from a known model",
          "[coordination.influence]") {
  // 3 sites, 2 statuses: site 0 free (self-influence 1); site 1 follows 0 with
  // weight 0.7 and itself 0.3; site 2 follows 1 with 0.6 and 0 with 0.4.
  const double D[3][3] = {{1, 0, 0}, {0.7, 0.3, 0}, {0.4, 0.6, 0}};
  std::vector<std::vector<ci::Matrix>> A(3, std::vector<ci::Matrix>(3));  // A[j][i] = A_ji
  for (size_t j = 0; j < 3; ++j)
    for (size_t i = 0; i < 3; ++i) A[j][i] = j == i ? ci::Matrix{{0.8, 0.2}, {0.3, 0.7}} : ci::Matrix{{0.9, 0.1}, {0.05, 0.95}};
  Rng rng{20010};
  const size_t T = 40000;
  std::vector<std::vector<int>> obs(3, std::vector<int>(T, 0));
  for (size_t t = 1; t < T; ++t)
    for (size_t i = 0; i < 3; ++i) {
      double p_active = 0;
      for (size_t j = 0; j < 3; ++j) p_active += D[i][j] * A[j][i][static_cast<size_t>(obs[j][t - 1])][1];
      obs[i][t] = rng.real() < p_active ? 1 : 0;
    }
  for (size_t i = 0; i < 3; ++i) {
    const ci::EmResult r = ci::em_dense_row(obs, A, i, 20000, 1e-12);
    INFO("row " << i);
    double sum = 0;
    for (size_t j = 0; j < 3; ++j) {
      CHECK(r.alpha[j] == Approx(D[i][j]).margin(0.05));
      sum += r.alpha[j];
    }
    CHECK(sum == Approx(1.0).epsilon(1e-12));
    // The EM is an ascent: the optimum beats the true D and the uniform start.
    std::vector<double> truth(D[i], D[i] + 3), uniform(3, 1.0 / 3);
    std::vector<double> p((T - 1) * 3), mult(T - 1, 1.0);
    for (size_t t = 1; t < T; ++t)
      for (size_t j = 0; j < 3; ++j) p[(t - 1) * 3 + j] = A[j][i][static_cast<size_t>(obs[j][t - 1])][static_cast<size_t>(obs[i][t])];
    CHECK(r.log_likelihood >= ci::em_log_likelihood(p, mult, 3, truth) - 1e-9);
    CHECK(r.log_likelihood > ci::em_log_likelihood(p, mult, 3, uniform));
  }
}

namespace {

std::vector<chorus::Batch> synthetic_posts(const std::string& dir) {
  FakeHost host;
  for (const char* t : {"posts", "accounts"})
    host.dataset_types[t] = chorus::sdk::testing::read_file(std::string(CHORUS_TEST_SOURCE_DIR) + "/schemas/datasets/" + t + ".json");
  const Json world = {{"seed", 11}, {"out_dir", dir}, {"states", 4}, {"accounts_per_state", 20}, {"posts_per_account", 20},
                      {"unaffiliated_accounts", 40}};
  REQUIRE(host.run<chorus::ingest::synthetic::SyntheticWorld>(world) == 0);
  FakeHost norm;
  norm.dataset_types = host.dataset_types;
  norm.inputs["in"] = host.outputs["posts"];
  const int rc = norm.run<chorus::normalize::posts::NormalizePosts>(Json::object());
  INFO(norm.last_error());
  REQUIRE(rc == 0);
  return norm.outputs["posts"];
}

}  // namespace

TEST_CASE("coordination/influence: detects the planted leader and followers of the synthetic world",
          "[coordination.influence]") {
  TempDir dir;
  const std::vector<chorus::Batch> posts = synthetic_posts(dir.path());
  const Json truth = Json::parse(chorus::sdk::testing::read_file(dir.path() + "/ground_truth.json"));
  const std::string leader = truth["coordination"]["leader"];
  std::set<std::string> group = truth["coordination"]["members"].get<std::set<std::string>>();
  group.insert(leader);
  FakeHost host;
  host.inputs["posts"] = posts;
  // At least two lag-1 events per pair (the note's filter of one-off
  // coincidences): one chance "i then j next hour" on a rare theme hashtag
  // gives that entity d = 0, as strong as the planted copying.
  const int rc = host.run<ci::Influence>({{"min_lag1_events", 2}});
  INFO(host.last_error());
  REQUIRE(rc == 0);
  // Ranked by total (exerted plus received), the group fills the top.
  std::vector<std::pair<double, std::string>> by_total;
  std::string first_by_out;
  for (const auto& b : host.outputs["scores"])
    for (int64_t r = 0; r < b.rows(); ++r) {
      by_total.push_back({-b.column("total").float64(r), std::string(b.column("account").str(r))});
      if (b.column("rank").int64(r) == 1) first_by_out = std::string(b.column("account").str(r));
    }
  std::sort(by_total.begin(), by_total.end());
  size_t hits = 0;
  for (size_t k = 0; k < group.size(); ++k) hits += group.count(by_total[k].second);
  const double precision = static_cast<double>(hits) / static_cast<double>(group.size());
  INFO("precision at " << group.size() << ": " << precision);
  CHECK(precision >= 0.9);
  CHECK(first_by_out == leader);
  // Unaffiliated accounts form few edges with state-linked ones.
  int64_t cross = 0, total = 0;
  for (const auto& b : host.outputs["composition"])
    for (int64_t r = 0; r < b.rows(); ++r) {
      if (b.column("entity_type").str(r) != "average") continue;
      total += b.column("edges").int64(r);
      if (b.column("source_class").str(r) != b.column("target_class").str(r)) cross += b.column("edges").int64(r);
    }
  INFO("cross-class edges " << cross << " of " << total);
  CHECK(total > 0);
  CHECK(static_cast<double>(cross) <= 0.1 * static_cast<double>(total));
}

TEST_CASE("coordination/influence: hub entity-bins are capped and reported; config errors name the key",
          "[coordination.influence]") {
  using chorus::sdk::testing::StrList;
  const int64_t h = 3600000, t0 = ms("2021-01-01T00:00:00Z");
  // #hub: a, b, c at bin 0 (3 accounts: capped at 2), b at bin 1; #x: a at 0, b at 1.
  auto rows = std::vector<std::vector<chorus::sdk::testing::Cell>>{
      {std::string("a"), t0 + 60000, std::string("CN"), StrList{"hub", "x"}, StrList{}, StrList{}},
      {std::string("b"), t0 + 120000, chorus::sdk::testing::null, StrList{"hub"}, StrList{}, StrList{}},
      {std::string("c"), t0 + 180000, chorus::sdk::testing::null, StrList{"hub"}, StrList{}, StrList{}},
      {std::string("b"), t0 + h + 5, chorus::sdk::testing::null, StrList{"hub", "x"}, StrList{}, StrList{}},
      {std::string("c"), t0 + 3 * h, chorus::sdk::testing::null, StrList{"y"}, StrList{}, StrList{}}};
  FakeHost host;
  host.inputs["posts"] = {chorus::sdk::testing::batch(posts_schema(), rows)};
  REQUIRE(host.run<ci::Influence>({{"max_accounts_per_entity_bin", 2}}) == 0);
  CHECK(chorus::sdk::testing::col(host.outputs["capped"], "entity") == "hub");
  CHECK(chorus::sdk::testing::col(host.outputs["capped"], "accounts") == "3");
  // Without the hub bin, only #x links a -> b: T = 4, a = 1, b = 1, c = 1 -> d = 0, weight 1.
  const auto edges = edge_rows(host.outputs["edges"]);
  REQUIRE(edges.count("hashtag:a->b") == 1);
  CHECK(edges.at("hashtag:a->b").weight == 1.0);
  CHECK(edges.at("hashtag:a->b").coused == 1);  // a used only #x once its hub bin went
  CHECK(chorus::sdk::testing::col(host.outputs["scores"], "account") == "a|b|c");
  CHECK(chorus::sdk::testing::col(host.outputs["scores"], "class") == "state_linked|unaffiliated|unaffiliated");

  FakeHost bad;
  CHECK(bad.infer<ci::Influence>({{"bin", "1 hour"}}) != 0);
  CHECK(bad.last_error().find("with.bin: expected a duration like 1h, 30m, 90s or 1d, got '1 hour'") != std::string::npos);
  CHECK(bad.infer<ci::Influence>({{"average", "some"}}) != 0);
  CHECK(bad.last_error().find("with.average: expected one of co_used, all") != std::string::npos);
}

TEST_CASE("coordination/influence: before_after compares the networks of the two sub-windows",
          "[coordination.influence]") {
  using chorus::sdk::testing::StrList;
  using chorus::sdk::testing::null;
  const int64_t h = 3600000, t0 = ms("2021-01-01T00:00:00Z");
  auto post = [&](const char* who, int64_t bin, bool linked) {
    return std::vector<chorus::sdk::testing::Cell>{std::string(who), t0 + bin * h + 600000,
                                                   linked ? chorus::sdk::testing::Cell(std::string("CN")) : chorus::sdk::testing::Cell(null),
                                                   StrList{"x"}, StrList{}, StrList{}};
  };
  // #x: a at bins 0 and 4, b at 1, 5 and 6; window 0..7 (end 08:00).
  FakeHost host;
  host.inputs["posts"] = {chorus::sdk::testing::batch(
      posts_schema(), {post("a", 0, true), post("b", 1, false), post("a", 4, true), post("b", 5, false), post("b", 6, false)})};
  REQUIRE(host.run<ci::Influence>({{"end", "2021-01-01T08:00:00Z"}, {"split_at", "2021-01-01T04:30:00Z"}}) == 0);
  // Whole window, T = 8, n = 7: a->b a = 2, b = 3, c = 2: A[In] = (4/5, 1/5), A[Act][Act] = 1, d = 0.2.
  const auto edges = edge_rows(host.outputs["edges"]);
  REQUIRE(edges.count("average:a->b") == 1);
  CHECK(edges.at("average:a->b").weight == Approx(0.8).epsilon(1e-15));
  CHECK(edges.count("average:b->a") == 0);  // no lag-1 event b then a
  // Before (bins 0-3): a = 1, b = 1, c = 1 -> d = 0, weight 1. After (bins 4-7,
  // T = 4): a = 1, b = 2, c = 1 -> A[In] = (1/2, 1/2), d = 0.5, weight 0.5.
  const auto& ba = host.outputs["before_after"];
  CHECK(chorus::sdk::testing::col(ba, "source_class") == "all|state_linked|state_linked|unaffiliated|unaffiliated");
  CHECK(chorus::sdk::testing::col(ba, "target_class") == "all|state_linked|unaffiliated|state_linked|unaffiliated");
  CHECK(chorus::sdk::testing::col(ba, "edges_before") == "1|0|1|0|0");
  CHECK(chorus::sdk::testing::col(ba, "mean_weight_before") == "1|null|1|null|null");
  CHECK(chorus::sdk::testing::col(ba, "mean_weight_after") == "0.5|null|0.5|null|null");
  CHECK(chorus::sdk::testing::col(ba, "ratio") == "0.5|null|0.5|null|null");
  // Composition (average): one edge state_linked -> unaffiliated out of 1 possible pair.
  const auto& comp = host.outputs["composition"];
  std::string rows;
  for (const auto& b : comp)
    for (int64_t r = 0; r < b.rows(); ++r)
      if (b.column("entity_type").str(r) == "average")
        rows += std::string(b.column("source_class").str(r)) + ">" + std::string(b.column("target_class").str(r)) + ":" +
                std::to_string(b.column("edges").int64(r)) + "/" + std::to_string(b.column("possible_pairs").int64(r)) + " ";
  CHECK(rows == "state_linked>state_linked:0/0 state_linked>unaffiliated:1/1 unaffiliated>state_linked:0/1 "
                "unaffiliated>unaffiliated:0/0 ");
  FakeHost bad;
  bad.inputs["posts"] = host.inputs["posts"];
  CHECK(bad.run<ci::Influence>({{"split_at", "2021-01-01T01:00:00Z"}}) != 0);
  CHECK(bad.last_error().find("with.split_at: must leave at least 2 bins") != std::string::npos);
}

TEST_CASE("coordination/influence: balanced sample and the EM network matrix through the stage",
          "[coordination.influence]") {
  using chorus::sdk::testing::StrList;
  using chorus::sdk::testing::null;
  const int64_t h = 3600000, t0 = ms("2021-01-01T00:00:00Z");
  Rng rng{99};
  std::vector<std::vector<chorus::sdk::testing::Cell>> rows;
  // b copies a one bin later on #x; 3 state-linked (a, b, s3), 10 unaffiliated
  // posting #y two bins apart (no lag-1 event among them).
  for (int64_t bin = 0; bin < 200; ++bin)
    if (rng.real() < 0.2) {
      rows.push_back({std::string("a"), t0 + bin * h, std::string("CN"), StrList{"x"}, StrList{}, StrList{}});
      rows.push_back({std::string("b"), t0 + (bin + 1) * h + 5, std::string("CN"), StrList{"x"}, StrList{}, StrList{}});
    }
  rows.push_back({std::string("s3"), t0 + 7 * h, std::string("CN"), StrList{"y"}, StrList{}, StrList{}});
  for (int u = 0; u < 10; ++u)
    rows.push_back({"u" + std::to_string(u), t0 + (3 + 2 * u) * h, null, StrList{"y"}, StrList{}, StrList{}});
  FakeHost host;
  host.inputs["posts"] = {chorus::sdk::testing::batch(posts_schema(), rows)};
  const Json config = {{"balance_unaffiliated", true}, {"seed", 5}, {"network_matrix_accounts", 2}, {"em_max_iterations", 100000}};
  REQUIRE(host.run<ci::Influence>(config) == 0);
  std::map<std::string, int> per_class;
  std::string accounts;
  for (const auto& b : host.outputs["scores"])
    for (int64_t r = 0; r < b.rows(); ++r) ++per_class[std::string(b.column("class").str(r))], accounts += std::string(b.column("account").str(r)) + " ";
  CHECK(per_class["state_linked"] == 3);
  CHECK(per_class["unaffiliated"] == 3);
  FakeHost again;
  again.inputs["posts"] = host.inputs["posts"];
  REQUIRE(again.run<ci::Influence>(config) == 0);
  CHECK(chorus::sdk::testing::col(again.outputs["scores"], "account") == chorus::sdk::testing::col(host.outputs["scores"], "account"));
  // D for the two top accounts (a first: it exerts, b receives): b's status is a's
  // of the bin before, so b's row puts all weight on a; rows sum to 1.
  const auto& m = host.outputs["network_matrix"];
  REQUIRE(chorus::sdk::testing::total_rows(m) == 4);
  CHECK(chorus::sdk::testing::col(m, "influenced") == "a|a|b|b");
  CHECK(chorus::sdk::testing::col(m, "influencer") == "a|b|a|b");
  const chorus::Batch& mb = m.front();
  CHECK(mb.column("d").float64(2) == Approx(1.0).margin(1e-6));
  CHECK(mb.column("d").float64(3) == Approx(0.0).margin(1e-6));
  CHECK(mb.column("d").float64(0) + mb.column("d").float64(1) == Approx(1.0).epsilon(1e-12));
}
