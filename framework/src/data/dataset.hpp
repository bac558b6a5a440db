// A dataset: the batches one output port produced, with its schema and a
// content hash that does not depend on how rows were split into batches.
//
// Small datasets stay in memory. Past a byte limit a DatasetWriter spills
// every batch to an anonymous spool file (unlinked at creation, so a crash
// leaves nothing behind) and readers load one batch at a time: memory stays
// bounded by the batch size, whatever the size of the archive.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <chorus/sdk/table.hpp>

namespace chorus {

class Sha256;
class SpoolFile;

class Dataset {
 public:
  std::string type_name;  // declared dataset type ("posts"), or empty
  Schema schema;
  int64_t rows = 0;
  std::string hash;  // SHA-256 of the canonical row-major encoding

  size_t batch_count() const { return spool_ ? extents_.size() : memory_.size(); }
  // A copy of batch i, read from the spool file when spilled; with `columns`,
  // only those columns (schema indexes, in that order) are read and copied.
  Batch batch(size_t i, const std::vector<size_t>* columns = nullptr) const;
  // Index of a named column in the schema, or SIZE_MAX.
  size_t column_index(const std::string& name) const;
  // Calls f(const Batch&) for every batch in order, without copying those in memory.
  template <class F>
  void for_each_batch(F&& f) const {
    for (size_t i = 0; i < batch_count(); ++i) {
      if (spool_)
        f(batch(i));
      else
        f(memory_[i]);
    }
  }
  bool spilled() const { return spool_ != nullptr; }

 private:
  friend class DatasetWriter;
  std::vector<Batch> memory_;
  std::shared_ptr<SpoolFile> spool_;
  // Per spilled batch, where each column's bytes start in the spool file,
  // plus the end of the last one: a projection reads only its columns.
  struct SpoolExtent {
    int64_t rows;
    std::vector<uint64_t> column_starts;
  };
  std::vector<SpoolExtent> extents_;
};
using DatasetPtr = std::shared_ptr<const Dataset>;

class DatasetWriter {
 public:
  static constexpr size_t kDefaultMemoryLimit = size_t(64) << 20;

  DatasetWriter(std::string type_name, Schema schema, size_t memory_limit = kDefaultMemoryLimit);
  ~DatasetWriter();
  DatasetWriter(DatasetWriter&&) noexcept;
  DatasetWriter& operator=(DatasetWriter&&) noexcept;

  const Schema& schema() const { return data_->schema; }
  // Throws std::invalid_argument when the batch's schema differs.
  void append(Batch&& batch);
  DatasetPtr finish();

 private:
  void spill(Batch&& batch);
  std::shared_ptr<Dataset> data_;
  std::unique_ptr<Sha256> hasher_;
  std::string scratch_;
  size_t memory_limit_;
  size_t memory_bytes_ = 0;
};

// Hash of batches without keeping them (tests, tools).
std::string dataset_hash(const Schema& schema, const std::vector<Batch>& batches);
// Builds an in-memory Dataset, filling rows and hash.
DatasetPtr make_dataset(std::string type_name, Schema schema, std::vector<Batch> batches);

// Where spool files are created: $CHORUS_SPOOL_DIR, else the system temp folder.
std::string spool_dir();

}  // namespace chorus
