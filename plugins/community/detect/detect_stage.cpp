#include "detect_stage.hpp"

#include <chorus/sdk/suggest.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "detector.hpp"

namespace chorus::community_detect {

const sdk::OptionTable<Config>& DetectStage::options() {
  using C = Config;
  static const auto table =
      sdk::OptionTable<C>()
          .choice("algorithm", &C::algorithm, {{"leiden", Algorithm::Leiden}, {"louvain", Algorithm::Louvain}},
                  "leiden",
                  "leiden (igraph_community_leiden, modularity objective: node weights = strengths, resolution / 2m) "
                  "or louvain (igraph_community_multilevel).")
          .number("resolution", &C::resolution, 1.0,
                  "Resolution gamma of the modularity objective: above 1 gives more, smaller communities; below 1 "
                  "fewer, larger ones.")
          .above(0)
          .integer("seed", &C::seed, 42,
                   "Seed of igraph's default random number generator, set right before the algorithm runs.")
          .boolean("directed", &C::directed, false,
                   "Whether source -> target rows are directed. Detection always runs on the undirected collapse; "
                   "with true, summary.modularity is the directed (Leicht-Newman) modularity of the found partition "
                   "on the directed graph.")
          .boolean("weighted", &C::weighted, true,
                   "Use the weight column (non-negative, finite); false: every row weighs 1 (repeated rows add up).")
          .number("beta", &C::beta, 0.01, "Leiden only: randomness of the refinement step.")
          .above(0)
          // The table has no "not" keyword: the property's schema is given whole
          // (the host checks it) and the conversion checks it again.
          .json("iterations", &C::iterations, sdk::Json{{"type", "integer"}, {"minimum", -1}, {"not", {{"const", 0}}}},
                -1, "Leiden only: iterations of the algorithm; -1 iterates until the partition no longer changes.",
                [](const sdk::Json& v) {
                  const bool integral = v.is_number_integer() ||
                                        (v.is_number_float() && std::nearbyint(v.get<double>()) == v.get<double>() &&
                                         std::fabs(v.get<double>()) < 9e18);
                  if (!integral || v.get<double>() < -1 || v.get<double>() == 0)
                    throw sdk::ConfigError("with.iterations: expected -1 (until stable) or a positive integer, got " +
                                           v.dump());
                  return v.get<int64_t>();
                })
          .string("node_column", &C::node_column, "author_id", "Node id column of the optional nodes input.")
          .min_length(1)
          .string("class_column", &C::class_column, "state",
                  "Class column (utf8) of the optional nodes input, e.g. state; gives the composition of each "
                  "community.")
          .min_length(1);
  return table;
}

std::optional<sdk::PortTypes> DetectStage::infer(const Config& cfg, const sdk::PortTypes& inputs, sdk::Context&) {
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

namespace {

void emit_chunked(sdk::Context& ctx, const std::string& port, const Batch& all) {
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

}  // namespace

void DetectStage::run(const Config& cfg, sdk::Context& ctx) {
  Detector d(cfg);
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
    ctx.warn("community/detect: edge rows skipped: " + std::to_string(c.null_node_rows) +
             " with a null source or target, " + std::to_string(c.bad_weight_rows) +
             " with a null, negative or non-finite weight, " + std::to_string(c.self_loop_rows) +
             " self-loops (see the summary port)");
  Detector::Output out = d.finish();
  emit_chunked(ctx, "membership", out.membership);
  emit_chunked(ctx, "communities", out.communities);
  emit_chunked(ctx, "composition", out.composition);
  ctx.emit("summary", std::move(out.summary));
}

}  // namespace chorus::community_detect
