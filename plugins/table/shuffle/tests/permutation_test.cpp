// Fisher-Yates permutations and the groups of `within`, against values traced
// by hand from the generator's first draws (and checked with a separate
// Python splitmix64, see the comments).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <chorus/sdk/testing.hpp>

#include "group_index.hpp"
#include "permutation.hpp"

namespace ts = chorus::table_shuffle;
using namespace chorus::sdk::testing;
using chorus::sdk::SplitMix64;
using P = std::vector<int64_t>;

TEST_CASE("SplitMix64 gives the reference numbers the hand traces below start from", "[table][shuffle]") {
  // The published test vector of splitmix64.c (seed 1234567).
  SplitMix64 ref(1234567);
  CHECK(ref.next() == 6457827717110365317ULL);
  CHECK(ref.next() == 3203168211198807973ULL);
  CHECK(ref.next() == 9817491932198370423ULL);
  // Seed 1: the draws of a 5-row shuffle. 0x910a2dec89025cc1 mod 5 = 0,
  // 0xbeeb8da1658eec67 mod 4 = 3 (last hex digit 7), 0xf893a2eefb32555e mod 3
  // = 0, the fourth draw is odd: none is rejected (all far below the limits).
  SplitMix64 one(1);
  CHECK(one.below(5) == 0);
  CHECK(one.below(4) == 3);
  CHECK(one.below(3) == 0);
  CHECK(one.below(2) == 1);
}

TEST_CASE("permutation is Durstenfeld's Fisher-Yates from the last position down", "[table][shuffle]") {
  // Draws 0, 3, 0, 1 (above) on [0 1 2 3 4]: i=4 swaps a[4] with a[0] ->
  // [4 1 2 3 0]; i=3 with a[3] (stays); i=2 with a[0] -> [2 1 4 3 0]; i=1
  // with a[1] (stays).
  CHECK(ts::permutation(5, 1) == P{2, 1, 4, 3, 0});
  // From the Python oracle (same algorithm, separate code).
  CHECK(ts::permutation(5, 2) == P{1, 3, 4, 2, 0});
  CHECK(ts::permutation(8, 42) == P{3, 1, 6, 2, 4, 0, 7, 5});
  CHECK(ts::permutation(0, 1).empty());
  CHECK(ts::permutation(1, 1) == P{0});
}

TEST_CASE("permutation equals a textbook Fisher-Yates written here, and is a permutation", "[table][shuffle]") {
  for (uint64_t seed : {0ULL, 9ULL, 123456789ULL, ~0ULL}) {
    const int64_t n = 1000;
    P expected(n);
    for (int64_t i = 0; i < n; ++i) expected[i] = i;
    SplitMix64 rng(seed);
    for (int64_t i = n - 1; i > 0; --i) std::swap(expected[i], expected[rng.below(static_cast<uint64_t>(i + 1))]);
    const P p = ts::permutation(n, seed);
    CHECK(p == expected);
    P sorted = p;
    std::sort(sorted.begin(), sorted.end());
    for (int64_t i = 0; i < n; ++i) REQUIRE(sorted[i] == i);
    int64_t fixed = 0;
    for (int64_t i = 0; i < n; ++i) fixed += p[i] == i;
    CHECK(fixed < 10);  // a uniform permutation has 1 fixed point on average; P(>= 10) < 1e-6
  }
}

TEST_CASE("grouped_permutation shuffles each group with one generator, groups in first-appearance order",
          "[table][shuffle]") {
  // Keys a b a null b a b null a: groups a={0,2,5,8}, b={1,4,6}, null={3,7}.
  const std::vector<uint32_t> g{0, 1, 0, 2, 1, 0, 1, 2, 0};
  // Seed 1, draws x1..x6 = 0x..5cc1, 0x..ec67, 0x..555e, 0x..c90b, 0x..b5b9,
  // 0x..0280 (the Python oracle prints them). a = rows [0 2 5 8]: x1 mod 4 = 1
  // swaps positions 3,1 -> [0 8 5 2]; x2 mod 3 = 1 swaps 2,1 -> [0 5 8 2]; x3
  // mod 2 = 0 swaps 1,0 -> [5 0 8 2]. b = [1 4 6]: x4 mod 3 = 2, x5 mod 2 = 1:
  // unchanged. null = [3 7]: x6 mod 2 = 0 -> [7 3].
  const P p = ts::grouped_permutation(g, 3, 1);
  CHECK(p == P{5, 1, 0, 7, 4, 8, 6, 3, 2});
  CHECK(ts::grouped_permutation(g, 3, 3) == P{5, 4, 8, 3, 1, 0, 6, 7, 2});
  for (size_t i = 0; i < g.size(); ++i) CHECK(g[static_cast<size_t>(p[i])] == g[i]);
  // One group is the plain permutation.
  CHECK(ts::grouped_permutation(std::vector<uint32_t>(8, 0), 1, 42) == ts::permutation(8, 42));
  CHECK(ts::grouped_permutation({}, 0, 1).empty());
}

TEST_CASE("GroupIndex numbers values in order of first appearance, nulls as one group", "[table][shuffle]") {
  using V = std::vector<uint32_t>;
  SECTION("utf8 across batches") {
    ts::GroupIndex gi;
    gi.add(batch(schema({{"k", "utf8"}}), {{"b"}, {null}, {"a"}, {"b"}}).column(0));
    gi.add(batch(schema({{"k", "utf8"}}), {{"a"}, {null}, {"c"}, {""}}).column(0));
    CHECK(gi.ids() == V{0, 1, 2, 0, 2, 1, 3, 4});
    CHECK(gi.groups() == 5);
  }
  SECTION("int64, bool and timestamps compare values") {
    ts::GroupIndex gi;
    gi.add(batch(schema({{"k", "int64"}}), {{int64_t{7}}, {int64_t{-7}}, {int64_t{7}}, {null}}).column(0));
    CHECK(gi.ids() == V{0, 1, 0, 2});
    ts::GroupIndex b;
    b.add(batch(schema({{"k", "bool"}}), {{true}, {false}, {null}, {true}}).column(0));
    CHECK(b.ids() == V{0, 1, 2, 0});
  }
  SECTION("float64: -0 is 0, NaNs are one value") {
    ts::GroupIndex gi;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    gi.add(batch(schema({{"k", "float64"}}), {{0.0}, {-0.0}, {nan}, {-nan}, {1.5}, {null}}).column(0));
    CHECK(gi.ids() == V{0, 0, 1, 1, 2, 3});
  }
  SECTION("list<utf8>: items compared whole, in order") {
    ts::GroupIndex gi;
    gi.add(batch(schema({{"k", "list<utf8>"}}),
                 {{StrList{"a", "b"}}, {StrList{"a,b"}}, {StrList{"b", "a"}}, {StrList{}}, {null}, {StrList{"a", "b"}}})
               .column(0));
    CHECK(gi.ids() == V{0, 1, 2, 3, 4, 0});
  }
}
