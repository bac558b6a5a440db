#include "utc_offset.hpp"

namespace chorus::ingest_telegram {

std::optional<int64_t> parse_offset(const std::string& s) {
  if (s == "UTC" || s == "utc" || s == "Z" || s == "z" || s == "GMT") return 0;
  if (s.size() < 3 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  auto two = [&](size_t p, int& out) {
    if (p + 2 > s.size() || s[p] < '0' || s[p] > '9' || s[p + 1] < '0' || s[p + 1] > '9') return false;
    out = (s[p] - '0') * 10 + (s[p + 1] - '0');
    return true;
  };
  int h = 0, m = 0;
  if (!two(1, h)) return std::nullopt;
  size_t p = 3;
  if (p < s.size()) {
    if (s[p] == ':') ++p;
    if (!two(p, m) || p + 2 != s.size()) return std::nullopt;
  }
  if (h > 23 || m > 59) return std::nullopt;
  const int64_t v = h * 3600 + m * 60;
  return s[0] == '-' ? -v : v;
}

}  // namespace chorus::ingest_telegram
