// From posts to Active cells: (entity, bin, account) for the selected
// accounts, one global window of UTC-aligned bins, several posts of an
// account in one entity-bin counted once, hub entity-bins capped.
#pragma once

#include <chorus/sdk.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "influence_stage.hpp"

namespace chorus::coordination_influence {

// Inline: ActivityBuilder::add looks up every author and entity of every post.
// Strings to dense ids, looked up by string_view without allocating: an
// open-addressing table (linear probing) over one text arena.
class Interner {
 public:
  uint32_t id(std::string_view s) {
    if ((size() + 1) * 2 > slots_.size()) grow();
    const uint64_t h = std::hash<std::string_view>()(s);
    const size_t mask = slots_.size() - 1;
    for (size_t k = h & mask;; k = (k + 1) & mask) {
      const uint32_t slot = slots_[k];
      if (slot == 0) {
        const uint32_t id = static_cast<uint32_t>(size());
        text_.append(s.data(), s.size());
        ends_.push_back(text_.size());
        hashes_.push_back(h);
        slots_[k] = id + 1;
        return id;
      }
      if (hashes_[slot - 1] == h && view(slot - 1) == s) return slot - 1;
    }
  }
  std::string str(uint32_t id) const { return std::string(view(id)); }
  std::string_view view(uint32_t id) const {
    const size_t begin = id ? ends_[id - 1] : 0;
    return std::string_view(text_.data() + begin, ends_[id] - begin);
  }
  size_t size() const { return ends_.size(); }
  // The ids in byte order of their strings.
  std::vector<uint32_t> sorted() const {
    std::vector<uint32_t> order(size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) { return view(x) < view(y); });
    return order;
  }

 private:
  void grow() {
    std::vector<uint32_t> slots(std::max<size_t>(64, slots_.size() * 2), 0);
    const size_t mask = slots.size() - 1;
    for (uint32_t id = 0; id < size(); ++id) {
      size_t k = hashes_[id] & mask;
      while (slots[k]) k = (k + 1) & mask;
      slots[k] = id + 1;
    }
    slots_.swap(slots);
  }
  std::string text_;
  std::vector<size_t> ends_;
  std::vector<uint64_t> hashes_;
  std::vector<uint32_t> slots_;
};

struct Cell {
  uint32_t entity, bin, account;
  bool operator<(const Cell& o) const {
    if (entity != o.entity) return entity < o.entity;
    if (bin != o.bin) return bin < o.bin;
    return account < o.account;
  }
  bool operator==(const Cell& o) const { return entity == o.entity && bin == o.bin && account == o.account; }
};

struct CappedBin {
  uint32_t entity, bin;
  int64_t accounts;
};

struct Activity {
  int64_t bin_ms = 3600000;
  int64_t first_bin = 0;  // absolute bin index (epoch ms / bin_ms, floored) of window bin 0
  int64_t bins = 0;       // T
  // Selected accounts in byte order of their ids.
  std::vector<std::string> accounts, account_state;  // state "" = null
  std::vector<int64_t> account_posts;
  std::vector<std::string> classes;  // class of each account
  // Entities (of the selected accounts, in the window) in (type, value) order.
  std::vector<std::string> entities;
  std::vector<uint8_t> entity_type;
  std::vector<Cell> cells;  // sorted by (entity, bin, account), unique, caps applied
  std::vector<CappedBin> capped;
  // Counts for the log.
  int64_t rows = 0, null_author = 0, null_time = 0, outside_window = 0, null_lists = 0, excluded = 0;
  int64_t state_conflicts = 0, accounts_seen = 0, accounts_sampled_out = 0, accounts_below_threshold = 0;
};

inline int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

class ActivityBuilder {
 public:
  explicit ActivityBuilder(const Config& o) : o_(o) {}

  // Folds in a batch of posts (author_id, created_at, state and the lists of the enabled types).
  void add(const Batch& b);
  // The selected accounts' Active cells over the window.
  Activity finish();

  // Parallel sort in two halves then a merge: the result is the same sorted
  // sequence whatever the thread count.
  static void sort_cells(std::vector<Cell>& cells, int threads);

 private:
  struct Raw {
    int64_t bin;
    uint32_t entity;
    uint32_t type : 2;
    uint32_t account : 30;
  };

  static int64_t units_per_ms(const DataType& t);
  // old account id -> new id (byte order among the selected), UINT32_MAX if not selected.
  std::vector<uint32_t> select_accounts(Activity& act);
  // An entity-bin with more active accounts than the cap is removed for
  // everyone (all its accounts count as Inactive there) and reported.
  void cap_hubs(Activity& act) const;

  const Config& o_;
  Interner accounts_;
  Interner entities_[kTypes];
  std::vector<int64_t> posts_;
  std::vector<std::string> state_;
  std::vector<uint8_t> conflicts_;
  std::vector<Raw> raw_;
  int64_t min_bin_ = INT64_MAX, max_bin_ = INT64_MIN;
  int64_t rows_ = 0, null_author_ = 0, null_time_ = 0, outside_ = 0, null_lists_ = 0, excluded_ = 0;
};

}  // namespace chorus::coordination_influence
