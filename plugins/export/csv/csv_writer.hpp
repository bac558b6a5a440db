// The CSV writer of export/csv: RFC 4180 quoting and CRLF line ends, ISO
// 8601 UTC times, lists joined by a separator, optional UTF-8 BOM for Excel,
// and a guard against formula injection. Definitions: docs/methods.md.
#pragma once

#include <chorus/sdk.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "export/common/atomic_file.hpp"
#include "export/common/value_text.hpp"

namespace chorus::export_csv {

struct CsvOptions {
  std::string path;
  std::vector<std::string> columns;  // empty: every input column, in input order
  std::string delimiter = ",";
  bool header = true;
  std::string line_ending = "crlf";
  std::string list_separator = "|";
  bool bom = false;
  bool formula_guard = true;

  char delimiter_byte() const { return delimiter[0]; }
  const char* line_end() const { return line_ending == "lf" ? "\n" : "\r\n"; }
};

// Indices of the columns to write, checked against the input's columns.
std::vector<size_t> selected_columns(const CsvOptions& o, const Schema& input);

// OWASP "CSV injection": a spreadsheet evaluates a cell that starts with one
// of these as a formula (tab and CR can hide one after them).
bool starts_like_formula(std::string_view v);

// Appends a text field: the formula guard's apostrophe first when asked, then
// RFC 4180 quoting when the text holds the delimiter, a quote, CR or LF, or is
// empty (so that an empty text "" and a null, written as nothing, stay apart).
// Returns true when the guard fired.
bool append_text_field(std::string& out, std::string_view v, char delim, bool guard);

// Writes rows to a sink; counts what the stage reports.
template <class Sink>
class CsvTableWriter {
 public:
  CsvTableWriter(const CsvOptions& o, Sink& sink) : o_(o), out_(sink) {
    if (o_.bom) out_.buffer() += "\xEF\xBB\xBF";
  }

  // The first call fixes the columns; later batches must have the same schema.
  void start(const Schema& schema) {
    schema_ = schema;
    columns_ = selected_columns(o_, schema);
    started_ = true;
    if (!o_.header) return;
    std::string& out = out_.buffer();
    for (size_t k = 0; k < columns_.size(); ++k) {
      if (k) out.push_back(o_.delimiter_byte());
      guarded_ += append_text_field(out, schema_[columns_[k]].name, o_.delimiter_byte(), o_.formula_guard);
    }
    out += o_.line_end();
  }

  void add(const Batch& b) {
    if (!started_)
      start(b.schema());
    else if (b.schema() != schema_)
      throw std::runtime_error("export/csv: the input's columns changed between batches");
    std::string& out = out_.buffer();
    for (int64_t i = 0; i < b.rows(); ++i) {
      for (size_t k = 0; k < columns_.size(); ++k) {
        if (k) out.push_back(o_.delimiter_byte());
        append_cell(out, b.column(columns_[k]), i);
      }
      out += o_.line_end();
      out_.maybe_flush();
    }
    rows_ += b.rows();
  }

  void finish() { out_.flush(); }
  bool started() const { return started_; }
  int64_t rows() const { return rows_; }
  int64_t guarded_cells() const { return guarded_; }
  int64_t ambiguous_list_items() const { return ambiguous_items_; }

 private:
  void append_cell(std::string& out, const Column& c, int64_t i) {
    if (c.is_null(i)) return;
    switch (c.type().id) {
      case TypeId::Utf8:
        guarded_ += append_text_field(out, c.str(i), o_.delimiter_byte(), o_.formula_guard);
        break;
      case TypeId::ListUtf8:
        tmp_.clear();
        export_common::append_value_text(tmp_, c, i, o_.list_separator);
        ambiguous_items_ += export_common::items_holding_separator(c, i, o_.list_separator);
        guarded_ += append_text_field(out, tmp_, o_.delimiter_byte(), o_.formula_guard);
        break;
      default:
        // Numbers, booleans and times are never formulas ("-3" is the number
        // -3 in a spreadsheet), so they are written as they are; quoting is
        // still checked in case the delimiter is '.' or '-'.
        tmp_.clear();
        export_common::append_value_text(tmp_, c, i, o_.list_separator);
        append_text_field(out, tmp_, o_.delimiter_byte(), false);
    }
  }

  const CsvOptions& o_;
  export_common::BufferedWriter<Sink> out_;
  Schema schema_;
  std::vector<size_t> columns_;
  bool started_ = false;
  int64_t rows_ = 0, guarded_ = 0, ambiguous_items_ = 0;
  std::string tmp_;
};

}  // namespace chorus::export_csv
