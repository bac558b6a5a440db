// "Did you mean ...?" suggestions for misspelt names (properties, stage
// types, ports).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace chorus {

// Optimal-string-alignment (restricted Damerau-Levenshtein) distance: the
// number of single-character insertions, deletions, substitutions and swaps of
// two adjacent characters that turn `a` into `b`. Case-sensitive.
std::size_t edit_distance(const std::string& a, const std::string& b);

// The candidate closest to `word`, or "" when none is close enough.
// Comparison ignores ASCII case. A candidate is close when its distance is at
// most max(2, word.size() / 3) and smaller than the longer of the two lengths
// (so "ab" never suggests "cd"). Ties go to the earliest candidate. A
// candidate equal to `word` is returned as is.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" when closest_match finds x, else "".
std::string did_you_mean_suffix(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace chorus
