// The posts and accounts rows ingest/tmrc writes: cells of the columns it
// knows, placed by name into the columns of the host's dataset type.
#pragma once

#include <chorus/sdk.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::ingest_tmrc {

// A value of one output cell, pointing into the record or the row's storage.
struct Cell {
  enum Kind { Null, Str, Int, Bool, List } kind = Null;
  std::string_view s;
  int64_t i = 0;
  const std::vector<std::string>* list = nullptr;

  static Cell null() { return {}; }
  static Cell str(std::string_view v) {
    Cell c;
    c.kind = Str;
    c.s = v;
    return c;
  }
  static Cell str_or_null(std::string_view v) { return v.empty() ? null() : str(v); }
  static Cell integer(int64_t v) {
    Cell c;
    c.kind = Int;
    c.i = v;
    return c;
  }
  static Cell boolean(bool v) {
    Cell c;
    c.kind = Bool;
    c.i = v;
    return c;
  }
  static Cell items(const std::vector<std::string>& v) {
    Cell c;
    c.kind = List;
    c.list = &v;
    return c;
  }
};

// What this stage writes into each column of a dataset type it knows of;
// other columns (a newer type) are left null.
struct OutColumn {
  const char* name;
  TypeId type;
};

// Builds batches of a dataset type from rows of Cells given per known column.
class RowSink {
 public:
  // Throws when the host does not know the type, or a known column has
  // another type there.
  RowSink(sdk::Context& ctx, std::string port, const std::string& type_name, const std::vector<OutColumn>& known,
          int64_t batch_rows);

  // The unit of a timestamp column of the type (ms when it has none).
  TimeUnit unit_of(const char* name) const;

  std::vector<Cell>& row() { return row_; }
  void clear_row() { std::fill(row_.begin(), row_.end(), Cell::null()); }

  // Appends row() and emits a full batch; returns the rows emitted (0 or a batch).
  int64_t commit();
  int64_t flush();
  const Schema& schema() const { return schema_; }

 private:
  Batch new_batch() const;

  sdk::Context& ctx_;
  std::string port_;
  int64_t batch_rows_;
  Schema schema_;
  std::vector<int> slot_;
  std::vector<Cell> row_;
  Batch batch_;
};

// Known columns of posts, in the order of the slots used below.
enum PostSlot {
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
  P_quotes
};
const std::vector<OutColumn>& post_columns();

enum AccountSlot {
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
  A_state
};
const std::vector<OutColumn>& account_columns();

}  // namespace chorus::ingest_tmrc
