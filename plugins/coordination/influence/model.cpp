#include "model.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace chorus::coordination_influence {

Matrix transition_counts(const std::vector<int>& obs_i, const std::vector<int>& obs_j, int m_i, int m_j) {
  if (obs_i.size() < obs_j.size())
    throw std::invalid_argument("transition_counts: obs_i (" + std::to_string(obs_i.size()) +
                                ") is shorter than obs_j (" + std::to_string(obs_j.size()) + ")");
  Matrix counts(static_cast<size_t>(m_i), std::vector<double>(static_cast<size_t>(m_j), 0.0));
  for (size_t k = 0; k + 1 < obs_j.size(); ++k) {
    const int from = obs_i[k], to = obs_j[k + 1];
    if (from < 0 || from >= m_i || to < 0 || to >= m_j)
      throw std::invalid_argument("transition_counts: status out of range");
    counts[static_cast<size_t>(from)][static_cast<size_t>(to)] += 1.0;
  }
  return counts;
}

Matrix learn_transition_matrix(const std::vector<int>& obs_i, const std::vector<int>& obs_j, int m_i, int m_j) {
  Matrix a = transition_counts(obs_i, obs_j, m_i, m_j);
  for (auto& row : a) {
    double sum = 0;
    for (double v : row) sum += v;
    if (sum > 0)
      for (double& v : row) v = v / sum;
  }
  return a;
}

Matrix generalized_kron(const Matrix& x, const Matrix& b) {
  const size_t block_rows = b.size() / x.size(), block_cols = b.at(0).size() / x.at(0).size();
  Matrix out = b;
  for (size_t r = 0; r < b.size(); ++r)
    for (size_t c = 0; c < b[r].size(); ++c) out[r][c] = x[r / block_rows][c / block_cols] * b[r][c];
  return out;
}

double em_log_likelihood(const std::vector<double>& p, const std::vector<double>& mult, size_t k,
                         const std::vector<double>& alpha) {
  double ll = 0;
  for (size_t g = 0; g < mult.size(); ++g) {
    double mix = 0;
    for (size_t j = 0; j < k; ++j) mix += alpha[j] * p[g * k + j];
    if (mix > 0) ll += mult[g] * std::log(mix);
  }
  return ll;
}

EmResult em_influence_row(const std::vector<double>& p, const std::vector<double>& mult, size_t k, int max_iterations,
                          double tolerance) {
  EmResult r;
  r.alpha.assign(k, k ? 1.0 / static_cast<double>(k) : 0.0);
  if (k == 0) return r;
  // Keep only informative groups (some P > 0).
  std::vector<size_t> groups;
  double total = 0;
  for (size_t g = 0; g < mult.size(); ++g) {
    bool any = false;
    for (size_t j = 0; j < k && !any; ++j) any = p[g * k + j] > 0;
    if (any && mult[g] > 0) groups.push_back(g), total += mult[g];
  }
  if (groups.empty()) {
    r.converged = true;
    return r;
  }
  std::vector<double> next(k);
  for (r.iterations = 0; r.iterations < max_iterations;) {
    std::fill(next.begin(), next.end(), 0.0);
    for (size_t g : groups) {
      const double* pg = &p[g * k];
      double mix = 0;
      for (size_t j = 0; j < k; ++j) mix += r.alpha[j] * pg[j];
      if (mix <= 0) continue;
      const double scale = mult[g] / mix;
      for (size_t j = 0; j < k; ++j) next[j] += pg[j] * scale;
    }
    double change = 0, sum = 0;
    for (size_t j = 0; j < k; ++j) {
      const double updated = r.alpha[j] * next[j] / total;
      change = std::max(change, std::fabs(updated - r.alpha[j]));
      next[j] = updated;
      sum += updated;
    }
    for (size_t j = 0; j < k; ++j) r.alpha[j] = next[j] / sum;  // renormalise rounding drift
    ++r.iterations;
    if (change < tolerance) {
      r.converged = true;
      break;
    }
  }
  r.log_likelihood = em_log_likelihood(p, mult, k, r.alpha);
  return r;
}

EmResult em_dense_row(const std::vector<std::vector<int>>& obs, const std::vector<std::vector<Matrix>>& blocks,
                      size_t i, int max_iterations, double tolerance) {
  const size_t n = obs.size(), steps = obs.at(0).size() - 1;
  std::vector<double> p(steps * n), mult(steps, 1.0);
  for (size_t t = 1; t <= steps; ++t)
    for (size_t j = 0; j < n; ++j)
      p[(t - 1) * n + j] = blocks[j][i][static_cast<size_t>(obs[j][t - 1])][static_cast<size_t>(obs[i][t])];
  return em_influence_row(p, mult, n, max_iterations, tolerance);
}

}  // namespace chorus::coordination_influence
