// The statistics of stats/engagement, free of any host: two-sample t-tests
// (Welch and Student), Cohen's d with its effect class, the a-priori minimum
// group size of a two-sample two-sided t-test, Benjamini-Hochberg adjusted
// p-values and a seeded sample without replacement. Distributions come from
// Boost.Math (students_t, non_central_t); the rest is a few lines of
// arithmetic written from the textbook definitions (docs/methods.md).
#pragma once

#include <chorus/sdk/random.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <boost/math/distributions/non_central_t.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/tools/roots.hpp>

namespace chorus::stats_engagement {

// Mean, sample variance (n - 1 denominator) and count of one group.
struct Moments {
  int64_t n = 0;
  double mean = 0, variance = 0;
};

// Two passes (mean, then squared deviations): exact enough for counts in the
// millions, where the one-pass sum of squares loses digits.
inline Moments moments(const std::vector<double>& x) {
  Moments m;
  m.n = static_cast<int64_t>(x.size());
  if (x.empty()) return m;
  double sum = 0;
  for (double v : x) sum += v;
  m.mean = sum / static_cast<double>(x.size());
  if (x.size() < 2) return m;
  double ss = 0, drift = 0;
  for (double v : x) {
    ss += (v - m.mean) * (v - m.mean);
    drift += v - m.mean;
  }
  // Corrected two-pass formula (Chan, Golub & LeVeque): removes the rounding of the mean.
  m.variance = (ss - drift * drift / static_cast<double>(x.size())) / static_cast<double>(x.size() - 1);
  if (m.variance < 0) m.variance = 0;
  return m;
}

struct TTest {
  double t = std::numeric_limits<double>::quiet_NaN();
  double df = std::numeric_limits<double>::quiet_NaN();
  double p = std::numeric_limits<double>::quiet_NaN();
  bool defined() const { return std::isfinite(t) && std::isfinite(df) && std::isfinite(p); }
};

// Two-sided p-value of t under Student's t with df degrees of freedom (df may be fractional).
inline double two_sided_p(double t, double df) {
  if (!std::isfinite(t) || !(df > 0)) return std::numeric_limits<double>::quiet_NaN();
  const boost::math::students_t dist(df);
  const double p = 2 * boost::math::cdf(boost::math::complement(dist, std::fabs(t)));
  return std::min(1.0, p);
}

// Welch's unequal-variance t-test of a against b (t > 0 when mean a > mean b),
// Welch-Satterthwaite degrees of freedom. Undefined (NaN) when a group has
// fewer than two values or both variances are zero.
inline TTest welch_t_test(const Moments& a, const Moments& b) {
  TTest r;
  if (a.n < 2 || b.n < 2) return r;
  const double va = a.variance / static_cast<double>(a.n), vb = b.variance / static_cast<double>(b.n);
  const double se2 = va + vb;
  if (!(se2 > 0)) return r;
  r.t = (a.mean - b.mean) / std::sqrt(se2);
  r.df = se2 * se2 / (va * va / static_cast<double>(a.n - 1) + vb * vb / static_cast<double>(b.n - 1));
  r.p = two_sided_p(r.t, r.df);
  return r;
}

// Pooled standard deviation: sqrt(((na-1) sa^2 + (nb-1) sb^2) / (na + nb - 2)).
inline double pooled_sd(const Moments& a, const Moments& b) {
  if (a.n + b.n <= 2) return std::numeric_limits<double>::quiet_NaN();
  return std::sqrt((static_cast<double>(a.n - 1) * a.variance + static_cast<double>(b.n - 1) * b.variance) /
                   static_cast<double>(a.n + b.n - 2));
}

// Student's equal-variance t-test, df = na + nb - 2.
inline TTest student_t_test(const Moments& a, const Moments& b) {
  TTest r;
  if (a.n < 2 || b.n < 2) return r;
  const double sp = pooled_sd(a, b);
  if (!(sp > 0)) return r;
  r.t = (a.mean - b.mean) / (sp * std::sqrt(1.0 / static_cast<double>(a.n) + 1.0 / static_cast<double>(b.n)));
  r.df = static_cast<double>(a.n + b.n - 2);
  r.p = two_sided_p(r.t, r.df);
  return r;
}

// Cohen's d with the pooled SD: (mean a - mean b) / s_pooled; NaN when s_pooled is 0.
inline double cohens_d(const Moments& a, const Moments& b) {
  const double sp = pooled_sd(a, b);
  if (!(sp > 0)) return std::numeric_limits<double>::quiet_NaN();
  return (a.mean - b.mean) / sp;
}

// Cohen's conventional classes on |d|: below 0.2 negligible, from 0.2 small,
// from 0.5 medium, from 0.8 large.
inline const char* effect_class(double d) {
  const double a = std::fabs(d);
  if (a < 0.2) return "negligible";
  if (a < 0.5) return "small";
  if (a < 0.8) return "medium";
  return "large";
}

// Power of the two-sided two-sample t-test with n per group and standardized
// effect d at level alpha: P(|T| > t_crit) with T ~ noncentral t(2n - 2, d sqrt(n/2)).
// n is real so that the minimum group size can be solved for continuously, as
// statsmodels' TTestIndPower.solve_power does.
inline double t_test_power(double d, double n, double alpha) {
  const double df = 2 * n - 2;
  const double ncp = std::fabs(d) * std::sqrt(n / 2);
  const double crit = boost::math::quantile(boost::math::complement(boost::math::students_t(df), alpha / 2));
  const boost::math::non_central_t nct(df, ncp);
  return boost::math::cdf(boost::math::complement(nct, crit)) + boost::math::cdf(nct, -crit);
}

// The (fractional) group size at which the power reaches `power`.
inline double required_group_size_real(double d, double alpha, double power) {
  if (!(d != 0) || !std::isfinite(d)) throw std::invalid_argument("effect size must be a non-zero number");
  if (!(alpha > 0 && alpha < 1)) throw std::invalid_argument("alpha must be in (0, 1)");
  if (!(power > alpha && power < 1)) throw std::invalid_argument("power must be in (alpha, 1)");
  auto gap = [&](double n) { return t_test_power(d, n, alpha) - power; };
  double lo = 2, hi = 4;
  if (gap(lo) >= 0) return lo;
  while (gap(hi) < 0) {
    lo = hi;
    hi *= 2;
    if (hi > 1e12) throw std::invalid_argument("effect size too small: no group size reaches the power");
  }
  boost::uintmax_t iterations = 200;
  const auto r = boost::math::tools::toms748_solve(gap, lo, hi, boost::math::tools::eps_tolerance<double>(50),
                                                   iterations);
  return (r.first + r.second) / 2;
}

// Minimum whole group size: the fractional solution rounded up (d = 0.2,
// alpha = 0.05, power = 0.8 gives 393.41 -> 394).
inline int64_t minimum_group_size(double d, double alpha, double power) {
  // Round away the solver's last bits so an exact integer solution is not bumped up.
  const double n = required_group_size_real(d, alpha, power);
  return static_cast<int64_t>(std::ceil(n - 1e-9));
}

// Benjamini-Hochberg step-up adjusted p-values, in the input order: sorted
// ascending, q_(i) = min over j >= i of p_(j) m / j, capped at 1. NaN entries
// are not tests: they stay NaN and do not count in m.
inline std::vector<double> benjamini_hochberg(const std::vector<double>& p) {
  std::vector<size_t> order;
  for (size_t i = 0; i < p.size(); ++i)
    if (!std::isnan(p[i])) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p[a] < p[b]; });
  std::vector<double> q(p.size(), std::numeric_limits<double>::quiet_NaN());
  const double m = static_cast<double>(order.size());
  double running = 1;
  for (size_t k = order.size(); k-- > 0;) {
    running = std::min(running, p[order[k]] * m / static_cast<double>(k + 1));
    q[order[k]] = running;
  }
  return q;
}

// --- seeded draws ----------------------------------------------------------------------

// Seeded draws identical on every platform (chorus/sdk/random.hpp).
using SplitMix64 = sdk::SplitMix64;

// FNV-1a of a text: mixes a group's name into the seed, so each state's
// sample depends on the seed and that state alone.
inline uint64_t fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

// k distinct indices of [0, n) (all of them when k >= n), by a partial
// Fisher-Yates shuffle driven by splitmix64(seed); returned sorted ascending.
inline std::vector<size_t> sample_without_replacement(size_t n, size_t k, uint64_t seed) {
  std::vector<size_t> idx(n);
  std::iota(idx.begin(), idx.end(), size_t{0});
  if (k >= n) return idx;
  SplitMix64 rng(seed);
  for (size_t i = 0; i < k; ++i) {
    const size_t j = i + static_cast<size_t>(rng.below(static_cast<uint64_t>(n - i)));
    std::swap(idx[i], idx[j]);
  }
  idx.resize(k);
  std::sort(idx.begin(), idx.end());
  return idx;
}

}  // namespace chorus::stats_engagement
