#include "json_text.hpp"

#include <charconv>
#include <cmath>

#include "stix_json.hpp"

namespace chorus::export_stix {

namespace {

// The length of the UTF-8 sequence at s[i] if it is one RFC 3629 accepts
// (no overlong forms, no surrogates, nothing above U+10FFFF: the DFA
// nlohmann decodes with), else 0.
size_t utf8_sequence(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const auto cont = [&](size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return k < s.size() && b(k) >= lo && b(k) <= hi;
  };
  const unsigned char c = b(i);
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c == 0xE0) return cont(i + 1, 0xA0) && cont(i + 2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(i + 1) && cont(i + 2) ? 3 : 0;
  if (c == 0xED) return cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : 0;
  if (c == 0xF0) return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (c == 0xF4) return cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  return 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static const char* digits = "0123456789abcdef";
  const size_t start = out.size();
  out.push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    // The common case: a run of printable ASCII without " or \.
    size_t j = i;
    while (j < s.size()) {
      const auto c = static_cast<unsigned char>(s[j]);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
      ++j;
    }
    out.append(s.data() + i, j - i);
    if (j == s.size()) break;
    i = j;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const size_t n = utf8_sequence(s, i);
      if (n == 0) {
        // Invalid UTF-8: nlohmann's replacement rules, exactly.
        out.resize(start);
        out += dump_line(Json(std::string(s)));
        return;
      }
      out.append(s.data() + i, n);
      i += n;
      continue;
    }
    out.push_back('\\');
    switch (c) {
      case '"':
        out.push_back('"');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '\b':
        out.push_back('b');
        break;
      case '\f':
        out.push_back('f');
        break;
      case '\n':
        out.push_back('n');
        break;
      case '\r':
        out.push_back('r');
        break;
      case '\t':
        out.push_back('t');
        break;
      default:
        out.append("u00", 3);
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    ++i;
  }
  out.push_back('"');
}

void append_json_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out.append("null", 4);
    return;
  }
  // The function nlohmann's serializer writes doubles with (Grisu2).
  char buf[64];
  out.append(buf, ::nlohmann::detail::to_chars(buf, buf + sizeof buf, v));
}

void append_json_integer(std::string& out, int64_t v) {
  char buf[24];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

}  // namespace chorus::export_stix
