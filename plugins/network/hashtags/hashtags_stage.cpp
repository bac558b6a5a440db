#include "hashtags_stage.hpp"

#include <string>
#include <string_view>

namespace chorus::network_hashtags {

const sdk::OptionTable<HashtagsConfig>& HashtagsStage::options() {
  using C = HashtagsConfig;
  static const auto table =
      sdk::OptionTable<C>()
          .strings("scope", &C::scopes, {"inter"},
                   "interactions whose scope is listed are the ones used (default [inter]: inter-state interactions)")
          .min_items(1)
          .one_of({"intra", "inter", "external", "unattributed"})
          .integer("min_interactions", &C::min_interactions, 1,
                   "top_hashtags lists the hashtags occurring in at least this many of the used interactions")
          .at_least(1)
          .strings("follow_train_hashtags", &C::follow_train,
                   "hashtags flagged follow_train, compared case-folded, a leading # ignored (default: openfollow, "
                   "syts, siguemeytesigo, ... see docs)")
          .optional()
          .item_min_length(1)
          .integer("max_edges", &C::max_edges, 10000000,
                   "at most this many edges are written to the edges port (the first in source, target order; "
                   "enumeration stops there); network still counts them all and flags edges_truncated")
          .at_least(0)
          .integer("max_hashtag_accounts", &C::max_hashtag_accounts, 0,
                   "hashtags used by more accounts than this are left out of the network (0: no limit); they stay "
                   "in top_hashtags")
          .at_least(0)
          .boolean("diameter", &C::diameter, true, "compute the exact diameter of the largest component");
  return table;
}

std::optional<sdk::PortTypes> HashtagsStage::infer(const HashtagsConfig&, const sdk::PortTypes&, sdk::Context&) {
  return sdk::PortTypes{{"edges", {"edges", edges_schema()}},
                        {"network", {"", network_schema()}},
                        {"states", {"", states_schema()}},
                        {"top_hashtags", {"", top_hashtags_schema()}}};
}

void HashtagsStage::run(const HashtagsConfig& config, sdk::Context& ctx) {
  AmbientNetwork net(config);
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
             std::to_string(config.max_hashtag_accounts) + " accounts left out of the network");
  ctx.emit("network", net.network());
  ctx.emit("states", net.states());
  ctx.emit("top_hashtags", net.top_hashtags());
}

}  // namespace chorus::network_hashtags
