#include "stats_math.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include <boost/math/distributions/non_central_t.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/tools/roots.hpp>

namespace chorus::stats_engagement {

Moments moments(const std::vector<double>& x) {
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

double two_sided_p(double t, double df) {
  if (!std::isfinite(t) || !(df > 0)) return std::numeric_limits<double>::quiet_NaN();
  const boost::math::students_t dist(df);
  const double p = 2 * boost::math::cdf(boost::math::complement(dist, std::fabs(t)));
  return std::min(1.0, p);
}

TTest welch_t_test(const Moments& a, const Moments& b) {
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

double pooled_sd(const Moments& a, const Moments& b) {
  if (a.n + b.n <= 2) return std::numeric_limits<double>::quiet_NaN();
  return std::sqrt((static_cast<double>(a.n - 1) * a.variance + static_cast<double>(b.n - 1) * b.variance) /
                   static_cast<double>(a.n + b.n - 2));
}

TTest student_t_test(const Moments& a, const Moments& b) {
  TTest r;
  if (a.n < 2 || b.n < 2) return r;
  const double sp = pooled_sd(a, b);
  if (!(sp > 0)) return r;
  r.t = (a.mean - b.mean) / (sp * std::sqrt(1.0 / static_cast<double>(a.n) + 1.0 / static_cast<double>(b.n)));
  r.df = static_cast<double>(a.n + b.n - 2);
  r.p = two_sided_p(r.t, r.df);
  return r;
}

double cohens_d(const Moments& a, const Moments& b) {
  const double sp = pooled_sd(a, b);
  if (!(sp > 0)) return std::numeric_limits<double>::quiet_NaN();
  return (a.mean - b.mean) / sp;
}

const char* effect_class(double d) {
  const double a = std::fabs(d);
  if (a < 0.2) return "negligible";
  if (a < 0.5) return "small";
  if (a < 0.8) return "medium";
  return "large";
}

double t_test_power(double d, double n, double alpha) {
  const double df = 2 * n - 2;
  const double ncp = std::fabs(d) * std::sqrt(n / 2);
  const double crit = boost::math::quantile(boost::math::complement(boost::math::students_t(df), alpha / 2));
  const boost::math::non_central_t nct(df, ncp);
  return boost::math::cdf(boost::math::complement(nct, crit)) + boost::math::cdf(nct, -crit);
}

double required_group_size_real(double d, double alpha, double power) {
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
  const auto r =
      boost::math::tools::toms748_solve(gap, lo, hi, boost::math::tools::eps_tolerance<double>(50), iterations);
  return (r.first + r.second) / 2;
}

int64_t minimum_group_size(double d, double alpha, double power) {
  // Round away the solver's last bits so an exact integer solution is not bumped up.
  const double n = required_group_size_real(d, alpha, power);
  return static_cast<int64_t>(std::ceil(n - 1e-9));
}

std::vector<double> benjamini_hochberg(const std::vector<double>& p) {
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

std::vector<size_t> sample_without_replacement(size_t n, size_t k, uint64_t seed) {
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
