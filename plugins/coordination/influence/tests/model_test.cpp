// coordination/influence, the learning rules (model.hpp): hand-counted
// transition matrices, the golden values of ../shared/data/influence_model_golden
// (computed by the published package; skipped when absent), and the EM
// against a simulated model.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "model.hpp"
#include "support/skip.hpp"
#include "test_helpers.hpp"

using namespace influence_test;

TEST_CASE("coordination/influence: transition matrices of hand-counted cases", "[coordination.influence]") {
  const Json cases = load_fixture("hand_toy.json")["transition_cases"];
  REQUIRE(cases.size() == 4);
  for (const auto& c : cases) {
    INFO(c.dump());
    const auto obs_i = c["obs_i"].get<std::vector<int>>(), obs_j = c["obs_j"].get<std::vector<int>>();
    const int m = c["m"].get<int>();
    CHECK(Json(ci::transition_counts(obs_i, obs_j, m, m)) == c["C"]);
    CHECK(Json(ci::learn_transition_matrix(obs_i, obs_j, m, m)) == c["A"]);
  }
  CHECK_THROWS(ci::learn_transition_matrix({0, 1}, {0, 1, 1}, 2, 2));  // obs_i shorter: the package's IndexError
}

TEST_CASE("coordination/influence: learned A of the Basu toy equals the golden ratios of counts",
          "[coordination.influence]") {
  if (!have_golden()) CHORUS_SKIP(golden_dir() + " is absent");
  const Json g = load_golden("basu_toy_golden.json");
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
  if (!have_golden()) CHORUS_SKIP(golden_dir() + " is absent");
  const Json g = load_golden("micro_golden.json");
  for (const auto& c : g["learn_state_transition_matrix_cases"]) {
    INFO(c.dump());
    const ci::Matrix a =
        ci::learn_transition_matrix(c["obs_i"].get<std::vector<int>>(), c["obs_j"].get<std::vector<int>>(),
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

TEST_CASE("coordination/influence: EM recovers D from sequences simulated from a known model",
          "[coordination.influence]") {
  // 3 sites, 2 statuses: site 0 free (self-influence 1); site 1 follows 0 with
  // weight 0.7 and itself 0.3; site 2 follows 1 with 0.6 and 0 with 0.4.
  const double D[3][3] = {{1, 0, 0}, {0.7, 0.3, 0}, {0.4, 0.6, 0}};
  std::vector<std::vector<ci::Matrix>> A(3, std::vector<ci::Matrix>(3));  // A[j][i] = A_ji
  for (size_t j = 0; j < 3; ++j)
    for (size_t i = 0; i < 3; ++i)
      A[j][i] = j == i ? ci::Matrix{{0.8, 0.2}, {0.3, 0.7}} : ci::Matrix{{0.9, 0.1}, {0.05, 0.95}};
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
      for (size_t j = 0; j < 3; ++j)
        p[(t - 1) * 3 + j] = A[j][i][static_cast<size_t>(obs[j][t - 1])][static_cast<size_t>(obs[i][t])];
    CHECK(r.log_likelihood >= ci::em_log_likelihood(p, mult, 3, truth) - 1e-9);
    CHECK(r.log_likelihood > ci::em_log_likelihood(p, mult, 3, uniform));
  }
}
