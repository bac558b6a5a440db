// io/jsonl_read: newline-delimited JSON objects -> typed columns, with a
// rejects port for the lines that cannot be read.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chorus::io_jsonl {

// The `columns:` option: the columns and, for each, its JSON pointer.
struct ColumnList {
  Schema columns;
  std::vector<std::string> pointers;
};

struct JsonlReadConfig {
  std::string path;
  std::optional<ColumnList> columns;  // `columns:`, or
  std::optional<std::string> schema;  // `schema:`: exactly one of them
  int64_t batch_rows;
};

struct JsonlReadStage : sdk::ConfiguredStage<JsonlReadConfig> {
  static constexpr const char* type = "io/jsonl_read";
  static constexpr const char* description =
      "Reads JSON Lines files (one JSON object per line, optionally gzip-compressed) into typed columns";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
  "inputs": [],
  "outputs": [
    {"name": "out", "type": "any", "description": "The rows read, with the declared columns (or the dataset type named by 'schema')."},
    {"name": "rejects", "type": "rejects", "description": "Lines that could not be read: file, line, reason and raw text."}
  ]
})json";
  static const sdk::OptionTable<JsonlReadConfig>& options();

  std::optional<sdk::PortTypes> infer(const JsonlReadConfig& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const JsonlReadConfig& config, sdk::Context& ctx);
  void fingerprint(const JsonlReadConfig& config, sdk::Context& ctx);
};

}  // namespace chorus::io_jsonl
