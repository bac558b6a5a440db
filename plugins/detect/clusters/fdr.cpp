#include "fdr.hpp"

#include <algorithm>
#include <cmath>

namespace chorus::detect_clusters {

BenjaminiHochberg::BenjaminiHochberg(std::vector<double> p_values) : sorted_(std::move(p_values)) {
  std::sort(sorted_.begin(), sorted_.end());
  const size_t m = sorted_.size();
  suffix_min_.resize(m);
  double running = 1.0;
  for (size_t i = m; i-- > 0;) {
    running = std::min(running, static_cast<double>(m) * sorted_[i] / static_cast<double>(i + 1));
    suffix_min_[i] = running;
  }
}

double BenjaminiHochberg::q(double p) const {
  if (std::isnan(p) || sorted_.empty()) return std::nan("");
  // Rank of the last of p's ties: the ties share the minimum from there on.
  const size_t r = static_cast<size_t>(std::upper_bound(sorted_.begin(), sorted_.end(), p) - sorted_.begin());
  if (r == 0) return suffix_min_[0];  // below every input: as the smallest
  return suffix_min_[r - 1];
}

}  // namespace chorus::detect_clusters
