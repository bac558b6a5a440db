#include "row_sink.hpp"

#include <algorithm>
#include <climits>
#include <stdexcept>
#include <utility>

namespace chorus::ingest_tmrc {

namespace {
const Cell kNull{};
}  // namespace

RowSink::RowSink(sdk::Context& ctx, std::string port, const std::string& type_name, const std::vector<OutColumn>& known,
                 int64_t batch_rows)
    : ctx_(ctx), port_(std::move(port)), batch_rows_(batch_rows) {
  auto s = ctx.dataset_type(type_name);
  if (!s) throw std::runtime_error("the host does not know the dataset type '" + type_name + "'");
  schema_ = std::move(*s);
  slot_.assign(schema_.size(), -1);
  for (size_t c = 0; c < schema_.size(); ++c)
    for (size_t k = 0; k < known.size(); ++k)
      if (schema_[c].name == known[k].name) {
        if (schema_[c].type.id != known[k].type)
          throw std::runtime_error("dataset type '" + type_name + "' column '" + schema_[c].name + "' is " +
                                   schema_[c].type.name() + "; ingest/tmrc writes " + DataType{known[k].type}.name());
        slot_[c] = static_cast<int>(k);
      }
  row_.assign(known.size(), Cell::null());
  batch_ = new_batch();
}

TimeUnit RowSink::unit_of(const char* name) const {
  for (const auto& f : schema_)
    if (f.name == name && f.type.id == TypeId::Timestamp) return f.type.unit;
  return TimeUnit::Milli;
}

int64_t RowSink::commit() {
  for (size_t c = 0; c < schema_.size(); ++c) {
    Column& col = batch_.column(c);
    const Cell& v = slot_[c] < 0 ? kNull : row_[static_cast<size_t>(slot_[c])];
    switch (v.kind) {
      case Cell::Null:
        col.append_null();
        break;
      case Cell::Str:
        col.append_string(v.s);
        break;
      case Cell::Int:
        col.append_int(v.i);
        break;
      case Cell::Bool:
        col.append_bool(v.i != 0);
        break;
      case Cell::List:
        col.append_list(*v.list);
        break;
    }
  }
  bool full = batch_.rows() >= batch_rows_;
  for (size_t c = 0; c < schema_.size() && !full; ++c)
    full = batch_.column(c).chars().size() > static_cast<size_t>(INT32_MAX) / 2;
  return full ? flush() : 0;
}

int64_t RowSink::flush() {
  const int64_t n = batch_.rows();
  if (n == 0) return 0;
  ctx_.emit(port_, std::move(batch_));
  batch_ = new_batch();
  return n;
}

Batch RowSink::new_batch() const {
  Batch b(schema_);
  const size_t rows = static_cast<size_t>(std::min<int64_t>(batch_rows_, 65536));
  for (size_t c = 0; c < b.num_columns(); ++c) b.column(c).reserve(rows);
  return b;
}

const std::vector<OutColumn>& post_columns() {
  static const std::vector<OutColumn> c = {{"platform", TypeId::Utf8},
                                           {"source_file", TypeId::Utf8},
                                           {"source_line", TypeId::Int64},
                                           {"post_id", TypeId::Utf8},
                                           {"author_id", TypeId::Utf8},
                                           {"author_handle", TypeId::Utf8},
                                           {"author_display_name", TypeId::Utf8},
                                           {"is_hashed_author", TypeId::Bool},
                                           {"campaign", TypeId::Utf8},
                                           {"state", TypeId::Utf8},
                                           {"created_at", TypeId::Timestamp},
                                           {"time_precision", TypeId::Utf8},
                                           {"text", TypeId::Utf8},
                                           {"language", TypeId::Utf8},
                                           {"interaction_type", TypeId::Utf8},
                                           {"target_post_id", TypeId::Utf8},
                                           {"target_author_id", TypeId::Utf8},
                                           {"hashtags", TypeId::ListUtf8},
                                           {"urls", TypeId::ListUtf8},
                                           {"mentions", TypeId::ListUtf8},
                                           {"mentions_kind", TypeId::Utf8},
                                           {"likes", TypeId::Int64},
                                           {"shares", TypeId::Int64},
                                           {"replies", TypeId::Int64},
                                           {"quotes", TypeId::Int64}};
  return c;
}

const std::vector<OutColumn>& account_columns() {
  static const std::vector<OutColumn> c = {{"platform", TypeId::Utf8},          {"source_file", TypeId::Utf8},
                                           {"author_id", TypeId::Utf8},         {"author_handle", TypeId::Utf8},
                                           {"display_name", TypeId::Utf8},      {"is_hashed", TypeId::Bool},
                                           {"description", TypeId::Utf8},       {"profile_url", TypeId::Utf8},
                                           {"location", TypeId::Utf8},          {"followers", TypeId::Int64},
                                           {"following", TypeId::Int64},        {"created_at", TypeId::Timestamp},
                                           {"created_precision", TypeId::Utf8}, {"language", TypeId::Utf8},
                                           {"campaign", TypeId::Utf8},          {"state", TypeId::Utf8}};
  return c;
}

}  // namespace chorus::ingest_tmrc
