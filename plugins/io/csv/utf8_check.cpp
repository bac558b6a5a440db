#include "utf8_check.hpp"

#include <simdjson.h>

namespace chorus::io_csv {

std::string invalid_utf8_reason(std::string_view raw, const FieldRef* fields, size_t n_fields,
                                const std::vector<std::string>& names) {
  if (simdjson::validate_utf8(raw.data(), raw.size())) return {};
  for (size_t i = 0; i < n_fields; ++i) {
    if (simdjson::validate_utf8(fields[i].data, fields[i].size)) continue;
    if (i < names.size()) return "column '" + names[i] + "': not valid UTF-8";
    return "field " + std::to_string(i + 1) + ": not valid UTF-8";
  }
  return "not valid UTF-8";  // in the separators or quotes between fields
}

}  // namespace chorus::io_csv
