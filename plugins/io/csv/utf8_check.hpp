// UTF-8 validation of whole CSV records, for readers that map fields onto
// text columns: text that is not valid UTF-8 is a reject naming its column,
// never a mangled value further down the pipeline. One check per record
// (simdjson's validator runs at several GB/s), the field-by-field search only
// on failure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "csv_parser.hpp"

namespace chorus::io::csv {

// The reject reason for a record whose bytes are not valid UTF-8, or an empty
// string when they are. `names` are the header's column names (may be empty).
inline std::string invalid_utf8_reason(std::string_view raw, const FieldRef* fields, size_t n_fields,
                                       const std::vector<std::string>& names) {
  if (simdjson::validate_utf8(raw.data(), raw.size())) return {};
  for (size_t i = 0; i < n_fields; ++i) {
    if (simdjson::validate_utf8(fields[i].data, fields[i].size)) continue;
    if (i < names.size()) return "column '" + names[i] + "': not valid UTF-8";
    return "field " + std::to_string(i + 1) + ": not valid UTF-8";
  }
  return "not valid UTF-8";  // in the separators or quotes between fields
}

}  // namespace chorus::io::csv
