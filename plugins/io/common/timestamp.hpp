// ISO 8601 / RFC 3339 timestamps <-> integer counts of a unit since the Unix
// epoch, always UTC. Independent of the process time zone and of the C
// library (no timegm/mktime): the calendar arithmetic is done here.
#pragma once

#include <chorus/sdk.hpp>

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace chorus::io {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
constexpr int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);               // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;   // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;             // [0, 146096]
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct CivilDate {
  int64_t year;
  unsigned month, day;
};

constexpr CivilDate civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

constexpr bool is_leap_year(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
constexpr unsigned days_in_month(int64_t y, unsigned m) {
  constexpr unsigned len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : len[m - 1];
}

static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(days_from_civil(2000, 3, 1) == 11017);
static_assert(civil_from_days(11017).year == 2000 && civil_from_days(11017).month == 3);

// Units per second and number of fractional digits of a unit.
constexpr int64_t units_per_second(TimeUnit u) {
  switch (u) {
    case TimeUnit::Second: return 1;
    case TimeUnit::Milli: return 1000;
    case TimeUnit::Micro: return 1000000;
    case TimeUnit::Nano: return 1000000000;
  }
  return 1;
}
constexpr int fraction_digits(TimeUnit u) {
  switch (u) {
    case TimeUnit::Second: return 0;
    case TimeUnit::Milli: return 3;
    case TimeUnit::Micro: return 6;
    case TimeUnit::Nano: return 9;
  }
  return 0;
}

namespace detail {
inline bool digits(std::string_view s, size_t pos, size_t n, unsigned& out) {
  if (pos + n > s.size()) return false;
  unsigned v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    unsigned c = static_cast<unsigned char>(s[i]) - '0';
    if (c > 9) return false;
    v = v * 10 + c;
  }
  out = v;
  return true;
}
}  // namespace detail

// Parses a timestamp into `unit`s since the epoch (UTC). Accepted forms:
//   2021-03-04T05:06:07Z, 2021-03-04 05:06:07, 2021-03-04T05:06 (seconds optional),
//   optional fraction (.5, .123456789; digits beyond the unit are truncated),
//   optional zone Z / +hh:mm / -hh:mm / +hhmm / +hh (converted to UTC; none = UTC),
//   2021-03-04 (midnight UTC), and a plain integer taken as a count of `unit`.
// Returns false on anything else, on impossible dates and on overflow.
inline bool parse_timestamp(std::string_view s, TimeUnit unit, int64_t& out) {
  if (s.empty()) return false;
  // Plain integer: epoch count in the column's unit.
  {
    size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    bool all_digits = i < s.size();
    for (size_t k = i; k < s.size() && all_digits; ++k) all_digits = s[k] >= '0' && s[k] <= '9';
    if (all_digits) {
      std::string_view d = s.substr(s[0] == '+' ? 1 : 0);
      auto r = std::from_chars(d.data(), d.data() + d.size(), out);
      return r.ec == std::errc() && r.ptr == d.data() + d.size();
    }
  }
  unsigned y, mo, d, h = 0, mi = 0, sec = 0;
  if (!detail::digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !detail::digits(s, 5, 2, mo) ||
      s[7] != '-' || !detail::digits(s, 8, 2, d))
    return false;
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return false;
  size_t p = 10;
  int64_t frac = 0;  // in the column's unit
  int64_t offset_seconds = 0;
  if (p < s.size()) {
    if (s[p] != 'T' && s[p] != 't' && s[p] != ' ') return false;
    ++p;
    if (!detail::digits(s, p, 2, h) || p + 2 >= s.size() || s[p + 2] != ':' ||
        !detail::digits(s, p + 3, 2, mi))
      return false;
    p += 5;
    if (p < s.size() && s[p] == ':') {
      if (!detail::digits(s, p + 1, 2, sec)) return false;
      p += 3;
      if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
        ++p;
        size_t start = p;
        const int want = fraction_digits(unit);
        int used = 0;
        while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
          if (used < want) { frac = frac * 10 + (s[p] - '0'); ++used; }
          ++p;
        }
        if (p == start) return false;
        for (; used < want; ++used) frac *= 10;
      }
    }
    if (h > 23 || mi > 59 || sec > 59) return false;
    if (p < s.size()) {
      char z = s[p];
      if ((z == 'Z' || z == 'z') && p + 1 == s.size()) {
        p = s.size();
      } else if (z == '+' || z == '-') {
        unsigned oh, om = 0;
        if (!detail::digits(s, p + 1, 2, oh)) return false;
        size_t q = p + 3;
        if (q < s.size()) {
          if (s[q] == ':') ++q;
          if (!detail::digits(s, q, 2, om) || q + 2 != s.size()) return false;
        }
        if (oh > 23 || om > 59) return false;
        offset_seconds = static_cast<int64_t>(oh) * 3600 + om * 60;
        if (z == '-') offset_seconds = -offset_seconds;
        p = s.size();
      } else {
        return false;
      }
    }
  }
  const int64_t days = days_from_civil(y, mo, d);
  const int64_t seconds = days * 86400 + h * 3600 + mi * 60 + sec - offset_seconds;
  int64_t v;
  if (__builtin_mul_overflow(seconds, units_per_second(unit), &v)) return false;
  if (__builtin_add_overflow(v, frac, &v)) return false;
  out = v;
  return true;
}

// 2021-03-04T04:06:07Z; a fraction with the unit's digits (3, 6 or 9) only
// when the sub-second part is not zero.
inline void format_timestamp(int64_t v, TimeUnit unit, std::string& out) {
  const int64_t per = units_per_second(unit);
  int64_t secs = v / per, sub = v % per;
  if (sub < 0) { sub += per; secs -= 1; }
  int64_t days = secs / 86400, rem = secs % 86400;
  if (rem < 0) { rem += 86400; days -= 1; }
  const CivilDate c = civil_from_days(days);
  char buf[64];
  char* p = buf;
  int64_t year = c.year;
  if (year < 0) { *p++ = '-'; year = -year; }
  if (year < 1000) {
    for (int64_t div = 1000; div > 0; div /= 10) *p++ = static_cast<char>('0' + (year / div) % 10);
  } else {
    p = std::to_chars(p, buf + sizeof buf, year).ptr;
  }
  auto two = [&](unsigned n, char sep) {
    *p++ = sep;
    *p++ = static_cast<char>('0' + n / 10);
    *p++ = static_cast<char>('0' + n % 10);
  };
  two(c.month, '-');
  two(c.day, '-');
  two(static_cast<unsigned>(rem / 3600), 'T');
  two(static_cast<unsigned>(rem / 60 % 60), ':');
  two(static_cast<unsigned>(rem % 60), ':');
  if (sub != 0) {
    *p++ = '.';
    const int nd = fraction_digits(unit);
    for (int i = nd - 1; i >= 0; --i) p[i] = static_cast<char>('0' + sub % 10), sub /= 10;
    p += nd;
  }
  *p++ = 'Z';
  out.append(buf, static_cast<size_t>(p - buf));
}

inline std::string format_timestamp(int64_t v, TimeUnit unit) {
  std::string s;
  format_timestamp(v, unit, s);
  return s;
}

}  // namespace chorus::io
