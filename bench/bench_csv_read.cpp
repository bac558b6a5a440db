// io/csv_read throughput. The plugin is loaded through the Registry, its
// output types inferred with StageCall::infer, then it is run twice over:
//   csv_reader       the reader alone: StageCall's host API with emit_batch
//                    replaced by a sink that imports each batch (as the host
//                    does) and drops it; nothing is hashed or kept.
//   csv_reader_host  StageCall::run as the runner calls it: every batch goes
//                    to a DatasetWriter (SHA-256 of every row, batches kept in
//                    memory; the spill limit is raised so nothing hits disk).
// Nothing is written to a store in either mode.
//
//   bench_csv_read FILE [--reps R] [--reader-only] [--plugin-dir DIR] [--batch-rows N]
//
// Prints human-readable lines and "RESULT <key> <value>" lines for bench/run.
// MB are 10^6 bytes.
#include "util/allocator.hpp"
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <chorus/sdk/arrow_bridge.hpp>
#include <nlohmann/json.hpp>

#include "data/dataset_types.hpp"
#include "plugin/registry.hpp"
#include "plugin/stage_call.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int64_t g_rejected = 0;  // rows seen on the rejects port by the null sink

}  // namespace

int main(int argc, char** argv) {
  chorus::tune_allocator_for_batches();  // as the chorus CLI does
  std::string file;
  int reps = 3;
  bool with_host = true;
  int64_t batch_rows = 65536;
  std::vector<std::string> dirs;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--reps")
      reps = std::stoi(next());
    else if (a == "--reader-only")
      with_host = false;
    else if (a == "--plugin-dir")
      dirs.push_back(next());
    else if (a == "--batch-rows")
      batch_rows = std::stoll(next());
    else if (file.empty() && a.rfind("--", 0) != 0)
      file = a;
    else {
      std::cerr << "unknown argument " << a << "\n";
      return 2;
    }
  }
  if (file.empty()) {
    std::cerr << "usage: bench_csv_read FILE [--reps R] [--reader-only] [--plugin-dir DIR] [--batch-rows N]\n";
    return 2;
  }
  file = fs::absolute(file).string();
  const double bytes = static_cast<double>(fs::file_size(file));

  if (dirs.empty()) dirs = {CHORUS_BENCH_REAL_PLUGIN_DIR};
  chorus::Registry registry;
  registry.scan(dirs);
  const chorus::StageInfo* info = registry.find("io/csv_read");
  if (!info) {
    std::cerr << "bench_csv_read: io/csv_read not found in";
    for (const auto& d : dirs) std::cerr << " " << d;
    std::cerr << "\n";
    for (const auto& e : registry.errors()) std::cerr << "  " << e.file << ": " << e.message << "\n";
    return 1;
  }
  chorus::DatasetTypes types;
  types.load_dir(chorus::schema_dir() + "/datasets");

  // Every default written out: the runner would have filled them in from the schema.
  nlohmann::json config = {{"path", file},
                           {"header", true},
                           {"delimiter", ","},
                           {"null_values", {""}},
                           {"batch_rows", batch_rows},
                           {"columns",
                            {{{"name", "post_id"}, {"type", "int64"}},
                             {{"name", "account"}, {"type", "utf8"}},
                             {{"name", "account_id"}, {"type", "int64"}},
                             {{"name", "posted_at"}, {"type", "timestamp[s]"}},
                             {{"name", "lang"}, {"type", "utf8"}},
                             {{"name", "text"}, {"type", "utf8"}},
                             {{"name", "likes"}, {"type", "int64"}},
                             {{"name", "shares"}, {"type", "int64"}},
                             {{"name", "replies"}, {"type", "int64"}},
                             {{"name", "score"}, {"type", "float64"}},
                             {{"name", "hashtags"}, {"type", "list<utf8>"}}}}};
  const std::string config_json = config.dump();

  std::map<std::string, chorus::PortType> outputs;
  {
    chorus::StageCall inf;
    inf.stage_id = "bench";
    inf.info = info;
    inf.types = &types;
    if (!inf.infer(config_json, {}, outputs)) {
      std::cerr << "bench_csv_read: infer failed: " << inf.error << "\n";
      return 1;
    }
  }

  // Null sink: StageCall's own host API with emit_batch replaced by one that
  // imports the batch exactly as the host does (Arrow C data -> Batch), checks
  // its schema, counts its rows and drops it.
  static chorus_host_api null_api;
  null_api = *chorus::StageCall::api();
  null_api.emit_batch = [](void* ctx, const char* port, ArrowSchema* schema, ArrowArray* array) -> int {
    auto& c = *static_cast<chorus::StageCall*>(ctx);
    chorus::Batch b;
    try {
      b = chorus::arrow::import_batch(schema, array);
    } catch (const std::exception& e) {
      c.error = std::string("malformed batch: ") + e.what();
      return 1;
    }
    auto it = c.outputs.find(port ? port : "");
    if (it == c.outputs.end() || b.schema() != it->second.schema()) {
      c.error = std::string("unexpected batch on output '") + (port ? port : "") + "'";
      return 1;
    }
    if (std::string(port) == "out")
      c.rows_out += b.rows();
    else
      g_rejected += b.rows();
    return 0;
  };

  struct Mode {
    const char* key;
    const char* title;
    bool null_sink;
  };
  std::vector<Mode> modes = {{"csv_reader", "reader alone (batches imported and dropped)", true}};
  if (with_host)
    modes.push_back({"csv_reader_host", "via StageCall::run (DatasetWriter: hash, kept in memory)", false});

  int status = 0;
  for (const auto& mode : modes) {
    std::vector<double> secs, cpus;
    int64_t rows = -1, rejected = -1;
    for (int r = 0; r < reps; ++r) {
      chorus::StageCall call;
      call.stage_id = "bench";
      call.info = info;
      call.types = &types;
      // No spilling: the figure is the reader's (plus the host's own bookkeeping), not the disk's.
      call.expect_outputs({}, outputs, SIZE_MAX);
      call.log = [](int level, const std::string& m) {
        if (level >= CHORUS_LOG_WARN) std::cerr << "io/csv_read: " << m << "\n";
      };
      g_rejected = 0;
      double c0 = cpu_seconds();
      auto t0 = Clock::now();
      bool ok;
      int64_t out_rows = 0, rej = 0;
      if (mode.null_sink) {
        int rc = info->api->run(&null_api, &call, config_json.c_str());
        ok = rc == 0 && call.error.empty();
        out_rows = call.rows_out;
        rej = g_rejected;
      } else {
        ok = call.run(config_json);
        if (ok) {
          auto out = call.outputs.at("out").finish();
          auto rj = call.outputs.at("rejects").finish();
          out_rows = out->rows;
          rej = rj->rows;
        }
      }
      double s = std::chrono::duration<double>(Clock::now() - t0).count();
      double c = cpu_seconds() - c0;
      if (!ok) {
        std::cerr << "bench_csv_read: run failed: " << call.error << "\n";
        return 1;
      }
      if (rows >= 0 && (out_rows != rows || rej != rejected)) {
        std::cerr << "bench_csv_read: repetitions disagree on row counts\n";
        return 1;
      }
      rows = out_rows;
      rejected = rej;
      secs.push_back(s);
      cpus.push_back(c);
      std::printf("  %s rep %d: %.3f s, %.1f MB/s, %.0f rows/s, cpu %.2f s (%.2f cores)\n", mode.key, r + 1, s,
                  bytes / 1e6 / s, rows / s, c, c / s);
      std::fflush(stdout);
    }
    double s = median(secs), c = median(cpus);
    std::printf("io/csv_read %s: %.0f bytes, %lld rows, %lld rejected; median of %d: %.3f s, %.1f MB/s, %.0f rows/s\n",
                mode.title, bytes, static_cast<long long>(rows), static_cast<long long>(rejected), reps, s,
                bytes / 1e6 / s, rows / s);
    std::printf("RESULT %s_seconds %.4f\n", mode.key, s);
    std::printf("RESULT %s_mb_per_s %.2f\n", mode.key, bytes / 1e6 / s);
    std::printf("RESULT %s_rows_per_s %.0f\n", mode.key, rows / s);
    std::printf("RESULT %s_rows %lld\n", mode.key, static_cast<long long>(rows));
    std::printf("RESULT %s_rejected %lld\n", mode.key, static_cast<long long>(rejected));
    std::printf("RESULT %s_cpu_cores %.2f\n", mode.key, c / s);
    std::fflush(stdout);
    if (rejected != 0) status = 1;
  }
  return status;
}
