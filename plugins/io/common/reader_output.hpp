// Shared parts of the file readers (io/csv_read, io/jsonl_read): the files of
// the 'path' option, and the batches of the "out" port with their progress and
// the final flush of out and rejects.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "input.hpp"
#include "reader_support.hpp"

namespace chorus::io {

// The files the 'path' option (a file or glob pattern) names.
inline std::vector<std::string> config_files(const sdk::Json& config, const sdk::Context& ctx) {
  return expand_paths(ctx.resolve_path(config.at("path").get<std::string>()));
}

// fingerprint(): every file read is an input.
inline void add_config_files(const sdk::Json& config, sdk::Context& ctx) {
  for (const auto& f : config_files(config, ctx)) ctx.add_input_file(f);
}

// Emits a full batch on "out", starts the next with new_batch(), reports
// progress and stops a cancelled run.
template <class NewBatch>
void emit_out(sdk::Context& ctx, Batch& batch, int64_t& rows_done, NewBatch&& new_batch) {
  rows_done += batch.rows();
  ctx.emit("out", std::move(batch));
  batch = new_batch();
  ctx.progress(rows_done);
  if (ctx.cancelled()) throw std::runtime_error("cancelled");
}

// The end of a run: the last batch, the rejects, progress and a warning
// naming how many `what` (lines, records) `stage` rejected.
inline void finish_out(sdk::Context& ctx, Batch& batch, int64_t rows_done, RejectSink& rejects,
                       const char* stage, const char* what) {
  rows_done += batch.rows();
  if (batch.rows() > 0) ctx.emit("out", std::move(batch));
  rejects.flush();
  ctx.progress(rows_done);
  if (rejects.count() > 0)
    ctx.warn(std::string(stage) + ": " + std::to_string(rejects.count()) + " " + what +
             " rejected (see the rejects output)");
}

}  // namespace chorus::io
