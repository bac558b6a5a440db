// "Did you mean ...?" for misspelt names in a stage's config (columns, keys,
// function names), with the same rule as the host's own messages, so that a
// pipeline author sees one behaviour everywhere. Not included by sdk.hpp.
//
//   throw std::invalid_argument("with.column: no column '" + name + "' in input" +
//                               chorus::sdk::did_you_mean(name, column_names, "columns"));
#pragma once

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::sdk {

// Optimal-string-alignment (restricted Damerau-Levenshtein) distance: the
// number of single-character insertions, deletions, substitutions and swaps
// of two adjacent characters that turn `a` into `b`. Case-sensitive.
inline size_t edit_distance(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size();
  std::vector<size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= m; ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

// The candidate closest to `word`, or "" when none is close enough.
// Comparison ignores ASCII case. A candidate is close when its distance is at
// most max(2, word.size() / 3) and smaller than the longer of the two lengths
// (so "m" never suggests "n"). Ties go to the earliest candidate; a candidate
// equal to `word` is returned as is.
inline std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  auto lower = [](std::string_view s) {
    std::string r(s);
    for (auto& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return r;
  };
  const std::string w = lower(word);
  const size_t limit = std::max<size_t>(2, word.size() / 3);
  const std::string* best = nullptr;
  size_t best_d = 0;
  for (const auto& c : candidates) {
    if (c == word) return c;
    const size_t d = edit_distance(w, lower(c));
    if (d > limit || d >= std::max(word.size(), c.size())) continue;
    if (!best || d < best_d) {
      best = &c;
      best_d = d;
    }
  }
  return best ? *best : std::string();
}

// " (did you mean 'x'?)" when closest_match finds x; otherwise, with a
// `list_label`, " (<list_label>: a, b, c)" naming every candidate; else "".
inline std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates,
                                const char* list_label = nullptr) {
  const std::string m = closest_match(word, candidates);
  if (!m.empty()) return " (did you mean '" + m + "'?)";
  if (!list_label || candidates.empty()) return "";
  std::string list;
  for (const auto& c : candidates) list += (list.empty() ? "" : ", ") + c;
  return std::string(" (") + list_label + ": " + list + ")";
}

}  // namespace chorus::sdk
