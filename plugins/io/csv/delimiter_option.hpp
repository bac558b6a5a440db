// The `delimiter` option of io/csv_read and io/csv_write: one byte, never a
// quote or a line break.
#pragma once

#include <string>

namespace chorus::io_csv {

// The delimiter's byte; throws sdk::ConfigError naming with.delimiter.
char delimiter_byte(const std::string& delimiter);

}  // namespace chorus::io_csv
