// The posts behind the interaction edges, for stats/engagement: folds the
// interactions rows (one per edge) into one record per (platform, post_id)
// with its state, its scope (inter if any of its edges is inter-state, else
// intra if any is intra-state, else external) and its engagement metrics.
// Memory: the keys live in one character arena and an open-addressing table
// of post numbers, about 50 bytes per post, so ten million posts fit.
// add() and its helpers are in post_table.cpp, one translation unit, so the
// per-row work inlines there; the accessors stay inline here.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <chorus/sdk.hpp>

namespace chorus::stats_engagement {

// Post scope, in rising priority: a post is inter if any edge is inter.
enum class PostScope : uint8_t { External = 0, Intra = 1, Inter = 2 };

const char* scope_name(PostScope s);

// Why rows did not count (reported, never silently dropped).
struct RowTally {
  int64_t rows = 0;               // rows read
  int64_t excluded_type = 0;      // type in with.exclude_types (retweets by default)
  int64_t unattributed = 0;       // null source_state or scope 'unattributed'
  int64_t null_key = 0;           // null post_id
  int64_t bad_scope = 0;          // null scope or not intra/inter/external/unattributed
  int64_t null_type = 0;          // null type: cannot tell whether it is excluded
  int64_t conflicting_posts = 0;  // later rows of a post with other metric values or state (first kept)
};

class PostTable {
 public:
  explicit PostTable(std::vector<std::string> metrics, std::vector<std::string> exclude_types)
      : metrics_(std::move(metrics)), exclude_(std::move(exclude_types)) {
    slots_.assign(1024, 0);
  }

  size_t metric_count() const { return metrics_.size(); }
  size_t size() const { return state_.size(); }
  uint32_t state_of(size_t post) const { return state_[post]; }
  PostScope scope_of(size_t post) const { return static_cast<PostScope>(scope_[post]); }
  // Metric value of a post; NaN for null.
  double value(size_t post, size_t metric) const { return values_[post * metrics_.size() + metric]; }
  std::string_view key(size_t post) const {
    return std::string_view(arena_.data() + key_start_[post], key_start_[post + 1] - key_start_[post]);
  }
  const std::vector<std::string>& states() const { return state_names_; }
  const RowTally& tally() const { return tally_; }

  // Folds the rows of an interactions batch into the posts.
  void add(const Batch& b);

 private:
  static constexpr size_t kInserted = std::numeric_limits<size_t>::max();

  struct Cols {
    const Column *platform = nullptr, *post_id, *type, *scope, *state;
    std::vector<const Column*> metrics;
  };
  Cols columns(const Batch& b) const;
  static double read_metric(const Column& col, int64_t r);
  bool excluded(std::string_view type) const;
  uint32_t state_index(std::string_view s);

  // Open addressing, linear probing; slot holds post number + 1 (0 = empty).
  size_t find_or_insert(const std::string& key, uint32_t state, PostScope scope, const std::vector<double>& vals);
  void place(size_t post);
  void grow();

  std::vector<std::string> metrics_, exclude_;
  std::string arena_;
  std::vector<uint64_t> key_start_, hash_;
  std::vector<uint32_t> slots_, state_;
  std::vector<uint8_t> scope_, conflicted_;
  std::vector<double> values_;
  std::vector<std::string> state_names_;
  std::map<std::string, uint32_t> state_ids_;
  uint32_t last_state_ = std::numeric_limits<uint32_t>::max();
  RowTally tally_;
};

}  // namespace chorus::stats_engagement
