// The value a post or account contributes to a facet: a URL's domain, a
// file's name, a UTC day or hour, an excerpt cut on a code-point boundary.
// Pure functions, tested one by one (tests/facet_values_test.cpp).
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace chorus::detect_profile {

// Host of a URL, lower case, without userinfo, port, a trailing dot and one
// leading "www."; the scheme is optional (urls_normalized has none):
// "https://WWW.Example.org/a" and "example.org/a" both give "example.org".
// Empty when the URL has no host.
std::string url_domain(std::string_view url);

// The part after the last '/' or '\\' of a path ("data/a.csv" -> "a.csv").
std::string_view file_name(std::string_view path);

// The first `max_chars` code points of UTF-8 text (the whole text when it is
// shorter). Counts lead bytes, so a multi-byte character is never split.
std::string_view utf8_prefix(std::string_view text, int64_t max_chars);

// A timestamp of the given unit as milliseconds since the epoch, rounded
// towards negative infinity (a pre-1970 microsecond stays on its day).
int64_t to_millis(int64_t value, TimeUnit unit);

constexpr int64_t kMillisPerDay = 86400000;

inline int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Day number since 1970-01-01 (UTC) and hour of day 0..23 of a millisecond time.
inline int64_t day_of(int64_t ms) { return floor_div(ms, kMillisPerDay); }
inline int hour_of(int64_t ms) { return static_cast<int>((ms - day_of(ms) * kMillisPerDay) / 3600000); }

// "YYYY-MM-DD" of a day number; "00".."23" of an hour.
std::string day_text(int64_t day);
std::string hour_text(int hour);

}  // namespace chorus::detect_profile
