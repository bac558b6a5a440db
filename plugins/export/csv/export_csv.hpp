// The export/csv stage: a table as a CSV file meant to be opened in a
// spreadsheet (RFC 4180 quoting and CRLF line ends, ISO 8601 UTC times, lists
// joined by a separator, optional UTF-8 BOM for Excel, and a guard against
// formula injection). Header-only so the tests drive it directly; plugin.cpp
// only adds the descriptor. Definitions: docs/methods.md.
#pragma once

#include <chorus/sdk.hpp>
#include <chorus/sdk/suggest.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "../common/atomic_file.hpp"
#include "../common/value_text.hpp"

namespace chorus::export_csv {

struct CsvOptions {
  std::string path;
  std::vector<std::string> columns;  // empty: every input column, in input order
  char delimiter = ',';
  bool header = true;
  std::string line_end = "\r\n";
  std::string list_separator = "|";
  bool bom = false;
  bool formula_guard = true;
};

inline CsvOptions parse_csv_options(const sdk::Json& config) {
  CsvOptions o;
  if (!config.contains("path") || !config["path"].is_string() || config["path"].get<std::string>().empty())
    throw std::invalid_argument("with.path: expected the output file name (a non-empty string)");
  o.path = config["path"].get<std::string>();
  if (config.contains("columns")) {
    if (!config["columns"].is_array() || config["columns"].empty())
      throw std::invalid_argument("with.columns: expected a non-empty list of column names");
    for (const auto& c : config["columns"]) {
      if (!c.is_string()) throw std::invalid_argument("with.columns: expected column names (strings)");
      o.columns.push_back(c.get<std::string>());
    }
  }
  const std::string d = config.value("delimiter", std::string(","));
  if (d.size() != 1)
    throw std::invalid_argument("with.delimiter: expected a single byte, got '" + d + "'");
  if (d[0] == '"' || d[0] == '\n' || d[0] == '\r' || d[0] == '\'')
    throw std::invalid_argument("with.delimiter: cannot be a quote, an apostrophe or a line break");
  o.delimiter = d[0];
  o.header = config.value("header", true);
  const std::string le = config.value("line_ending", std::string("crlf"));
  if (le == "crlf") o.line_end = "\r\n";
  else if (le == "lf") o.line_end = "\n";
  else throw std::invalid_argument("with.line_ending: expected 'crlf' or 'lf', got '" + le + "'");
  o.list_separator = config.value("list_separator", std::string("|"));
  if (o.list_separator.empty())
    throw std::invalid_argument("with.list_separator: expected a non-empty text");
  o.bom = config.value("bom", false);
  o.formula_guard = config.value("formula_guard", true);
  return o;
}

// Indices of the columns to write, checked against the input's columns.
inline std::vector<size_t> selected_columns(const CsvOptions& o, const Schema& input) {
  std::vector<size_t> idx;
  if (o.columns.empty()) {
    for (size_t i = 0; i < input.size(); ++i) idx.push_back(i);
    return idx;
  }
  std::vector<std::string> names;
  for (const auto& f : input) names.push_back(f.name);
  for (size_t k = 0; k < o.columns.size(); ++k) {
    size_t i = 0;
    while (i < input.size() && input[i].name != o.columns[k]) ++i;
    if (i == input.size())
      throw std::invalid_argument("with.columns[" + std::to_string(k) + "]: no column '" + o.columns[k] +
                                  "' in input" + sdk::did_you_mean(o.columns[k], names, "columns"));
    idx.push_back(i);
  }
  return idx;
}

// OWASP "CSV injection": a spreadsheet evaluates a cell that starts with one
// of these as a formula (tab and CR can hide one after them).
inline bool starts_like_formula(std::string_view v) {
  if (v.empty()) return false;
  const char c = v[0];
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// Appends a text field: the formula guard's apostrophe first when asked, then
// RFC 4180 quoting when the text holds the delimiter, a quote, CR or LF, or is
// empty (so that an empty text "" and a null, written as nothing, stay apart).
// Returns true when the guard fired.
inline bool append_text_field(std::string& out, std::string_view v, char delim, bool guard) {
  const bool guarded = guard && starts_like_formula(v);
  bool quote = v.empty();
  for (char c : v)
    if (c == delim || c == '"' || c == '\n' || c == '\r') { quote = true; break; }
  if (quote) out.push_back('"');
  if (guarded) out.push_back('\'');
  if (!quote) {
    out.append(v.data(), v.size());
  } else {
    for (char c : v) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  return guarded;
}

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
      if (k) out.push_back(o_.delimiter);
      guarded_ += append_text_field(out, schema_[columns_[k]].name, o_.delimiter, o_.formula_guard);
    }
    out += o_.line_end;
  }

  void add(const Batch& b) {
    if (!started_) start(b.schema());
    else if (b.schema() != schema_)
      throw std::runtime_error("export/csv: the input's columns changed between batches");
    std::string& out = out_.buffer();
    for (int64_t i = 0; i < b.rows(); ++i) {
      for (size_t k = 0; k < columns_.size(); ++k) {
        if (k) out.push_back(o_.delimiter);
        append_cell(out, b.column(columns_[k]), i);
      }
      out += o_.line_end;
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
        guarded_ += append_text_field(out, c.str(i), o_.delimiter, o_.formula_guard);
        break;
      case TypeId::ListUtf8:
        tmp_.clear();
        export_common::append_value_text(tmp_, c, i, o_.list_separator);
        ambiguous_items_ += export_common::items_holding_separator(c, i, o_.list_separator);
        guarded_ += append_text_field(out, tmp_, o_.delimiter, o_.formula_guard);
        break;
      default:
        // Numbers, booleans and times are never formulas ("-3" is the number
        // -3 in a spreadsheet), so they are written as they are; quoting is
        // still checked in case the delimiter is '.' or '-'.
        tmp_.clear();
        export_common::append_value_text(tmp_, c, i, o_.list_separator);
        append_text_field(out, tmp_, o_.delimiter, false);
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

struct ExportCsv : sdk::Stage {
  static constexpr const char* type = "export/csv";
  static constexpr const char* description =
      "Writes a table as a spreadsheet-ready CSV (RFC 4180, ISO 8601 UTC, joined lists, formula guard, optional BOM)";
  static constexpr const char* code_version = "1";
  static constexpr uint64_t flags = CHORUS_STAGE_SINK;
  static constexpr const char* config_schema = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "export/csv",
  "description": "Writes the input rows to a CSV file meant for spreadsheets: RFC 4180 quoting, CRLF line ends, nulls as empty fields and empty texts as \"\", timestamps as ISO 8601 UTC, list<utf8> joined by list_separator, text cells that start with = + - @ tab or CR prefixed with an apostrophe (formula_guard). The file appears only when complete (written as <path>.tmp, then renamed).",
  "type": "object",
  "properties": {
    "path": {"type": "string", "minLength": 1, "description": "Output file; relative to the pipeline file's folder. Missing parent folders are created."},
    "columns": {"type": "array", "minItems": 1, "items": {"type": "string", "description": "An input column name."}, "description": "The columns to write, in this order. Default: every input column in input order."},
    "delimiter": {"type": "string", "minLength": 1, "maxLength": 1, "default": ",", "description": "Field separator, one byte (\";\" suits spreadsheets in locales with a decimal comma; \"\\t\" for TSV)."},
    "header": {"type": "boolean", "default": true, "description": "Write the column names as the first line (also when the input has no row)."},
    "line_ending": {"type": "string", "enum": ["crlf", "lf"], "default": "crlf", "description": "Record separator: crlf (RFC 4180) or lf. Line breaks inside quoted fields are written as they are."},
    "list_separator": {"type": "string", "minLength": 1, "default": "|", "description": "Joins the items of a list<utf8> cell (\"|\" is what io/csv_read splits on). Items that contain it are counted and warned about: the joined text is then ambiguous."},
    "bom": {"type": "boolean", "default": false, "description": "Start the file with the UTF-8 byte order mark EF BB BF, which makes Excel read the file as UTF-8 (other tools may show it as a stray character in the first header name)."},
    "formula_guard": {"type": "boolean", "default": true, "description": "Prefix text cells (utf8, joined lists, header names) that start with = + - @ tab or carriage return with an apostrophe, as OWASP recommends against CSV/formula injection, so a spreadsheet shows them as text. Numbers, booleans and times are never prefixed."}
  },
  "required": ["path"],
  "additionalProperties": false
})json";
  static constexpr const char* ports = R"json({
  "inputs": [{"name": "in", "type": "any", "description": "The rows to write (any columns)."}],
  "outputs": []
})json";

  std::optional<sdk::PortTypes> infer(const sdk::Json& config, const sdk::PortTypes& inputs,
                                      sdk::Context&) override {
    CsvOptions o = parse_csv_options(config);
    auto it = inputs.find("in");
    if (it != inputs.end() && !it->second.columns.empty()) selected_columns(o, it->second.columns);
    return sdk::PortTypes{};
  }

  void run(const sdk::Json& config, sdk::Context& ctx) override {
    const CsvOptions o = parse_csv_options(config);
    export_common::AtomicFile file(ctx.resolve_path(o.path));
    CsvTableWriter<export_common::AtomicFile> writer(o, file);
    Batch b;
    while (ctx.read("in", b)) {
      writer.add(b);
      ctx.progress(writer.rows());
      if (ctx.cancelled()) throw std::runtime_error("cancelled");
    }
    if (!writer.started()) {
      // No batch arrived: the columns are still known from the inferred type.
      if (auto t = ctx.input_type("in")) writer.start(t->columns);
    }
    writer.finish();
    file.commit();
    if (writer.guarded_cells() > 0)
      ctx.info("export/csv: " + std::to_string(writer.guarded_cells()) +
               " text cell(s) start like a formula and were prefixed with an apostrophe (formula_guard)");
    if (writer.ambiguous_list_items() > 0)
      ctx.warn("export/csv: " + std::to_string(writer.ambiguous_list_items()) +
               " list item(s) contain the list_separator '" + o.list_separator +
               "'; their joined cells cannot be split back unambiguously");
  }
};

}  // namespace chorus::export_csv
