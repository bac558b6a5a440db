// The work of table/shuffle: reads a whole table, then hands it back batch
// by batch with the values of some columns permuted across rows (within
// groups of another column's values, optionally). Only the permuted columns
// stay in memory; the other columns wait in a BatchSpool, which moves them
// to a temporary file past its memory limit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <chorus/sdk.hpp>

#include "batch_spool.hpp"
#include "group_index.hpp"

namespace chorus::table_shuffle {

// The parsed `with:`; its declaration is ShuffleStage::options().
struct Config {
  std::vector<std::string> columns;
  std::string within;  // empty: the whole table is one group
  uint64_t seed = 1;
};

// Where the columns named in `with:` are in `schema`; throws
// std::invalid_argument naming with.columns[i] or with.within, with the
// input's columns, when one is missing.
struct ColumnPlan {
  std::vector<size_t> shuffled;  // with.columns, in their order
  std::optional<size_t> within;
};
ColumnPlan plan_columns(const Config& cfg, const Schema& schema);

class Shuffler {
 public:
  // The other columns are kept in memory up to `memory_limit` bytes.
  static constexpr size_t kDefaultMemoryLimit = size_t(64) << 20;

  Shuffler(const Config& cfg, const Schema& schema, size_t memory_limit = kDefaultMemoryLimit);

  // The next batch of the table (its schema must be the first batch's).
  void add(Batch&& b);
  // Draws the permutation; call once, after the last add.
  void shuffle();
  // The next input batch, in order, with the permuted values; false after the
  // last. Batches without rows are not given back.
  bool next(Batch& out);

  int64_t rows() const { return offsets_.back(); }
  // After shuffle: the groups of with.within (1 without it; 0 without rows).
  uint32_t groups() const { return groups_count_; }
  bool spilled() const { return rest_.spilled(); }
  uint64_t spilled_bytes() const { return rest_.spilled_bytes(); }

 private:
  Schema schema_;
  ColumnPlan plan_;
  std::vector<size_t> kept_;  // the other columns, in schema order
  uint64_t seed_;
  BatchSpool rest_;                          // the kept columns of every batch
  std::vector<std::vector<Column>> values_;  // values_[c][k]: shuffled column c of batch k
  std::vector<int64_t> offsets_{0};          // first row of batch k; the row count last
  GroupIndex groups_;
  uint32_t groups_count_ = 0;
  std::vector<int64_t> perm_;  // row i receives the values of row perm_[i]
  size_t next_batch_ = 0;
  int64_t batches_ = 0;  // batches added, empty ones too
};

}  // namespace chorus::table_shuffle
