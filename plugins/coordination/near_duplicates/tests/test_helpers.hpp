// Helpers shared by the tests of coordination/near_duplicates: tokens and
// shingles of a text with the stage's defaults, an independent string
// oracle, and a seeded corpus of templates with edited copies.
#pragma once

#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "near_duplicates_stage.hpp"
#include "tokenize.hpp"

namespace nd = chorus::coordination_near_duplicates;

namespace near_duplicates_test {

// The stage's defaults, from its option table.
inline nd::Config defaults() { return nd::NearDuplicatesStage::options().parse(nlohmann::json::object()); }

inline std::vector<uint64_t> tokens_of(const std::string& text, nd::TokenizeOptions opt = defaults().tokenize) {
  std::vector<uint64_t> t;
  nd::token_hashes(text, opt, t);
  return t;
}
inline std::vector<uint64_t> shingles_of(const std::string& text, int k) {
  std::vector<uint64_t> s;
  nd::shingle_set(tokens_of(text), k, s);
  return s;
}

// The independent oracle: whitespace words (the test texts are lower-case
// ASCII words separated by single spaces) and string shingles.
inline std::set<std::string> string_shingles(const std::string& text, int k) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;) words.push_back(w);
  std::set<std::string> out;
  for (size_t i = 0; i + static_cast<size_t>(k) <= words.size(); ++i) {
    std::string s;
    for (int j = 0; j < k; ++j) s += (j ? " " : "") + words[i + static_cast<size_t>(j)];
    out.insert(s);
  }
  return out;
}
inline double string_jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  size_t common = 0;
  for (const auto& s : a) common += b.count(s);
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

// splitmix64, for the seeded test corpus.
struct Rng {
  uint64_t s;
  uint64_t next() { return nd::mix64(s += 0x9e3779b97f4a7c15ULL); }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
};

// Templates of 20 words from a 400-word vocabulary, each with variants of
// 0-3 random substitutions, plus unrelated random texts.
inline std::vector<std::string> seeded_corpus(uint64_t seed) {
  Rng rng{seed};
  auto word = [&] { return "w" + std::to_string(rng.below(400)); };
  std::vector<std::string> docs;
  for (int t = 0; t < 15; ++t) {
    std::vector<std::string> base;
    for (int i = 0; i < 20; ++i) base.push_back(word());
    for (int v = 0; v < 8; ++v) {
      std::vector<std::string> copy = base;
      const size_t edits = rng.below(4);
      for (size_t e = 0; e < edits; ++e) copy[rng.below(copy.size())] = word();
      std::string s;
      for (const auto& w : copy) s += (s.empty() ? "" : " ") + w;
      docs.push_back(s);
    }
  }
  for (int r = 0; r < 80; ++r) {
    std::string s;
    for (int i = 0; i < 15 + static_cast<int>(rng.below(10)); ++i) s += (s.empty() ? "" : " ") + word();
    docs.push_back(s);
  }
  return docs;
}

inline const std::string kTemplate =
    "the western media hides the truth about our peaceful development and the people of the "
    "region know it very well";  // 20 tokens, 19 distinct two-word shingles

}  // namespace near_duplicates_test
