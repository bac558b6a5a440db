#include "table_values.hpp"

#include <charconv>
#include <cmath>
#include <string>
#include <system_error>

namespace chorus::ingest_table {

bool parse_bool_text(std::string_view s, bool& out) {
  if (s == "true" || s == "True" || s == "TRUE" || s == "1") {
    out = true;
    return true;
  }
  if (s == "false" || s == "False" || s == "FALSE" || s == "0") {
    out = false;
    return true;
  }
  return false;
}

bool parse_count(std::string_view s, int64_t& out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  if (r.ec == std::errc() && r.ptr == s.data() + s.size()) return true;
  const char c0 = s[0] == '-' ? (s.size() > 1 ? s[1] : '\0') : s[0];
  if (!(c0 >= '0' && c0 <= '9')) return false;
  double d;
  auto r2 = std::from_chars(s.data(), s.data() + s.size(), d);
  if (r2.ec != std::errc() || r2.ptr != s.data() + s.size() || !std::isfinite(d)) return false;
  if (d != std::floor(d) || std::fabs(d) > 9.0e15) return false;
  out = static_cast<int64_t>(d);
  return true;
}

bool parse_decimal_milli(std::string_view s, int64_t& out, bool& fraction) {
  fraction = false;
  if (s.empty()) return false;
  size_t p = 0;
  const bool neg = s[0] == '-';
  if (s[0] == '-' || s[0] == '+') p = 1;
  const size_t int_start = p;
  while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p;
  const size_t int_end = p;
  int64_t frac = 0;
  bool beyond = false;
  size_t frac_digits = 0;
  if (p < s.size() && s[p] == '.') {
    ++p;
    int used = 0;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
      if (s[p] != '0') fraction = true;
      if (used < 3) {
        frac = frac * 10 + (s[p] - '0');
        ++used;
      } else if (s[p] != '0')
        beyond = true;
      ++p;
      ++frac_digits;
    }
    for (; used < 3; ++used) frac *= 10;
  }
  if (p != s.size() || (int_end == int_start && frac_digits == 0)) {
    // Not a plain decimal: scientific notation?
    if (s.find_first_of("eE") == std::string_view::npos) return false;
    double d;
    const char* b = s.data() + (s[0] == '+' ? 1 : 0);
    auto r = std::from_chars(b, s.data() + s.size(), d);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(d) || std::fabs(d) > 9.0e15) return false;
    out = static_cast<int64_t>(std::floor(d * 1000.0));
    fraction = d != std::floor(d);
    return true;
  }
  int64_t whole = 0;
  if (int_end > int_start) {
    auto r = std::from_chars(s.data() + int_start, s.data() + int_end, whole);
    if (r.ec != std::errc()) return false;
  }
  int64_t v;
  if (__builtin_mul_overflow(whole, int64_t(1000), &v) || __builtin_add_overflow(v, frac, &v)) return false;
  if (neg) v = -v - (beyond ? 1 : 0);
  out = v;
  return true;
}

bool parse_epoch_seconds(std::string_view s, int64_t& ms, bool& fraction) {
  return parse_decimal_milli(s, ms, fraction);
}

bool parse_epoch_millis(std::string_view s, int64_t& ms) {
  bool fraction;
  int64_t micro;
  if (!parse_decimal_milli(s, micro, fraction)) return false;
  // Floor division without negating (INT64_MIN has no positive counterpart).
  ms = micro / 1000 - (micro % 1000 < 0 ? 1 : 0);
  return true;
}

const char* iso_precision(std::string_view s) {
  if (s.size() <= 10) return "day";
  // YYYY-MM-DDTHH:MM[:SS[.fff]][zone]
  if (s.size() < 19 || s[16] != ':') return "minute";
  if (s.size() > 19 && (s[19] == '.' || s[19] == ',')) return "millisecond";
  return "second";
}

}  // namespace chorus::ingest_table
