#include "snapshot_counter.hpp"

namespace chorus::network_temporal {

std::vector<SnapshotRow> SnapshotCounter::rows() const {
  std::vector<SnapshotRow> out;
  for (const auto& [year, pairs] : years_) {
    const size_t start = out.size();
    for (const auto& [key, a] : pairs)
      out.push_back({year, nodes_.str(static_cast<uint32_t>(key >> 32)),
                     nodes_.str(static_cast<uint32_t>(key & 0xFFFFFFFFu)), a.weight, a.count, a.first, a.last});
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(start), out.end(),
              [](const SnapshotRow& x, const SnapshotRow& y) {
                return x.source != y.source ? x.source < y.source : x.target < y.target;
              });
  }
  return out;
}

}  // namespace chorus::network_temporal
