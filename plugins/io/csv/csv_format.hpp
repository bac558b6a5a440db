// The text io/csv_write writes: fields quoted when needed, nulls as empty
// fields, timestamps as ISO 8601 UTC, list<utf8> as JSON arrays.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace chorus::io_csv {

// Appends one CSV field, quoted when it holds the delimiter, a quote or a
// line break, or is empty (so that "" and null stay apart).
void append_csv_field(std::string& out, std::string_view v, char delim);

// Appends the text of row i of a column (nothing for null). `tmp` is scratch.
void append_csv_value(std::string& out, const Column& c, int64_t i, char delim, std::string& tmp);

// Appends row i of a batch and its LF line end.
void append_csv_row(std::string& out, const Batch& b, int64_t i, char delim, std::string& tmp);

// Appends the column names and an LF line end.
void append_csv_header(std::string& out, const Schema& s, char delim);

}  // namespace chorus::io_csv
