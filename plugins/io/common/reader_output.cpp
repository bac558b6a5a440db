#include "reader_output.hpp"

#include "input.hpp"

namespace chorus::io_common {

std::vector<std::string> config_files(const std::string& path, const sdk::Context& ctx) {
  return expand_paths(ctx.resolve_path(path));
}

void add_config_files(const std::string& path, sdk::Context& ctx) {
  for (const auto& f : config_files(path, ctx)) ctx.add_input_file(f);
}

void finish_out(sdk::Context& ctx, Batch& batch, int64_t rows_done, RejectSink& rejects, const char* stage,
                const char* what) {
  rows_done += batch.rows();
  if (batch.rows() > 0) ctx.emit("out", std::move(batch));
  rejects.flush();
  ctx.progress(rows_done);
  if (rejects.count() > 0)
    ctx.warn(std::string(stage) + ": " + std::to_string(rejects.count()) + " " + what +
             " rejected (see the rejects output)");
}

}  // namespace chorus::io_common
