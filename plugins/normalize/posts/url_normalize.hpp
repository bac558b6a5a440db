// URL normalization for normalize/posts (urls_normalized). Host-independent:
// tests call it directly.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chorus::normalize_posts {

// Normalizes one URL for matching: scheme, user info, the leading labels
// listed in `strip_subdomains` (as long as a registrable name remains), the
// default port of http/https, the query string, the fragment and trailing
// slashes are removed; the host is lower-cased (ASCII letters; IDN hosts are
// kept as written otherwise); the path is kept as written (case, percent
// escapes). Returns false, and sets `out` to the text unchanged, when the
// text is not a URL this can read (empty, spaces, no host, a host with
// characters a host cannot have such as defanged "example[.]com", a scheme
// without "//" such as mailto:).
bool normalize_url(std::string_view url, const std::vector<std::string>& strip_subdomains, std::string& out);

// The same, returning the result.
std::string normalize_url(std::string_view url, const std::vector<std::string>& strip_subdomains);

}  // namespace chorus::normalize_posts
