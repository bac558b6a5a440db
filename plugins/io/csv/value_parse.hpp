// Text -> typed values for the CSV reader, and the JSON string escaping the
// CSV writer uses for list<utf8>. Host-independent. The scalar parsers are
// inline: io/csv_read calls one for every field it converts.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace chorus::io_csv {

// A whole-field decimal integer (optional leading '-'); no spaces, no '+'.
inline bool parse_int64(std::string_view s, int64_t& out) {
  if (s.empty()) return false;
  // Fast path: up to 18 digits cannot overflow.
  {
    size_t i = s[0] == '-' ? 1 : 0;
    const size_t n = s.size() - i;
    if (n > 0 && n <= 18) {
      uint64_t v = 0;
      for (; i < s.size(); ++i) {
        const unsigned d = static_cast<unsigned char>(s[i]) - '0';
        if (d > 9) return false;
        v = v * 10 + d;
      }
      out = s[0] == '-' ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
      return true;
    }
  }
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// A whole-field finite decimal number (1, -2.5, 1e-3, .5); nan and inf are refused.
inline bool parse_float64(std::string_view s, double& out) {
  if (s.empty()) return false;
  // from_chars accepts "nan"/"inf"/"infinity"; a number starts with a digit,
  // a sign or a dot.
  const char c = s[0] == '-' ? (s.size() > 1 ? s[1] : '\0') : s[0];
  if (!((c >= '0' && c <= '9') || c == '.')) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out, std::chars_format::general);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(out);
}

// true/True/TRUE/1 and false/False/FALSE/0.
inline bool parse_bool(std::string_view s, bool& out) {
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

// A list<utf8> value: a JSON array of strings (["a","b"], [] for an empty
// list) or, when the text does not start with '[', a '|'-separated string
// ("a|b"; an empty text is an empty list). `items` is reused between calls:
// the first `n` of them are the list.
bool parse_list(std::string_view s, std::vector<std::string>& items, size_t& n);

// Appends s as a JSON string literal (quotes included).
void append_json_string(std::string& out, std::string_view s);

}  // namespace chorus::io_csv
