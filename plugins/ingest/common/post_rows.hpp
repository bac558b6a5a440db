// Shared output plumbing of the ingesters that write the posts and accounts
// dataset types (twarc2, telegram, reddit): rows of known fields written into
// the columns of a dataset type by name (looked up once), the field lists of
// posts and accounts, and a batch that is emitted on one port.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chorus::ingest {

// One field value of an output row; strings and lists are borrowed.
struct Val {
  enum Kind { Null, Str, Int, Bool, List, ViewList } kind = Null;
  std::string_view s;
  int64_t i = 0;
  bool b = false;
  const std::vector<std::string>* list = nullptr;
  const std::vector<std::string_view>* views = nullptr;

  static Val str(std::optional<std::string_view> v) { Val x; if (v) { x.kind = Str; x.s = *v; } return x; }
  static Val integer(std::optional<int64_t> v) { Val x; if (v) { x.kind = Int; x.i = *v; } return x; }
  static Val boolean(bool v) { Val x; x.kind = Bool; x.b = v; return x; }
  static Val items(const std::vector<std::string>& v) { Val x; x.kind = List; x.list = &v; return x; }
  static Val items(const std::vector<std::string_view>& v) { Val x; x.kind = ViewList; x.views = &v; return x; }
};

struct FieldSpec {
  const char* name;
  TypeId type;
};

// Writes rows of known fields into the columns of a dataset type, in the
// type's order; a column of the type that the stage does not know is null.
class RowWriter {
 public:
  RowWriter(const std::string& type_name, Schema schema, const std::vector<FieldSpec>& fields)
      : schema_(std::move(schema)) {
    for (const auto& col : schema_) {
      int f = -1;
      for (size_t k = 0; k < fields.size(); ++k)
        if (col.name == fields[k].name) f = static_cast<int>(k);
      if (f >= 0 && col.type.id != fields[f].type)
        throw std::runtime_error("dataset type '" + type_name + "': column '" + col.name + "' is " +
                                 col.type.name() + ", this stage writes " + DataType{fields[f].type}.name());
      map_.push_back(f);
    }
  }
  const Schema& schema() const { return schema_; }
  // Unit of the timestamp column of that name (ms if absent).
  TimeUnit unit_of(const char* name) const {
    for (const auto& c : schema_)
      if (c.name == name && c.type.id == TypeId::Timestamp) return c.type.unit;
    return TimeUnit::Milli;
  }
  Batch new_batch() const { return Batch(schema_); }
  void append(Batch& b, const std::vector<Val>& vals) const {
    for (size_t c = 0; c < map_.size(); ++c) {
      Column& col = b.column(c);
      const int f = map_[c];
      if (f < 0) { col.append_null(); continue; }
      const Val& v = vals[static_cast<size_t>(f)];
      switch (v.kind) {
        case Val::Null: col.append_null(); break;
        case Val::Str: col.append_string(v.s); break;
        case Val::Int: col.append_int(v.i); break;
        case Val::Bool: col.append_bool(v.b); break;
        case Val::List: col.append_list(*v.list); break;
        case Val::ViewList: col.append_list(*v.views); break;
      }
    }
  }

 private:
  Schema schema_;
  std::vector<int> map_;
};

// Fields of the posts type the ingesters write (hashtags_folded and
// urls_normalized are left null: normalize/posts fills them).
enum PostField {
  P_platform, P_source_file, P_source_line, P_post_id, P_author_id, P_author_handle,
  P_author_display_name, P_is_hashed_author, P_campaign, P_state, P_created_at,
  P_time_precision, P_text, P_language, P_interaction_type, P_target_post_id,
  P_target_author_id, P_hashtags, P_urls, P_mentions, P_mentions_kind, P_likes, P_shares,
  P_replies, P_quotes, P_views, P_count
};
inline const std::vector<FieldSpec>& post_fields() {
  static const std::vector<FieldSpec> f = {
      {"platform", TypeId::Utf8}, {"source_file", TypeId::Utf8}, {"source_line", TypeId::Int64},
      {"post_id", TypeId::Utf8}, {"author_id", TypeId::Utf8}, {"author_handle", TypeId::Utf8},
      {"author_display_name", TypeId::Utf8}, {"is_hashed_author", TypeId::Bool},
      {"campaign", TypeId::Utf8}, {"state", TypeId::Utf8}, {"created_at", TypeId::Timestamp},
      {"time_precision", TypeId::Utf8}, {"text", TypeId::Utf8}, {"language", TypeId::Utf8},
      {"interaction_type", TypeId::Utf8}, {"target_post_id", TypeId::Utf8},
      {"target_author_id", TypeId::Utf8}, {"hashtags", TypeId::ListUtf8},
      {"urls", TypeId::ListUtf8}, {"mentions", TypeId::ListUtf8},
      {"mentions_kind", TypeId::Utf8}, {"likes", TypeId::Int64}, {"shares", TypeId::Int64},
      {"replies", TypeId::Int64}, {"quotes", TypeId::Int64}, {"views", TypeId::Int64}};
  return f;
}

// Fields of the accounts type the ingesters write; a stage leaves the ones
// its source lacks null.
enum AccountField {
  A_platform, A_source_file, A_author_id, A_author_handle, A_display_name, A_is_hashed,
  A_description, A_profile_url, A_location, A_followers, A_following, A_created_at,
  A_created_precision, A_language, A_campaign, A_state, A_count
};
inline const std::vector<FieldSpec>& account_fields() {
  static const std::vector<FieldSpec> f = {
      {"platform", TypeId::Utf8}, {"source_file", TypeId::Utf8}, {"author_id", TypeId::Utf8},
      {"author_handle", TypeId::Utf8}, {"display_name", TypeId::Utf8},
      {"is_hashed", TypeId::Bool}, {"description", TypeId::Utf8},
      {"profile_url", TypeId::Utf8}, {"location", TypeId::Utf8}, {"followers", TypeId::Int64},
      {"following", TypeId::Int64}, {"created_at", TypeId::Timestamp},
      {"created_precision", TypeId::Utf8}, {"language", TypeId::Utf8},
      {"campaign", TypeId::Utf8}, {"state", TypeId::Utf8}};
  return f;
}

inline Schema required_type(const sdk::Context& ctx, const std::string& name) {
  auto s = ctx.dataset_type(name);
  if (!s) throw std::runtime_error("the host does not know the dataset type '" + name + "' (schemas/datasets/" + name + ".json)");
  return *s;
}

// A string option that may be absent or null.
inline std::optional<std::string> optional_string(const sdk::Json& config, const char* key) {
  if (!config.contains(key) || config[key].is_null()) return std::nullopt;
  if (!config[key].is_string()) throw std::invalid_argument(std::string("'") + key + "' must be a string or null");
  return config[key].get<std::string>();
}

// The rows of one output port of a dataset type: appended through a
// RowWriter, emitted when full (batch_rows) and at the end.
class RowBatch {
 public:
  RowBatch(sdk::Context& ctx, const char* port, const std::string& type_name,
           const std::vector<FieldSpec>& fields, int64_t batch_rows)
      : ctx_(ctx), port_(port), w_(type_name, required_type(ctx, type_name), fields),
        batch_rows_(batch_rows), b_(w_.new_batch()) {}
  const RowWriter& writer() const { return w_; }
  TimeUnit unit_of(const char* name) const { return w_.unit_of(name); }
  void append(const std::vector<Val>& vals) { w_.append(b_, vals); }
  bool full() const { return b_.rows() >= batch_rows_; }
  // Emits the batch when it holds rows; returns how many rows it emitted.
  int64_t emit() {
    const int64_t n = b_.rows();
    if (n == 0) return 0;
    ctx_.emit(port_, std::move(b_));
    b_ = w_.new_batch();
    return n;
  }

 private:
  sdk::Context& ctx_;
  const char* port_;
  RowWriter w_;
  int64_t batch_rows_;
  Batch b_;
};

// Reports progress after a flush; stops a cancelled run.
inline void flushed(sdk::Context& ctx, int64_t rows_done) {
  ctx.progress(rows_done);
  if (ctx.cancelled()) throw std::runtime_error("cancelled");
}

}  // namespace chorus::ingest
