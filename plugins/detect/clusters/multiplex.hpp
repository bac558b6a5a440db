// detect/clusters, the multiplex account graph: one entry per account pair
// joined by a kept edge of at least one stream, with the streams that keep it.
#pragma once

#include <cstdint>
#include <vector>

#include "evidence.hpp"

namespace chorus::detect_clusters {

struct Multiplex {
  size_t accounts = 0;
  std::vector<int32_t> a, b;  // per pair, a < b, sorted by (a, b)
  // The pair's streams: entries [begin[i], begin[i+1]) of stream (index into
  // Evidence::streams(), ascending) and of its PairEvidence (index into Stream::pairs).
  std::vector<int64_t> begin;
  std::vector<int32_t> stream;
  std::vector<int64_t> entry;

  size_t size() const { return a.size(); }
  int64_t streams_of(size_t i) const { return begin[i + 1] - begin[i]; }
};

Multiplex build_multiplex(const Evidence& ev);

}  // namespace chorus::detect_clusters
