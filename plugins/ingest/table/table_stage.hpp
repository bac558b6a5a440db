// ingest/table: any CSV or JSONL table mapped column by column onto the
// posts dataset type, with named presets for the CooRTweet and
// coordination-network-toolkit interchange formats (docs/ingest-table.md).
#pragma once

#include <chorus/sdk.hpp>

#include <optional>

#include "table_options.hpp"

namespace chorus::ingest_table {

struct TableStage : sdk::ConfiguredStage<TableConfig> {
  static constexpr const char* type = "ingest/table";
  static constexpr const char* description =
      "Reads any CSV or JSONL table into posts through a column mapping (presets: coortweet, "
      "coordination_network_toolkit)";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
  "inputs": [],
  "outputs": [
    {"name": "posts", "type": "posts", "description": "One row per record, with the columns of the posts type (hashtags_folded and urls_normalized null)."},
    {"name": "rejects", "type": "rejects", "description": "Records that could not be used: file, line, reason naming the field, raw text."}
  ]
})json";
  // Options a preset sets have no default here: the host fills defaults into
  // `with:` before the stage sees it, which would override the preset's value.
  static const sdk::OptionTable<TableConfig>& options();

  std::optional<sdk::PortTypes> infer(const TableConfig& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const TableConfig& config, sdk::Context& ctx);
  void fingerprint(const TableConfig& config, sdk::Context& ctx);
};

// The options the stage runs with: the preset's values (parsed by the same
// option table) where `with:` has none, then the stage's own defaults.
// Throws sdk::ConfigError naming the key.
Options effective_options(const TableConfig& config);

}  // namespace chorus::ingest_table
