#include "csv_stage.hpp"

#include <stdexcept>
#include <string>

#include "export/common/atomic_file.hpp"

namespace chorus::export_csv {

const sdk::OptionTable<CsvOptions>& CsvStage::options() {
  using O = CsvOptions;
  static const auto table =
      sdk::OptionTable<O>()
          .string("path", &O::path,
                  "Output file; relative to the pipeline file's folder. Missing parent folders are created.")
          .min_length(1)
          .strings("columns", &O::columns,
                   "The columns to write, in this order. Default: every input column in input order.")
          .optional()
          .min_items(1)
          .string(
              "delimiter", &O::delimiter, ",",
              "Field separator, one byte (\";\" suits spreadsheets in locales with a decimal comma; \"\\t\" for TSV).")
          .min_length(1)
          .max_length(1)
          .boolean("header", &O::header, true,
                   "Write the column names as the first line (also when the input has no row).")
          .string("line_ending", &O::line_ending, "crlf",
                  "Record separator: crlf (RFC 4180) or lf. Line breaks inside quoted fields are written as they are.")
          .one_of({"crlf", "lf"})
          .string("list_separator", &O::list_separator, "|",
                  "Joins the items of a list<utf8> cell (\"|\" is what io/csv_read splits on). Items that contain it "
                  "are counted and warned about: the joined text is then ambiguous.")
          .min_length(1)
          .boolean("bom", &O::bom, false,
                   "Start the file with the UTF-8 byte order mark EF BB BF, which makes Excel read the file as UTF-8 "
                   "(other tools may show it as a stray character in the first header name).")
          .boolean("formula_guard", &O::formula_guard, true,
                   "Prefix text cells (utf8, joined lists, header names) that start with = + - @ tab or carriage "
                   "return with an apostrophe, as OWASP recommends against CSV/formula injection, so a spreadsheet "
                   "shows them as text. Numbers, booleans and times are never prefixed.")
          .check([](const O& o) {
            const char d = o.delimiter_byte();
            if (d == '"' || d == '\n' || d == '\r' || d == '\'')
              throw sdk::ConfigError("with.delimiter: cannot be a quote, an apostrophe or a line break");
            if (static_cast<unsigned char>(d) >= 0x80)
              throw sdk::ConfigError("with.delimiter: expected a single byte (an ASCII character)");
          });
  return table;
}

std::optional<sdk::PortTypes> CsvStage::infer(const CsvOptions& o, const sdk::PortTypes& inputs, sdk::Context&) {
  auto it = inputs.find("in");
  if (it != inputs.end() && !it->second.columns.empty()) selected_columns(o, it->second.columns);
  return sdk::PortTypes{};
}

void CsvStage::run(const CsvOptions& o, sdk::Context& ctx) {
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

}  // namespace chorus::export_csv
