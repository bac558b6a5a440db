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

#include "reader_support.hpp"

namespace chorus::io_common {

// The files the 'path' option (a file or glob pattern) names.
std::vector<std::string> config_files(const std::string& path, const sdk::Context& ctx);

// fingerprint(): every file read is an input.
void add_config_files(const std::string& path, sdk::Context& ctx);

// Emits a full batch on "out", starts the next with new_batch(), reports
// progress and stops a cancelled run. (A template: new_batch is the
// reader's own lambda.)
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
void finish_out(sdk::Context& ctx, Batch& batch, int64_t rows_done, RejectSink& rejects, const char* stage,
                const char* what);

}  // namespace chorus::io_common
