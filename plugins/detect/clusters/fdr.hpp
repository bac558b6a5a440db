// detect/clusters: Benjamini-Hochberg q-values within one stream.
#pragma once

#include <cstddef>
#include <vector>

namespace chorus::detect_clusters {

// The BH adjustment of m p-values, as R's p.adjust(p, "BH"): with
// p_(1) <= ... <= p_(m), q_(i) = min(1, min_{j >= i} m p_(j) / j). Built from
// every p-value of a stream, then asked for the q of any of them (tied p-values
// get the same q).
class BenjaminiHochberg {
 public:
  explicit BenjaminiHochberg(std::vector<double> p_values);
  // The q of a p-value that was among the inputs (NaN for NaN).
  double q(double p) const;
  size_t tests() const { return sorted_.size(); }

 private:
  std::vector<double> sorted_;
  std::vector<double> suffix_min_;  // suffix_min_[i] = min(1, min_{j >= i} m sorted_[j] / (j + 1))
};

}  // namespace chorus::detect_clusters
