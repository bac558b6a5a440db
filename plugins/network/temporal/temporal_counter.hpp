// network/temporal, the work without a host: monthly interaction counts per
// state and scope, and each state's inter- vs intra-state timing.
//
// Definitions (docs/methods.md):
//   scope of a row from its states, as network/interactions defines it:
//     source_state null -> skipped (unattributed); target_state null -> external;
//     equal -> intra; else inter (and, for the target state, inter_in).
//   month: the UTC calendar month of `time`.
//   peak month of a series: the month with the most edges, the earliest on ties.
//   lag_days = (first inter time - first intra time) / 86,400,000 ms (signed).
//   peak_distance_months = month index of the inter peak - that of the intra peak (signed);
//   class of |d|: 0 "same month", 1..2 "< 3 months", 3..12 "3-12 months", >= 13 "> 1 year".
//
// add() runs once per row and stays inline here (with Series::add and the
// series cache); the tables (monthly, peaks) are in temporal_counter.cpp.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar.hpp"

namespace chorus::network_temporal {

// The class of a peak distance in months: same month, < 3 months, 3-12 months, > 1 year.
const char* peak_distance_class(int64_t months);

struct Series {
  std::map<int64_t, int64_t> months;  // month index -> edges
  int64_t edges = 0;
  std::optional<int64_t> first_ms;

  void add(int64_t ms) {
    ++months[month_index_of_millis(ms)];
    ++edges;
    if (!first_ms || ms < *first_ms) first_ms = ms;
  }
  // The month with the most edges, the earliest on ties.
  std::optional<std::pair<int64_t, int64_t>> peak() const;
};

struct StatePeaks {
  std::string state;
  int64_t intra_edges = 0, inter_edges = 0, external_edges = 0;
  std::optional<int64_t> first_intra, first_inter;
  std::optional<double> lag_days;
  std::optional<std::pair<int64_t, int64_t>> intra_peak, inter_peak;  // (month index, edges)
  std::optional<int64_t> peak_distance_months;
};

struct MonthRow {
  std::string state, scope;
  int64_t month = 0, count = 0, cumulative = 0;
};

class TemporalCounter {
 public:
  // One interaction; time in milliseconds.
  void add(std::optional<std::string_view> source_state, std::optional<std::string_view> target_state, int64_t ms) {
    if (!source_state) {
      ++unattributed_;
      return;
    }
    const char* scope = !target_state ? "external" : *source_state == *target_state ? "intra" : "inter";
    series(*source_state, scope).add(ms);
    if (target_state && *source_state != *target_state) series(*target_state, "inter_in").add(ms);
  }
  void add_bad_row() { ++bad_rows_; }

  // Per (state, scope) in byte order, every month from the series' first to
  // its last (0 in the months between), with the running total.
  std::vector<MonthRow> monthly() const;
  // One row per state that sends at least one attributed edge, in byte order.
  std::vector<StatePeaks> peaks() const;

  int64_t unattributed() const { return unattributed_; }
  int64_t bad_rows() const { return bad_rows_; }

 private:
  Series& series(std::string_view state, const char* scope) {
    // A one-entry cache: consecutive rows mostly share state and scope.
    if (cache_ && cache_state_ == state && cache_scope_ == std::string_view(scope)) return *cache_;
    auto key = std::make_pair(std::string(state), std::string(scope));
    cache_ = &series_[key];
    cache_state_ = key.first;
    cache_scope_ = scope;
    return *cache_;
  }

  std::map<std::pair<std::string, std::string>, Series> series_;
  Series* cache_ = nullptr;
  std::string cache_state_;
  std::string_view cache_scope_;
  int64_t unattributed_ = 0, bad_rows_ = 0;
};

}  // namespace chorus::network_temporal
