// table/shuffle: the input table with the values of some columns permuted
// across rows by a seeded Fisher-Yates shuffle, optionally only among rows
// that share a value of another column: the null-model replay of a dataset
// (post times shuffled across posts, or across one account's posts). The
// permutation: permutation.hpp; holding the table: shuffler.hpp.
#pragma once

#include <chorus/sdk.hpp>

#include "shuffler.hpp"

namespace chorus::table_shuffle {

struct ShuffleStage : sdk::ConfiguredStage<Config> {
  static constexpr const char* type = "table/shuffle";
  static constexpr const char* description =
      "Permutes the values of columns across rows (seeded; optionally within groups): a null-model replay.";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
  "inputs": [{"name": "in", "type": "any", "description": "The table to replay, e.g. posts."}],
  "outputs": [{"name": "out", "type": "any", "description": "The input rows in their order, with the input's columns and dataset type; the values of `columns` permuted across rows (together, within `within` groups)."}]
})json";
  static const sdk::OptionTable<Config>& options();

  std::optional<sdk::PortTypes> infer(const Config& cfg, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const Config& cfg, sdk::Context& ctx);
};

}  // namespace chorus::table_shuffle
