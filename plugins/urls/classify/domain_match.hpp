// Hosts, registrable domains and the domain -> category table of urls/classify.
// Host-independent so the tests call it directly.
#pragma once

#include <chorus/sdk.hpp>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chorus::urls_classify {

// The host of a URL, ASCII lower-cased, without userinfo, port and trailing
// dot. Takes full URLs (https://www.rt.com/x), scheme-relative ones
// (//rt.com/x) and the scheme-less normalized form of posts.urls_normalized
// (rt.com/x). "" when there is no host (empty text, a path, an IPv6 literal
// is kept with its brackets).
std::string host_of(std::string_view url);

// Second-level labels under which country-code registries sell names
// (bbc.co.uk, sina.com.cn, vtv.gob.ve): without the Public Suffix List, a
// host under a two-letter TLD with one of these as its second label keeps
// three labels as its registrable domain.
bool is_generic_second_level(std::string_view label);

bool is_ip_literal(std::string_view host);

// The registrable domain of a host by a small rule (not the Public Suffix
// List): the last two labels, or the last three under a two-letter TLD whose
// second-level label is generic (is_generic_second_level). IP literals and
// single labels are their own domain.
std::string registrable_domain(std::string_view host);

// A domain as written in a list or in with.domains, checked and lower-cased:
// letters, digits, '-', '_' and inner dots; a leading "www." is dropped
// (hosts match their parents anyway). Throws naming `path`.
std::string canonical_domain(std::string_view d, const std::string& path);

// Category names: lower-case letters, digits and '_'. Throws naming `path`.
void check_category(std::string_view c, const std::string& path);

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

  Match classify_host(const std::string& host) const;

 private:
  std::unordered_map<std::string, std::string> map_;
};

// The categories of a domain list file ({"categories": {name: {"domains": [...]}}})
// in name order (the JSON object is read sorted), filled into `table`. A
// domain listed twice keeps the later category in name order. `what` names
// the source in errors.
std::vector<std::string> load_domain_list(const sdk::Json& list, DomainTable& table, const std::string& what);

}  // namespace chorus::urls_classify
