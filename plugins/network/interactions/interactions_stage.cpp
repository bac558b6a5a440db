#include "interactions_stage.hpp"

#include <string>
#include <vector>

#include "interactions_writer.hpp"

namespace chorus::network_interactions {

const sdk::OptionTable<InteractionsConfig>& InteractionsStage::options() {
  using C = InteractionsConfig;
  static const auto table =
      sdk::OptionTable<C>()
          .choice("unresolved_handles", sdk::nested(&C::builder, &InteractionOptions::keep_unresolved_handles),
                  {{"keep", true}, {"drop", false}}, "keep",
                  "a handle mention that matches no single author or account in the data: keep it as an external "
                  "edge to the target '@<handle in lower case>', or drop it (counted)")
          .choice("on_state_conflict", sdk::nested(&C::builder, &InteractionOptions::conflict_is_error),
                  {{"unattributed", false}, {"error", true}}, "unattributed",
                  "an account whose posts/accounts rows carry two or more states: treat it as unattributed "
                  "(warned, with examples) or fail the stage")
          .integer("batch_rows", &C::batch_rows, 65536, "maximum rows per emitted batch")
          .at_least(1);
  return table;
}

std::optional<sdk::PortTypes> InteractionsStage::infer(const InteractionsConfig&, const sdk::PortTypes&,
                                                       sdk::Context&) {
  return sdk::PortTypes{{"interactions", {"interactions", interactions_schema()}},
                        {"isolates", {"", isolates_schema()}},
                        {"rejects", {"rejects", rejects_schema()}}};
}

namespace {

void report(const InteractionCounts& n, sdk::Context& ctx) {
  ctx.info(std::to_string(n.posts) + " posts: " + std::to_string(n.edges) + " edges, " + std::to_string(n.isolates) +
           " isolated posts, " + std::to_string(n.rejected) + " rejected, " + std::to_string(n.self_edges) +
           " self-edges dropped");
  if (n.rejected) ctx.warn(std::to_string(n.rejected) + " posts rejected (see the rejects port)");
  if (n.unresolved_targets)
    ctx.warn(std::to_string(n.unresolved_targets) +
             " retweet/reply/quote targets not resolved (no target_author_id and target post not in the data, or "
             "its post_id has two authors): no edge");
  if (n.unresolved_handles)
    ctx.warn(std::to_string(n.unresolved_handles) + " handle mentions not resolved to one account (" +
             std::to_string(n.ambiguous_handles) + " of them ambiguous)");
  if (n.accounts_without_id)
    ctx.warn(std::to_string(n.accounts_without_id) + " accounts rows with a null author_id skipped");
  if (n.duplicate_post_ids)
    ctx.warn(std::to_string(n.duplicate_post_ids) + " posts repeat an earlier post_id (kept: deduplicate upstream)");
  if (n.state_conflicts) {
    std::string ex;
    for (const auto& e : n.conflict_examples) ex += (ex.empty() ? "" : ", ") + e;
    ctx.warn(std::to_string(n.state_conflicts) + " accounts carry two or more states: unattributed (e.g. " + ex + ")");
  }
}

}  // namespace

void InteractionsStage::run(const InteractionsConfig& config, sdk::Context& ctx) {
  InteractionBuilder builder(config.builder);
  Batch in;
  ctx.select("accounts", {"author_id"}, {"author_handle", "state"});
  while (ctx.read("accounts", in)) builder.add_accounts(in);
  ctx.select("posts", {"post_id", "author_id", "created_at", "interaction_type"},
             {"source_file", "source_line", "platform", "author_handle", "state", "target_post_id", "target_author_id",
              "hashtags_folded", "urls_normalized", "mentions", "mentions_kind", "likes", "shares", "replies"});
  std::vector<RejectRow> rejects;
  int64_t rows = 0;
  while (ctx.read("posts", in)) {
    if (ctx.cancelled()) return;
    builder.add_posts(in, rejects);
    rows += in.rows();
    ctx.progress(rows);
    if (!rejects.empty()) ctx.emit("rejects", rejects_batch(rejects));
  }
  builder.finish();
  write_interactions(builder, config.batch_rows, [&](const char* port, Batch&& b) { ctx.emit(port, std::move(b)); });
  report(builder.counts(), ctx);
}

}  // namespace chorus::network_interactions
