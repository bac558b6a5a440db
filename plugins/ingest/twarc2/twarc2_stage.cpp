#include "twarc2_stage.hpp"

#include "ingest/common/post_rows.hpp"
#include "io/common/input.hpp"
#include "io/common/reader_support.hpp"
#include "twarc2_reader.hpp"

namespace chorus::ingest_twarc2 {

// Reads twarc2 JSONL files: raw API response pages (twarc2 search/timeline),
// streaming lines (twarc2 stream) and flattened tweets (twarc2 flatten),
// mixed freely; the shape is detected per line. Emits one posts row per
// collected tweet (the tweets in 'data', or one per flattened line;
// referenced tweets are not emitted as rows), one accounts row per user
// object (deduplicated by id), and rejects for lines and tweets that cannot
// be read. Error lines, empty pages and blank keep-alive lines are counted
// and logged, not rejected.
const sdk::OptionTable<Twarc2Config>& Twarc2Stage::options() {
  using C = Twarc2Config;
  static const auto table =
      sdk::OptionTable<C>()
          .string("path", &C::path,
                  "File path or glob pattern (e.g. data/*.jsonl.gz); relative to the pipeline file's folder. Gzip is "
                  "recognised by content. It is an error if nothing matches.")
          .string("campaign", &C::campaign,
                  "Campaign label written to every row (posts and accounts), e.g. twitter_io:CNHU_0621; null for an "
                  "unaffiliated collection.")
          .optional()
          .nullable()
          .string("state", &C::state, "Attributed state written to every row, e.g. CN; null for unaffiliated accounts.")
          .optional()
          .nullable()
          .boolean("prefer_unwound_url", &C::prefer_unwound_url, false,
                   "Take entities.urls[].unwound_url (the URL after all redirects, when Twitter gives it) before "
                   "expanded_url. Default false: expanded_url, then unwound_url, then the t.co url.")
          .integer("batch_rows", &C::batch_rows, 65536, "Maximum rows per emitted batch (each output port).")
          .at_least(1);
  return table;
}

std::optional<sdk::PortTypes> Twarc2Stage::infer(const Twarc2Config&, const sdk::PortTypes&, sdk::Context& ctx) {
  return sdk::PortTypes{{"posts", {"posts", ingest_common::required_type(ctx, "posts")}},
                        {"accounts", {"accounts", ingest_common::required_type(ctx, "accounts")}},
                        {"rejects", {"rejects", io_common::rejects_schema(ctx)}}};
}

void Twarc2Stage::fingerprint(const Twarc2Config& config, sdk::Context& ctx) {
  for (const auto& f : io_common::expand_paths(ctx.resolve_path(config.path))) ctx.add_input_file(f);
}

void Twarc2Stage::run(const Twarc2Config& config, sdk::Context& ctx) {
  read_twarc2_files(io_common::expand_paths(ctx.resolve_path(config.path)), config, ctx);
}

}  // namespace chorus::ingest_twarc2
