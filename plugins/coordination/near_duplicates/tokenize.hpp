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

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::near_duplicates {

struct TokenizeOptions {
  bool strip_urls = true;
  bool strip_mentions = true;
};

// splitmix64's output mixer: a bijection on 64 bits with good avalanche.
inline uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

namespace detail {

inline bool ascii_space(unsigned char c) { return c == ' ' || (c >= 0x09 && c <= 0x0d); }

inline bool handle_char(uint8_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

inline bool starts_with_ci(std::string_view s, size_t at, std::string_view prefix) {
  if (s.size() - at < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[at + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

inline bool is_word_char(UChar32 c) {
  return u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

// Scripts written without spaces between words: each letter is a token.
inline bool is_own_token(UChar32 c) {
  if (c < 0x0E00) return false;  // fast path: everything below Thai
  if (u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) return true;
  UErrorCode err = U_ZERO_ERROR;
  const UScriptCode s = uscript_getScript(c, &err);
  return U_SUCCESS(err) && (s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA || s == USCRIPT_THAI ||
                            s == USCRIPT_LAO || s == USCRIPT_KHMER || s == USCRIPT_MYANMAR);
}

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

}  // namespace detail

// Appends the token fingerprints of `text` to `out` (cleared first).
inline void token_hashes(std::string_view text, const TokenizeOptions& opt, std::vector<uint64_t>& out) {
  out.clear();
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  uint64_t h = detail::kFnvOffset;
  bool in_token = false;
  auto finish = [&] {
    if (in_token) out.push_back(mix64(h));
    in_token = false;
    h = detail::kFnvOffset;
  };
  auto add_code_point = [&](UChar32 c) {
    uint8_t buf[4];
    int32_t len = 0;
    UBool error = false;
    U8_APPEND(buf, len, 4, c, error);
    (void)error;  // c comes from U8_NEXT and u_foldCase: always a valid scalar value
    for (int32_t j = 0; j < len; ++j) h = (h ^ buf[j]) * detail::kFnvPrime;
    in_token = true;
  };
  int32_t i = 0;
  while (i < n) {
    const size_t at = static_cast<size_t>(i);
    if (!in_token && opt.strip_urls &&
        (detail::starts_with_ci(text, at, "http://") || detail::starts_with_ci(text, at, "https://") ||
         detail::starts_with_ci(text, at, "www."))) {
      finish();
      while (i < n && !detail::ascii_space(bytes[i])) ++i;
      continue;
    }
    if (opt.strip_mentions && bytes[i] == '@' && !in_token) {
      // '@' then [A-Za-z0-9_]+ (the handle alphabet of Twitter and Telegram).
      int32_t j = i + 1;
      while (j < n && detail::handle_char(bytes[j])) ++j;
      if (j > i + 1) {
        i = j;
        continue;
      }
    }
    if (bytes[i] < 0x80) {  // ASCII fast path, same rule as below
      const uint8_t b = bytes[i++];
      if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) {
        h = (h ^ b) * detail::kFnvPrime, in_token = true;
      } else if (b >= 'A' && b <= 'Z') {
        h = (h ^ static_cast<uint8_t>(b - 'A' + 'a')) * detail::kFnvPrime, in_token = true;
      } else {
        finish();
      }
      continue;
    }
    UChar32 c;
    U8_NEXT(bytes, i, n, c);  // advances i; c < 0 on ill-formed bytes
    if (c < 0 || !detail::is_word_char(c)) {
      finish();
      continue;
    }
    if (detail::is_own_token(c)) {
      finish();
      add_code_point(u_foldCase(c, U_FOLD_CASE_DEFAULT));
      finish();
      continue;
    }
    add_code_point(u_foldCase(c, U_FOLD_CASE_DEFAULT));
  }
  finish();
}

// The shingle fingerprint of tokens [begin, begin + k).
inline uint64_t shingle_hash(const uint64_t* tokens, int k) {
  uint64_t h = 0x9e3779b97f4a7c15ULL;
  for (int j = 0; j < k; ++j) h = mix64((h * detail::kFnvPrime) ^ tokens[j]);
  return h;
}

// The sorted set (no repeats) of k-token shingle fingerprints of `tokens`;
// empty when there are fewer than k tokens.
inline void shingle_set(const std::vector<uint64_t>& tokens, int k, std::vector<uint64_t>& out) {
  out.clear();
  if (k <= 0 || tokens.size() < static_cast<size_t>(k)) return;
  for (size_t i = 0; i + static_cast<size_t>(k) <= tokens.size(); ++i)
    out.push_back(shingle_hash(tokens.data() + i, k));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

// Jaccard similarity |A ∩ B| / |A ∪ B| of two sorted sets without repeats;
// 0 when both are empty (no evidence of similarity).
inline double jaccard(const uint64_t* a, size_t na, const uint64_t* b, size_t nb) {
  if (na == 0 && nb == 0) return 0.0;
  size_t i = 0, j = 0, common = 0;
  while (i < na && j < nb) {
    if (a[i] < b[j]) ++i;
    else if (b[j] < a[i]) ++j;
    else ++common, ++i, ++j;
  }
  return static_cast<double>(common) / static_cast<double>(na + nb - common);
}
inline double jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  return jaccard(a.data(), a.size(), b.data(), b.size());
}

}  // namespace chorus::near_duplicates
