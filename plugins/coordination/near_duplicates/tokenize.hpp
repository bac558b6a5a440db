// Word tokens and word shingles of post text, for coordination/near_duplicates.
//
// The rule (exact, so two runs and two machines agree):
//  1. Optionally drop URLs (from http://, https:// or www., ASCII
//     case-insensitive, to the next ASCII white space) and @mentions ('@'
//     followed by ASCII letters, digits or '_'), each only where no word is
//     in progress (so the '@' of a@b.com is a separator): templated posts
//     often differ only in them.
//  2. Decode UTF-8 (ill-formed bytes act as separators). A code point is a
//     word character when it is a letter, a mark or a number (ICU
//     u_isalnum or general category M*); everything else separates words
//     ('#' of a hashtag included, so #Peace becomes the word "peace").
//  3. Every ideographic code point (UCHAR_IDEOGRAPHIC: Han, ...) and every
//     Hiragana, Katakana, Thai, Lao, Khmer and Myanmar letter is a word of its
//     own: these scripts do not separate words with spaces, so this makes
//     character n-grams of them instead of one token per sentence. (ICU's
//     dictionary word break would be closer to real words but depends on the
//     ICU version's dictionaries; this rule does not.)
//  4. Each code point is case-folded with ICU's simple default folding
//     (u_foldCase, U_FOLD_CASE_DEFAULT), so "Peace", "PEACE", "peace" match.
//  5. A token's fingerprint is FNV-1a 64 of its folded UTF-8 bytes, finished
//     with the splitmix64 mixer; a shingle (k consecutive tokens) is the
//     fingerprint chain h = mix(h * 0x100000001b3 ^ token) over its tokens.
//     Sets of shingle fingerprints stand for sets of shingles: two different
//     shingles share a fingerprint with probability about 2^-64 per pair.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace chorus::coordination_near_duplicates {

// The tokenizer's switches; defaults live in NearDuplicatesStage::options().
struct TokenizeOptions {
  bool strip_urls;
  bool strip_mentions;
};

// splitmix64's output mixer: a bijection on 64 bits with good avalanche.
// Inline: it runs per token, per shingle and per band key.
inline uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

// Appends the token fingerprints of `text` to `out` (cleared first).
void token_hashes(std::string_view text, const TokenizeOptions& opt, std::vector<uint64_t>& out);

// The shingle fingerprint of tokens [begin, begin + k).
inline uint64_t shingle_hash(const uint64_t* tokens, int k) {
  uint64_t h = 0x9e3779b97f4a7c15ULL;
  for (int j = 0; j < k; ++j) h = mix64((h * kFnvPrime) ^ tokens[j]);
  return h;
}

// The sorted set (no repeats) of k-token shingle fingerprints of `tokens`;
// empty when there are fewer than k tokens.
void shingle_set(const std::vector<uint64_t>& tokens, int k, std::vector<uint64_t>& out);

// Jaccard similarity |A ∩ B| / |A ∪ B| of two sorted sets without repeats;
// 0 when both are empty (no evidence of similarity). Inline: the LSH
// verification calls it for every candidate pair.
inline double jaccard(const uint64_t* a, size_t na, const uint64_t* b, size_t nb) {
  if (na == 0 && nb == 0) return 0.0;
  size_t i = 0, j = 0, common = 0;
  while (i < na && j < nb) {
    if (a[i] < b[j])
      ++i;
    else if (b[j] < a[i])
      ++j;
    else
      ++common, ++i, ++j;
  }
  return static_cast<double>(common) / static_cast<double>(na + nb - common);
}
inline double jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  return jaccard(a.data(), a.size(), b.data(), b.size());
}

}  // namespace chorus::coordination_near_duplicates
