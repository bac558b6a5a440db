#include "near_duplicates_stage.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "clusters.hpp"

namespace chorus::coordination_near_duplicates {

const sdk::OptionTable<Config>& NearDuplicatesStage::options() {
  using C = Config;
  using sdk::nested;
  static const auto table =
      sdk::OptionTable<C>()
          .integer("shingle_size", &C::shingle_size, 2,
                   "Words per shingle (k). With 2, one substituted word changes at most 2 shingles, so a 20-word "
                   "post with two substituted words keeps Jaccard 0.65 with the original (k = 3: 0.5).")
          .range(1, 16)
          .integer("num_hashes", nested(&C::minhash, &MinHashParams::num_hashes), 128,
                   "MinHash signature length (number of seeded hash functions).")
          .range(1, 1024)
          .integer("bands", nested(&C::minhash, &MinHashParams::bands), 32,
                   "LSH bands; must divide num_hashes (rows per band r = num_hashes / bands). A pair with Jaccard s "
                   "becomes a candidate with probability 1 - (1 - s^r)^bands: 0.988 at s = 0.6 for the defaults.")
          .range(1, 1024)
          .number("threshold", nested(&C::minhash, &MinHashParams::threshold), 0.6,
                  "Minimum exact Jaccard similarity of two posts' shingle sets for them to be linked.")
          .above(0)
          .at_most(1)
          .integer("min_tokens", &C::min_tokens, 6,
                   "Posts with fewer tokens (after URL/mention removal) are not compared and are counted as "
                   "short_text in summary. At least shingle_size.")
          .at_least(1)
          .boolean("strip_urls", nested(&C::tokenize, &TokenizeOptions::strip_urls), true,
                   "Remove URLs (http://, https://, www. to the next white space) before tokenizing.")
          .boolean("strip_mentions", nested(&C::tokenize, &TokenizeOptions::strip_mentions), true,
                   "Remove @mentions (@ followed by ASCII letters, digits, _) before tokenizing.")
          .boolean("exclude_shares", &C::exclude_shares, true,
                   "Skip posts whose interaction_type is 'share' (retweets carry the shared text verbatim and are "
                   "not authored copies); counted as shares_skipped.")
          .integer("min_posts", &C::min_posts, 2, "Smallest cluster reported (posts).")
          .at_least(2)
          .integer("min_accounts", &C::min_accounts, 2,
                   "Smallest number of distinct non-null author_id in a reported cluster (2: one account repeating "
                   "itself is not coordination).")
          .at_least(1)
          .integer("seed", nested(&C::minhash, &MinHashParams::seed), 42, "Seed of the MinHash hash functions.")
          .boolean("pairs", &C::pairs, false,
                   "Emit every similar post pair of the reported clusters on the pairs port (quadratic in cluster "
                   "size: for inspection of small inputs).")
          .check([](const C& c) {
            if (c.minhash.num_hashes % c.minhash.bands != 0)
              throw sdk::ConfigError("with.bands: " + std::to_string(c.minhash.bands) +
                                     " does not divide with.num_hashes " + std::to_string(c.minhash.num_hashes) +
                                     " (rows per band = num_hashes / bands)");
            if (c.min_tokens < c.shingle_size)
              throw sdk::ConfigError("with.min_tokens: " + std::to_string(c.min_tokens) +
                                     " is less than with.shingle_size " + std::to_string(c.shingle_size) +
                                     " (a post needs at least one shingle)");
          });
  return table;
}

std::optional<sdk::PortTypes> NearDuplicatesStage::infer(const Config&, const sdk::PortTypes&, sdk::Context&) {
  return sdk::PortTypes{{"clusters", {"", clusters_schema()}},
                        {"members", {"", members_schema()}},
                        {"pairs", {"", pairs_schema()}},
                        {"summary", {"", summary_schema()}}};
}

namespace {

constexpr int64_t kBatchRows = 65536;

void emit_chunked(sdk::Context& ctx, const std::string& port, const Batch& all) {
  if (all.rows() == 0) {
    ctx.emit(port, Batch(all.schema()));
    return;
  }
  for (int64_t begin = 0; begin < all.rows(); begin += kBatchRows) {
    const int64_t end = std::min(all.rows(), begin + kBatchRows);
    Batch part(all.schema());
    for (size_t c = 0; c < all.num_columns(); ++c)
      for (int64_t r = begin; r < end; ++r) part.column(c).append_from(all.column(c), r);
    part.set_empty_rows(end - begin);
    ctx.emit(port, std::move(part));
  }
}

}  // namespace

void NearDuplicatesStage::run(const Config& cfg, sdk::Context& ctx) {
  NearDuplicates nd(cfg);
  Batch batch;
  while (!ctx.cancelled() && ctx.read("posts", batch)) {
    nd.add(batch);
    ctx.progress(nd.counts().posts_read);
  }
  if (ctx.cancelled()) return;
  const Counts& c = nd.counts();
  if (c.null_post_id || c.null_text || c.short_text)
    ctx.warn("coordination/near_duplicates: not compared: " + std::to_string(c.null_post_id) +
             " posts without post_id, " + std::to_string(c.null_text) + " without text, " +
             std::to_string(c.short_text) + " with fewer tokens than min_tokens (see the summary port)");
  NearDuplicates::Output out = nd.finish();
  emit_chunked(ctx, "clusters", out.clusters);
  emit_chunked(ctx, "members", out.members);
  emit_chunked(ctx, "pairs", out.pairs);
  ctx.emit("summary", std::move(out.summary));
}

}  // namespace chorus::coordination_near_duplicates
