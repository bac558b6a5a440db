#include "domain_match.hpp"

#include <stdexcept>

namespace chorus::urls_classify {

namespace {
char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

std::string host_of(std::string_view url) {
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

bool is_generic_second_level(std::string_view label) {
  static const char* const kLabels[] = {"ac",  "co",  "com", "edu", "gob", "gov", "go",   "mil", "ne",
                                        "net", "nic", "or",  "org", "rep", "sch", "info", "biz", "nom"};
  for (const char* l : kLabels)
    if (label == l) return true;
  return false;
}

bool is_ip_literal(std::string_view host) {
  if (!host.empty() && host.front() == '[') return true;
  for (char c : host)
    if (!((c >= '0' && c <= '9') || c == '.')) return false;
  return !host.empty();
}

std::string registrable_domain(std::string_view host) {
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

std::string canonical_domain(std::string_view d, const std::string& path) {
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

void check_category(std::string_view c, const std::string& path) {
  bool ok = !c.empty();
  for (char ch : c) ok = ok && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_');
  if (!ok)
    throw std::invalid_argument(path + ": category '" + std::string(c) +
                                "' must be lower-case letters, digits or '_' (e.g. state_news)");
}

Match DomainTable::classify_host(const std::string& host) const {
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

std::vector<std::string> load_domain_list(const sdk::Json& list, DomainTable& table, const std::string& what) {
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
      if (!ds[i].is_string())
        throw std::invalid_argument(path + ".domains[" + std::to_string(i) + "]: expected a string");
      table.set(canonical_domain(ds[i].get<std::string>(), path + ".domains[" + std::to_string(i) + "]"), it.key());
    }
    order.push_back(it.key());
  }
  return order;
}

}  // namespace chorus::urls_classify
