// UTF-8 validation of whole CSV records, for readers that map fields onto
// text columns: text that is not valid UTF-8 is a reject naming its column,
// never a mangled value further down the pipeline. One check per record
// (simdjson's validator runs at several GB/s), the field-by-field search only
// on failure. Shared code (target io_csv_parser).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "csv_parser.hpp"

namespace chorus::io_csv {

// The reject reason for a record whose bytes are not valid UTF-8, or an empty
// string when they are. `names` are the header's column names (may be empty).
std::string invalid_utf8_reason(std::string_view raw, const FieldRef* fields, size_t n_fields,
                                const std::vector<std::string>& names);

}  // namespace chorus::io_csv
