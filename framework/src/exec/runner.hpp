// Executes a checked pipeline: independent branches in parallel, results
// served from the store's cache when nothing they depend on changed, each
// stage's outputs committed in one transaction after it succeeds.
#pragma once

#include <atomic>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "config/pipeline.hpp"
#include "data/dataset_types.hpp"
#include "store/store.hpp"

namespace spdlog {
class logger;
}

namespace chorus {

class Registry;

struct RunOptions {
  int jobs = 2;
  bool fail_fast = false;
  // Set from outside (SIGINT) to cancel; running stages see host->cancelled.
  std::atomic<bool>* cancel = nullptr;
  std::shared_ptr<spdlog::logger> logger;  // console + run log
  double progress_after_seconds = 1.0;
  // Past this many bytes a dataset is spilled to a spool file (see Dataset).
  size_t memory_per_dataset = DatasetWriter::kDefaultMemoryLimit;
};

struct StageOutcome {
  std::string id;
  std::string status;         // ran | cached | failed | skipped | cancelled
  std::string detail;         // error, or the upstream that caused a skip
  int64_t rows_out = 0;       // rows of every output but rejects
  int64_t rows_rejected = 0;  // rows of outputs typed 'rejects'
  std::string rejects_port;
  double seconds = 0;                          // wall clock of the stage (fingerprint, cache lookup, run)
  double cpu_seconds = 0;                      // CPU of the stage's thread (threads a plugin starts are not counted)
  double commit_seconds = 0;                   // wall clock of committing its outputs (committer thread)
  double commit_cpu_seconds = 0;               // CPU of that commit
  std::map<std::string, std::string> outputs;  // port -> dataset hash
};

struct RunResult {
  int64_t run_id = 0;
  std::string status;                // ok | failed | cancelled
  std::vector<StageOutcome> stages;  // in the pipeline's file order
  const StageOutcome* find(const std::string& id) const {
    for (const auto& s : stages)
      if (s.id == id) return &s;
    return nullptr;
  }
};

RunResult run_pipeline(const Pipeline& pipeline, const DatasetTypes& types, Store& store, const RunOptions& options);

// The end-of-run table: stage, status, rows out, seconds, cpu, commit, detail.
void print_summary(const Pipeline& pipeline, const RunResult& result, std::ostream& os);

// Per stage: fresh / stale / missing and why (chorus explain).
struct Explanation {
  std::string id, state, cause;
};
std::vector<Explanation> explain_pipeline(const Pipeline& pipeline, const DatasetTypes& types, Store& store);

}  // namespace chorus
