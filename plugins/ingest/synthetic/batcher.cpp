#include "batcher.hpp"

#include <stdexcept>
#include <utility>

namespace chorus::ingest_synthetic {

Batcher::Batcher(sdk::Context& ctx, std::string port, Schema schema, int64_t batch_rows)
    : ctx_(ctx), port_(std::move(port)), schema_(std::move(schema)), batch_rows_(batch_rows), batch_(schema_) {}

int Batcher::col(const char* name) const {
  for (size_t i = 0; i < schema_.size(); ++i)
    if (schema_[i].name == name) return static_cast<int>(i);
  return -1;
}

void Batcher::end_row() {
  for (size_t c = 0; c < schema_.size(); ++c)
    if (!set_[c]) batch_.column(c).append_null();
  ++rows_;
  if (batch_.rows() >= batch_rows_) flush();
}

void Batcher::flush() {
  if (batch_.rows() == 0) return;
  ctx_.emit(port_, std::move(batch_));
  batch_ = Batch(schema_);
  ctx_.progress(rows_);
  if (ctx_.cancelled()) throw std::runtime_error("cancelled");
}

}  // namespace chorus::ingest_synthetic
