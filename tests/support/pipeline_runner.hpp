// Runs a pipeline text through the library, as `chorus run` does, quietly.
#pragma once

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include "app/session.hpp"
#include "exec/runner.hpp"
#include "store/store.hpp"
#include "support/helpers.hpp"

namespace chorus::testing {

struct PipelineRun {
  Diagnostics diags;
  RunResult result;
  bool configured = false;  // no configuration error
};

inline std::shared_ptr<spdlog::logger> quiet_logger() {
  static auto logger = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
  return logger;
}

inline PipelineRun run_yaml(const TempDir& dir, const std::string& yaml, int jobs = 2, bool fail_fast = false,
                            std::atomic<bool>* cancel = nullptr,
                            size_t memory_per_dataset = DatasetWriter::kDefaultMemoryLimit) {
  std::string file = dir.file("pipeline.yaml");
  write_file(file, yaml);
  Session s;
  s.open(file, {fixture_plugins()});
  PipelineRun out;
  out.diags = s.diags;
  if (s.diags.has_errors()) return out;
  out.configured = true;
  Store store(default_store_path(*s.pipeline));
  RunOptions opt;
  opt.jobs = jobs;
  opt.fail_fast = fail_fast;
  opt.cancel = cancel;
  opt.memory_per_dataset = memory_per_dataset;
  opt.logger = quiet_logger();
  out.result = run_pipeline(*s.pipeline, s.types, store, opt);
  return out;
}

inline std::string statuses(const RunResult& r) {
  std::string s;
  for (const auto& st : r.stages) s += (s.empty() ? "" : " ") + st.id + "=" + st.status;
  return s;
}

inline std::string diag_text(const Diagnostics& d) {
  std::string s;
  for (const auto& x : d.all()) s += x.format() + "\n";
  return s;
}

}  // namespace chorus::testing
