// The influence model's learning rules (Asavathiratham 2001; Basu et al. 2001),
// as ../shared/research/influence_model.md states them:
//   - learn_transition_matrix: A_ij by lag-1 cross-transition counts (§2.1),
//     no smoothing, a row without counts stays all zero;
//   - generalized_kron: X ⊗ {B_ij}, block (i,j) = x_ij · B_ij (§1), for tests;
//   - pair_measure: the coordination measure of one entity from the counts
//     (a, b, c, n) in closed form (§4.4), entry by entry as the package forms it;
//   - em_influence_row: the maximum-likelihood network matrix row of one
//     influenced site by EM on the simplex (§2.2 (a)), NOT the package's
//     broken estimator.
// Pure functions on numbers: no Chorus types. pair_matrix and pair_measure
// stay inline: the network scores every co-used entity of every pair with them.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace chorus::coordination_influence {

using Matrix = std::vector<std::vector<double>>;

// C[a][b] = #{k : 0 <= k <= T-2, obs_i[k] = a, obs_j[k+1] = b}, T = |obs_j|;
// A = C with each row divided by its sum, a zero row stays zero. As the
// package: obs_i longer than obs_j has its tail ignored; shorter is an error.
Matrix transition_counts(const std::vector<int>& obs_i, const std::vector<int>& obs_j, int m_i, int m_j);

Matrix learn_transition_matrix(const std::vector<int>& obs_i, const std::vector<int>& obs_j, int m_i, int m_j);

// X ⊗ {B_ij}: B is cut into X.size() x X[0].size() equal blocks; block (i,j)
// of the result is x_ij times block (i,j) of B.
Matrix generalized_kron(const Matrix& x, const Matrix& b);

enum class Measure { Trace, FrobeniusDistance };

// The 2x2 A_ij of one entity (rows: i Inactive/Active at k; columns: j
// Inactive/Active at k+1) from a = i's active source bins (k <= T-2),
// b = j's active target bins (k >= 1), c = lag-1 co-activity, n = T-1.
// laplace = 0: the package's rule (row / row sum, zero row stays zero);
// laplace > 0: (count + laplace) / (row sum + 2 laplace).
struct Pair2x2 {
  double a[2][2];
};

inline Pair2x2 pair_matrix(int64_t a, int64_t b, int64_t c, int64_t n, double laplace) {
  const double counts[2][2] = {{static_cast<double>(n - a - b + c), static_cast<double>(b - c)},
                               {static_cast<double>(a - c), static_cast<double>(c)}};
  Pair2x2 m{};
  for (int r = 0; r < 2; ++r) {
    const double sum = counts[r][0] + counts[r][1];
    for (int s = 0; s < 2; ++s) {
      if (laplace > 0)
        m.a[r][s] = (counts[r][s] + laplace) / (sum + 2 * laplace);
      else
        m.a[r][s] = sum > 0 ? counts[r][s] / sum : 0.0;
    }
  }
  return m;
}

// d of one entity: Trace: d = 2 - tr(A_ij) (0 = j copies i, 1 = independence);
// FrobeniusDistance: d = ||A_ij - I||_F (row-major sum of squares).
inline double pair_measure(int64_t a, int64_t b, int64_t c, int64_t n, Measure measure, double laplace) {
  if (measure == Measure::Trace && laplace == 0) {
    // Only the diagonal is needed; each entry is formed as in pair_matrix
    // (count / row sum, both exact integers in double), so bit-identical.
    const double stay_inactive = n - a > 0 ? static_cast<double>(n - a - b + c) / static_cast<double>(n - a) : 0.0;
    const double stay_active = a > 0 ? static_cast<double>(c) / static_cast<double>(a) : 0.0;
    return 2.0 - (stay_inactive + stay_active);
  }
  const Pair2x2 m = pair_matrix(a, b, c, n, laplace);
  if (measure == Measure::Trace) {
    const double trace = m.a[0][0] + m.a[1][1];
    return 2.0 - trace;
  }
  double squares = 0;
  for (int r = 0; r < 2; ++r)
    for (int s = 0; s < 2; ++s) {
      const double diff = m.a[r][s] - (r == s ? 1.0 : 0.0);
      squares += diff * diff;
    }
  return std::sqrt(squares);
}

// EM for one influenced site i (§2.2 (a)). The data are step groups g with a
// multiplicity (identical time steps counted once) and the vector
// P_g[j] = A_ji[status of j at t-1][status of i at t] over the k candidate
// determining sites j. Maximises L(α) = Σ_g mult_g log(Σ_j α_j P_g[j]) on the
// simplex with α_j <- α_j · (Σ_g mult_g P_g[j] / (α·P_g)) / Σ_g mult_g,
// from the uniform start. Steps where α·P_g = 0 for the start (all P zero)
// are dropped (they carry no information and would give log 0).
struct EmResult {
  std::vector<double> alpha;
  double log_likelihood = 0;
  int iterations = 0;
  bool converged = false;
};

double em_log_likelihood(const std::vector<double>& p, const std::vector<double>& mult, size_t k,
                         const std::vector<double>& alpha);

EmResult em_influence_row(const std::vector<double>& p, const std::vector<double>& mult, size_t k, int max_iterations,
                          double tolerance);

// Dense convenience: sites' observation sequences (equal length T) and the
// blocks A[j][i] (A_ji, m x m); the EM row of site i over all n sites, one
// group per time step t = 1..T-1.
EmResult em_dense_row(const std::vector<std::vector<int>>& obs, const std::vector<std::vector<Matrix>>& blocks,
                      size_t i, int max_iterations, double tolerance);

}  // namespace chorus::coordination_influence
