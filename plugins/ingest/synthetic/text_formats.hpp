// The text formats of the synthetic world's files: RFC 4180 CSV fields,
// Python list reprs (the takedown archive's hashtags/urls/user_mentions
// cells), and the UTC time texts of the takedown CSVs and the v2 API.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace chorus::ingest_synthetic {

// RFC 4180: quoted when the field holds a comma, a quote or a line break; quotes doubled.
void csv_field(std::string& out, const std::string& v);

// Python's repr of a list of str: ['a', 'b']; "it's" in double quotes as Python does.
std::string py_list(const std::vector<std::string>& items);

// YYYY-MM-DD HH:MM (tweet_time), YYYY-MM-DD (account_creation_date), in UTC.
std::string minute_text(int64_t s);
std::string date_text(int64_t s);
// 2021-03-04T05:06:07.000Z, as the v2 API writes times.
std::string v2_time(int64_t s);
// 2021-03-04T05:06:00Z: ISO 8601 at the minute (the seconds of s dropped).
std::string iso_minute(int64_t s);
inline int64_t floor_minute(int64_t s) { return s - (((s % 60) + 60) % 60); }
// YYYY-MM.
std::string month_of(int64_t s);

std::string ascii_lower(std::string s);
// Non-empty and only ASCII digits.
bool all_digits(const std::string& s);

}  // namespace chorus::ingest_synthetic
