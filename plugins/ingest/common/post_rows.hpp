// Shared output plumbing of the ingesters that write the posts and accounts
// dataset types (twarc2, telegram, reddit): rows of known fields written into
// the columns of a dataset type by name (looked up once), the field lists of
// posts and accounts, and a batch that is emitted on one port.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::ingest_common {

// One field value of an output row; strings and lists are borrowed. The
// factories are inline: a row sets some twenty of them.
struct Val {
  enum Kind { Null, Str, Int, Bool, List, ViewList } kind = Null;
  std::string_view s;
  int64_t i = 0;
  bool b = false;
  const std::vector<std::string>* list = nullptr;
  const std::vector<std::string_view>* views = nullptr;

  static Val str(std::optional<std::string_view> v) {
    Val x;
    if (v) {
      x.kind = Str;
      x.s = *v;
    }
    return x;
  }
  static Val integer(std::optional<int64_t> v) {
    Val x;
    if (v) {
      x.kind = Int;
      x.i = *v;
    }
    return x;
  }
  static Val boolean(bool v) {
    Val x;
    x.kind = Bool;
    x.b = v;
    return x;
  }
  static Val items(const std::vector<std::string>& v) {
    Val x;
    x.kind = List;
    x.list = &v;
    return x;
  }
  static Val items(const std::vector<std::string_view>& v) {
    Val x;
    x.kind = ViewList;
    x.views = &v;
    return x;
  }
};

struct FieldSpec {
  const char* name;
  TypeId type;
};

// Writes rows of known fields into the columns of a dataset type, in the
// type's order; a column of the type that the stage does not know is null.
class RowWriter {
 public:
  // Throws when a column the stage writes has another type in the dataset type.
  RowWriter(const std::string& type_name, Schema schema, const std::vector<FieldSpec>& fields);
  const Schema& schema() const { return schema_; }
  // Unit of the timestamp column of that name (ms if absent).
  TimeUnit unit_of(const char* name) const;
  Batch new_batch() const { return Batch(schema_); }
  // One row: vals holds a value per field of the list given to the constructor.
  void append(Batch& b, const std::vector<Val>& vals) const;

 private:
  Schema schema_;
  std::vector<int> map_;
};

// Fields of the posts type the ingesters write (hashtags_folded and
// urls_normalized are left null: normalize/posts fills them).
enum PostField {
  P_platform,
  P_source_file,
  P_source_line,
  P_post_id,
  P_author_id,
  P_author_handle,
  P_author_display_name,
  P_is_hashed_author,
  P_campaign,
  P_state,
  P_created_at,
  P_time_precision,
  P_text,
  P_language,
  P_interaction_type,
  P_target_post_id,
  P_target_author_id,
  P_hashtags,
  P_urls,
  P_mentions,
  P_mentions_kind,
  P_likes,
  P_shares,
  P_replies,
  P_quotes,
  P_views,
  P_count
};
const std::vector<FieldSpec>& post_fields();

// Fields of the accounts type the ingesters write; a stage leaves the ones
// its source lacks null.
enum AccountField {
  A_platform,
  A_source_file,
  A_author_id,
  A_author_handle,
  A_display_name,
  A_is_hashed,
  A_description,
  A_profile_url,
  A_location,
  A_followers,
  A_following,
  A_created_at,
  A_created_precision,
  A_language,
  A_campaign,
  A_state,
  A_count
};
const std::vector<FieldSpec>& account_fields();

// The columns of a dataset type the host must know (throws if it does not).
Schema required_type(const sdk::Context& ctx, const std::string& name);

// The rows of one output port of a dataset type: appended through a
// RowWriter, emitted when full (batch_rows) and at the end.
class RowBatch {
 public:
  RowBatch(sdk::Context& ctx, const char* port, const std::string& type_name, const std::vector<FieldSpec>& fields,
           int64_t batch_rows);
  const RowWriter& writer() const { return w_; }
  TimeUnit unit_of(const char* name) const { return w_.unit_of(name); }
  void append(const std::vector<Val>& vals) { w_.append(b_, vals); }
  bool full() const { return b_.rows() >= batch_rows_; }
  // Emits the batch when it holds rows; returns how many rows it emitted.
  int64_t emit();

 private:
  sdk::Context& ctx_;
  const char* port_;
  RowWriter w_;
  int64_t batch_rows_;
  Batch b_;
};

// Reports progress after a flush; stops a cancelled run.
void flushed(sdk::Context& ctx, int64_t rows_done);

}  // namespace chorus::ingest_common
