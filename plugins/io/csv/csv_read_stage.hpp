// io/csv_read: CSV files (RFC 4180, optionally gzip-compressed) into typed
// columns, with a rejects port for the records that cannot be read.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chorus::io_csv {

struct CsvReadConfig {
  std::string path;
  std::optional<Schema> columns;      // `columns:`, or
  std::optional<std::string> schema;  // `schema:`: exactly one of them
  bool header;
  std::string delimiter;
  std::vector<std::string> null_values;
  int64_t batch_rows;
};

struct CsvReadStage : sdk::ConfiguredStage<CsvReadConfig> {
  static constexpr const char* type = "io/csv_read";
  static constexpr const char* description =
      "Reads CSV files (RFC 4180, optionally gzip-compressed) into typed columns";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
  "inputs": [],
  "outputs": [
    {"name": "out", "type": "any", "description": "The rows read, with the declared columns (or the dataset type named by 'schema')."},
    {"name": "rejects", "type": "rejects", "description": "Records that could not be read: file, line, reason and raw text."}
  ]
})json";
  static const sdk::OptionTable<CsvReadConfig>& options();

  std::optional<sdk::PortTypes> infer(const CsvReadConfig& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const CsvReadConfig& config, sdk::Context& ctx);
  void fingerprint(const CsvReadConfig& config, sdk::Context& ctx);
};

}  // namespace chorus::io_csv
