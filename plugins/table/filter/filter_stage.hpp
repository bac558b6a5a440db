// table/filter: keeps the rows that match every condition of `with.where`
// (SQL null semantics). Conditions: condition.hpp; the row test: row_filter.hpp.
#pragma once

#include <vector>

#include <chorus/sdk.hpp>

#include "condition.hpp"

namespace chorus::table_filter {

// The parsed `with:`; its declaration is FilterStage::options().
struct Config {
  std::vector<Condition> where;
};

struct FilterStage : sdk::ConfiguredStage<Config> {
  static constexpr const char* type = "table/filter";
  static constexpr const char* description =
      "Keeps the rows that match every condition of `where` (SQL null semantics).";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
  "inputs": [{"name": "in", "type": "any", "description": "Rows to filter."}],
  "outputs": [{"name": "out", "type": "any", "description": "The input rows matching every condition, with the input's columns and dataset type."}]
})json";
  static const sdk::OptionTable<Config>& options();

  std::optional<sdk::PortTypes> infer(const Config& cfg, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const Config& cfg, sdk::Context& ctx);
};

}  // namespace chorus::table_filter
