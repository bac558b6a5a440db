// community/detect: communities of a weighted network (Leiden or Louvain,
// igraph 0.10), with modularity and, given a node table, the class make-up
// of each community. See docs/methods.md.
//
// Node ids are sorted (byte order) to get igraph vertex ids, and the
// collapsed edges are sorted too, so the result depends only on the set of
// input rows, the config and the seed, never on the row order.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <chorus/sdk.hpp>
#include <chorus/sdk/suggest.hpp>

#include "graph.hpp"

namespace chorus::community {

using sdk::Json;

struct Config {
  Algorithm algorithm = Algorithm::Leiden;
  double resolution = 1.0;
  uint64_t seed = 42;
  bool directed = false;
  bool weighted = true;
  double beta = 0.01;
  int iterations = -1;
  std::string node_column = "author_id";
  std::string class_column = "state";
};

inline Config parse_config(const Json& config) {
  Config c;
  if (config.is_null()) return c;
  if (!config.is_object()) throw std::invalid_argument("with: expected an object");
  static const std::vector<std::string> keys = {"algorithm", "resolution", "seed",        "directed",
                                                "weighted",  "beta",       "iterations", "node_column",
                                                "class_column"};
  for (auto it = config.begin(); it != config.end(); ++it)
    if (std::find(keys.begin(), keys.end(), it.key()) == keys.end())
      throw std::invalid_argument("with: unknown key '" + it.key() + "'" + sdk::did_you_mean(it.key(), keys, "expected"));
  if (config.contains("algorithm")) {
    const Json& v = config["algorithm"];
    if (v == "leiden") c.algorithm = Algorithm::Leiden;
    else if (v == "louvain") c.algorithm = Algorithm::Louvain;
    else throw std::invalid_argument("with.algorithm: expected leiden or louvain, got " + v.dump());
  }
  auto positive = [&](const char* key, double& out) {
    if (!config.contains(key)) return;
    const Json& v = config[key];
    if (!v.is_number() || !(v.get<double>() > 0) || !std::isfinite(v.get<double>()))
      throw std::invalid_argument(std::string("with.") + key + ": expected a positive number, got " + v.dump());
    out = v.get<double>();
  };
  positive("resolution", c.resolution);
  positive("beta", c.beta);
  if (config.contains("seed")) {
    const Json& v = config["seed"];
    if (!v.is_number_integer() || (!v.is_number_unsigned() && v.get<int64_t>() < 0))
      throw std::invalid_argument("with.seed: expected a non-negative integer, got " + v.dump());
    c.seed = v.get<uint64_t>();
  }
  auto boolean = [&](const char* key, bool& out) {
    if (!config.contains(key)) return;
    if (!config[key].is_boolean())
      throw std::invalid_argument(std::string("with.") + key + ": expected true or false, got " + config[key].dump());
    out = config[key].get<bool>();
  };
  boolean("directed", c.directed);
  boolean("weighted", c.weighted);
  if (config.contains("iterations")) {
    const Json& v = config["iterations"];
    if (!v.is_number_integer() || v.get<int64_t>() == 0 || v.get<int64_t>() < -1 || v.get<int64_t>() > 1000000)
      throw std::invalid_argument("with.iterations: expected -1 (until stable) or a positive integer, got " + v.dump());
    c.iterations = static_cast<int>(v.get<int64_t>());
  }
  auto name = [&](const char* key, std::string& out) {
    if (!config.contains(key)) return;
    if (!config[key].is_string() || config[key].get<std::string>().empty())
      throw std::invalid_argument(std::string("with.") + key + ": expected a column name, got " + config[key].dump());
    out = config[key].get<std::string>();
  };
  name("node_column", c.node_column);
  name("class_column", c.class_column);
  return c;
}

inline const char* algorithm_name(Algorithm a) { return a == Algorithm::Leiden ? "leiden" : "louvain"; }

// --- output schemas ---------------------------------------------------------------

inline Schema membership_schema() { return {{"node", {TypeId::Utf8}}, {"community", {TypeId::Int64}}}; }
inline Schema communities_schema() {
  return {{"community", {TypeId::Int64}},        {"size", {TypeId::Int64}},
          {"internal_weight", {TypeId::Float64}}, {"total_strength", {TypeId::Float64}},
          {"dominant_class", {TypeId::Utf8}},     {"dominant_share", {TypeId::Float64}},
          {"unclassified", {TypeId::Int64}}};
}
inline Schema composition_schema() {
  return {{"community", {TypeId::Int64}}, {"class", {TypeId::Utf8}}, {"nodes", {TypeId::Int64}}, {"share", {TypeId::Float64}}};
}
inline Schema summary_schema() {
  return {{"algorithm", {TypeId::Utf8}},       {"seed", {TypeId::Int64}},          {"resolution", {TypeId::Float64}},
          {"directed", {TypeId::Bool}},        {"nodes", {TypeId::Int64}},         {"edges", {TypeId::Int64}},
          {"total_weight", {TypeId::Float64}}, {"communities", {TypeId::Int64}},   {"modularity", {TypeId::Float64}},
          {"quality", {TypeId::Float64}},      {"rows_read", {TypeId::Int64}},     {"null_node_rows", {TypeId::Int64}},
          {"bad_weight_rows", {TypeId::Int64}}, {"self_loop_rows", {TypeId::Int64}}};
}

// --- the work ------------------------------------------------------------------------

struct Counts {
  int64_t rows_read = 0, null_node_rows = 0, bad_weight_rows = 0, self_loop_rows = 0;
};

class Detector {
 public:
  explicit Detector(Config cfg) : cfg_(std::move(cfg)) {}
  const Counts& counts() const { return counts_; }

  // Folds in a batch of edges (source, target and, when weighted, weight).
  void add_edges(const Batch& b) {
    const Column& src = column(b, "source", TypeId::Utf8, "edges");
    const Column& dst = column(b, "target", TypeId::Utf8, "edges");
    const Column* w = cfg_.weighted ? &column(b, "weight", TypeId::Float64, "edges") : nullptr;
    for (int64_t r = 0; r < b.rows(); ++r) {
      ++counts_.rows_read;
      if (src.is_null(r) || dst.is_null(r)) { ++counts_.null_node_rows; continue; }
      double weight = 1.0;
      if (w) {
        if (w->is_null(r) || !std::isfinite(w->float64(r)) || w->float64(r) < 0) { ++counts_.bad_weight_rows; continue; }
        weight = w->float64(r);
      }
      if (src.str(r) == dst.str(r)) { ++counts_.self_loop_rows; continue; }
      const int64_t u = intern(src.str(r)), v = intern(dst.str(r));
      directed_[{u, v}] += weight;
    }
  }

  // Folds in a batch of the optional node table (node_column, class_column).
  void add_nodes(const Batch& b) {
    const Column& id = column(b, cfg_.node_column, TypeId::Utf8, "nodes");
    const Column& cls = column(b, cfg_.class_column, TypeId::Utf8, "nodes");
    has_nodes_ = true;
    for (int64_t r = 0; r < b.rows(); ++r)
      if (!id.is_null(r) && !cls.is_null(r)) classes_.try_emplace(std::string(id.str(r)), std::string(cls.str(r)));
  }
  void expect_nodes() { has_nodes_ = true; }  // a connected node table without batches

  struct Output {
    Batch membership{membership_schema()}, communities{communities_schema()}, composition{composition_schema()},
        summary{summary_schema()};
  };

  Output finish() {
    // Vertex ids in node-id byte order.
    const int64_t n = static_cast<int64_t>(names_.size());
    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
    std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return names_[a] < names_[b]; });
    std::vector<int64_t> vid(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) vid[static_cast<size_t>(order[static_cast<size_t>(i)])] = i;
    std::map<std::pair<int64_t, int64_t>, double> undirected, directed;
    for (const auto& [e, w] : directed_) {
      const int64_t u = vid[static_cast<size_t>(e.first)], v = vid[static_cast<size_t>(e.second)];
      directed[{u, v}] += w;
      undirected[{std::min(u, v), std::max(u, v)}] += w;
    }
    auto to_edges = [](const std::map<std::pair<int64_t, int64_t>, double>& m) {
      std::vector<WeightedEdge> out;
      for (const auto& [e, w] : m) out.push_back({e.first, e.second, w});
      return out;
    };
    const std::vector<WeightedEdge> edges = to_edges(undirected);
    double total = 0;
    for (const auto& e : edges) total += e.weight;

    std::vector<int64_t> membership(static_cast<size_t>(n));
    std::optional<double> q, quality;
    if (total > 0) {
      Partition p = detect(n, edges, cfg_.algorithm, cfg_.resolution, cfg_.seed, cfg_.beta, cfg_.iterations);
      membership = std::move(p.membership);
    } else {
      for (int64_t i = 0; i < n; ++i) membership[static_cast<size_t>(i)] = i;  // no weight: no structure
    }
    // Community ids: larger first, ties by the smallest node id (= smallest vertex id).
    const int64_t k = n == 0 ? 0 : *std::max_element(membership.begin(), membership.end()) + 1;
    std::vector<int64_t> size(static_cast<size_t>(k), 0), smallest(static_cast<size_t>(k), n);
    for (int64_t v = 0; v < n; ++v) {
      const auto c = static_cast<size_t>(membership[static_cast<size_t>(v)]);
      ++size[c];
      smallest[c] = std::min(smallest[c], v);
    }
    std::vector<int64_t> by_rank;
    for (int64_t c = 0; c < k; ++c)
      if (size[static_cast<size_t>(c)] > 0) by_rank.push_back(c);
    std::sort(by_rank.begin(), by_rank.end(), [&](int64_t a, int64_t b) {
      if (size[a] != size[b]) return size[a] > size[b];
      return smallest[a] < smallest[b];
    });
    std::vector<int64_t> id(static_cast<size_t>(k), -1);
    for (size_t r = 0; r < by_rank.size(); ++r) id[static_cast<size_t>(by_rank[r])] = static_cast<int64_t>(r);
    for (auto& m : membership) m = id[static_cast<size_t>(m)];
    const int64_t communities = static_cast<int64_t>(by_rank.size());

    if (total > 0) {
      q = cfg_.directed ? modularity(n, to_edges(directed), membership, true, 1.0)
                        : modularity(n, edges, membership, false, 1.0);
      quality = modularity(n, edges, membership, false, cfg_.resolution);
    }

    Output out;
    // membership: by community, then node id (vertex order is node order).
    std::vector<int64_t> verts(static_cast<size_t>(n));
    for (int64_t v = 0; v < n; ++v) verts[static_cast<size_t>(v)] = v;
    std::stable_sort(verts.begin(), verts.end(),
                     [&](int64_t a, int64_t b) { return membership[a] < membership[b]; });
    for (int64_t v : verts) {
      out.membership.column("node").append_string(names_[order[static_cast<size_t>(v)]]);
      out.membership.column("community").append_int(membership[static_cast<size_t>(v)]);
    }
    // communities
    std::vector<double> internal(static_cast<size_t>(communities), 0), strength(static_cast<size_t>(communities), 0);
    for (const auto& e : edges) {
      const int64_t cu = membership[static_cast<size_t>(e.u)], cv = membership[static_cast<size_t>(e.v)];
      if (cu == cv) internal[static_cast<size_t>(cu)] += e.weight;
      strength[static_cast<size_t>(cu)] += e.weight;
      strength[static_cast<size_t>(cv)] += e.weight;
    }
    std::vector<std::map<std::string, int64_t>> tally(static_cast<size_t>(communities));
    std::vector<int64_t> unclassified(static_cast<size_t>(communities), 0), csize(static_cast<size_t>(communities), 0);
    for (int64_t v = 0; v < n; ++v) {
      const auto c = static_cast<size_t>(membership[static_cast<size_t>(v)]);
      ++csize[c];
      auto it = classes_.find(names_[order[static_cast<size_t>(v)]]);
      if (it == classes_.end()) ++unclassified[c];
      else ++tally[c][it->second];
    }
    for (int64_t c = 0; c < communities; ++c) {
      const auto ci = static_cast<size_t>(c);
      Batch& t = out.communities;
      t.column("community").append_int(c);
      t.column("size").append_int(csize[ci]);
      t.column("internal_weight").append_double(internal[ci]);
      t.column("total_strength").append_double(strength[ci]);
      // Classes by count descending, then class name.
      std::vector<std::pair<std::string, int64_t>> classes(tally[ci].begin(), tally[ci].end());
      std::stable_sort(classes.begin(), classes.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
      if (!has_nodes_ || classes.empty()) {
        t.column("dominant_class").append_null();
        t.column("dominant_share").append_null();
      } else {
        t.column("dominant_class").append_string(classes[0].first);
        t.column("dominant_share").append_double(static_cast<double>(classes[0].second) / static_cast<double>(csize[ci]));
      }
      if (has_nodes_) t.column("unclassified").append_int(unclassified[ci]);
      else t.column("unclassified").append_null();
      for (const auto& [cls, count] : classes) {
        out.composition.column("community").append_int(c);
        out.composition.column("class").append_string(cls);
        out.composition.column("nodes").append_int(count);
        out.composition.column("share").append_double(static_cast<double>(count) / static_cast<double>(csize[ci]));
      }
    }
    Batch& s = out.summary;
    s.column("algorithm").append_string(algorithm_name(cfg_.algorithm));
    s.column("seed").append_int(static_cast<int64_t>(cfg_.seed));
    s.column("resolution").append_double(cfg_.resolution);
    s.column("directed").append_bool(cfg_.directed);
    s.column("nodes").append_int(n);
    s.column("edges").append_int(static_cast<int64_t>(edges.size()));
    s.column("total_weight").append_double(total);
    s.column("communities").append_int(communities);
    if (q) s.column("modularity").append_double(*q);
    else s.column("modularity").append_null();
    if (quality) s.column("quality").append_double(*quality);
    else s.column("quality").append_null();
    s.column("rows_read").append_int(counts_.rows_read);
    s.column("null_node_rows").append_int(counts_.null_node_rows);
    s.column("bad_weight_rows").append_int(counts_.bad_weight_rows);
    s.column("self_loop_rows").append_int(counts_.self_loop_rows);
    for (Batch* b : {&out.membership, &out.communities, &out.composition, &out.summary}) b->set_empty_rows(b->rows());
    return out;
  }

 private:
  static const Column& column(const Batch& b, const std::string& name, TypeId type, const char* port) {
    const int i = b.index_of(name);
    if (i < 0) throw std::runtime_error(std::string("input '") + port + "' has no column '" + name + "'");
    const Column& c = b.column(static_cast<size_t>(i));
    if (c.type().id != type)
      throw std::runtime_error(std::string("input '") + port + "': column '" + name + "' is " + c.type().name() +
                               ", expected " + DataType{type}.name());
    return c;
  }
  int64_t intern(std::string_view s) {
    auto [it, inserted] = index_.try_emplace(std::string(s), static_cast<int64_t>(names_.size()));
    if (inserted) names_.emplace_back(s);
    return it->second;
  }

  Config cfg_;
  Counts counts_;
  std::vector<std::string> names_;
  std::unordered_map<std::string, int64_t> index_;
  std::map<std::pair<int64_t, int64_t>, double> directed_;  // (source, target) -> summed weight
  std::unordered_map<std::string, std::string> classes_;     // node -> class (first row wins)
  bool has_nodes_ = false;
};

// --- the stage -------------------------------------------------------------------------

struct Detect : sdk::Stage {
  static constexpr const char* type = "community/detect";
  static constexpr const char* description =
      "Communities of a weighted network with Leiden or Louvain (igraph), seeded; modularity and class composition.";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "community/detect",
  "description": "Finds communities of the network given as an edge list with igraph 0.10 (Leiden with the modularity objective, or Louvain = multilevel). Both need an undirected graph: edges are collapsed to one undirected edge per node pair whose weight is the sum of the rows in both directions. Self-loops are skipped and counted.",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "algorithm": {"description": "leiden (igraph_community_leiden, modularity objective: node weights = strengths, resolution / 2m) or louvain (igraph_community_multilevel).", "type": "string", "enum": ["leiden", "louvain"], "default": "leiden"},
    "resolution": {"description": "Resolution gamma of the modularity objective: above 1 gives more, smaller communities; below 1 fewer, larger ones.", "type": "number", "exclusiveMinimum": 0, "default": 1.0},
    "seed": {"description": "Seed of igraph's default random number generator, set right before the algorithm runs.", "type": "integer", "minimum": 0, "default": 42},
    "directed": {"description": "Whether source -> target rows are directed. Detection always runs on the undirected collapse; with true, summary.modularity is the directed (Leicht-Newman) modularity of the found partition on the directed graph.", "type": "boolean", "default": false},
    "weighted": {"description": "Use the weight column (non-negative, finite); false: every row weighs 1 (repeated rows add up).", "type": "boolean", "default": true},
    "beta": {"description": "Leiden only: randomness of the refinement step.", "type": "number", "exclusiveMinimum": 0, "default": 0.01},
    "iterations": {"description": "Leiden only: iterations of the algorithm; -1 iterates until the partition no longer changes.", "type": "integer", "minimum": -1, "not": {"const": 0}, "default": -1},
    "node_column": {"description": "Node id column of the optional nodes input.", "type": "string", "minLength": 1, "default": "author_id"},
    "class_column": {"description": "Class column (utf8) of the optional nodes input, e.g. state; gives the composition of each community.", "type": "string", "minLength": 1, "default": "state"}
  }
})json";
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

  std::optional<sdk::PortTypes> infer(const Json& config, const sdk::PortTypes& inputs, sdk::Context&) override {
    const Config cfg = parse_config(config);
    auto nodes = inputs.find("nodes");
    if (nodes != inputs.end()) {
      for (const auto& [key, name] : {std::pair<const char*, std::string>{"node_column", cfg.node_column},
                                      std::pair<const char*, std::string>{"class_column", cfg.class_column}}) {
        std::vector<std::string> names;
        const Field* found = nullptr;
        for (const auto& f : nodes->second.columns) {
          names.push_back(f.name);
          if (f.name == name) found = &f;
        }
        if (!found)
          throw std::invalid_argument(std::string("with.") + key + ": no column '" + name + "' in input 'nodes'" +
                                      sdk::did_you_mean(name, names, "columns"));
        if (found->type.id != TypeId::Utf8)
          throw std::invalid_argument(std::string("with.") + key + ": column '" + name + "' of input 'nodes' is " +
                                      found->type.name() + ", expected utf8");
      }
    }
    return sdk::PortTypes{{"membership", {"", membership_schema()}},
                          {"communities", {"", communities_schema()}},
                          {"composition", {"", composition_schema()}},
                          {"summary", {"", summary_schema()}}};
  }

  void run(const Json& config, sdk::Context& ctx) override {
    Detector d(parse_config(config));
    Batch batch;
    if (ctx.input_type("nodes")) d.expect_nodes();
    while (!ctx.cancelled() && ctx.read("nodes", batch)) d.add_nodes(batch);
    while (!ctx.cancelled() && ctx.read("edges", batch)) {
      d.add_edges(batch);
      ctx.progress(d.counts().rows_read);
    }
    if (ctx.cancelled()) return;
    const Counts& c = d.counts();
    if (c.null_node_rows || c.bad_weight_rows || c.self_loop_rows)
      ctx.warn("community/detect: edge rows skipped: " + std::to_string(c.null_node_rows) + " with a null source or target, " +
               std::to_string(c.bad_weight_rows) + " with a null, negative or non-finite weight, " +
               std::to_string(c.self_loop_rows) + " self-loops (see the summary port)");
    Detector::Output out = d.finish();
    emit_chunked(ctx, "membership", out.membership);
    emit_chunked(ctx, "communities", out.communities);
    emit_chunked(ctx, "composition", out.composition);
    ctx.emit("summary", std::move(out.summary));
  }

  static void emit_chunked(sdk::Context& ctx, const std::string& port, const Batch& all) {
    constexpr int64_t kRows = 65536;
    if (all.rows() == 0) {
      ctx.emit(port, Batch(all.schema()));
      return;
    }
    for (int64_t begin = 0; begin < all.rows(); begin += kRows) {
      const int64_t end = std::min(all.rows(), begin + kRows);
      Batch part(all.schema());
      for (size_t col = 0; col < all.num_columns(); ++col)
        for (int64_t r = begin; r < end; ++r) part.column(col).append_from(all.column(col), r);
      part.set_empty_rows(end - begin);
      ctx.emit(port, std::move(part));
    }
  }
};

}  // namespace chorus::community
