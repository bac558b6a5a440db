#include "text_formats.hpp"

#include <chorus/sdk/time.hpp>

namespace chorus::ingest_synthetic {

namespace {

std::string two(int64_t v) { return std::string(1, char('0' + v / 10)) + char('0' + v % 10); }

}  // namespace

// RFC 4180: quoted when the field holds a comma, a quote or a line break; quotes doubled.
void csv_field(std::string& out, const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) {
    out += v;
    return;
  }
  out += '"';
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// Python's repr of a list of str: ['a', 'b']; "it's" in double quotes as Python does.
std::string py_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    const std::string& s = items[i];
    const char q = s.find('\'') != std::string::npos && s.find('"') == std::string::npos ? '"' : '\'';
    out += q;
    for (char c : s) {
      if (c == '\\' || c == q) out += '\\';
      out += c;
    }
    out += q;
  }
  return out + "]";
}

// YYYY-MM-DD HH:MM (tweet_time), YYYY-MM-DD (account_creation_date), in UTC.
std::string minute_text(int64_t s) {
  const int64_t day = s >= 0 ? s / 86400 : (s - 86399) / 86400;
  const auto c = time::civil_from_days(day);
  const int64_t rem = s - day * 86400;
  return std::to_string(c.year) + "-" + two(c.month) + "-" + two(c.day) + " " + two(rem / 3600) + ":" +
         two(rem / 60 % 60);
}
std::string date_text(int64_t s) { return minute_text(s).substr(0, 10); }
// 2021-03-04T05:06:07.000Z, as the v2 API writes times.
std::string v2_time(int64_t s) {
  std::string t = minute_text(s);
  t[10] = 'T';
  return t + ":" + two(((s % 60) + 60) % 60) + ".000Z";
}
std::string iso_minute(int64_t s) {
  std::string t = minute_text(s);
  t[10] = 'T';
  return t + ":00Z";
}
std::string month_of(int64_t s) { return minute_text(s).substr(0, 7); }

std::string ascii_lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}
bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace chorus::ingest_synthetic
