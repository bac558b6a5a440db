#include "temporal_counter.hpp"

namespace chorus::network_temporal {

const char* peak_distance_class(int64_t months) {
  const int64_t d = months < 0 ? -months : months;
  if (d == 0) return "same month";
  if (d <= 2) return "< 3 months";
  if (d <= 12) return "3-12 months";
  return "> 1 year";
}

std::optional<std::pair<int64_t, int64_t>> Series::peak() const {
  std::optional<std::pair<int64_t, int64_t>> best;
  for (const auto& [m, n] : months)
    if (!best || n > best->second) best = {m, n};
  return best;
}

std::vector<MonthRow> TemporalCounter::monthly() const {
  std::vector<MonthRow> out;
  for (const auto& [key, s] : series_) {
    if (s.months.empty()) continue;
    int64_t cum = 0;
    const int64_t last = s.months.rbegin()->first;
    for (int64_t m = s.months.begin()->first; m <= last; ++m) {
      auto it = s.months.find(m);
      const int64_t n = it == s.months.end() ? 0 : it->second;
      cum += n;
      out.push_back({key.first, key.second, m, n, cum});
    }
  }
  return out;
}

std::vector<StatePeaks> TemporalCounter::peaks() const {
  std::vector<StatePeaks> out;
  for (const auto& [key, s] : series_) {
    if (key.second == "inter_in") continue;
    if (out.empty() || out.back().state != key.first) {
      out.emplace_back();
      out.back().state = key.first;
    }
    StatePeaks& p = out.back();
    if (key.second == "external") p.external_edges = s.edges;
    if (key.second == "intra") p.intra_edges = s.edges, p.first_intra = s.first_ms, p.intra_peak = s.peak();
    if (key.second == "inter") p.inter_edges = s.edges, p.first_inter = s.first_ms, p.inter_peak = s.peak();
  }
  for (StatePeaks& p : out) {
    if (p.first_intra && p.first_inter)
      p.lag_days = static_cast<double>(*p.first_inter - *p.first_intra) / static_cast<double>(kMillisPerDay);
    if (p.intra_peak && p.inter_peak) p.peak_distance_months = p.inter_peak->first - p.intra_peak->first;
  }
  return out;
}

}  // namespace chorus::network_temporal
