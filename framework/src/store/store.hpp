// The embedded store (SQLite): runs, stage runs, datasets as ordinary typed
// tables, and the cache that maps a stage's inputs to its outputs.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "data/dataset.hpp"

namespace chorus {

namespace sql {
class Connection;
}

// Why a stage's output is what it is: the parts of its cache key.
struct CacheEntry {
  std::string key;
  std::string pipeline, stage_id, stage_type;
  std::string plugin, plugin_version, code_version;
  std::string code_identity;                   // hash of the plugin library's sources (empty: not reported)
  std::string config_json;                     // canonical
  std::string inputs_json;                     // {"port": "dataset hash"}
  std::string files_json;                      // {"path": "content hash"}
  std::map<std::string, std::string> outputs;  // port -> dataset hash
};

struct StageRecord {
  std::string stage_id, stage_type;
  std::string status;  // ran | cached | failed | skipped | cancelled
  std::string cache_key;
  int64_t rows_out = 0;
  double seconds = 0;
  std::string error;
};

struct RunInfo {
  int64_t run_id = 0;
  std::string pipeline, file, started, finished, status;
  std::vector<StageRecord> stages;
};

struct StoredDataset {
  std::string hash, table, type_name;
  int64_t rows = 0;
  Schema schema;
};

class Store {
 public:
  explicit Store(const std::string& path);  // creates folders and tables
  ~Store();
  const std::string& path() const { return path_; }

  int64_t begin_run(const std::string& pipeline, const std::string& file, const std::string& file_hash);
  // Records the end of a run and checkpoints the WAL into the database.
  void finish_run(int64_t run_id, const std::string& status);
  void record_stage(int64_t run_id, const StageRecord& rec);

  std::optional<CacheEntry> find_cache(const std::string& key);
  // The newest cache entry of a stage of a pipeline (to explain staleness).
  std::optional<CacheEntry> latest_entry(const std::string& pipeline, const std::string& stage_id);

  // One transaction: the output datasets (unless already stored), the cache
  // entry and the stage run. Nothing of it is visible unless all of it is.
  // cache false: the datasets and the stage run only, no cache entry (a stage
  // with `store: false` keeps only its rejects).
  void commit_stage(int64_t run_id, const StageRecord& rec, const CacheEntry& entry,
                    const std::map<std::string, DatasetPtr>& outputs, bool cache = true);

  std::optional<StoredDataset> dataset_info(const std::string& hash);
  DatasetPtr load_dataset(const std::string& hash, int64_t batch_rows = 65536);

  std::vector<RunInfo> runs(int limit);

 private:
  void migrate();
  void checkpoint_locked();
  void write_dataset(const Dataset& d);
  void refresh_view(const CacheEntry& entry, const std::string& port, const std::string& hash);

  std::string path_;
  std::unique_ptr<sql::Connection> db_;  // writes, and reads that belong to a write
  std::mutex mutex_;
  // Cache lookups and dataset loads read on their own connection: in WAL
  // mode they see the last committed state and never wait for a commit that
  // is writing millions of rows on the committer thread.
  std::unique_ptr<sql::Connection> reader_;
  std::mutex read_mutex_;
};

// Table and view names, shared with the docs and the `chorus` CLI.
std::string dataset_table_name(const std::string& hash);
std::string dataset_view_name(const std::string& pipeline, const std::string& stage, const std::string& port);

}  // namespace chorus
