#include "analysis.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace chorus::stats_engagement {

int64_t minimum_n(const Config& c) {
  if (c.min_group_size) return *c.min_group_size;
  try {
    return minimum_group_size(c.effect_size, c.alpha, c.power);
  } catch (const std::exception& e) {
    throw std::invalid_argument("with.effect_size: the power analysis failed for effect_size " +
                                std::to_string(c.effect_size) + ", alpha " + std::to_string(c.alpha) + ", power " +
                                std::to_string(c.power) + ": " + e.what());
  }
}

namespace {

std::vector<double> metric_values(const PostTable& posts, const std::vector<size_t>& ids, size_t metric,
                                  int64_t& nulls) {
  std::vector<double> v;
  v.reserve(ids.size());
  nulls = 0;
  for (size_t id : ids) {
    const double x = posts.value(id, metric);
    if (std::isnan(x))
      ++nulls;
    else
      v.push_back(x);
  }
  return v;
}

std::string below_reason(const char* other, int64_t n_inter, int64_t n_other, int64_t min_n) {
  std::string r;
  if (n_inter < min_n) r = "inter has " + std::to_string(n_inter) + " posts";
  if (n_other < min_n) r += (r.empty() ? "" : ", ") + std::string(other) + " has " + std::to_string(n_other) + " posts";
  return r + "; the power analysis needs " + std::to_string(min_n) + " per group";
}

// One comparison of one state: inter posts against `other` posts, metric by
// metric; rows go to `table`, left-out metrics to `excluded`.
void compare_state(const PostTable& posts, const Config& cfg, int64_t min_n, const std::string& state,
                   const char* comparison, const std::vector<size_t>& inter, const std::vector<size_t>& other,
                   bool welch, std::vector<TestRow>& table, std::vector<ExcludedRow>& excluded) {
  const int64_t ni = static_cast<int64_t>(inter.size()), no = static_cast<int64_t>(other.size());
  if (ni < min_n || no < min_n) {
    excluded.push_back({comparison, state, std::nullopt, ni, no, min_n, below_reason(comparison, ni, no, min_n)});
    return;
  }
  for (size_t m = 0; m < cfg.metrics.size(); ++m) {
    int64_t null_i = 0, null_o = 0;
    const Moments a = moments(metric_values(posts, inter, m, null_i));
    const Moments b = moments(metric_values(posts, other, m, null_o));
    if (a.n < min_n || b.n < min_n) {
      excluded.push_back({comparison, state, cfg.metrics[m], a.n, b.n, min_n,
                          "after leaving out " + std::to_string(null_i) + " + " + std::to_string(null_o) +
                              " null values, " + below_reason(comparison, a.n, b.n, min_n)});
      continue;
    }
    TestRow row{state, cfg.metrics[m], a, b, welch ? welch_t_test(a, b) : student_t_test(a, b), cohens_d(a, b), 0};
    if (!row.test.defined() || !std::isfinite(row.d)) {
      excluded.push_back({comparison, state, cfg.metrics[m], a.n, b.n, min_n,
                          "no variation: both groups have zero variance, so t and d are undefined"});
      continue;
    }
    table.push_back(std::move(row));
  }
}

void adjust(std::vector<TestRow>& table) {
  std::vector<double> p;
  for (const auto& r : table) p.push_back(r.test.p);
  const std::vector<double> q = benjamini_hochberg(p);
  for (size_t i = 0; i < table.size(); ++i) table[i].p_fdr = q[i];
}

}  // namespace

Results analyse(const PostTable& posts, const Config& cfg) {
  Results res;
  res.min_n = minimum_n(cfg);
  const auto& names = posts.states();
  std::vector<uint32_t> order(names.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return names[a] < names[b]; });

  // Posts of every state by scope, in key order: sums then run in an order that
  // does not depend on the input's, and the external sample draws from a fixed list.
  std::vector<std::vector<size_t>> by[3];
  for (auto& v : by) v.resize(names.size());
  for (size_t p = 0; p < posts.size(); ++p) by[static_cast<int>(posts.scope_of(p))][posts.state_of(p)].push_back(p);
  for (auto& scope : by)
    for (auto& ids : scope)
      std::sort(ids.begin(), ids.end(), [&](size_t a, size_t b) { return posts.key(a) < posts.key(b); });

  std::vector<ExcludedRow> excluded_intra, excluded_external;
  for (uint32_t s : order) {
    const std::string& state = names[s];
    const auto& inter = by[static_cast<int>(PostScope::Inter)][s];
    const auto& intra = by[static_cast<int>(PostScope::Intra)][s];
    const auto& external = by[static_cast<int>(PostScope::External)][s];
    for (PostScope sc : {PostScope::Inter, PostScope::Intra, PostScope::External})
      for (size_t m = 0; m < cfg.metrics.size(); ++m) {
        int64_t nulls = 0;
        const auto& ids = by[static_cast<int>(sc)][s];
        metric_values(posts, ids, m, nulls);
        res.counts.push_back({state, scope_name(sc), cfg.metrics[m], static_cast<int64_t>(ids.size()), nulls});
      }
    compare_state(posts, cfg, res.min_n, state, "intra", inter, intra, true, res.intra, excluded_intra);
    if (cfg.external) {
      const auto picked = sample_without_replacement(external.size(), inter.size(), cfg.seed ^ fnv1a(state));
      std::vector<size_t> sample;
      sample.reserve(picked.size());
      for (size_t i : picked) sample.push_back(external[i]);
      compare_state(posts, cfg, res.min_n, state, "external", inter, sample, false, res.external, excluded_external);
    }
  }
  adjust(res.intra);
  adjust(res.external);
  res.excluded = std::move(excluded_intra);
  res.excluded.insert(res.excluded.end(), excluded_external.begin(), excluded_external.end());
  return res;
}

}  // namespace chorus::stats_engagement
