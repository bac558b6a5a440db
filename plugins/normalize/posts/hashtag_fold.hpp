// Hashtag case folding for normalize/posts: Unicode full case folding, then
// NFC (ICU). Host-independent: tests call these directly.
//
// fold_hashtag_ascii and HashtagFolder::append stay inline here: they run
// once per hashtag of every kept post (millions) and the ASCII fast path is a
// few instructions, so the call must inline into the stage's loop. The ICU
// path (rare: non-ASCII hashtags, once per distinct one) is in hashtag_fold.cpp.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace chorus::normalize_posts {

// Unicode case folding (full: "Straße" -> "strasse", every sigma -> σ) and
// NFC. With `turkic`, dotted İ folds to i and dotless ı stays (Turkish and
// Azeri); by default İ folds to "i" + U+0307 COMBINING DOT ABOVE, as Unicode's
// CaseFolding.txt says. Ill-formed UTF-8 becomes U+FFFD.
// This is the definition, all through ICU; fold_hashtag below gives the same
// bytes faster.
std::string fold_hashtag_icu(std::string_view s, bool turkic = false);

// The ASCII fast path of fold_hashtag: appends the folding of `s` to `out`
// and returns true when `s` is ASCII (every byte < 0x80), except 'I' with
// `turkic`; else returns false and leaves `out` alone. For ASCII, Unicode's
// full case folding (CaseFolding.txt, statuses C and F) maps exactly A-Z to
// a-z, the Turkic mapping (status T, U_FOLD_CASE_EXCLUDE_SPECIAL_I) maps I to
// dotless ı (U+0131) instead, and NFC leaves ASCII as it is; ASCII is always
// well-formed UTF-8. The tests compare it with fold_hashtag_icu.
inline bool fold_hashtag_ascii(std::string_view s, bool turkic, std::string& out) {
  unsigned char any = 0;
  for (char c : s) any |= static_cast<unsigned char>(c);
  if (any & 0x80) return false;
  if (turkic && s.find('I') != std::string_view::npos) return false;
  const size_t old = out.size();
  out.resize(old + s.size());
  char* d = &out[old];
  for (size_t k = 0; k < s.size(); ++k) {
    const char c = s[k];
    d[k] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
  }
  return true;
}

// fold_hashtag_icu, with the ASCII fast path.
inline std::string fold_hashtag(std::string_view s, bool turkic = false) {
  std::string out;
  if (fold_hashtag_ascii(s, turkic, out)) return out;
  return fold_hashtag_icu(s, turkic);
}

// Folds hashtag after hashtag for one stage run: ASCII by the fast path, the
// rest through ICU once per distinct hashtag (remembered, up to a bound: an
// archive repeats its hashtags; past the bound ICU folds every new one).
class HashtagFolder {
 public:
  explicit HashtagFolder(bool turkic, size_t max_remembered = 1 << 16) : turkic_(turkic), max_(max_remembered) {}

  // Appends the folding of `s` to `out`.
  void append(std::string_view s, std::string& out) {
    if (fold_hashtag_ascii(s, turkic_, out)) return;
    append_other(s, out);
  }

 private:
  // Non-ASCII: from the memo, or through ICU (and remembered).
  void append_other(std::string_view s, std::string& out);

  bool turkic_;
  size_t max_;
  std::deque<std::string> keys_;  // a deque never moves its strings: memo_'s keys point into it
  std::unordered_map<std::string_view, std::string> memo_;
};

}  // namespace chorus::normalize_posts
