// io/csv_write: the input rows as a CSV file (RFC 4180 quoting, LF line ends).
#pragma once

#include <chorus/sdk.hpp>

#include <optional>
#include <string>

namespace chorus::io_csv {

struct CsvWriteConfig {
  std::string path;
  std::string delimiter;
  bool header;
};

struct CsvWriteStage : sdk::ConfiguredStage<CsvWriteConfig> {
  static constexpr const char* type = "io/csv_write";
  static constexpr const char* description = "Writes its input to a CSV file (RFC 4180)";
  // 2: an input without any batch gives the header line (was an empty file).
  static constexpr const char* code_version = "2";
  static constexpr uint64_t flags = CHORUS_STAGE_SINK;
  static constexpr const char* ports = R"json({
  "inputs": [{"name": "in", "type": "any", "description": "The rows to write."}],
  "outputs": []
})json";
  static const sdk::OptionTable<CsvWriteConfig>& options();

  std::optional<sdk::PortTypes> infer(const CsvWriteConfig& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const CsvWriteConfig& config, sdk::Context& ctx);
};

}  // namespace chorus::io_csv
