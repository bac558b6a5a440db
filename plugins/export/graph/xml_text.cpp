#include "xml_text.hpp"

namespace chorus::export_graph {

namespace {

// Length of the valid UTF-8 sequence at s[i] that XML 1.0 can hold, or 0 when
// the bytes there are not one (bad lead or continuation byte, overlong form,
// surrogate, beyond U+10FFFF, or U+FFFE / U+FFFF).
size_t xml_utf8_length(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  const size_t left = s.size() - i;
  const auto cont = [&](size_t k) { return (b(k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return left >= 2 && cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (left < 3 || !cont(i + 1) || !cont(i + 2)) return 0;
    const unsigned c1 = b(i + 1);
    if (c == 0xE0 && c1 < 0xA0) return 0;                                             // overlong
    if (c == 0xED && c1 >= 0xA0) return 0;                                            // surrogates
    if (c == 0xEF && c1 == 0xBF && (b(i + 2) == 0xBE || b(i + 2) == 0xBF)) return 0;  // U+FFFE/F
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (left < 4 || !cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    const unsigned c1 = b(i + 1);
    if (c == 0xF0 && c1 < 0x90) return 0;   // overlong
    if (c == 0xF4 && c1 >= 0x90) return 0;  // beyond U+10FFFF
    return 4;
  }
  return 0;
}

// True when v[i..i+2] encodes U+FFFE or U+FFFF (valid UTF-8, not XML characters).
bool is_fffe_or_ffff(std::string_view v, size_t i) {
  return v.size() - i >= 3 && static_cast<unsigned char>(v[i]) == 0xEF &&
         static_cast<unsigned char>(v[i + 1]) == 0xBF &&
         (static_cast<unsigned char>(v[i + 2]) == 0xBE || static_cast<unsigned char>(v[i + 2]) == 0xBF);
}

}  // namespace

// Appends `v` escaped for XML; returns how many characters or bytes were
// replaced by U+FFFD.
int64_t append_xml_escaped(std::string& out, std::string_view v) {
  int64_t replaced = 0;
  size_t i = 0, plain = 0;  // v[plain, i) is copied as is in one go
  const auto flush = [&] {
    if (i > plain) out.append(v.data() + plain, i - plain);
  };
  while (i < v.size()) {
    const unsigned char c = static_cast<unsigned char>(v[i]);
    if (c >= 0x20 && c < 0x80 && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (size_t n = xml_utf8_length(v, i)) {
        i += n;
        continue;
      }
    }
    flush();
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\t':
        out += "&#9;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        if (is_fffe_or_ffff(v, i)) i += 2;  // a whole (valid UTF-8) character: one replacement
        out += kReplacementChar;
        ++replaced;
    }
    ++i;
    plain = i;
  }
  flush();
  return replaced;
}

std::string xml_escaped(std::string_view v) {
  std::string s;
  append_xml_escaped(s, v);
  return s;
}

}  // namespace chorus::export_graph
