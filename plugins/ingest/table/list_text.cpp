#include "list_text.hpp"

#include <nlohmann/json.hpp>

namespace chorus::ingest_table {

void split_repr_list(std::string_view inner, std::vector<std::string>& out) {
  std::string cur;
  char quote = 0;
  bool any = false;  // something (even '') was seen in the current item
  auto finish = [&]() {
    std::string_view t = trim_ws(cur);
    if (t.size() >= 2 && (t.front() == '\'' || t.front() == '"') && t.back() == t.front())
      t = t.substr(1, t.size() - 2);
    if (!t.empty() || any) out.emplace_back(t);
    cur.clear();
    any = false;
  };
  for (size_t i = 0; i < inner.size(); ++i) {
    const char c = inner[i];
    if (quote) {
      if (c == '\\' && i + 1 < inner.size()) {
        const char n = inner[i + 1];
        if (n == quote || n == '\\' || n == '\'' || n == '"') {
          cur.push_back(n);
          ++i;
          continue;
        }
      }
      cur.push_back(c);
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      // A quote opens a quoted item only at its start (after spaces).
      if (trim_ws(cur).empty()) {
        quote = c;
        any = true;
      }
      cur.push_back(c);
      continue;
    }
    if (c == ',') {
      finish();
      continue;
    }
    cur.push_back(c);
  }
  if (!trim_ws(cur).empty() || any) finish();
}

void parse_list_text(std::string_view text, std::string_view separator, std::vector<std::string>& out) {
  out.clear();
  std::string_view t = trim_ws(text);
  if (t.empty()) return;
  if (t.front() == '[' && t.back() == ']') {
    nlohmann::json j = nlohmann::json::parse(t.begin(), t.end(), nullptr, false);
    if (!j.is_discarded() && j.is_array()) {
      bool scalars = true;
      for (const auto& e : j) scalars = scalars && !e.is_array() && !e.is_object();
      if (scalars) {
        for (const auto& e : j) {
          if (e.is_null()) continue;
          out.push_back(e.is_string() ? e.get<std::string>() : e.dump());
        }
        return;
      }
    }
    split_repr_list(t.substr(1, t.size() - 2), out);
    return;
  }
  if (separator.empty()) {
    out.emplace_back(t);
    return;
  }
  size_t pos = 0;
  while (pos <= t.size()) {
    size_t next = t.find(separator, pos);
    if (next == std::string_view::npos) next = t.size();
    std::string_view item = trim_ws(t.substr(pos, next - pos));
    if (!item.empty()) out.emplace_back(item);
    pos = next + separator.size();
  }
}

}  // namespace chorus::ingest_table
