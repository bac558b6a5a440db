#include "post_rows.hpp"

#include <stdexcept>
#include <utility>

namespace chorus::ingest_common {

RowWriter::RowWriter(const std::string& type_name, Schema schema, const std::vector<FieldSpec>& fields)
    : schema_(std::move(schema)) {
  for (const auto& col : schema_) {
    int f = -1;
    for (size_t k = 0; k < fields.size(); ++k)
      if (col.name == fields[k].name) f = static_cast<int>(k);
    if (f >= 0 && col.type.id != fields[static_cast<size_t>(f)].type)
      throw std::runtime_error("dataset type '" + type_name + "': column '" + col.name + "' is " + col.type.name() +
                               ", this stage writes " + DataType{fields[static_cast<size_t>(f)].type}.name());
    map_.push_back(f);
  }
}

TimeUnit RowWriter::unit_of(const char* name) const {
  for (const auto& c : schema_)
    if (c.name == name && c.type.id == TypeId::Timestamp) return c.type.unit;
  return TimeUnit::Milli;
}

void RowWriter::append(Batch& b, const std::vector<Val>& vals) const {
  for (size_t c = 0; c < map_.size(); ++c) {
    Column& col = b.column(c);
    const int f = map_[c];
    if (f < 0) {
      col.append_null();
      continue;
    }
    const Val& v = vals[static_cast<size_t>(f)];
    switch (v.kind) {
      case Val::Null:
        col.append_null();
        break;
      case Val::Str:
        col.append_string(v.s);
        break;
      case Val::Int:
        col.append_int(v.i);
        break;
      case Val::Bool:
        col.append_bool(v.b);
        break;
      case Val::List:
        col.append_list(*v.list);
        break;
      case Val::ViewList:
        col.append_list(*v.views);
        break;
    }
  }
}

const std::vector<FieldSpec>& post_fields() {
  static const std::vector<FieldSpec> f = {{"platform", TypeId::Utf8},
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
                                           {"quotes", TypeId::Int64},
                                           {"views", TypeId::Int64}};
  return f;
}

const std::vector<FieldSpec>& account_fields() {
  static const std::vector<FieldSpec> f = {{"platform", TypeId::Utf8},          {"source_file", TypeId::Utf8},
                                           {"author_id", TypeId::Utf8},         {"author_handle", TypeId::Utf8},
                                           {"display_name", TypeId::Utf8},      {"is_hashed", TypeId::Bool},
                                           {"description", TypeId::Utf8},       {"profile_url", TypeId::Utf8},
                                           {"location", TypeId::Utf8},          {"followers", TypeId::Int64},
                                           {"following", TypeId::Int64},        {"created_at", TypeId::Timestamp},
                                           {"created_precision", TypeId::Utf8}, {"language", TypeId::Utf8},
                                           {"campaign", TypeId::Utf8},          {"state", TypeId::Utf8}};
  return f;
}

Schema required_type(const sdk::Context& ctx, const std::string& name) {
  auto s = ctx.dataset_type(name);
  if (!s)
    throw std::runtime_error("the host does not know the dataset type '" + name + "' (schemas/datasets/" + name +
                             ".json)");
  return *s;
}

RowBatch::RowBatch(sdk::Context& ctx, const char* port, const std::string& type_name,
                   const std::vector<FieldSpec>& fields, int64_t batch_rows)
    : ctx_(ctx),
      port_(port),
      w_(type_name, required_type(ctx, type_name), fields),
      batch_rows_(batch_rows),
      b_(w_.new_batch()) {}

int64_t RowBatch::emit() {
  const int64_t n = b_.rows();
  if (n == 0) return 0;
  ctx_.emit(port_, std::move(b_));
  b_ = w_.new_batch();
  return n;
}

void flushed(sdk::Context& ctx, int64_t rows_done) {
  ctx.progress(rows_done);
  if (ctx.cancelled()) throw std::runtime_error("cancelled");
}

}  // namespace chorus::ingest_common
