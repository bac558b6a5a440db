// The stage graph: ordering and cycle detection (with the cycle's path, which
// boost::topological_sort does not give).
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace chorus {

struct Dag {
  size_t nodes = 0;
  std::vector<std::pair<size_t, size_t>> edges;  // (upstream, downstream)
};

// One cycle as a node path whose last node leads back to the first, if any.
std::optional<std::vector<size_t>> find_cycle(const Dag& dag);

// Nodes so that every edge goes forward; among ready nodes the lower index
// comes first, so the order follows the file. Requires an acyclic graph.
std::vector<size_t> topological_order(const Dag& dag);

}  // namespace chorus
