// Hosts, registrable domains and the domain -> category table of urls/classify.
// Host-independent so the tests call it directly.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <chorus/sdk.hpp>

namespace chorus::urls_classify {

inline char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// The host of a URL, ASCII lower-cased, without userinfo, port and trailing
// dot. Takes full URLs (https://www.rt.com/x), scheme-relative ones
// (//rt.com/x) and the scheme-less normalized form of posts.urls_normalized
// (rt.com/x). "" when there is no host (empty text, a path, an IPv6 literal
// is kept with its brackets).
inline std::string host_of(std::string_view url) {
  std::string_view s = url;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  const size_t sep = s.find("://");
  if (sep != std::string_view::npos && s.substr(0, sep).find_first_of("/?#") == std::string_view::npos)
    s.remove_prefix(sep + 3);
  else if (s.size() >= 2 && s[0] == '/' && s[1] == '/')
    s.remove_prefix(2);
  std::string_view authority = s.substr(0, s.find_first_of("/?#"));
  const size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    authority = close == std::string_view::npos ? authority : authority.substr(0, close + 1);
  } else {
    const size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) authority = authority.substr(0, colon);
  }
  while (!authority.empty() && authority.back() == '.') authority.remove_suffix(1);
  std::string host(authority);
  for (char& c : host) c = lower_ascii(c);
  return host;
}

// Second-level labels under which country-code registries sell names
// (bbc.co.uk, sina.com.cn, vtv.gob.ve): without the Public Suffix List, a
// host under a two-letter TLD with one of these as its second label keeps
// three labels as its registrable domain.
inline bool is_generic_second_level(std::string_view label) {
  static const char* const kLabels[] = {"ac", "co", "com", "edu", "gob", "gov", "go", "mil", "ne",
                                        "net", "nic", "or", "org", "rep", "sch", "info", "biz", "nom"};
  for (const char* l : kLabels)
    if (label == l) return true;
  return false;
}

inline bool is_ip_literal(std::string_view host) {
  if (!host.empty() && host.front() == '[') return true;
  for (char c : host)
    if (!((c >= '0' && c <= '9') || c == '.')) return false;
  return !host.empty();
}

// The registrable domain of a host by a small rule (not the Public Suffix
// List): the last two labels, or the last three under a two-letter TLD whose
// second-level label is generic (is_generic_second_level). IP literals and
// single labels are their own domain.
inline std::string registrable_domain(std::string_view host) {
  if (host.empty() || is_ip_literal(host)) return std::string(host);
  const size_t last = host.rfind('.');
  if (last == std::string_view::npos) return std::string(host);
  const size_t second = last == 0 ? std::string_view::npos : host.rfind('.', last - 1);
  if (second == std::string_view::npos) return std::string(host);
  const std::string_view tld = host.substr(last + 1), sld = host.substr(second + 1, last - second - 1);
  if (tld.size() == 2 && is_generic_second_level(sld)) {
    const size_t third = second == 0 ? std::string_view::npos : host.rfind('.', second - 1);
    return std::string(third == std::string_view::npos ? host : host.substr(third + 1));
  }
  return std::string(host.substr(second + 1));
}

// A domain as written in a list or in with.domains, checked and lower-cased:
// letters, digits, '-', '_' and inner dots; a leading "www." is dropped
// (hosts match their parents anyway). Throws naming `path`.
inline std::string canonical_domain(std::string_view d, const std::string& path) {
  std::string out;
  for (char c : d) out.push_back(lower_ascii(c));
  if (out.rfind("www.", 0) == 0) out.erase(0, 4);
  bool ok = !out.empty() && out.front() != '.' && out.back() != '.' && out.find("..") == std::string::npos;
  for (char c : out)
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
                static_cast<unsigned char>(c) >= 0x80);
  if (!ok)
    throw std::invalid_argument(path + ": '" + std::string(d) +
                                "' is not a domain name (expected e.g. rt.com, without scheme or path)");
  return out;
}

// Category names: lower-case letters, digits and '_'.
inline void check_category(std::string_view c, const std::string& path) {
  bool ok = !c.empty();
  for (char ch : c) ok = ok && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_');
  if (!ok)
    throw std::invalid_argument(path + ": category '" + std::string(c) +
                                "' must be lower-case letters, digits or '_' (e.g. state_news)");
}

struct Match {
  std::string domain;    // the list entry that matched, or the registrable domain of an unknown host
  std::string category;  // "other" for an unknown host
};

// domain -> category with subdomain suffix matching: a host matches an entry
// equal to it or to a parent domain (m.youtube.com -> youtube.com); the most
// specific (longest) entry wins.
class DomainTable {
 public:
  static constexpr const char* kOther = "other";

  void set(const std::string& domain, const std::string& category) { map_[domain] = category; }
  void erase(const std::string& domain) { map_.erase(domain); }
  size_t size() const { return map_.size(); }
  const std::unordered_map<std::string, std::string>& entries() const { return map_; }

  Match classify_host(const std::string& host) const {
    std::string_view h = host;
    while (!h.empty()) {
      auto it = map_.find(std::string(h));
      if (it != map_.end()) return {it->first, it->second};
      const size_t dot = h.find('.');
      if (dot == std::string_view::npos) break;
      h.remove_prefix(dot + 1);
    }
    return {registrable_domain(host), kOther};
  }

 private:
  std::unordered_map<std::string, std::string> map_;
};

// The categories of a domain list file ({"categories": {name: {"domains": [...]}}})
// in name order (the JSON object is read sorted), filled into `table`. A
// domain listed twice keeps the later category in name order. `what` names
// the source in errors.
inline std::vector<std::string> load_domain_list(const sdk::Json& list, DomainTable& table, const std::string& what) {
  std::vector<std::string> order;
  if (!list.is_object() || !list.contains("categories") || !list["categories"].is_object())
    throw std::invalid_argument(what + ": expected {\"categories\": {name: {\"domains\": [...]}}}");
  for (auto it = list["categories"].begin(); it != list["categories"].end(); ++it) {
    const std::string path = what + ".categories." + it.key();
    check_category(it.key(), path);
    if (!it->is_object() || !it->contains("domains") || !(*it)["domains"].is_array())
      throw std::invalid_argument(path + ": expected {\"domains\": [...]}");
    const sdk::Json& ds = (*it)["domains"];
    for (size_t i = 0; i < ds.size(); ++i) {
      if (!ds[i].is_string()) throw std::invalid_argument(path + ".domains[" + std::to_string(i) + "]: expected a string");
      table.set(canonical_domain(ds[i].get<std::string>(), path + ".domains[" + std::to_string(i) + "]"), it.key());
    }
    order.push_back(it.key());
  }
  return order;
}

}  // namespace chorus::urls_classify
