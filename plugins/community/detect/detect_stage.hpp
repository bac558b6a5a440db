// community/detect: communities of a weighted network (Leiden or Louvain,
// igraph 0.10), with modularity and, given a node table, the class make-up
// of each community. See docs/methods.md. The work is detector.hpp, the
// igraph calls graph.hpp.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "graph.hpp"

namespace chorus::community_detect {

// The parsed `with:`; defaults live in DetectStage::options().
struct Config {
  Algorithm algorithm;
  double resolution;
  uint64_t seed;
  bool directed;
  bool weighted;
  double beta;
  int64_t iterations;  // -1: until stable
  std::string node_column;
  std::string class_column;
};

struct DetectStage : sdk::ConfiguredStage<Config> {
  static constexpr const char* type = "community/detect";
  static constexpr const char* description =
      "Communities of a weighted network with Leiden or Louvain (igraph), seeded; modularity and class composition.";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
  "inputs": [
    {"name": "edges", "type": "edges", "description": "Edge list: source, target, weight (float64)."},
    {"name": "nodes", "type": "any", "optional": true, "description": "Node table with node_column and class_column (utf8), e.g. accounts with author_id and state; the first row of a node wins."}
  ],
  "outputs": [
    {"name": "membership", "type": "any", "description": "node, community: one row per node, by community then node id."},
    {"name": "communities", "type": "any", "description": "community, size, internal_weight, total_strength, dominant_class, dominant_share, unclassified (class columns null without nodes); by community id (0 = largest)."},
    {"name": "composition", "type": "any", "description": "community, class, nodes, share: classes of each community (needs nodes), by community, nodes descending, class."},
    {"name": "summary", "type": "any", "description": "One row: algorithm, seed, resolution, directed, nodes, edges, total_weight, communities, modularity (gamma 1), quality (modularity at the resolution), rows_read, null_node_rows, bad_weight_rows, self_loop_rows."}
  ]
})json";
  static const sdk::OptionTable<Config>& options();

  std::optional<sdk::PortTypes> infer(const Config& cfg, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const Config& cfg, sdk::Context& ctx);
};

}  // namespace chorus::community_detect
