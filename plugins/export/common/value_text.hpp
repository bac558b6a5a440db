// The text of one cell as the export plugins write it (header-only, shared by
// export/csv and export/graph), so that a value reads the same in a
// spreadsheet and in Gephi:
//   bool      -> true | false
//   int64     -> decimal digits, '-' for negatives
//   float64   -> shortest text that reads back as the same double
//                (std::to_chars); NaN -> NaN, infinities -> INF / -INF
//                (the xs:double spellings; Python's float() reads them too)
//   utf8      -> the text itself
//   timestamp -> ISO 8601 UTC, 2021-03-04T05:06:07Z, fraction only when not 0
//   list<utf8>-> the items joined by a separator (nothing for an empty list)
// Nulls have no text: each format decides (empty CSV field, absent attribute).
#pragma once

#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

#include <chorus/sdk.hpp>
#include <chorus/sdk/time.hpp>

namespace chorus::export_common {

inline void append_int64(std::string& out, int64_t v) {
  char buf[24];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

inline void append_float64(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
    return;
  }
  if (std::isinf(v)) {
    out += v > 0 ? "INF" : "-INF";
    return;
  }
  char buf[40];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

// Appends row i of a non-null cell; list items joined by `list_separator`.
inline void append_value_text(std::string& out, const Column& c, int64_t i, std::string_view list_separator) {
  switch (c.type().id) {
    case TypeId::Bool:
      out += c.boolean(i) ? "true" : "false";
      break;
    case TypeId::Int64:
      append_int64(out, c.int64(i));
      break;
    case TypeId::Float64:
      append_float64(out, c.float64(i));
      break;
    case TypeId::Utf8: {
      const std::string_view s = c.str(i);
      out.append(s.data(), s.size());
      break;
    }
    case TypeId::Timestamp:
      time::format_timestamp(c.int64(i), c.type().unit, out);
      break;
    case TypeId::ListUtf8:
      for (int64_t j = 0; j < c.list_size(i); ++j) {
        if (j) out.append(list_separator.data(), list_separator.size());
        const std::string_view s = c.list_item(i, j);
        out.append(s.data(), s.size());
      }
      break;
  }
}

// Number of list items of row i that contain the separator (the joined text
// cannot be split back unambiguously; the stages warn with the count).
inline int64_t items_holding_separator(const Column& c, int64_t i, std::string_view sep) {
  if (c.type().id != TypeId::ListUtf8 || sep.empty() || c.is_null(i)) return 0;
  int64_t n = 0;
  for (int64_t j = 0; j < c.list_size(i); ++j)
    if (c.list_item(i, j).find(sep) != std::string_view::npos) ++n;
  return n;
}

}  // namespace chorus::export_common
