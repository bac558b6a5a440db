// The statistics of stats/engagement, free of any host: two-sample t-tests
// (Welch and Student), Cohen's d with its effect class, the a-priori minimum
// group size of a two-sample two-sided t-test, Benjamini-Hochberg adjusted
// p-values and a seeded sample without replacement. Distributions come from
// Boost.Math (students_t, non_central_t); the rest is a few lines of
// arithmetic written from the textbook definitions (docs/methods.md).
// Definitions in stats_math.cpp (Boost.Math stays there).
#pragma once

#include <chorus/sdk/random.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

namespace chorus::stats_engagement {

// Mean, sample variance (n - 1 denominator) and count of one group.
struct Moments {
  int64_t n = 0;
  double mean = 0, variance = 0;
};

// Two passes (mean, then squared deviations): exact enough for counts in the
// millions, where the one-pass sum of squares loses digits.
Moments moments(const std::vector<double>& x);

struct TTest {
  double t = std::numeric_limits<double>::quiet_NaN();
  double df = std::numeric_limits<double>::quiet_NaN();
  double p = std::numeric_limits<double>::quiet_NaN();
  bool defined() const { return std::isfinite(t) && std::isfinite(df) && std::isfinite(p); }
};

// Two-sided p-value of t under Student's t with df degrees of freedom (df may be fractional).
double two_sided_p(double t, double df);

// Welch's unequal-variance t-test of a against b (t > 0 when mean a > mean b),
// Welch-Satterthwaite degrees of freedom. Undefined (NaN) when a group has
// fewer than two values or both variances are zero.
TTest welch_t_test(const Moments& a, const Moments& b);

// Pooled standard deviation: sqrt(((na-1) sa^2 + (nb-1) sb^2) / (na + nb - 2)).
double pooled_sd(const Moments& a, const Moments& b);

// Student's equal-variance t-test, df = na + nb - 2.
TTest student_t_test(const Moments& a, const Moments& b);

// Cohen's d with the pooled SD: (mean a - mean b) / s_pooled; NaN when s_pooled is 0.
double cohens_d(const Moments& a, const Moments& b);

// Cohen's conventional classes on |d|: below 0.2 negligible, from 0.2 small,
// from 0.5 medium, from 0.8 large.
const char* effect_class(double d);

// Power of the two-sided two-sample t-test with n per group and standardized
// effect d at level alpha: P(|T| > t_crit) with T ~ noncentral t(2n - 2, d sqrt(n/2)).
// n is real so that the minimum group size can be solved for continuously, as
// statsmodels' TTestIndPower.solve_power does.
double t_test_power(double d, double n, double alpha);

// The (fractional) group size at which the power reaches `power`.
double required_group_size_real(double d, double alpha, double power);

// Minimum whole group size: the fractional solution rounded up (d = 0.2,
// alpha = 0.05, power = 0.8 gives 393.41 -> 394).
int64_t minimum_group_size(double d, double alpha, double power);

// Benjamini-Hochberg step-up adjusted p-values, in the input order: sorted
// ascending, q_(i) = min over j >= i of p_(j) m / j, capped at 1. NaN entries
// are not tests: they stay NaN and do not count in m.
std::vector<double> benjamini_hochberg(const std::vector<double>& p);

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
std::vector<size_t> sample_without_replacement(size_t n, size_t k, uint64_t seed);

}  // namespace chorus::stats_engagement
