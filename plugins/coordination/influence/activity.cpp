#include "activity.hpp"

#include <chorus/sdk/random.hpp>

#include <cmath>
#include <set>
#include <stdexcept>
#include <thread>

namespace chorus::coordination_influence {

// Seeded draws identical on every platform (chorus/sdk/random.hpp).
using SplitMix64 = sdk::SplitMix64;

void ActivityBuilder::add(const Batch& b) {
  const Column& author = b.column("author_id");
  const Column& created = b.column("created_at");
  const int state_index = b.index_of("state");
  const int64_t per_ms = units_per_ms(created.type());
  static const char* list_columns[] = {"hashtags_folded", "urls_normalized", "mentions"};
  const Column* lists[kTypes] = {nullptr, nullptr, nullptr};
  for (int t = 0; t < kTypes; ++t)
    if (o_.type_enabled[t]) lists[t] = &b.column(list_columns[t]);
  for (int64_t r = 0; r < b.rows(); ++r) {
    ++rows_;
    if (author.is_null(r)) {
      ++null_author_;
      continue;
    }
    if (created.is_null(r)) {
      ++null_time_;
      continue;
    }
    const int64_t ms = per_ms > 0 ? floor_div(created.int64(r), per_ms) : created.int64(r) * (-per_ms);
    const uint32_t acc = accounts_.id(author.str(r));
    if (acc == posts_.size()) posts_.push_back(0), state_.emplace_back(), conflicts_.push_back(0);
    if (state_index >= 0 && !b.column(static_cast<size_t>(state_index)).is_null(r)) {
      const std::string_view st = b.column(static_cast<size_t>(state_index)).str(r);
      if (state_[acc].empty())
        state_[acc] = std::string(st);
      else if (state_[acc] != st) {
        conflicts_[acc] = 1;
        if (st < state_[acc]) state_[acc] = std::string(st);  // the smallest state, byte order
      }
    }
    if ((o_.start_ms && ms < *o_.start_ms) || (o_.end_ms && ms >= *o_.end_ms)) {
      ++outside_;
      continue;
    }
    const int64_t bin = floor_div(ms, o_.bin_ms);
    min_bin_ = std::min(min_bin_, bin);
    max_bin_ = std::max(max_bin_, bin);
    ++posts_[acc];
    for (int t = 0; t < kTypes; ++t) {
      if (!lists[t]) continue;
      const Column& c = *lists[t];
      if (c.is_null(r)) {
        ++null_lists_;
        continue;
      }
      for (int64_t k = 0; k < c.list_size(r); ++k) {
        const std::string_view value = c.list_item(r, k);
        if (value.empty()) continue;
        if (!o_.exclude[t].empty() && o_.exclude[t].count(std::string(value))) {
          ++excluded_;
          continue;
        }
        raw_.push_back({bin, entities_[t].id(value), static_cast<uint32_t>(t), acc});
      }
    }
  }
}

Activity ActivityBuilder::finish() {
  Activity act;
  act.bin_ms = o_.bin_ms;
  act.rows = rows_, act.null_author = null_author_, act.null_time = null_time_, act.outside_window = outside_;
  act.null_lists = null_lists_, act.excluded = excluded_;
  act.accounts_seen = static_cast<int64_t>(accounts_.size());
  // Window: configured, or from the first to the last post's bin.
  int64_t first = o_.start_ms ? floor_div(*o_.start_ms, o_.bin_ms) : min_bin_;
  int64_t last = o_.end_ms ? floor_div(*o_.end_ms - 1, o_.bin_ms) : max_bin_;
  if (!o_.start_ms && !o_.end_ms && min_bin_ > max_bin_) first = last = 0;  // no post at all
  if (o_.start_ms && !o_.end_ms && min_bin_ > max_bin_) last = first;
  if (!o_.start_ms && o_.end_ms && min_bin_ > max_bin_) first = last;
  act.first_bin = first;
  act.bins = std::max<int64_t>(0, last - first + 1);
  if (act.bins > int64_t{UINT32_MAX}) throw std::invalid_argument("with.bin: the window has more than 2^32 bins");

  const std::vector<uint32_t> keep = select_accounts(act);
  // Entities in (type, value) order.
  std::vector<uint32_t> entity_new[kTypes];
  std::vector<std::pair<int, uint32_t>> entity_order;
  for (int t = 0; t < kTypes; ++t) {
    entity_new[t].assign(entities_[t].size(), UINT32_MAX);
    for (uint32_t e : entities_[t].sorted()) entity_order.push_back({t, e});
  }
  // Keep only entities some selected account used in the window.
  std::vector<uint8_t> used[kTypes];
  for (int t = 0; t < kTypes; ++t) used[t].assign(entities_[t].size(), 0);
  for (const Raw& r : raw_)
    if (keep[r.account] != UINT32_MAX) used[r.type][r.entity] = 1;
  for (const auto& [t, e] : entity_order)
    if (used[t][e]) {
      entity_new[t][e] = static_cast<uint32_t>(act.entities.size());
      act.entities.push_back(entities_[t].str(e));
      act.entity_type.push_back(static_cast<uint8_t>(t));
    }
  act.cells.reserve(raw_.size());
  for (const Raw& r : raw_) {
    if (keep[r.account] == UINT32_MAX) continue;
    act.cells.push_back({entity_new[r.type][r.entity], static_cast<uint32_t>(r.bin - first), keep[r.account]});
  }
  std::vector<Raw>().swap(raw_);
  sort_cells(act.cells, o_.threads);
  act.cells.erase(std::unique(act.cells.begin(), act.cells.end()), act.cells.end());
  cap_hubs(act);
  return act;
}

void ActivityBuilder::sort_cells(std::vector<Cell>& cells, int threads) {
  if (threads < 2 || cells.size() < 100000) {
    std::sort(cells.begin(), cells.end());
    return;
  }
  auto mid = cells.begin() + static_cast<std::ptrdiff_t>(cells.size() / 2);
  std::thread helper([&] { std::sort(cells.begin(), mid); });
  std::sort(mid, cells.end());
  helper.join();
  std::inplace_merge(cells.begin(), mid, cells.end());
}

int64_t ActivityBuilder::units_per_ms(const DataType& t) {
  if (t.id != TypeId::Timestamp) return 1;  // int64 taken as ms
  switch (t.unit) {
    case TimeUnit::Second:
      return -1000;  // negative: multiply
    case TimeUnit::Milli:
      return 1;
    case TimeUnit::Micro:
      return 1000;
    case TimeUnit::Nano:
      return 1000000;
  }
  return 1;
}

std::vector<uint32_t> ActivityBuilder::select_accounts(Activity& act) {
  std::vector<uint32_t> candidates;
  for (uint32_t a : accounts_.sorted())
    if (posts_[a] >= o_.min_posts)
      candidates.push_back(a);
    else
      ++act.accounts_below_threshold;
  if (o_.top_percent) {
    // Top x% by posts in the window; ties broken by account id (byte order).
    std::vector<uint32_t> by_posts = candidates;
    std::stable_sort(by_posts.begin(), by_posts.end(), [&](uint32_t x, uint32_t y) { return posts_[x] > posts_[y]; });
    const size_t n =
        static_cast<size_t>(std::ceil(*o_.top_percent / 100.0 * static_cast<double>(by_posts.size()) - 1e-9));
    by_posts.resize(std::min(n, by_posts.size()));
    std::set<uint32_t> kept(by_posts.begin(), by_posts.end());
    std::vector<uint32_t> next;
    for (uint32_t a : candidates)
      if (kept.count(a))
        next.push_back(a);
      else
        ++act.accounts_below_threshold;
    candidates.swap(next);
  }
  if (o_.balance_unaffiliated) {
    std::vector<uint32_t> linked, unaffiliated;
    for (uint32_t a : candidates) (state_[a].empty() ? unaffiliated : linked).push_back(a);
    if (unaffiliated.size() > linked.size()) {
      // Partial Fisher-Yates over the unaffiliated in id order, seeded.
      SplitMix64 rng{o_.seed};
      for (size_t i = 0; i < linked.size(); ++i) {
        const size_t j = i + static_cast<size_t>(rng.below(unaffiliated.size() - i));
        std::swap(unaffiliated[i], unaffiliated[j]);
      }
      act.accounts_sampled_out = static_cast<int64_t>(unaffiliated.size() - linked.size());
      std::set<uint32_t> drawn(unaffiliated.begin(), unaffiliated.begin() + static_cast<std::ptrdiff_t>(linked.size()));
      std::vector<uint32_t> next;
      for (uint32_t a : candidates)
        if (!state_[a].empty() || drawn.count(a)) next.push_back(a);
      candidates.swap(next);
    }
  }
  std::vector<uint32_t> keep(accounts_.size(), UINT32_MAX);
  for (uint32_t a : candidates) {
    keep[a] = static_cast<uint32_t>(act.accounts.size());
    act.accounts.push_back(accounts_.str(a));
    act.account_state.push_back(state_[a]);
    act.account_posts.push_back(posts_[a]);
    act.classes.push_back(state_[a].empty() ? "unaffiliated" : o_.class_is_state_code ? state_[a] : "state_linked");
    act.state_conflicts += conflicts_[a];
  }
  return keep;
}

void ActivityBuilder::cap_hubs(Activity& act) const {
  if (o_.max_accounts_per_entity_bin <= 0) return;
  const size_t cap = static_cast<size_t>(o_.max_accounts_per_entity_bin);
  size_t out = 0;
  for (size_t i = 0; i < act.cells.size();) {
    size_t j = i;
    while (j < act.cells.size() && act.cells[j].entity == act.cells[i].entity && act.cells[j].bin == act.cells[i].bin)
      ++j;
    if (j - i > cap)
      act.capped.push_back({act.cells[i].entity, act.cells[i].bin, static_cast<int64_t>(j - i)});
    else
      for (size_t k = i; k < j; ++k) act.cells[out++] = act.cells[k];
    i = j;
  }
  act.cells.resize(out);
}

}  // namespace chorus::coordination_influence
