#include "facet_values.hpp"

#include <chorus/sdk/time.hpp>

#include <cstdio>

namespace chorus::detect_profile {

std::string url_domain(std::string_view url) {
  std::string_view rest = url;
  // A scheme is letters, digits, '+', '-', '.' before "://"; anything else
  // before "://" (a path that contains it) is not one.
  const size_t sep = rest.find("://");
  if (sep != std::string_view::npos) {
    bool scheme = sep > 0;
    for (size_t i = 0; i < sep && scheme; ++i) {
      const char c = rest[i];
      scheme = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
               c == '.';
    }
    if (scheme) rest.remove_prefix(sep + 3);
  } else if (rest.substr(0, 2) == "//") {
    rest.remove_prefix(2);
  }
  std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  const size_t at = host.rfind('@');
  if (at != std::string_view::npos) host.remove_prefix(at + 1);
  if (!host.empty() && host.front() == '[') {
    const size_t close = host.find(']');
    host = host.substr(0, close == std::string_view::npos ? host.size() : close + 1);
  } else {
    const size_t colon = host.find(':');
    if (colon != std::string_view::npos) host = host.substr(0, colon);
  }
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  std::string out(host);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  // Only when something is left after it: "www." alone is a host of its own.
  if (out.size() > 4 && out.compare(0, 4, "www.") == 0) out.erase(0, 4);
  return out;
}

std::string_view file_name(std::string_view path) {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view utf8_prefix(std::string_view text, int64_t max_chars) {
  int64_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) == 0x80) continue;  // continuation byte
    if (chars == max_chars) return text.substr(0, i);
    ++chars;
  }
  return text;
}

int64_t to_millis(int64_t value, TimeUnit unit) {
  switch (unit) {
    case TimeUnit::Second:
      return value * 1000;
    case TimeUnit::Milli:
      return value;
    case TimeUnit::Micro:
      return floor_div(value, 1000);
    case TimeUnit::Nano:
      return floor_div(value, 1000000);
  }
  return value;
}

std::string day_text(int64_t day) {
  const time::CivilDate c = time::civil_from_days(day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month, c.day);
  return buf;
}

std::string hour_text(int hour) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", hour);
  return buf;
}

}  // namespace chorus::detect_profile
