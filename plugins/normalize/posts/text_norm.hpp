// Hashtag case folding (ICU: full Unicode case folding, then NFC) and URL
// normalization for normalize/posts. Host-independent: tests call these
// directly.
#pragma once

#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <deque>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chorus::normalize::posts {

// Unicode case folding (full: "Straße" -> "strasse", every sigma -> σ) and
// NFC. With `turkic`, dotted İ folds to i and dotless ı stays (Turkish and
// Azeri); by default İ folds to "i" + U+0307 COMBINING DOT ABOVE, as Unicode's
// CaseFolding.txt says. Ill-formed UTF-8 becomes U+FFFD.
// This is the definition, all through ICU; fold_hashtag below gives the same
// bytes faster.
inline std::string fold_hashtag_icu(std::string_view s, bool turkic = false) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  u.foldCase(turkic ? U_FOLD_CASE_EXCLUDE_SPECIAL_I : U_FOLD_CASE_DEFAULT);
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err)) throw std::runtime_error(std::string("ICU: no NFC normalizer: ") + u_errorName(err));
  icu::UnicodeString n = nfc->normalize(u, err);
  if (U_FAILURE(err)) throw std::runtime_error(std::string("ICU: NFC failed: ") + u_errorName(err));
  std::string out;
  n.toUTF8String(out);
  return out;
}

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
  explicit HashtagFolder(bool turkic, size_t max_remembered = 1 << 16)
      : turkic_(turkic), max_(max_remembered) {}

  // Appends the folding of `s` to `out`.
  void append(std::string_view s, std::string& out) {
    if (fold_hashtag_ascii(s, turkic_, out)) return;
    auto it = memo_.find(s);
    if (it != memo_.end()) {
      out += it->second;
      return;
    }
    std::string folded = fold_hashtag_icu(s, turkic_);
    out += folded;
    if (memo_.size() < max_) {
      keys_.emplace_back(s);
      memo_.emplace(std::string_view(keys_.back()), std::move(folded));
    }
  }

 private:
  bool turkic_;
  size_t max_;
  std::deque<std::string> keys_;  // a deque never moves its strings: memo_'s keys point into it
  std::unordered_map<std::string_view, std::string> memo_;
};

namespace detail {
inline bool ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool ascii_digit(char c) { return c >= '0' && c <= '9'; }
inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
inline bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!ascii_digit(c)) return false;
  return true;
}
}  // namespace detail

// Normalizes one URL for matching: scheme, user info, the leading labels
// listed in `strip_subdomains` (as long as a registrable name remains), the
// default port of http/https, the query string, the fragment and trailing
// slashes are removed; the host is lower-cased (ASCII letters; IDN hosts are
// kept as written otherwise); the path is kept as written (case, percent
// escapes). Returns false, and sets `out` to the text unchanged, when the
// text is not a URL this can read (empty, spaces, no host, a host with
// characters a host cannot have such as defanged "example[.]com", a scheme
// without "//" such as mailto:).
inline bool normalize_url(std::string_view url, const std::vector<std::string>& strip_subdomains,
                          std::string& out) {
  using namespace detail;
  auto keep = [&] {
    out.assign(url.data(), url.size());
    return false;
  };
  std::string_view s = url;
  if (s.empty()) return keep();
  for (char c : s)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return keep();

  std::string scheme;
  bool had_scheme = false;
  const size_t sep = s.find("://");
  if (sep != std::string_view::npos && sep > 0 && ascii_alpha(s[0])) {
    bool ok = true;
    for (size_t i = 1; i < sep && ok; ++i)
      ok = ascii_alpha(s[i]) || ascii_digit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.';
    if (ok) {
      for (size_t i = 0; i < sep; ++i) scheme.push_back(ascii_lower(s[i]));
      s.remove_prefix(sep + 3);
      had_scheme = true;
    }
  }
  if (!had_scheme && s.size() >= 2 && s[0] == '/' && s[1] == '/') {
    s.remove_prefix(2);
    had_scheme = true;  // scheme-relative: "//host/path"
  }
  const size_t auth_end = s.find_first_of("/?#");
  std::string_view authority = s.substr(0, auth_end);
  std::string_view rest = auth_end == std::string_view::npos ? std::string_view() : s.substr(auth_end);

  const size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    if (!had_scheme) return keep();  // "user@host" without a scheme: an address, not a URL
    authority.remove_prefix(at + 1);
  }
  std::string_view host = authority, port;
  if (!authority.empty() && authority[0] == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return keep();
    host = authority.substr(0, close + 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':' || !all_digits(after.substr(1))) return keep();
      port = after.substr(1);
    }
  } else {
    const size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      host = authority.substr(0, colon);
      if (!all_digits(port)) return keep();
    }
    if (host.empty()) return keep();
    for (char c : host) {
      const bool ok = ascii_alpha(c) || ascii_digit(c) || c == '-' || c == '.' || c == '_' ||
                      static_cast<unsigned char>(c) >= 0x80;
      if (!ok) return keep();
    }
    // Without a scheme, only a dotted name is taken for a host ("hello" is text).
    if (!had_scheme && host.find('.') == std::string_view::npos) return keep();
  }
  std::string h;
  h.reserve(host.size());
  for (char c : host) h.push_back(ascii_lower(c));
  while (!h.empty() && h.back() == '.') h.pop_back();
  if (h.empty() || h[0] == '.') return keep();
  if (h[0] != '[') {
    for (;;) {
      const size_t dot = h.find('.');
      if (dot == std::string::npos) break;
      const std::string_view label(h.data(), dot);
      bool listed = false;
      for (const auto& sub : strip_subdomains) listed = listed || label == sub;
      // Keep at least "name.tld": www.com stays www.com.
      if (!listed || h.find('.', dot + 1) == std::string::npos) break;
      h.erase(0, dot + 1);
    }
  }
  if ((scheme == "http" && port == "80") || (scheme == "https" && port == "443")) port = {};

  std::string_view path = rest.substr(0, rest.find_first_of("?#"));
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);

  out = std::move(h);
  if (!port.empty()) {
    out.push_back(':');
    out.append(port.data(), port.size());
  }
  out.append(path.data(), path.size());
  return true;
}

inline std::string normalize_url(std::string_view url, const std::vector<std::string>& strip_subdomains) {
  std::string out;
  normalize_url(url, strip_subdomains, out);
  return out;
}

}  // namespace chorus::normalize::posts
