#include "reddit_stage.hpp"

#include "ingest/common/post_rows.hpp"
#include "io/common/input.hpp"
#include "io/common/reader_support.hpp"
#include "reddit_reader.hpp"

namespace chorus::ingest_reddit {

// Reads Pushshift NDJSON dumps of Reddit: submissions (RS_YYYY-MM,
// <sub>_submissions) and comments (RC_YYYY-MM, <sub>_comments), which may be
// mixed; each line is told apart by its fields. Files may be plain, gzip or
// zstd (recognised by content; zstd frames with windows up to 2 GiB, as
// Pushshift writes them), and are streamed line by line. Emits one posts row
// per submission or comment, one subreddits row per post, and rejects for
// lines that cannot be read.
const sdk::OptionTable<RedditConfig>& RedditStage::options() {
  using C = RedditConfig;
  static const auto table =
      sdk::OptionTable<C>()
          .string("path", &C::path,
                  "File path or glob pattern (e.g. dumps/RC_2016-*.zst); relative to the pipeline file's folder. It "
                  "is an error if nothing matches.")
          .string("campaign", &C::campaign,
                  "Campaign label written to every posts row, e.g. reddit_io:IRA_2018; null for an unaffiliated "
                  "collection.")
          .optional()
          .nullable()
          .string("state", &C::state,
                  "Attributed state written to every posts row, e.g. RU; null for unaffiliated accounts.")
          .optional()
          .nullable()
          .integer("batch_rows", &C::batch_rows, 65536, "Maximum rows per emitted batch (each output port).")
          .at_least(1);
  return table;
}

std::optional<sdk::PortTypes> RedditStage::infer(const RedditConfig&, const sdk::PortTypes&, sdk::Context& ctx) {
  return sdk::PortTypes{{"posts", {"posts", ingest_common::required_type(ctx, "posts")}},
                        {"subreddits", {"", subreddits_schema()}},
                        {"rejects", {"rejects", io_common::rejects_schema(ctx)}}};
}

void RedditStage::fingerprint(const RedditConfig& config, sdk::Context& ctx) {
  for (const auto& f : io_common::expand_paths(ctx.resolve_path(config.path))) ctx.add_input_file(f);
}

void RedditStage::run(const RedditConfig& config, sdk::Context& ctx) {
  read_reddit_files(io_common::expand_paths(ctx.resolve_path(config.path)), config, ctx);
}

}  // namespace chorus::ingest_reddit
