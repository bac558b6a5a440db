// Where the ingest benchmark's time goes, without the runner and the store:
// ingest/tmrc and normalize/posts are loaded through the Registry (as the
// runner does) and called through StageCall, one part at a time, each timed
// once over the same files:
//   fingerprint    sha256_file of every input file (what the runner's cache
//                  key costs before ingest/tmrc runs)
//   reader         ingest/tmrc with emit_batch replaced by a sink that imports
//                  each batch (Arrow C data -> Batch, as the host does) and drops
//                  it: CSV parsing, value rules, batch building, export/import
//   stage_memory   ingest/tmrc via StageCall::run, outputs kept in memory
//                  (DatasetWriter: validate, encode + SHA-256 of every row)
//   stage_spill    the same with the runner's default memory limit per dataset
//                  (64 MiB): past it every batch is serialized to a spool file
//   normalize      normalize/posts over stage_memory's posts, outputs in memory
//                  (fill_nulls_from_duplicates as given, default true)
// Nothing is committed to a store: bench_store and the commit column of
// ingest_bench.py cover that.
//
//   bench_ingest_parts 'GLOB' [--plugin-dir DIR] [--no-fill]
//
// Prints "RESULT ingest_parts_<part>_{seconds,mb_per_s,cpu_s}" lines. MB are 10^6 bytes.
#include "util/allocator.hpp"
#include <glob.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <chorus/sdk/arrow_bridge.hpp>
#include <nlohmann/json.hpp>

#include "data/dataset_types.hpp"
#include "plugin/registry.hpp"
#include "plugin/stage_call.hpp"
#include "util/hash.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

double g_bytes = 0;

// Times fn, prints a line and the RESULT lines.
void timed(const char* key, const char* title, int64_t rows, const std::function<int64_t()>& fn) {
  double c0 = cpu_seconds();
  auto t0 = Clock::now();
  int64_t n = fn();
  double s = std::chrono::duration<double>(Clock::now() - t0).count();
  double c = cpu_seconds() - c0;
  if (rows == 0)  // not a row count (fingerprint: files)
    std::printf("  %-13s %7.2f s, %7.1f MB/s of CSV, %9s        cpu %.2f s (%.2f cores)  %s\n", key, s,
                g_bytes / 1e6 / s, "", c, c / s, title);
  else
    std::printf("  %-13s %7.2f s, %7.1f MB/s of CSV, %9.0f rows/s, cpu %.2f s (%.2f cores)  %s\n", key, s,
                g_bytes / 1e6 / s, n / s, c, c / s, title);
  std::printf("RESULT ingest_parts_%s_seconds %.4f\n", key, s);
  std::printf("RESULT ingest_parts_%s_mb_per_s %.2f\n", key, g_bytes / 1e6 / s);
  std::printf("RESULT ingest_parts_%s_cpu_s %.3f\n", key, c);
  std::printf("RESULT ingest_parts_%s_rows %lld\n", key, static_cast<long long>(n));
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  chorus::tune_allocator_for_batches();  // as the chorus CLI does
  std::string pattern;
  std::vector<std::string> dirs;
  bool fill = true;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--plugin-dir" && i + 1 < argc)
      dirs.push_back(argv[++i]);
    else if (a == "--no-fill")
      fill = false;
    else if (pattern.empty() && a.rfind("--", 0) != 0)
      pattern = a;
    else {
      std::cerr << "unknown argument " << a << "\n";
      return 2;
    }
  }
  if (pattern.empty()) {
    std::cerr << "usage: bench_ingest_parts 'GLOB' [--plugin-dir DIR] [--no-fill]\n";
    return 2;
  }
  std::vector<std::string> files;
  {
    glob_t g{};
    if (::glob(pattern.c_str(), 0, nullptr, &g) == 0)
      for (size_t i = 0; i < g.gl_pathc; ++i) files.emplace_back(g.gl_pathv[i]);
    globfree(&g);
  }
  if (files.empty()) {
    std::cerr << "bench_ingest_parts: no file matches " << pattern << "\n";
    return 1;
  }
  for (const auto& f : files) g_bytes += static_cast<double>(fs::file_size(f));

  if (dirs.empty()) dirs = {CHORUS_BENCH_REAL_PLUGIN_DIR};
  chorus::Registry registry;
  registry.scan(dirs);
  const chorus::StageInfo* tmrc = registry.find("ingest/tmrc");
  const chorus::StageInfo* norm = registry.find("normalize/posts");
  if (!tmrc || !norm) {
    std::cerr << "bench_ingest_parts: ingest/tmrc or normalize/posts not found in the plugin folder\n";
    return 1;
  }
  chorus::DatasetTypes types;
  types.load_dir(chorus::schema_dir() + "/datasets");
  auto quiet = [](int level, const std::string& m) {
    if (level >= CHORUS_LOG_WARN) std::cerr << m << "\n";
  };

  const std::string tmrc_config = nlohmann::json{
      {"tweets", pattern},
      {"campaigns",
       {{{"files", "IOA_*"}, {"campaign", "twitter_io:IOA_2021"}, {"state", "XA"}},
        {{"files", "IOB_*"}, {"campaign", "twitter_io:IOB_2021"}, {"state", "XB"}}}},
      {"batch_rows", 65536}}.dump();
  const std::string norm_config = nlohmann::json{{"fill_nulls_from_duplicates", fill}, {"batch_rows", 65536}}.dump();

  std::map<std::string, chorus::PortType> tmrc_out, norm_out;
  {
    chorus::StageCall inf;
    inf.stage_id = "tmrc";
    inf.info = tmrc;
    inf.types = &types;
    if (!inf.infer(tmrc_config, {}, tmrc_out)) {
      std::cerr << "infer: " << inf.error << "\n";
      return 1;
    }
    chorus::StageCall inf2;
    inf2.stage_id = "posts";
    inf2.info = norm;
    inf2.types = &types;
    if (!inf2.infer(norm_config, {{"in", tmrc_out.at("posts")}}, norm_out)) {
      std::cerr << "infer: " << inf2.error << "\n";
      return 1;
    }
  }
  std::printf("bench_ingest_parts: %zu files, %.0f bytes (%s); normalize fill_nulls_from_duplicates: %s\n",
              files.size(), g_bytes, pattern.c_str(), fill ? "true" : "false");

  // 1. fingerprint
  timed("fingerprint", "sha256_file of every input (the runner's cache key)", 0, [&] {
    int64_t n = 0;
    for (const auto& f : files) n += static_cast<int64_t>(chorus::sha256_file(f).size() > 0);
    return n;
  });

  // 2. reader alone: emit_batch imports and drops.
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
    if (std::string(port ? port : "") == "posts") c.rows_out += b.rows();
    return 0;
  };
  int status = 0;
  timed("reader", "ingest/tmrc, batches imported and dropped", -1, [&] {
    chorus::StageCall call;
    call.stage_id = "tmrc";
    call.info = tmrc;
    call.types = &types;
    call.log = quiet;
    call.expect_outputs({}, tmrc_out, SIZE_MAX);
    int rc = tmrc->api->run(&null_api, &call, tmrc_config.c_str());
    if (rc != 0 || !call.error.empty()) {
      std::cerr << "reader: " << call.error << "\n";
      status = 1;
    }
    return call.rows_out;
  });

  // 3. stage, spilled as the runner does (64 MiB per dataset).
  timed("stage_spill", "ingest/tmrc via StageCall::run, default memory limit (spool file)", -1, [&] {
    chorus::StageCall call;
    call.stage_id = "tmrc";
    call.info = tmrc;
    call.types = &types;
    call.log = quiet;
    call.expect_outputs({}, tmrc_out);
    if (!call.run(tmrc_config)) {
      std::cerr << "stage_spill: " << call.error << "\n";
      status = 1;
      return int64_t(0);
    }
    return call.outputs.at("posts").finish()->rows;
  });

  // 4. stage, kept in memory; its posts feed normalize.
  chorus::DatasetPtr posts;
  timed("stage_memory", "ingest/tmrc via StageCall::run, outputs kept in memory (hash only)", -1, [&] {
    chorus::StageCall call;
    call.stage_id = "tmrc";
    call.info = tmrc;
    call.types = &types;
    call.log = quiet;
    call.expect_outputs({}, tmrc_out, SIZE_MAX);
    if (!call.run(tmrc_config)) {
      std::cerr << "stage_memory: " << call.error << "\n";
      status = 1;
      return int64_t(0);
    }
    posts = call.outputs.at("posts").finish();
    return posts->rows;
  });

  // 5. normalize over it, in memory.
  if (posts) {
    timed("normalize", "normalize/posts via StageCall::run, input and outputs in memory", -1, [&] {
      chorus::StageCall call;
      call.stage_id = "posts";
      call.info = norm;
      call.types = &types;
      call.log = quiet;
      call.expect_outputs({{"in", tmrc_out.at("posts")}}, norm_out, SIZE_MAX);
      call.inputs["in"] = {posts};
      if (!call.run(norm_config)) {
        std::cerr << "normalize: " << call.error << "\n";
        status = 1;
        return int64_t(0);
      }
      return call.outputs.at("posts").finish()->rows;
    });
  }
  return status;
}
