// stats/engagement, the statistics alone: Welch and Student t-tests, Cohen's
// d, effect classes, the power analysis, Benjamini-Hochberg and the seeded
// sample, against hand computation and scipy/statsmodels.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <vector>

#include "oracle.hpp"
#include "stats_math.hpp"

using namespace chorus::stats_engagement;
using chorus::stats_engagement::test::run_oracle;
using nlohmann::json;

namespace {

// Seeded integer-valued samples (counts, like likes) with the generator of the
// stage; the oracle receives the values themselves.
std::vector<double> seeded_counts(uint64_t seed, size_t n, uint64_t range, uint64_t offset) {
  SplitMix64 rng(seed);
  std::vector<double> v;
  for (size_t i = 0; i < n; ++i) v.push_back(static_cast<double>(offset + rng.below(range) + rng.below(range / 2 + 1)));
  return v;
}

}  // namespace

TEST_CASE("stats/engagement: t-tests and Cohen's d on a hand-computed case", "[stats.engagement]") {
  // a = 1..4: mean 2.5, variance 5/3; b = 2,4,6,8,10: mean 6, variance 10.
  const Moments a = moments({1, 2, 3, 4}), b = moments({2, 4, 6, 8, 10});
  CHECK(a.mean == Approx(2.5).epsilon(1e-15));
  CHECK(a.variance == Approx(5.0 / 3).epsilon(1e-14));
  CHECK(b.variance == Approx(10.0).epsilon(1e-14));
  // Welch: se^2 = (5/3)/4 + 10/5 = 29/12; df = (29/12)^2 / ((5/12)^2/3 + 2^2/4).
  const TTest w = welch_t_test(a, b);
  CHECK(w.t == Approx(-3.5 / std::sqrt(29.0 / 12)).epsilon(1e-13));
  CHECK(w.df == Approx((29.0 / 12) * (29.0 / 12) / ((5.0 / 12) * (5.0 / 12) / 3 + 1)).epsilon(1e-13));
  // Student: s_p^2 = (3 * 5/3 + 4 * 10) / 7 = 45/7, df 7.
  const TTest s = student_t_test(a, b);
  CHECK(s.t == Approx(-3.5 / (std::sqrt(45.0 / 7) * std::sqrt(0.25 + 0.2))).epsilon(1e-13));
  CHECK(s.df == 7);
  CHECK(cohens_d(a, b) == Approx(-3.5 / std::sqrt(45.0 / 7)).epsilon(1e-13));
  CHECK(cohens_d(b, a) == Approx(3.5 / std::sqrt(45.0 / 7)).epsilon(1e-13));
  // Both variances zero: undefined, not a division by zero.
  const Moments c = moments({3, 3, 3}), e = moments({5, 5});
  CHECK_FALSE(welch_t_test(c, e).defined());
  CHECK_FALSE(student_t_test(c, e).defined());
  CHECK(std::isnan(cohens_d(c, e)));
  CHECK_FALSE(welch_t_test(moments({1}), b).defined());  // one value: no variance
}

TEST_CASE("stats/engagement: the hand-computed case agrees with scipy", "[stats.engagement]") {
  ENGAGEMENT_NEED_ORACLE();
  // p from scipy on the values of the hand-computed case.
  const Moments a = moments({1, 2, 3, 4}), b = moments({2, 4, 6, 8, 10});
  const TTest w = welch_t_test(a, b), s = student_t_test(a, b);
  const json o = run_oracle(R"(
from scipy import stats
w = stats.ttest_ind(data['a'], data['b'], equal_var=False)
s = stats.ttest_ind(data['a'], data['b'], equal_var=True)
print(json.dumps({'welch_p': float(w.pvalue), 'student_p': float(s.pvalue), 'welch_t': float(w.statistic)}))
)",
                            json{{"a", {1, 2, 3, 4}}, {"b", {2, 4, 6, 8, 10}}});
  CHECK(w.t == Approx(o["welch_t"].get<double>()).epsilon(1e-12));
  CHECK(w.p == Approx(o["welch_p"].get<double>()).epsilon(1e-9));
  CHECK(s.p == Approx(o["student_p"].get<double>()).epsilon(1e-9));
}

TEST_CASE("stats/engagement: Welch and Student tests agree with scipy on seeded samples", "[stats.engagement]") {
  ENGAGEMENT_NEED_ORACLE();
  json cases = json::array();
  std::vector<std::pair<std::vector<double>, std::vector<double>>> samples;
  const size_t sizes[][2] = {{5, 9}, {30, 30}, {394, 1200}, {2000, 150}, {10000, 12000}};
  uint64_t seed = 11;
  for (const auto& sz : sizes) {
    auto a = seeded_counts(seed++, sz[0], 60, 10), b = seeded_counts(seed++, sz[1], 20, 8);
    cases.push_back({{"a", a}, {"b", b}});
    samples.push_back({a, b});
  }
  // A case with equal means in expectation, so p is not tiny.
  auto a = seeded_counts(99, 500, 30, 0), b = seeded_counts(100, 480, 30, 0);
  cases.push_back({{"a", a}, {"b", b}});
  samples.push_back({a, b});
  const json o = run_oracle(R"(
from scipy import stats
import numpy as np
out = []
for c in data:
    a, b = np.array(c['a']), np.array(c['b'])
    w = stats.ttest_ind(a, b, equal_var=False)
    s = stats.ttest_ind(a, b, equal_var=True)
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    sp = np.sqrt(((len(a) - 1) * a.var(ddof=1) + (len(b) - 1) * b.var(ddof=1)) / (len(a) + len(b) - 2))
    out.append({'wt': float(w.statistic), 'wp': float(w.pvalue), 'wdf': float(df),
                'st': float(s.statistic), 'sp': float(s.pvalue), 'd': float((a.mean() - b.mean()) / sp)})
print(json.dumps(out))
)",
                            cases);
  REQUIRE(o.size() == samples.size());
  for (size_t i = 0; i < samples.size(); ++i) {
    INFO("case " << i);
    const Moments ma = moments(samples[i].first), mb = moments(samples[i].second);
    const TTest w = welch_t_test(ma, mb), s = student_t_test(ma, mb);
    CHECK(w.t == Approx(o[i]["wt"].get<double>()).epsilon(1e-10));
    CHECK(w.df == Approx(o[i]["wdf"].get<double>()).epsilon(1e-10));
    CHECK(s.t == Approx(o[i]["st"].get<double>()).epsilon(1e-10));
    CHECK(cohens_d(ma, mb) == Approx(o[i]["d"].get<double>()).epsilon(1e-10));
    // p-values: relative agreement where they are representable, absolute below.
    for (auto [mine, theirs] : {std::pair{w.p, o[i]["wp"].get<double>()}, std::pair{s.p, o[i]["sp"].get<double>()}}) {
      if (theirs > 1e-250)
        CHECK(mine == Approx(theirs).epsilon(1e-7));
      else
        CHECK(mine < 1e-240);
    }
  }
  CHECK(o.back()["wp"].get<double>() > 0.001);  // the null case really tests a mid-range p
}

TEST_CASE("stats/engagement: effect classes switch at 0.2 0.5 and 0.8 of |d|", "[stats.engagement]") {
  CHECK(std::string(effect_class(0)) == "negligible");
  CHECK(std::string(effect_class(0.19999)) == "negligible");
  CHECK(std::string(effect_class(-0.19999)) == "negligible");
  CHECK(std::string(effect_class(0.2)) == "small");
  CHECK(std::string(effect_class(-0.2)) == "small");
  CHECK(std::string(effect_class(0.49999)) == "small");
  CHECK(std::string(effect_class(0.5)) == "medium");
  CHECK(std::string(effect_class(-0.79999)) == "medium");
  CHECK(std::string(effect_class(0.8)) == "large");
  CHECK(std::string(effect_class(-3.1)) == "large");
}

TEST_CASE("stats/engagement: the power analysis gives the published minimum", "[stats.engagement]") {
  // The published value: d = 0.2, alpha = 0.05, power = 0.8 -> 394 per group.
  CHECK(minimum_group_size(0.2, 0.05, 0.8) == 394);
  CHECK_THROWS_AS(required_group_size_real(0.2, 0.05, 0.01), std::invalid_argument);  // power below alpha
}

TEST_CASE("stats/engagement: the power analysis agrees with statsmodels TTestIndPower", "[stats.engagement]") {
  ENGAGEMENT_NEED_ORACLE();
  const double grid[][3] = {{0.2, 0.05, 0.8}, {0.5, 0.05, 0.8}, {0.8, 0.05, 0.9}, {0.1, 0.01, 0.95},
                            {0.3, 0.1, 0.5},  {1.5, 0.05, 0.8}, {0.05, 0.05, 0.8}};
  json in = json::array();
  for (const auto& g : grid) in.push_back({g[0], g[1], g[2]});
  const json o = run_oracle(R"(
from statsmodels.stats.power import TTestIndPower
p = TTestIndPower()
out = []
for d, a, pw in data:
    n = p.solve_power(effect_size=d, alpha=a, power=pw, ratio=1.0, alternative='two-sided')
    out.append({'n': float(n), 'power_at_100': float(p.power(effect_size=d, nobs1=100, alpha=a, ratio=1.0))})
print(json.dumps(out))
)",
                            in);
  REQUIRE(o.size() == std::size(grid));
  CHECK(o[0]["n"].get<double>() == Approx(393.4).margin(0.01));
  for (size_t i = 0; i < std::size(grid); ++i) {
    INFO("d " << grid[i][0] << " alpha " << grid[i][1] << " power " << grid[i][2]);
    const double n = required_group_size_real(grid[i][0], grid[i][1], grid[i][2]);
    CHECK(n == Approx(o[i]["n"].get<double>()).epsilon(1e-5));
    CHECK(minimum_group_size(grid[i][0], grid[i][1], grid[i][2]) ==
          static_cast<int64_t>(std::ceil(o[i]["n"].get<double>())));
    CHECK(t_test_power(grid[i][0], 100, grid[i][1]) == Approx(o[i]["power_at_100"].get<double>()).epsilon(1e-7));
  }
}

TEST_CASE("stats/engagement: Benjamini-Hochberg by hand", "[stats.engagement]") {
  // By hand: sorted 0.005 0.01 0.03 0.04, m = 4: 0.02 0.02 0.04 0.04.
  const auto q = benjamini_hochberg({0.01, 0.04, 0.03, 0.005});
  CHECK(q[0] == Approx(0.02));
  CHECK(q[1] == Approx(0.04));
  CHECK(q[2] == Approx(0.04));
  CHECK(q[3] == Approx(0.02));
  // NaN is no test: left NaN, not counted in m.
  const auto qn = benjamini_hochberg({0.01, std::nan(""), 0.02});
  CHECK(qn[0] == Approx(0.02));
  CHECK(std::isnan(qn[1]));
  CHECK(qn[2] == Approx(0.02));
  CHECK(benjamini_hochberg({0.9, 0.95})[0] == Approx(0.95));  // monotone from the top, capped at 1
}

TEST_CASE("stats/engagement: Benjamini-Hochberg agrees with statsmodels on seeded p-values", "[stats.engagement]") {
  ENGAGEMENT_NEED_ORACLE();
  SplitMix64 rng(5);
  std::vector<double> p;
  for (int i = 0; i < 200; ++i) {
    const double u = static_cast<double>(rng.next() >> 11) * 0x1.0p-53;
    p.push_back(i % 4 == 0 ? u * 1e-4 : u);  // some small ones, so rejections happen
  }
  p.push_back(p[3]);  // ties
  p.push_back(p[3]);
  p.push_back(1.0);
  const json o = run_oracle(R"(
from statsmodels.stats.multitest import multipletests
print(json.dumps([float(x) for x in multipletests(data, method='fdr_bh')[1]]))
)",
                            p);
  const auto mine = benjamini_hochberg(p);
  REQUIRE(o.size() == p.size());
  for (size_t i = 0; i < p.size(); ++i) CHECK(mine[i] == Approx(o[i].get<double>()).epsilon(1e-12));
}

TEST_CASE("stats/engagement: the seeded sample is deterministic distinct and of the asked size", "[stats.engagement]") {
  const auto a = sample_without_replacement(1000, 137, 42), b = sample_without_replacement(1000, 137, 42);
  const auto c = sample_without_replacement(1000, 137, 43);
  CHECK(a == b);
  CHECK(a != c);
  REQUIRE(a.size() == 137);
  CHECK(std::set<size_t>(a.begin(), a.end()).size() == 137);
  CHECK(std::is_sorted(a.begin(), a.end()));
  CHECK(a.back() < 1000);
  CHECK(a.back() > 137);  // not simply the first k
  // Asking for more than there are gives all of them.
  const auto all = sample_without_replacement(5, 9, 1);
  CHECK(all == std::vector<size_t>{0, 1, 2, 3, 4});
  CHECK(sample_without_replacement(5, 0, 1).empty());
  // Every index is drawn about equally often (k/n = 0.3) over many seeds.
  std::vector<int> hits(10);
  for (uint64_t s = 0; s < 3000; ++s)
    for (size_t i : sample_without_replacement(10, 3, s)) ++hits[i];
  for (int h : hits) CHECK(std::abs(h - 900) < 120);
  // splitmix64's published first output for seed 0 (the reference C implementation).
  SplitMix64 r(0);
  CHECK(r.next() == 0xE220A8397B1DCDAFULL);
}
