// coordination/coaction: reading posts into shares. Which rows count for
// which kind (shares, replies, originals), the object keys of a row (target
// post, list items, normalized text) and the row accounting of the summary.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "coaction_core.hpp"
#include "coaction_stage.hpp"

namespace chorus::coordination_coaction {

// Columns of `posts` each kind reads (author_id and created_at always).
std::vector<std::string> needed_columns(Kind k, bool include_shares);
TypeId needed_type(const std::string& col);
// Throws std::invalid_argument naming with.kind when `s` lacks a column the kind needs.
void check_input(const Config& cfg, const Schema& s);

struct RowCounts {
  int64_t input_rows = 0;
  int64_t used = 0;             // rows that became a post with >= 1 key
  int64_t not_applicable = 0;   // co_retweet / co_reply: not a share / reply
  int64_t shares_excluded = 0;  // other kinds: a share / forward, include_shares false
  int64_t null_interaction_type = 0;
  int64_t null_key = 0;  // applicable row, key column null
  int64_t no_key = 0;    // applicable row, empty list or text too short after normalization
  int64_t null_author = 0;
  int64_t null_time = 0;
};

int64_t to_ms(int64_t v, TimeUnit u);
int64_t utf8_chars(std::string_view s);

class ShareReader {
 public:
  explicit ShareReader(const Config& cfg) : cfg_(cfg) {}

  // The posts column that holds the co-action's object.
  static const char* key_column(Kind k);
  // Every column add() reads (as optional: check_input names a missing one).
  std::vector<std::string> columns() const;

  void add(const Batch& b);

  const RowCounts& counts() const { return counts_; }
  ShareTable finish() { return builder_.finish(); }

 private:
  Config cfg_;
  ShareTableBuilder builder_;
  RowCounts counts_;
  std::vector<std::string> keys_;
};

}  // namespace chorus::coordination_coaction
