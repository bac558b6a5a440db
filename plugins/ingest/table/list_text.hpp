// List values given as text in one cell: a JSON array, a Python-repr list
// (['a', 'b'], the TMRC/CNT convention), a bracketed bare list ([a, b]), or
// a separated text ("a b" with list_separator " "). Host-independent.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chorus::ingest_table {

// Whitespace trimmed off both ends. Inline: called for every cell.
inline std::string_view trim_ws(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  return s.substr(b, e - b);
}

// The items of a Python-repr or bare bracketed list, without the outer [ ]:
// split on commas outside quotes, trim, strip one pair of matching ' or ",
// and undo \' \" \\ escapes. Never evaluates anything.
void split_repr_list(std::string_view inner, std::vector<std::string>& out);

// Parses a list cell into items (appended to `out`, which is cleared first).
//  - empty (after trimming): no item
//  - starts with '[' and ends with ']': a JSON array of scalars if it is one,
//    else a Python-repr / bare list
//  - otherwise: split on `separator` (empty items dropped); without a
//    separator, the whole text is one item.
void parse_list_text(std::string_view text, std::string_view separator, std::vector<std::string>& out);

}  // namespace chorus::ingest_table
