// Value rules of ingest/table: booleans, counts, epoch and ISO 8601 times.
// Host-independent.
#pragma once

#include <cstdint>
#include <string_view>

namespace chorus::ingest_table {

// true/True/TRUE/1 and false/False/FALSE/0.
bool parse_bool_text(std::string_view s, bool& out);

// A whole count: 12, or 12.0 (some exports print counts as floats).
bool parse_count(std::string_view s, int64_t& out);

// A decimal number of some unit ("1606451170.518101", "-5", "12.") scaled
// by 1000 ("seconds" -> milliseconds), digits beyond the thousandth
// truncated toward the past; scientific notation (1.6e9) is read as a
// double. `fraction` is set when the text has a non-zero fractional part.
bool parse_decimal_milli(std::string_view s, int64_t& out, bool& fraction);

// Epoch seconds (integer or decimal) -> milliseconds.
bool parse_epoch_seconds(std::string_view s, int64_t& ms, bool& fraction);

// Epoch milliseconds (integer, or decimal truncated toward the past) -> milliseconds.
bool parse_epoch_millis(std::string_view s, int64_t& ms);

// What an ISO 8601 text gives: day, minute, second or millisecond.
const char* iso_precision(std::string_view s);

}  // namespace chorus::ingest_table
