#include "shuffle_stage.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace chorus::table_shuffle {

const sdk::OptionTable<Config>& ShuffleStage::options() {
  static const auto table =
      sdk::OptionTable<Config>()
          .strings("columns", &Config::columns,
                   "Input columns whose values are permuted across rows; with several, one permutation moves them "
                   "together (a row's values stay together).")
          .min_items(1)
          .unique_items()
          .item_min_length(1)
          .string("within", &Config::within,
                  "Input column whose values define groups: values move only between rows of the same group (rows "
                  "with a null value form one group). Left out: the whole table is one group.")
          .optional()
          .min_length(1)
          .integer("seed", &Config::seed, 1,
                   "Seed of the generator (SplitMix64) behind the permutation: the same input and seed give the same "
                   "output.")
          .check([](const Config& c) {
            if (!c.within.empty() && std::find(c.columns.begin(), c.columns.end(), c.within) != c.columns.end())
              throw sdk::ConfigError("with.within: '" + c.within +
                                     "' is also in with.columns; values permuted within groups of their own value "
                                     "would not move");
          });
  return table;
}

std::optional<sdk::PortTypes> ShuffleStage::infer(const Config& cfg, const sdk::PortTypes& inputs, sdk::Context&) {
  auto in = inputs.find("in");
  if (in == inputs.end()) throw std::invalid_argument("input port 'in' is not connected");
  plan_columns(cfg, in->second.columns);
  return sdk::PortTypes{{"out", in->second}};
}

void ShuffleStage::run(const Config& cfg, sdk::Context& ctx) {
  std::optional<Shuffler> shuffler;
  Batch batch;
  int64_t rows = 0;
  while (!ctx.cancelled() && ctx.read("in", batch)) {
    if (!shuffler) shuffler.emplace(cfg, batch.schema());
    rows += batch.rows();
    shuffler->add(std::move(batch));
    batch = Batch();  // moved from: a fresh one for the next read
    ctx.progress(rows);
  }
  if (ctx.cancelled() || !shuffler) return;
  shuffler->shuffle();
  while (!ctx.cancelled() && shuffler->next(batch)) ctx.emit("out", std::move(batch));
  std::string cols;
  for (const auto& c : cfg.columns) cols += (cols.empty() ? "" : ", ") + c;
  ctx.info("table/shuffle: permuted " + cols + " over " + std::to_string(shuffler->rows()) + " rows in " +
           std::to_string(shuffler->groups()) + (cfg.within.empty() ? " group" : " groups of " + cfg.within) +
           (shuffler->spilled() ? "; the other columns waited in a temporary file (" +
                                      std::to_string(shuffler->spilled_bytes()) + " bytes)"
                                : ""));
}

}  // namespace chorus::table_shuffle
