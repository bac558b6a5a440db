// coordination/influence, the network (network.hpp): the sparse closed form
// against a naive dense implementation, for every measure, average, thread
// count and memory budget.
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

#include "activity.hpp"
#include "model.hpp"
#include "network.hpp"
#include "test_helpers.hpp"

using namespace influence_test;

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
        if (measure == ci::Measure::Trace)
          d = 2 - (m[0][0] + m[1][1]);
        else
          d = std::sqrt((m[0][0] - 1) * (m[0][0] - 1) + m[0][1] * m[0][1] + m[1][0] * m[1][0] +
                        (m[1][1] - 1) * (m[1][1] - 1));
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
  const Variant variants[] = {{ci::Measure::Trace, 0, false},
                              {ci::Measure::Trace, 0, true},
                              {ci::Measure::FrobeniusDistance, 0, false},
                              {ci::Measure::FrobeniusDistance, 0, true},
                              {ci::Measure::Trace, 0.5, false},
                              {ci::Measure::Trace, 1.0, true}};
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
      ci::Config o = defaults();
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
          INFO("seed " << seed << " threads " << threads << " memory " << memory << " laplace " << v.laplace << " all "
                       << v.all);
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
