// UTC calendar arithmetic on timestamps: month and year of an instant,
// without the C library's time zone machinery (civil_from_days after
// H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", valid for any
// int64 day count in the proleptic Gregorian calendar).
//
// What runs once per row (millis_of, month_index_of_millis, year_of_millis)
// is inline here; month_label, once per output row, is in calendar.cpp.
#pragma once

#include <cstdint>
#include <string>

#include <chorus/sdk/table.hpp>

namespace chorus::network_temporal {

constexpr int64_t kMillisPerDay = 86400000;

inline int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

inline int64_t millis_of(int64_t v, TimeUnit unit) {
  switch (unit) {
    case TimeUnit::Second:
      return v * 1000;
    case TimeUnit::Milli:
      return v;
    case TimeUnit::Micro:
      return floor_div(v, 1000);
    case TimeUnit::Nano:
      return floor_div(v, 1000000);
  }
  return v;
}

struct CivilDate {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

inline CivilDate civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = floor_div(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2), m, d};
}

// Months since 0000-01: year * 12 + (month - 1), of a UTC instant in milliseconds.
inline int64_t month_index_of_millis(int64_t ms) {
  const CivilDate c = civil_from_days(floor_div(ms, kMillisPerDay));
  return c.year * 12 + (c.month - 1);
}

inline int64_t year_of_millis(int64_t ms) { return civil_from_days(floor_div(ms, kMillisPerDay)).year; }

// "YYYY-MM" of a month index (years 0..9999; others with their sign and digits).
std::string month_label(int64_t month_index);

}  // namespace chorus::network_temporal
