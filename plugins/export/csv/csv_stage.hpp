// export/csv: a table as a CSV file meant to be opened in a spreadsheet.
#pragma once

#include <chorus/sdk.hpp>

#include "csv_writer.hpp"

namespace chorus::export_csv {

struct CsvStage : sdk::ConfiguredStage<CsvOptions> {
  static constexpr const char* type = "export/csv";
  static constexpr const char* description =
      "Writes a table as a spreadsheet-ready CSV (RFC 4180, ISO 8601 UTC, joined lists, formula guard, optional BOM)";
  static constexpr const char* code_version = "1";
  static constexpr uint64_t flags = CHORUS_STAGE_SINK;
  static constexpr const char* ports = R"json({
  "inputs": [{"name": "in", "type": "any", "description": "The rows to write (any columns)."}],
  "outputs": []
})json";
  static const sdk::OptionTable<CsvOptions>& options();

  std::optional<sdk::PortTypes> infer(const CsvOptions& o, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const CsvOptions& o, sdk::Context& ctx);
};

}  // namespace chorus::export_csv
