#include "text_scan.hpp"

#include <cctype>

namespace chorus::ingest_reddit {

using std::string_view;

namespace {

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace

// Appends s to out unless it is already there (first occurrence kept).
void add_unique(std::vector<std::string>& out, string_view s) {
  for (const auto& x : out)
    if (x == s) return;
  out.emplace_back(s);
}

// Replaces the HTML entities Reddit writes in its JSON text (&amp; &lt; &gt;) in a URL.
std::string unescape_url(string_view u) {
  std::string out;
  out.reserve(u.size());
  for (size_t i = 0; i < u.size(); ++i) {
    if (u[i] == '&') {
      if (u.substr(i, 5) == "&amp;") {
        out += '&';
        i += 4;
        continue;
      }
      if (u.substr(i, 4) == "&lt;") {
        out += '<';
        i += 3;
        continue;
      }
      if (u.substr(i, 4) == "&gt;") {
        out += '>';
        i += 3;
        continue;
      }
    }
    out += u[i];
  }
  return out;
}

// URLs in free text, as the regex  https?://[^\s<>"'()\[\]{}|\\^`]+  would
// find them (case-insensitive scheme), with trailing . , ; : ! ? * ~ and '
// removed (sentence punctuation, markdown emphasis), &amp; decoded. Markdown
// links [text](url) give url because ')' ends a URL.
void find_urls(string_view text, std::vector<std::string>& out) {
  auto lower_eq = [](string_view a, string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
    return true;
  };
  auto stop = [](char c) {
    return static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == '"' || c == '\'' || c == '(' ||
           c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == '|' || c == '\\' || c == '^' || c == '`';
  };
  size_t i = 0;
  while (i < text.size()) {
    size_t h = text.find("://", i);
    if (h == string_view::npos) break;
    size_t start;
    if (h >= 5 && lower_eq(text.substr(h - 5, 5), "https"))
      start = h - 5;
    else if (h >= 4 && lower_eq(text.substr(h - 4, 4), "http"))
      start = h - 4;
    else {
      i = h + 3;
      continue;
    }
    // The scheme must not be the tail of a longer word (xhttp://).
    if (start > 0 && is_ascii_alnum(text[start - 1])) {
      i = h + 3;
      continue;
    }
    size_t e = h + 3;
    while (e < text.size() && !stop(text[e])) ++e;
    size_t end = e;
    while (end > h + 3 && std::string_view(".,;:!?*~").find(text[end - 1]) != string_view::npos) --end;
    if (end > h + 3) add_unique(out, unescape_url(text.substr(start, end - start)));
    i = e;
  }
}

// Usernames after u/ or /u/ (Reddit's mention syntax), as written: the
// name is [A-Za-z0-9_-]+ and the 'u' must not end a longer word or path
// (reddit.com/u/x inside a URL is not a mention; /u/x and u/x are).
void find_mentions(string_view text, std::vector<std::string>& out) {
  auto name_char = [](char c) { return is_ascii_alnum(c) || c == '_' || c == '-'; };
  for (size_t i = 0; i + 2 < text.size(); ++i) {
    if (!((text[i] == 'u' || text[i] == 'U') && text[i + 1] == '/')) continue;
    if (i > 0) {
      const char p = text[i - 1];
      if (p == '/') {
        // "/u/name": the slash must itself start a word.
        if (i > 1 && (is_ascii_alnum(text[i - 2]) || text[i - 2] == '.' || text[i - 2] == '/' || text[i - 2] == '_'))
          continue;
      } else if (is_ascii_alnum(p) || p == '_' || p == '-' || p == '.') {
        continue;
      }
    }
    size_t e = i + 2;
    while (e < text.size() && name_char(text[e])) ++e;
    if (e > i + 2) add_unique(out, text.substr(i + 2, e - i - 2));
    i = e - 1;
  }
}

}  // namespace chorus::ingest_reddit
