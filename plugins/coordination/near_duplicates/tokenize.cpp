#include "tokenize.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <string>

namespace chorus::coordination_near_duplicates {

namespace {

bool ascii_space(unsigned char c) { return c == ' ' || (c >= 0x09 && c <= 0x0d); }

bool handle_char(uint8_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool starts_with_ci(std::string_view s, size_t at, std::string_view prefix) {
  if (s.size() - at < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[at + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool is_word_char(UChar32 c) { return u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0; }

// Scripts written without spaces between words: each letter is a token.
bool is_own_token(UChar32 c) {
  if (c < 0x0E00) return false;  // fast path: everything below Thai
  if (u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) return true;
  UErrorCode err = U_ZERO_ERROR;
  const UScriptCode s = uscript_getScript(c, &err);
  return U_SUCCESS(err) && (s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA || s == USCRIPT_THAI || s == USCRIPT_LAO ||
                            s == USCRIPT_KHMER || s == USCRIPT_MYANMAR);
}

}  // namespace

// Appends the token fingerprints of `text` to `out` (cleared first).
void token_hashes(std::string_view text, const TokenizeOptions& opt, std::vector<uint64_t>& out) {
  out.clear();
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  uint64_t h = kFnvOffset;
  bool in_token = false;
  auto finish = [&] {
    if (in_token) out.push_back(mix64(h));
    in_token = false;
    h = kFnvOffset;
  };
  auto add_code_point = [&](UChar32 c) {
    uint8_t buf[4];
    int32_t len = 0;
    UBool error = false;
    U8_APPEND(buf, len, 4, c, error);
    (void)error;  // c comes from U8_NEXT and u_foldCase: always a valid scalar value
    for (int32_t j = 0; j < len; ++j) h = (h ^ buf[j]) * kFnvPrime;
    in_token = true;
  };
  int32_t i = 0;
  while (i < n) {
    const size_t at = static_cast<size_t>(i);
    if (!in_token && opt.strip_urls &&
        (starts_with_ci(text, at, "http://") || starts_with_ci(text, at, "https://") ||
         starts_with_ci(text, at, "www."))) {
      finish();
      while (i < n && !ascii_space(bytes[i])) ++i;
      continue;
    }
    if (opt.strip_mentions && bytes[i] == '@' && !in_token) {
      // '@' then [A-Za-z0-9_]+ (the handle alphabet of Twitter and Telegram).
      int32_t j = i + 1;
      while (j < n && handle_char(bytes[j])) ++j;
      if (j > i + 1) {
        i = j;
        continue;
      }
    }
    if (bytes[i] < 0x80) {  // ASCII fast path, same rule as below
      const uint8_t b = bytes[i++];
      if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) {
        h = (h ^ b) * kFnvPrime, in_token = true;
      } else if (b >= 'A' && b <= 'Z') {
        h = (h ^ static_cast<uint8_t>(b - 'A' + 'a')) * kFnvPrime, in_token = true;
      } else {
        finish();
      }
      continue;
    }
    UChar32 c;
    U8_NEXT(bytes, i, n, c);  // advances i; c < 0 on ill-formed bytes
    if (c < 0 || !is_word_char(c)) {
      finish();
      continue;
    }
    if (is_own_token(c)) {
      finish();
      add_code_point(u_foldCase(c, U_FOLD_CASE_DEFAULT));
      finish();
      continue;
    }
    add_code_point(u_foldCase(c, U_FOLD_CASE_DEFAULT));
  }
  finish();
}

// The sorted set (no repeats) of k-token shingle fingerprints of `tokens`;
// empty when there are fewer than k tokens.
void shingle_set(const std::vector<uint64_t>& tokens, int k, std::vector<uint64_t>& out) {
  out.clear();
  if (k <= 0 || tokens.size() < static_cast<size_t>(k)) return;
  for (size_t i = 0; i + static_cast<size_t>(k) <= tokens.size(); ++i)
    out.push_back(shingle_hash(tokens.data() + i, k));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

}  // namespace chorus::coordination_near_duplicates
