// network/snapshots, the work without a host: any edge list with source,
// target and time folded into yearly snapshots (year, source, target,
// weight, count, first, last) for dynamic network views (Gephi timeline).
//
// weight = number of rows of the pair in that UTC calendar year, or the sum
// of a numeric weight column when with.weight names one (nulls count 0 and
// are reported). first/last = earliest/latest time of the pair in the year.
// Rows with a null source, target or time are skipped and counted.
//
// add() runs once per row and stays inline here (with the interner's look-ups);
// rows() is in snapshot_counter.cpp.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "calendar.hpp"
#include "network/interactions/string_interner.hpp"

namespace chorus::network_temporal {

struct SnapshotRow {
  int64_t year;
  std::string_view source, target;
  double weight;
  int64_t count, first, last;
};

class SnapshotCounter {
 public:
  void add(std::string_view source, std::string_view target, int64_t ms, double weight) {
    const uint64_t key = (static_cast<uint64_t>(nodes_.intern(source)) << 32) | nodes_.intern(target);
    const int64_t year = year_of_millis(ms);
    if (!cache_ || year != cache_year_) cache_ = &years_[year], cache_year_ = year;
    auto [it, fresh] = cache_->try_emplace(key, Agg{0, 0, ms, ms});
    Agg& a = it->second;
    a.weight += weight;
    ++a.count;
    a.first = std::min(a.first, ms);
    a.last = std::max(a.last, ms);
  }

  // In (year, source, target) order, source and target by bytes.
  std::vector<SnapshotRow> rows() const;

 private:
  struct Agg {
    double weight;
    int64_t count, first, last;
  };
  network_interactions::StringInterner nodes_;
  std::map<int64_t, std::unordered_map<uint64_t, Agg>> years_;
  std::unordered_map<uint64_t, Agg>* cache_ = nullptr;
  int64_t cache_year_ = 0;
};

}  // namespace chorus::network_temporal
