#include "value_parse.hpp"

namespace chorus::io_csv {

namespace {
void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}
bool hex4(std::string_view s, size_t p, uint32_t& v) {
  if (p + 4 > s.size()) return false;
  v = 0;
  for (size_t i = p; i < p + 4; ++i) {
    char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9')
      v |= static_cast<uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f')
      v |= static_cast<uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      v |= static_cast<uint32_t>(c - 'A' + 10);
    else
      return false;
  }
  return true;
}
void skip_ws(std::string_view s, size_t& p) {
  while (p < s.size() && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r')) ++p;
}
}  // namespace

bool parse_list(std::string_view s, std::vector<std::string>& items, size_t& n) {
  n = 0;
  auto next_item = [&]() -> std::string& {
    if (n == items.size()) items.emplace_back();
    std::string& it = items[n++];
    it.clear();
    return it;
  };
  size_t p = 0;
  skip_ws(s, p);
  if (p < s.size() && s[p] == '[') {
    ++p;
    skip_ws(s, p);
    if (p < s.size() && s[p] == ']') {
      ++p;
      skip_ws(s, p);
      return p == s.size();
    }
    for (;;) {
      skip_ws(s, p);
      if (p >= s.size() || s[p] != '"') return false;
      ++p;
      std::string& item = next_item();
      for (;;) {
        if (p >= s.size()) return false;
        char c = s[p++];
        if (c == '"') break;
        if (static_cast<unsigned char>(c) < 0x20) return false;
        if (c != '\\') {
          item.push_back(c);
          continue;
        }
        if (p >= s.size()) return false;
        char esc = s[p++];
        switch (esc) {
          case '"':
            item.push_back('"');
            break;
          case '\\':
            item.push_back('\\');
            break;
          case '/':
            item.push_back('/');
            break;
          case 'b':
            item.push_back('\b');
            break;
          case 'f':
            item.push_back('\f');
            break;
          case 'n':
            item.push_back('\n');
            break;
          case 'r':
            item.push_back('\r');
            break;
          case 't':
            item.push_back('\t');
            break;
          case 'u': {
            uint32_t cp;
            if (!hex4(s, p, cp)) return false;
            p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
              uint32_t lo;
              if (p + 6 > s.size() || s[p] != '\\' || s[p + 1] != 'u' || !hex4(s, p + 2, lo) || lo < 0xDC00 ||
                  lo > 0xDFFF)
                return false;
              p += 6;
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
              return false;
            }
            append_utf8(item, cp);
            break;
          }
          default:
            return false;
        }
      }
      skip_ws(s, p);
      if (p < s.size() && s[p] == ',') {
        ++p;
        continue;
      }
      if (p < s.size() && s[p] == ']') {
        ++p;
        skip_ws(s, p);
        return p == s.size();
      }
      return false;
    }
  }
  if (s.empty()) return true;
  size_t start = 0;
  for (;;) {
    size_t bar = s.find('|', start);
    next_item().assign(s.substr(start, bar == std::string_view::npos ? s.npos : bar - start));
    if (bar == std::string_view::npos) return true;
    start = bar + 1;
  }
}

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20) {
          static const char hex[] = "0123456789abcdef";
          out += "\\u00";
          out.push_back(hex[c >> 4]);
          out.push_back(hex[c & 15]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

}  // namespace chorus::io_csv
