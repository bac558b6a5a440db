// Rows of ingest/synthetic's outputs, appended to batches of a dataset type
// by column name (looked up once; unknown columns are null) and emitted when
// full.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chorus::ingest_synthetic {

// The per-cell setters are inline: they run for every cell of every row.
class Batcher {
 public:
  Batcher(sdk::Context& ctx, std::string port, Schema schema, int64_t batch_rows);
  // Index of a column of the type, -1 if it has none of that name (its setters then do nothing).
  int col(const char* name) const;
  Batch& batch() { return batch_; }
  void str(int c, const std::optional<std::string>& v) {
    if (c < 0) return;
    set_[size_t(c)] = true;
    if (v)
      batch_.column(size_t(c)).append_string(*v);
    else
      batch_.column(size_t(c)).append_null();
  }
  void integer(int c, const std::optional<int64_t>& v) {
    if (c < 0) return;
    set_[size_t(c)] = true;
    if (v)
      batch_.column(size_t(c)).append_int(*v);
    else
      batch_.column(size_t(c)).append_null();
  }
  void boolean(int c, bool v) {
    if (c < 0) return;
    set_[size_t(c)] = true;
    batch_.column(size_t(c)).append_bool(v);
  }
  void list(int c, const std::vector<std::string>& v) {
    if (c < 0) return;
    set_[size_t(c)] = true;
    batch_.column(size_t(c)).append_list(v);
  }
  void begin_row() { set_.assign(schema_.size(), false); }
  // Nulls for the columns the row did not set; emits a full batch.
  void end_row();
  // Emits the rows held (if any), reports progress, stops a cancelled run.
  void flush();
  int64_t rows() const { return rows_; }

 private:
  sdk::Context& ctx_;
  std::string port_;
  Schema schema_;
  int64_t batch_rows_;
  Batch batch_;
  std::vector<bool> set_;
  int64_t rows_ = 0;
};

}  // namespace chorus::ingest_synthetic
