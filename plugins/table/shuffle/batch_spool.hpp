// A first-in first-out store of batches that keeps them in memory up to a
// byte limit and beyond it moves all of them to an unlinked temporary file
// (in $TMPDIR, else /tmp), read back in order. table/shuffle holds the
// columns it does not permute here while it reads the whole input, so its
// memory grows only with the permuted columns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <deque>

#include <chorus/sdk.hpp>

namespace chorus::table_shuffle {

class BatchSpool {
 public:
  // Batches pushed must all have `schema`.
  BatchSpool(Schema schema, size_t memory_limit);
  ~BatchSpool();
  BatchSpool(const BatchSpool&) = delete;
  BatchSpool& operator=(const BatchSpool&) = delete;

  const Schema& schema() const { return schema_; }
  void push(Batch&& b);
  // The oldest batch not yet popped; false when none is left.
  bool pop(Batch& out);
  bool spilled() const { return file_ != nullptr; }
  // Bytes written to the file so far.
  uint64_t spilled_bytes() const { return written_; }

 private:
  void spill(const Batch& b);

  Schema schema_;
  size_t memory_limit_;
  size_t memory_bytes_ = 0;
  std::deque<Batch> memory_;
  std::FILE* file_ = nullptr;
  bool reading_ = false;
  uint64_t written_ = 0;
  uint64_t batches_in_file_ = 0;
};

// Bytes of a batch's buffers (what it holds in memory, near enough).
size_t bytes_of(const Batch& b);

}  // namespace chorus::table_shuffle
