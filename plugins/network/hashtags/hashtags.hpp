// network/hashtags: the ambient-affiliation network of accounts that use
// common hashtags in inter-state interactions, its size, density, components
// and exact diameter, per-state participation, and the hashtags of the
// inter-state interactions with follow-train flags. The work is in
// ambient_network.hpp (graph) and exact_diameter.hpp (iFUB).
#pragma once

#include <string>

#include <chorus/sdk.hpp>

#include "ambient_network.hpp"

namespace chorus::network_hashtags {

struct Hashtags : sdk::Stage {
  static constexpr const char* type = "network/hashtags";
  static constexpr const char* description =
      "Ambient affiliation: accounts linked by common hashtags in inter-state interactions; "
      "network size, density, components, exact diameter; top hashtags with follow-train flags";
  static constexpr const char* code_version = "2";
  static constexpr const char* config_schema = R"json({
    "type": "object", "additionalProperties": false,
    "properties": {
      "scope": {"type": "array", "minItems": 1,
        "items": {"type": "string", "enum": ["intra", "inter", "external", "unattributed"]},
        "default": ["inter"],
        "description": "interactions whose scope is listed are the ones used (default [inter]: inter-state interactions)"},
      "min_interactions": {"type": "integer", "minimum": 1, "default": 1,
        "description": "top_hashtags lists the hashtags occurring in at least this many of the used interactions"},
      "follow_train_hashtags": {"type": "array", "items": {"type": "string"},
        "description": "hashtags flagged follow_train, compared case-folded, a leading # ignored (default: openfollow, syts, siguemeytesigo, ... see docs)"},
      "max_edges": {"type": "integer", "minimum": 0, "default": 10000000,
        "description": "at most this many edges are written to the edges port (the first in source, target order; enumeration stops there); network still counts them all and flags edges_truncated"},
      "max_hashtag_accounts": {"type": "integer", "minimum": 0, "default": 0,
        "description": "hashtags used by more accounts than this are left out of the network (0: no limit); they stay in top_hashtags"},
      "diameter": {"type": "boolean", "default": true,
        "description": "compute the exact diameter of the largest component"}
    }})json";
  static constexpr const char* ports = R"json({
    "inputs": [
      {"name": "interactions", "type": "interactions", "description": "directed interaction edges (network/interactions) with the hashtags of their source posts"}],
    "outputs": [
      {"name": "edges", "type": "edges", "description": "undirected co-hashtag edges, source < target (byte order), weight = number of common hashtags; sorted by source, target"},
      {"name": "network", "type": "any", "description": "one row: nodes, edges, density, average_degree, components, largest_component_nodes, largest_component_edges, diameter, diameter_bfs_runs, hashtags, network_hashtags, excluded_hashtags, interactions, interactions_with_hashtags, edges_emitted, edges_truncated"},
      {"name": "states", "type": "any", "description": "per state: state, inter_accounts, network_accounts, share_of_network, share_of_state; by state, null first"},
      {"name": "top_hashtags", "type": "any", "description": "rank, hashtag, interactions, posts, accounts, states, follow_train, in_network; by interactions descending, then hashtag"}]})json";

  std::optional<sdk::PortTypes> infer(const sdk::Json& config, const sdk::PortTypes&, sdk::Context&) override {
    parse_config(config);
    return sdk::PortTypes{{"edges", {"edges", edges_schema()}},
                          {"network", {"", network_schema()}},
                          {"states", {"", states_schema()}},
                          {"top_hashtags", {"", top_hashtags_schema()}}};
  }

  void run(const sdk::Json& config, sdk::Context& ctx) override {
    const Config cfg = parse_config(config);
    AmbientNetwork net(cfg);
    Batch b;
    int64_t rows = 0;
    ctx.select("interactions", {"source", "scope", "hashtags"}, {"post_id", "target", "source_state", "target_state"});
    while (ctx.read("interactions", b)) {
      net.add(b);
      rows += b.rows();
      ctx.progress(rows);
      if (ctx.cancelled()) return;
    }
    constexpr int64_t kBatchRows = 65536;
    Batch edges(edges_schema());
    net.finish([&](std::string_view source, std::string_view target, int64_t weight) {
      edges.column(0).append_string(source);
      edges.column(1).append_string(target);
      edges.column(2).append_double(static_cast<double>(weight));
      if (edges.rows() == kBatchRows) {
        ctx.emit("edges", std::move(edges));
        edges = Batch(edges_schema());
      }
    });
    if (edges.rows() > 0) ctx.emit("edges", std::move(edges));
    const NetworkSummary& s = net.summary();
    const SkipCounts& k = net.skipped();
    if (k.null_source) ctx.warn(std::to_string(k.null_source) + " interactions skipped: null or empty source");
    if (k.null_post_id)
      ctx.warn(std::to_string(k.null_post_id) + " interactions with a null post_id: not counted in top_hashtags.posts");
    if (k.null_hashtags)
      ctx.info(std::to_string(k.null_hashtags) + " interactions with a null hashtags list (taken as no hashtag)");
    if (s.edges_truncated)
      ctx.warn("with.max_edges: the network has " + std::to_string(s.edges) + " edges; only the first " +
               std::to_string(s.edges_emitted) + " were written to the edges port (in source, target order; " +
               "network.edges_truncated = true)");
    if (s.excluded_hashtags)
      ctx.warn(std::to_string(s.excluded_hashtags) + " hashtags used by more than with.max_hashtag_accounts = " +
               std::to_string(cfg.max_hashtag_accounts) + " accounts left out of the network");
    ctx.emit("network", net.network());
    ctx.emit("states", net.states());
    ctx.emit("top_hashtags", net.top_hashtags());
  }
};

}  // namespace chorus::network_hashtags
