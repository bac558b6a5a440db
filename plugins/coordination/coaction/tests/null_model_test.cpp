// coordination/coaction, the null model's permutations (null_model.hpp).
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "null_model.hpp"
#include "test_helpers.hpp"

using namespace coaction_test;

TEST_CASE("coordination/coaction: permutation keeps each account's times", "[coordination.coaction]") {
  const auto t = toy_table({{"A", 1, {"x"}}, {"A", 2, {"y"}}, {"A", 3, {"z"}}, {"B", 10, {"x"}}, {"B", 20, {"y"}}});
  const Csr pa = group_by(t.num_accounts(), t.post_account);
  SplitMix64 r1{5}, r2{5};
  auto p1 = permuted_times(t, pa, r1), p2 = permuted_times(t, pa, r2);
  CHECK(p1 == p2);
  std::vector<int64_t> a_times = {p1[0], p1[1], p1[2]}, b_times = {p1[3], p1[4]};
  std::sort(a_times.begin(), a_times.end());
  std::sort(b_times.begin(), b_times.end());
  CHECK(a_times == std::vector<int64_t>{1, 2, 3});
  CHECK(b_times == std::vector<int64_t>{10, 20});
  // below(n) is uniform: 60000 draws of below(3) give each value about 20000 times.
  SplitMix64 g{9};
  int hist[3] = {0, 0, 0};
  for (int i = 0; i < 60000; ++i) ++hist[g.below(3)];
  for (int h : hist) CHECK(std::abs(h - 20000) < 600);  // > 5 sd away would be a bug
}
