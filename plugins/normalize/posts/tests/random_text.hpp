// Seeded text for the normalize/posts tests: ASCII of every kind and
// non-ASCII that case folding or NFC change, plus ill-formed UTF-8.
#pragma once

#include <chorus/sdk/random.hpp>

#include <iterator>
#include <string>

namespace chorus::normalize_posts::test {

// Pieces for generated text: ASCII of every kind (letters of both cases,
// digits, punctuation, controls, NUL, the Turkic I) and non-ASCII that case
// folding or NFC change (ß, sigma, İ, ı, combining marks, ligatures, Greek
// and Cyrillic capitals, CJK, Arabic, emoji), plus ill-formed UTF-8.
inline const char* const kPieces[] = {"A",
                                      "z",
                                      "I",
                                      "i",
                                      "Q",
                                      "_",
                                      "0",
                                      "9",
                                      "-",
                                      "#",
                                      " ",
                                      "\t",
                                      "~",
                                      "\x7f",
                                      "ABC",
                                      "Xinjiang",
                                      "HONGKONG",
                                      "Covid19",
                                      "DIYARBAKIR",
                                      "\xC3\x9F",
                                      "\xCE\xA3",
                                      "\xCF\x82",
                                      "\xC4\xB0",
                                      "\xC4\xB1",
                                      "\xCC\x81",
                                      "\xCC\x8A",
                                      "\xEF\xAC\x81",
                                      "\xD0\x9F",
                                      "\xD0\xBF",
                                      "\xE6\x96\xB0",
                                      "\xD8\xA7",
                                      "\xF0\x9F\x98\x80",
                                      "\xC3\x85",
                                      "\xE1\xBA\x9E",
                                      "\xC7\x85",
                                      "\xFF",
                                      "\xC3",
                                      "\xE2\x82"};

inline std::string random_text(chorus::sdk::SplitMix64& r, bool ascii_only) {
  std::string s;
  const size_t n = r.below(8);
  for (size_t k = 0; k < n; ++k) {
    if (ascii_only || r.below(2) == 0) {
      const int kind = static_cast<int>(r.below(4));
      if (kind == 0)
        s.push_back(static_cast<char>(r.below(128)));  // any ASCII byte, NUL included
      else
        s += kPieces[r.below(19)];  // the ASCII pieces
    } else {
      s += kPieces[19 + r.below(std::size(kPieces) - 19)];
    }
  }
  return s;
}

}  // namespace chorus::normalize_posts::test
