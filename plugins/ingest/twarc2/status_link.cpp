#include "status_link.hpp"

#include <cctype>
#include <vector>

namespace chorus::ingest_twarc2 {

using std::string_view;

bool iequals(string_view a, string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

bool starts_with_ci(string_view s, string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

StatusLink parse_status_link(string_view url) {
  StatusLink out;
  const size_t scheme = url.find("://");
  if (scheme != string_view::npos) url.remove_prefix(scheme + 3);
  const size_t cut = url.find_first_of("?#");
  if (cut != string_view::npos) url = url.substr(0, cut);
  const size_t slash = url.find('/');
  string_view host = url.substr(0, slash);
  string_view path = slash == string_view::npos ? string_view() : url.substr(slash);
  const size_t colon = host.find(':');
  if (colon != string_view::npos) host = host.substr(0, colon);
  for (string_view sub : {"www.", "mobile.", "m."})
    if (host.size() > sub.size() && iequals(host.substr(0, sub.size()), sub)) {
      host.remove_prefix(sub.size());
      break;
    }
  if (!iequals(host, "twitter.com") && !iequals(host, "x.com")) return out;
  std::vector<string_view> seg;
  while (!path.empty()) {
    const size_t s = path.find('/');
    string_view part = path.substr(0, s);
    if (!part.empty()) seg.push_back(part);
    if (s == string_view::npos) break;
    path.remove_prefix(s + 1);
  }
  // /<user>/status/<id>[/photo|video/<n>]  or  /i/web/status/<id>
  size_t k = seg.size();
  for (size_t i = 0; i + 1 < seg.size(); ++i)
    if (iequals(seg[i], "status") || iequals(seg[i], "statuses")) {
      k = i;
      break;
    }
  if (k == seg.size() || k == 0) return out;
  string_view id = seg[k + 1];
  if (id.empty()) return out;
  for (char c : id)
    if (c < '0' || c > '9') return out;
  out.is_status = true;
  out.id = id;
  if (k + 2 < seg.size() && (iequals(seg[k + 2], "photo") || iequals(seg[k + 2], "video"))) out.media = true;
  return out;
}

}  // namespace chorus::ingest_twarc2
