#include "permutation.hpp"

#include <cstddef>
#include <utility>

namespace chorus::table_shuffle {

void fisher_yates(int64_t* a, int64_t n, sdk::SplitMix64& rng) {
  for (int64_t i = n - 1; i >= 1; --i) {
    const auto j = static_cast<int64_t>(rng.below(static_cast<uint64_t>(i) + 1));
    std::swap(a[i], a[j]);
  }
}

std::vector<int64_t> permutation(int64_t n, uint64_t seed) {
  std::vector<int64_t> p(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) p[static_cast<size_t>(i)] = i;
  sdk::SplitMix64 rng(seed);
  fisher_yates(p.data(), n, rng);
  return p;
}

std::vector<int64_t> grouped_permutation(const std::vector<uint32_t>& group, uint32_t groups, uint64_t seed) {
  // Counting sort of the rows by group, stable, so that each group's rows
  // sit together in input order: `rows[start[g] .. start[g + 1])`.
  std::vector<int64_t> start(static_cast<size_t>(groups) + 1, 0);
  for (uint32_t g : group) ++start[g + 1];
  for (size_t g = 0; g < groups; ++g) start[g + 1] += start[g];
  std::vector<int64_t> rows(group.size());
  {
    std::vector<int64_t> next(start.begin(), start.end() - 1);
    for (size_t i = 0; i < group.size(); ++i) rows[static_cast<size_t>(next[group[i]]++)] = static_cast<int64_t>(i);
  }
  std::vector<int64_t> p(group.size());
  std::vector<int64_t> shuffled;
  sdk::SplitMix64 rng(seed);
  for (size_t g = 0; g < groups; ++g) {
    const int64_t* first = rows.data() + start[g];
    const int64_t n = start[g + 1] - start[g];
    shuffled.assign(first, first + n);
    fisher_yates(shuffled.data(), n, rng);
    for (int64_t k = 0; k < n; ++k) p[static_cast<size_t>(first[k])] = shuffled[static_cast<size_t>(k)];
  }
  return p;
}

}  // namespace chorus::table_shuffle
