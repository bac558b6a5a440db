// The work of normalize/posts, free of the stage's plumbing: posts batches
// in, one row per (platform, post_id) out (first occurrence in input order,
// nulls filled from later copies if asked), hashtags_folded and
// urls_normalized derived, every later copy listed in a duplicates batch.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "column_append.hpp"
#include "hashtag_fold.hpp"
#include "key_index.hpp"

namespace chorus::normalize_posts {

// with: of normalize/posts (defaults: PostsStage::options()).
struct Config {
  std::vector<std::string> strip_subdomains;  // lower-cased single labels
  bool fill_nulls;                            // fill_nulls_from_duplicates
  bool turkic;                                // turkic_case_folding
  int64_t batch_rows;
};

// Columns of the duplicates output.
Schema duplicates_schema();

// Where a kept row came from, for the duplicates output.
struct Kept {
  int64_t ordinal;  // index among kept rows
  uint32_t file;    // interned source_file; UINT32_MAX for null
  bool line_null;
  int64_t line;
};

class Normalizer {
 public:
  // `schema`: the posts dataset type's columns, the output's.
  Normalizer(const Config& o, Schema schema, sdk::Context& ctx);

  // Rows are decided one by one (kept or a later copy), but kept rows are
  // copied to the output in runs, column by column (append_range): a run ends
  // at a later copy, whose handling needs every earlier kept row in place,
  // and at the end of an output batch. Output batches, the duplicates batches
  // and the progress reports are those of appending row by row.
  void add(const Batch& in);

  // Emits what is held or pending and logs the summary.
  void finish();

  int64_t duplicates() const { return duplicates_; }

 private:
  static uint64_t cell_key(int64_t ordinal, size_t col) {
    return (static_cast<uint64_t>(ordinal) << 6) | static_cast<uint64_t>(col);
  }
  uint32_t intern(std::string_view f);
  void append_rows(const Batch& in, const std::vector<int>& from, int64_t begin, int64_t end, int64_t read_before);
  const Column& held_column(int64_t ordinal, size_t c, int64_t& row) const;
  void fill(const Batch& in, const std::vector<int>& from, int64_t i, int64_t ordinal);
  Batch patch_batch(Batch& b, int64_t base, const std::vector<std::pair<uint64_t, int64_t>>& patches, size_t first,
                    size_t last);
  void derive(Batch& b);
  template <class PutItem>
  static void derive_list(Batch& b, int to, int from, PutItem&& put_item);
  void emit_current();
  void flush_duplicates();

  const Config& o_;
  Schema schema_;
  sdk::Context& ctx_;
  int folded_ = -1, normalized_ = -1, hashtags_ = -1, urls_ = -1;
  std::vector<bool> fillable_;
  Batch current_;
  std::vector<Batch> held_;
  std::vector<Column> patch_;                      // filled values, per column
  std::unordered_map<uint64_t, int64_t> patches_;  // (ordinal, column) -> row in patch_
  KeyIndex seen_;                                  // platform\0post_id of every kept row with both
  std::vector<Kept> kept_info_;                    // per entry of seen_
  std::string key_, url_;                          // scratch
  std::vector<uint64_t> hashes_;                   // per input row: hash_bytes of its key
  std::vector<std::string> files_;
  std::unordered_map<std::string, uint32_t> file_ids_;
  uint32_t last_file_ = UINT32_MAX;
  Batch dup_;
  HashtagFolder folder_;
  int64_t read_ = 0, kept_ = 0, emitted_ = 0, duplicates_ = 0, filled_ = 0, unkeyed_ = 0, unparseable_ = 0;
};

}  // namespace chorus::normalize_posts
