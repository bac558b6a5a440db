#include "csv_format.hpp"

#include <chorus/sdk/time.hpp>

#include <charconv>

#include "value_parse.hpp"

namespace chorus::io_csv {

void append_csv_field(std::string& out, std::string_view v, char delim) {
  bool quote = v.empty();
  for (char c : v)
    if (c == delim || c == '"' || c == '\n' || c == '\r') {
      quote = true;
      break;
    }
  if (!quote) {
    out.append(v.data(), v.size());
    return;
  }
  out.push_back('"');
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_csv_value(std::string& out, const Column& c, int64_t i, char delim, std::string& tmp) {
  if (c.is_null(i)) return;
  char num[64];
  switch (c.type().id) {
    case TypeId::Bool:
      out += c.boolean(i) ? "true" : "false";
      break;
    case TypeId::Int64:
      out.append(num, std::to_chars(num, num + sizeof num, c.int64(i)).ptr);
      break;
    case TypeId::Float64:
      out.append(num, std::to_chars(num, num + sizeof num, c.float64(i)).ptr);
      break;
    case TypeId::Utf8:
      append_csv_field(out, c.str(i), delim);
      break;
    case TypeId::Timestamp:
      time::format_timestamp(c.int64(i), c.type().unit, out);
      break;
    case TypeId::ListUtf8: {
      tmp.clear();
      tmp.push_back('[');
      for (int64_t j = 0; j < c.list_size(i); ++j) {
        if (j) tmp.push_back(',');
        append_json_string(tmp, c.list_item(i, j));
      }
      tmp.push_back(']');
      append_csv_field(out, tmp, delim);
      break;
    }
  }
}

void append_csv_row(std::string& out, const Batch& b, int64_t i, char delim, std::string& tmp) {
  const size_t nc = b.num_columns();
  for (size_t c = 0; c < nc; ++c) {
    if (c) out.push_back(delim);
    append_csv_value(out, b.column(c), i, delim, tmp);
  }
  out.push_back('\n');
}

void append_csv_header(std::string& out, const Schema& s, char delim) {
  for (size_t c = 0; c < s.size(); ++c) {
    if (c) out.push_back(delim);
    append_csv_field(out, s[c].name, delim);
  }
  out.push_back('\n');
}

}  // namespace chorus::io_csv
