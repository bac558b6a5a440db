// The work of coordination/near_duplicates without a host: posts are
// tokenized (tokenize.hpp), cut into word shingles and collected; finish()
// runs MinHash + LSH with exact Jaccard verification (minhash.hpp) and
// builds the four output tables (clusters are the connected components of
// the similar pairs).
#pragma once

#include <chorus/sdk.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "minhash.hpp"
#include "near_duplicates_stage.hpp"
#include "tokenize.hpp"

namespace chorus::coordination_near_duplicates {

Schema clusters_schema();
Schema members_schema();
Schema pairs_schema();
Schema summary_schema();

struct Counts {
  int64_t posts_read = 0, null_post_id = 0, shares_skipped = 0, null_text = 0, short_text = 0;
};

// Millisecond value of a timestamp cell of any unit (floor division).
int64_t to_millis(int64_t v, TimeUnit unit);

class NearDuplicates {
 public:
  static constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();

  explicit NearDuplicates(const Config& cfg) : cfg_(cfg) {}

  const Counts& counts() const { return counts_; }

  // Reads one batch of posts (columns post_id, author_id, created_at, text and,
  // with exclude_shares, interaction_type).
  void add(const Batch& b);

  struct Output {
    Batch clusters{clusters_schema()}, members{members_schema()}, pairs{pairs_schema()}, summary{summary_schema()};
  };

  // Runs MinHash/LSH over everything added and builds the four tables.
  Output finish();

 private:
  static void push(std::string& arena, std::vector<size_t>& offsets, std::string_view s) {
    if (offsets.empty()) offsets.push_back(0);
    arena.append(s.data(), s.size());
    offsets.push_back(arena.size());
  }
  static std::string_view get(const std::string& arena, const std::vector<size_t>& offsets, uint32_t i) {
    return std::string_view(arena.data() + offsets[i], offsets[i + 1] - offsets[i]);
  }
  std::string_view post_id(uint32_t i) const { return get(post_ids_, post_offsets_, i); }
  std::string_view text(uint32_t i) const { return get(texts_, text_offsets_, i); }
  int32_t intern_author(std::string_view a) {
    auto [it, inserted] = author_index_.try_emplace(std::string(a), static_cast<int32_t>(author_names_.size()));
    if (inserted) author_names_.emplace_back(a);
    return it->second;
  }
  // created_at ascending with nulls last, then post_id.
  bool earlier(uint32_t a, uint32_t b) const {
    const bool na = times_[a] == kNoTime, nb = times_[b] == kNoTime;
    if (na != nb) return nb;
    if (!na && times_[a] != times_[b]) return times_[a] < times_[b];
    return post_id(a) < post_id(b);
  }
  bool same_set(uint32_t a, uint32_t b) const {
    return sets_.length(a) == sets_.length(b) &&
           std::equal(sets_.data(a), sets_.data(a) + sets_.length(a), sets_.data(b));
  }
  static void append_time(Column& c, int64_t v) {
    if (v == kNoTime)
      c.append_null();
    else
      c.append_int(v);
  }

  Config cfg_;
  Counts counts_;
  std::vector<uint64_t> tokens_, shingles_;
  ShingleSets sets_;
  std::string post_ids_, texts_;
  std::vector<size_t> post_offsets_{0}, text_offsets_{0};
  std::vector<int32_t> authors_;
  std::vector<std::string> author_names_;
  std::unordered_map<std::string, int32_t> author_index_;
  std::vector<int64_t> times_;
};

}  // namespace chorus::coordination_near_duplicates
