#include "csv_write_stage.hpp"

#include <stdexcept>
#include <string>

#include "atomic_output.hpp"
#include "csv_format.hpp"
#include "delimiter_option.hpp"

namespace chorus::io_csv {

const sdk::OptionTable<CsvWriteConfig>& CsvWriteStage::options() {
  using C = CsvWriteConfig;
  static const auto table =
      sdk::OptionTable<C>()
          .string("path", &C::path,
                  "Output file; relative to the pipeline file's folder. Missing parent folders are created.")
          .min_length(1)
          .string("delimiter", &C::delimiter, ",", "Field separator, one byte.")
          .min_length(1)
          .max_length(1)
          .boolean("header", &C::header, true,
                   "Write the column names as the first line (also when the input has no row).")
          .check([](const C& c) { delimiter_byte(c.delimiter); });
  return table;
}

std::optional<sdk::PortTypes> CsvWriteStage::infer(const CsvWriteConfig&, const sdk::PortTypes&, sdk::Context&) {
  return sdk::PortTypes{};
}

void CsvWriteStage::run(const CsvWriteConfig& config, sdk::Context& ctx) {
  const char delim = delimiter_byte(config.delimiter);
  AtomicOutput file(ctx.resolve_path(config.path));
  std::string out, tmp;
  out.reserve(1 << 21);
  Schema schema;
  bool first = true;
  int64_t rows = 0;
  Batch b;
  while (ctx.read("in", b)) {
    if (first) {
      schema = b.schema();
      first = false;
      if (config.header) append_csv_header(out, schema, delim);
    } else if (b.schema() != schema) {
      throw std::runtime_error("io/csv_write: the input's columns changed between batches");
    }
    for (int64_t i = 0; i < b.rows(); ++i) {
      append_csv_row(out, b, i, delim, tmp);
      if (out.size() >= (1 << 20)) {
        file.write(out);
        out.clear();
      }
    }
    rows += b.rows();
    ctx.progress(rows);
    if (ctx.cancelled()) throw std::runtime_error("cancelled");
  }
  if (first && config.header) {
    // No batch arrived: the columns are still known from the inferred type.
    if (auto t = ctx.input_type("in")) append_csv_header(out, t->columns, delim);
  }
  file.write(out);
  file.commit();
}

}  // namespace chorus::io_csv
