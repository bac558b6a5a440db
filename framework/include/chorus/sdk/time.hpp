// ISO 8601 / RFC 3339 timestamps <-> integer counts of a unit since the Unix
// epoch, always UTC: the one timestamp parser and formatter of the SDK.
// Independent of the process time zone and of the C library (no timegm or
// mktime): the calendar arithmetic is done here. Not included by sdk.hpp;
// include <chorus/sdk/time.hpp> where timestamps are read or written.
//
//   int64_t v;
//   if (auto r = chorus::time::parse_timestamp(text, TimeUnit::Milli, v); !r)
//     throw std::invalid_argument("'" + std::string(text) + "' " + r.message());
//   std::string s = chorus::time::format_timestamp(v, TimeUnit::Milli);
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#include "table.hpp"

namespace chorus::time {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
constexpr int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);             // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
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
    case TimeUnit::Second:
      return 1;
    case TimeUnit::Milli:
      return 1000;
    case TimeUnit::Micro:
      return 1000000;
    case TimeUnit::Nano:
      return 1000000000;
  }
  return 1;
}
constexpr int fraction_digits(TimeUnit u) {
  switch (u) {
    case TimeUnit::Second:
      return 0;
    case TimeUnit::Milli:
      return 3;
    case TimeUnit::Micro:
      return 6;
    case TimeUnit::Nano:
      return 9;
  }
  return 0;
}

// What to do with fractional digits finer than the unit (".1239" for ms).
enum class Fraction {
  Truncate,  // drop them (readers: a file's precision is not the column's)
  Exact      // refuse the text, and more than 9 digits (a config value
             // that cannot be represented is a mistake worth reporting)
};

struct ParseOptions {
  Fraction fraction = Fraction::Truncate;
  // Accept a plain integer ("1614830767", "-5") as a count of the unit.
  bool epoch_integers = true;
};

enum class ParseError {
  None,
  Syntax,          // not one of the accepted forms
  Month,           // month outside 1..12
  Day,             // day outside the days of its month
  TimeOfDay,       // hour > 23, minute > 59 or second > 59
  ZoneOffset,      // offset hour > 23 or minute > 59
  FractionDigits,  // more than 9 fractional digits (Fraction::Exact)
  FinerThanUnit,   // non-zero digits beyond the unit (Fraction::Exact)
  OutOfRange       // the count does not fit int64 in the unit
};

// The outcome of parse_timestamp: true on success, else the error and a
// message meant to follow the quoted text: "'2023-02-29' has day 29 out of 1..28".
struct ParseResult {
  ParseError error = ParseError::None;
  int value = 0, limit = 0;  // Month: the month; Day: the day and the month's length

  explicit operator bool() const { return error == ParseError::None; }
  std::string message() const {
    switch (error) {
      case ParseError::None:
        return "";
      case ParseError::Syntax:
        return "is not an ISO 8601 timestamp (expected e.g. 2024-01-31 or 2024-01-31T12:00:00Z)";
      case ParseError::Month:
        return "has month " + std::to_string(value) + " out of 1..12";
      case ParseError::Day:
        return "has day " + std::to_string(value) + " out of 1.." + std::to_string(limit);
      case ParseError::TimeOfDay:
        return "has a time of day out of range";
      case ParseError::ZoneOffset:
        return "has a zone offset out of range";
      case ParseError::FractionDigits:
        return "has more than 9 fractional digits";
      case ParseError::FinerThanUnit:
        return "has a fraction of a second finer than the column unit";
      case ParseError::OutOfRange:
        return "is out of the range of the column unit";
    }
    return "is not a timestamp";
  }
};

namespace detail {
inline bool digits(std::string_view s, size_t pos, size_t n, unsigned& out) {
  if (pos + n > s.size()) return false;
  unsigned v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    unsigned c = static_cast<unsigned>(static_cast<unsigned char>(s[i])) - '0';
    if (c > 9) return false;
    v = v * 10 + c;
  }
  out = v;
  return true;
}
}  // namespace detail

// Parses a timestamp into `unit`s since the epoch (UTC). Accepted forms:
//   2021-03-04T05:06:07Z, 2021-03-04 05:06:07, 2021-03-04T05:06 (seconds optional),
//   't' for 'T' and 'z' for 'Z', an optional fraction after the seconds (.5,
//   ,5, .123456789; see Fraction for digits beyond the unit), an optional
//   zone Z / +hh:mm / -hh:mm / +hhmm / +hh (converted to UTC; none = UTC),
//   2021-03-04 (midnight UTC), and with options.epoch_integers a plain integer
//   taken as a count of `unit`.
// `out` is written only on success. Allocates nothing.
inline ParseResult parse_timestamp(std::string_view s, TimeUnit unit, int64_t& out, const ParseOptions& options = {}) {
  using E = ParseError;
  if (s.empty()) return {E::Syntax};
  if (options.epoch_integers) {
    size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    bool all_digits = i < s.size();
    for (size_t k = i; k < s.size() && all_digits; ++k) all_digits = s[k] >= '0' && s[k] <= '9';
    if (all_digits) {
      std::string_view d = s.substr(s[0] == '+' ? 1 : 0);
      int64_t v;
      auto r = std::from_chars(d.data(), d.data() + d.size(), v);
      if (r.ec != std::errc() || r.ptr != d.data() + d.size()) return {E::OutOfRange};
      out = v;
      return {};
    }
  }
  unsigned y, mo, d, h = 0, mi = 0, sec = 0;
  if (!detail::digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !detail::digits(s, 5, 2, mo) || s[7] != '-' ||
      !detail::digits(s, 8, 2, d))
    return {E::Syntax};
  if (mo < 1 || mo > 12) return {E::Month, static_cast<int>(mo)};
  const unsigned dim = days_in_month(y, mo);
  if (d < 1 || d > dim) return {E::Day, static_cast<int>(d), static_cast<int>(dim)};
  size_t p = 10;
  int64_t frac = 0;    // in `unit`
  bool finer = false;  // non-zero digits beyond the unit
  int64_t offset_seconds = 0;
  if (p < s.size()) {
    if (s[p] != 'T' && s[p] != 't' && s[p] != ' ') return {E::Syntax};
    ++p;
    if (!detail::digits(s, p, 2, h) || p + 2 >= s.size() || s[p + 2] != ':' || !detail::digits(s, p + 3, 2, mi))
      return {E::Syntax};
    p += 5;
    if (p < s.size() && s[p] == ':') {
      if (!detail::digits(s, p + 1, 2, sec)) return {E::Syntax};
      p += 3;
      if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
        ++p;
        const size_t start = p;
        const int want = fraction_digits(unit);
        int used = 0;
        while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
          if (options.fraction == Fraction::Exact && p - start >= 9) return {E::FractionDigits};
          if (used < want) {
            frac = frac * 10 + (s[p] - '0');
            ++used;
          } else if (s[p] != '0') {
            finer = true;
          }
          ++p;
        }
        if (p == start) return {E::Syntax};
        for (; used < want; ++used) frac *= 10;
      }
    }
    if (h > 23 || mi > 59 || sec > 59) return {E::TimeOfDay};
    if (p < s.size()) {
      const char z = s[p];
      if (z == 'Z' || z == 'z') {
        ++p;
      } else if (z == '+' || z == '-') {
        unsigned oh, om = 0;
        if (!detail::digits(s, p + 1, 2, oh)) return {E::Syntax};
        size_t q = p + 3;
        if (q < s.size()) {
          if (s[q] == ':') ++q;
          if (!detail::digits(s, q, 2, om)) return {E::Syntax};
          q += 2;
        }
        if (q != s.size()) return {E::Syntax};
        if (oh > 23 || om > 59) return {E::ZoneOffset};
        offset_seconds = static_cast<int64_t>(oh) * 3600 + om * 60;
        if (z == '-') offset_seconds = -offset_seconds;
        p = q;
      }
    }
    if (p != s.size()) return {E::Syntax};
  }
  if (finer && options.fraction == Fraction::Exact) return {E::FinerThanUnit};
  const int64_t days = days_from_civil(y, mo, d);
  int64_t seconds = days * 86400 + h * 3600 + mi * 60 + sec - offset_seconds;
  // Before the epoch, borrow one second into the fraction so that the last
  // representable instant (e.g. INT64_MIN ns) does not overflow on the way.
  int64_t fraction = frac;
  if (seconds < 0 && fraction > 0) {
    seconds += 1;
    fraction -= units_per_second(unit);
  }
  int64_t v;
  if (__builtin_mul_overflow(seconds, units_per_second(unit), &v) || __builtin_add_overflow(v, fraction, &v))
    return {E::OutOfRange};
  out = v;
  return {};
}

// Appends 2021-03-04T04:06:07Z; a fraction with the unit's digits (3, 6 or
// 9) only when the sub-second part is not zero. parse_timestamp reads it back.
inline void format_timestamp(int64_t v, TimeUnit unit, std::string& out) {
  const int64_t per = units_per_second(unit);
  int64_t secs = v / per, sub = v % per;
  if (sub < 0) {
    sub += per;
    secs -= 1;
  }
  int64_t days = secs / 86400, rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    days -= 1;
  }
  const CivilDate c = civil_from_days(days);
  char buf[64];
  char* p = buf;
  int64_t year = c.year;
  if (year < 0) {
    *p++ = '-';
    year = -year;
  }
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

}  // namespace chorus::time
