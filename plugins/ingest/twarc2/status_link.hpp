// twitter.com / x.com status links: which tweet a URL points at, so that
// ingest/twarc2 can drop the links to a tweet's own media and to the tweets
// it references from its urls.
#pragma once

#include <string_view>

namespace chorus::ingest_twarc2 {

struct StatusLink {
  bool is_status = false;  // twitter.com or x.com /<user>/status/<id>[/...]
  std::string_view id;     // the status id (a view into the URL)
  bool media = false;      // .../status/<id>/photo/<n> or /video/<n>
};

// /<user>/status/<id>[/photo|video/<n>] or /i/web/status/<id> on twitter.com
// or x.com (www., mobile. and m. allowed; scheme, port, query ignored).
StatusLink parse_status_link(std::string_view url);

// ASCII case-insensitive comparisons.
bool iequals(std::string_view a, std::string_view b);
bool starts_with_ci(std::string_view s, std::string_view prefix);

}  // namespace chorus::ingest_twarc2
