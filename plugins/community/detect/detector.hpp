// The work of community/detect: edge rows collapsed by node pair, node ids
// sorted (byte order) to get igraph vertex ids, the partition renumbered by
// size, and the output tables. The collapsed edges are sorted too, so the
// result depends only on the set of input rows, the config and the seed,
// never on the row order.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "detect_stage.hpp"

namespace chorus::community_detect {

Schema membership_schema();
Schema communities_schema();
Schema composition_schema();
Schema summary_schema();

struct Counts {
  int64_t rows_read = 0, null_node_rows = 0, bad_weight_rows = 0, self_loop_rows = 0;
};

class Detector {
 public:
  explicit Detector(Config cfg) : cfg_(std::move(cfg)) {}
  const Counts& counts() const { return counts_; }

  // Folds in a batch of edges (source, target and, when weighted, weight).
  void add_edges(const Batch& b);
  // Folds in a batch of the optional node table (node_column, class_column).
  void add_nodes(const Batch& b);
  void expect_nodes() { has_nodes_ = true; }  // a connected node table without batches

  struct Output {
    Batch membership{membership_schema()}, communities{communities_schema()}, composition{composition_schema()},
        summary{summary_schema()};
  };
  // Detects the communities and builds the four tables.
  Output finish();

 private:
  int64_t intern(std::string_view s);

  Config cfg_;
  Counts counts_;
  std::vector<std::string> names_;
  std::unordered_map<std::string, int64_t> index_;
  std::map<std::pair<int64_t, int64_t>, double> directed_;  // (source, target) -> summed weight
  std::unordered_map<std::string, std::string> classes_;    // node -> class (first row wins)
  bool has_nodes_ = false;
};

}  // namespace chorus::community_detect
