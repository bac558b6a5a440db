// Seeded Fisher-Yates permutations, the whole table's or one per group of
// rows. Every draw comes from sdk::SplitMix64, so a seed gives the same
// permutation with every compiler and standard library.
#pragma once

#include <cstdint>
#include <vector>

#include <chorus/sdk/random.hpp>

namespace chorus::table_shuffle {

// Shuffles a[0..n) in place (Durstenfeld's Fisher-Yates): for i = n-1 down to
// 1, j = rng.below(i + 1), swap a[i] and a[j]. Draws n-1 numbers for n >= 2,
// none otherwise.
void fisher_yates(int64_t* a, int64_t n, sdk::SplitMix64& rng);

// p with p[i] = the row whose value row i receives: the identity 0..n-1
// shuffled by fisher_yates with SplitMix64(seed).
std::vector<int64_t> permutation(int64_t n, uint64_t seed);

// The same inside groups: `group[i]` is row i's group id, ids numbered
// 0..groups-1 in order of first appearance. Each group's rows, in input
// order, are shuffled by fisher_yates, groups taken in id order with one
// generator SplitMix64(seed) drawn on from group to group; p[i] is always a
// row of i's group.
std::vector<int64_t> grouped_permutation(const std::vector<uint32_t>& group, uint32_t groups, uint64_t seed);

}  // namespace chorus::table_shuffle
