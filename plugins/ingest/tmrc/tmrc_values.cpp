#include "tmrc_values.hpp"

namespace chorus::ingest_tmrc {

bool parse_list(std::string_view cell, std::vector<std::string>& items, std::string& error) {
  items.clear();
  std::string_view s = trim(cell);
  const bool opens = !s.empty() && s.front() == '[', closes = !s.empty() && s.back() == ']';
  if (opens != closes || (opens && s.size() < 2)) {
    error = "unbalanced [ ] around list";
    return false;
  }
  if (opens) s = trim(s.substr(1, s.size() - 2));
  if (s.empty()) return true;
  size_t i = 0;
  const size_t n = s.size();
  while (i <= n) {
    while (i < n && is_space(s[i])) ++i;
    if (i < n && (s[i] == '\'' || s[i] == '"')) {
      const char q = s[i++];
      std::string item;
      bool closed = false;
      while (i < n) {
        const char c = s[i];
        if (c == '\\' && i + 1 < n && (s[i + 1] == '\'' || s[i + 1] == '"' || s[i + 1] == '\\')) {
          item.push_back(s[i + 1]);
          i += 2;
          continue;
        }
        if (c == q) {
          closed = true;
          ++i;
          break;
        }
        item.push_back(c);
        ++i;
      }
      if (!closed) {
        error = "unterminated quote in list";
        return false;
      }
      while (i < n && is_space(s[i])) ++i;
      if (i < n && s[i] != ',') {
        error = "text after a quoted list element";
        return false;
      }
      if (!item.empty()) items.push_back(std::move(item));
      ++i;  // past the comma (or the end)
    } else {
      const size_t start = i;
      while (i < n && s[i] != ',') ++i;
      std::string_view item = trim(s.substr(start, i - start));
      if (!item.empty()) items.emplace_back(item);
      ++i;
    }
  }
  return true;
}

namespace {
// True if s[pos..] matches the shape, where 'd' is a digit and any other
// character must be equal ('T' also accepts a space).
bool shape(std::string_view s, std::string_view form) {
  if (s.size() != form.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char f = form[i], c = s[i];
    if (f == 'd') {
      if (c < '0' || c > '9') return false;
    } else if (f == 'T') {
      if (c != ' ' && c != 'T') return false;
    } else if (c != f) {
      return false;
    }
  }
  return true;
}
}  // namespace

bool parse_time(std::string_view s, TimeUnit unit, bool allow_date, int64_t& out, Precision& precision,
                std::string& error) {
  s = trim(s);
  if (shape(s, "dddd-dd-ddTdd:dd"))
    precision = Precision::Minute;
  else if (shape(s, "dddd-dd-ddTdd:dd:dd"))
    precision = Precision::Second;
  else if (allow_date && shape(s, "dddd-dd-dd"))
    precision = Precision::Day;
  else {
    error =
        allow_date ? "is not YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS]" : "is not YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS";
    return false;
  }
  time::ParseOptions opt;
  opt.epoch_integers = false;
  auto r = time::parse_timestamp(s, unit, out, opt);
  if (!r) {
    error = r.message();
    return false;
  }
  return true;
}

}  // namespace chorus::ingest_tmrc
