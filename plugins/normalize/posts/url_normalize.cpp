#include "url_normalize.hpp"

namespace chorus::normalize_posts {

namespace {
bool ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool ascii_digit(char c) { return c >= '0' && c <= '9'; }
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!ascii_digit(c)) return false;
  return true;
}
}  // namespace

bool normalize_url(std::string_view url, const std::vector<std::string>& strip_subdomains, std::string& out) {
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
      const bool ok =
          ascii_alpha(c) || ascii_digit(c) || c == '-' || c == '.' || c == '_' || static_cast<unsigned char>(c) >= 0x80;
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

std::string normalize_url(std::string_view url, const std::vector<std::string>& strip_subdomains) {
  std::string out;
  normalize_url(url, strip_subdomains, out);
  return out;
}

}  // namespace chorus::normalize_posts
