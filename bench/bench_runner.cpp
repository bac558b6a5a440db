// Runner overhead: a generated pipeline of 100 empty stages (bench/noop) run
// through Session + run_pipeline against a fresh store, twice: the first run
// executes and commits every stage, the second finds every stage cached.
// The figure is wall time of run_pipeline divided by the number of stages;
// process CPU time per stage (all threads) is printed beside it, since on a
// busy machine wall time mostly measures waiting for a core.
//
//   bench_runner [--stages N] [--reps R] [--shape chain|mixed|both] [--jobs J]
//                [--plugin-dir DIR] [--keep]
//
// Prints human-readable lines and "RESULT <key> <value>" lines for bench/run.
#include "util/allocator.hpp"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include "app/session.hpp"
#include "exec/runner.hpp"
#include "store/store.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// chain: s000 -> s001 -> ... ; mixed: a root fanning out to branches, each a
// chain (1 + branches * length stages). Every other stage emits one empty batch.
std::string make_pipeline(const std::string& shape, int stages) {
  std::ostringstream y;
  y << "name: bench_overhead_" << shape << "\nstages:\n";
  auto stage = [&](const std::string& id, const std::string& from, int k) {
    y << "  " << id << ":\n    uses: bench/noop\n";
    if (!from.empty()) y << "    inputs: {in: " << from << "}\n";
    // salt: identical stages with identical inputs share a cache key (the
    // cache is content-addressed), so each stage gets its own.
    y << "    with: {emit_empty: " << (k % 2 ? "true" : "false") << ", salt: " << k << "}\n";
  };
  char id[32], prev[32];
  if (shape == "chain") {
    for (int i = 0; i < stages; ++i) {
      std::snprintf(id, sizeof id, "s%03d", i);
      stage(id, i ? prev : "", i);
      std::snprintf(prev, sizeof prev, "%s", id);
    }
  } else {
    // root + 9 branches of 11 for 100 stages.
    const int branches = 9;
    const int rest = stages - 1;
    stage("root", "", 0);
    int k = 1;
    for (int b = 0; b < branches; ++b) {
      int len = rest / branches + (b < rest % branches ? 1 : 0);
      std::snprintf(prev, sizeof prev, "root");
      for (int j = 0; j < len; ++j, ++k) {
        std::snprintf(id, sizeof id, "b%d_%02d", b, j);
        stage(id, prev, k);
        std::snprintf(prev, sizeof prev, "%s", id);
      }
    }
  }
  return y.str();
}

// CPU time of the whole process (every thread), in ms.
double cpu_ms() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct Rep {
  double first_ms, second_ms;          // wall
  double first_cpu_ms, second_cpu_ms;  // process CPU (user + system)
};

}  // namespace

int main(int argc, char** argv) {
  chorus::tune_allocator_for_batches();  // as the chorus CLI does
  int stages = 100, reps = 5, jobs = 2;
  std::string shape = "both", plugin_dir = CHORUS_BENCH_PLUGIN_DIR;
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--stages")
      stages = std::stoi(next());
    else if (a == "--reps")
      reps = std::stoi(next());
    else if (a == "--shape")
      shape = next();
    else if (a == "--jobs")
      jobs = std::stoi(next());
    else if (a == "--plugin-dir")
      plugin_dir = next();
    else if (a == "--keep")
      keep = true;
    else {
      std::cerr << "unknown argument " << a << "\n";
      return 2;
    }
  }
  if (stages < 2) {
    std::cerr << "--stages must be at least 2\n";
    return 2;
  }

  auto quiet = std::make_shared<spdlog::logger>("bench", std::make_shared<spdlog::sinks::null_sink_mt>());
  spdlog::set_default_logger(quiet);

  std::vector<std::string> shapes;
  if (shape == "both")
    shapes = {"chain", "mixed"};
  else
    shapes = {shape};

  fs::path tmp = fs::temp_directory_path() / ("chorus-bench-runner-" + std::to_string(::getpid()));
  fs::create_directories(tmp);
  int status = 0;

  for (const auto& sh : shapes) {
    fs::path dir = tmp / sh;
    fs::create_directories(dir);
    fs::path file = dir / "pipeline.yaml";
    std::ofstream(file) << make_pipeline(sh, stages);

    auto t0 = Clock::now();
    chorus::Session session;
    session.open(file.string(), {plugin_dir});
    double open_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (session.diags.has_errors() || !session.pipeline) {
      session.diags.print(std::cerr);
      std::cerr << "bench_runner: the generated pipeline does not check (plugin folder " << plugin_dir << ")\n";
      return 1;
    }
    const chorus::Pipeline& p = *session.pipeline;
    const int n = static_cast<int>(p.stages.size());

    std::vector<Rep> results;
    for (int r = 0; r < reps; ++r) {
      fs::path store_path = dir / ("store-" + std::to_string(r) + ".db");
      chorus::Store store(store_path.string());
      chorus::RunOptions opt;
      opt.jobs = jobs;
      opt.logger = quiet;
      Rep rep{};
      for (int pass = 0; pass < 2; ++pass) {
        double c0 = cpu_ms();
        auto s0 = Clock::now();
        chorus::RunResult res = chorus::run_pipeline(p, session.types, store, opt);
        double ms = std::chrono::duration<double, std::milli>(Clock::now() - s0).count();
        double cpu = cpu_ms() - c0;
        const char* want = pass == 0 ? "ran" : "cached";
        int wrong = 0;
        for (const auto& s : res.stages) wrong += s.status != want;
        if (res.status != "ok" || wrong) {
          std::cerr << "bench_runner: run " << pass + 1 << " of " << sh << ": status " << res.status << ", " << wrong
                    << " stage(s) not '" << want << "'\n";
          for (const auto& s : res.stages)
            if (s.status != want) {
              std::cerr << "  " << s.id << ": " << s.status << " " << s.detail << "\n";
              break;
            }
          status = 1;
        }
        (pass == 0 ? rep.first_ms : rep.second_ms) = ms;
        (pass == 0 ? rep.first_cpu_ms : rep.second_cpu_ms) = cpu;
      }
      results.push_back(rep);
      std::printf(
          "  %-5s rep %d: first run %8.2f ms (%.3f ms/stage, cpu %.3f), cached run %8.2f ms (%.3f ms/stage, cpu "
          "%.3f)\n",
          sh.c_str(), r + 1, rep.first_ms, rep.first_ms / n, rep.first_cpu_ms / n, rep.second_ms, rep.second_ms / n,
          rep.second_cpu_ms / n);
    }
    std::vector<double> first, second, first_cpu, second_cpu;
    for (const auto& r : results) {
      first.push_back(r.first_ms / n), second.push_back(r.second_ms / n);
      first_cpu.push_back(r.first_cpu_ms / n), second_cpu.push_back(r.second_cpu_ms / n);
    }
    double f = median(first), s = median(second), fc = median(first_cpu), sc = median(second_cpu);
    std::printf(
        "%s: %d stages, %d jobs, session open %.1f ms; median of %d: first run %.3f ms/stage (cpu %.3f), "
        "cached run %.3f ms/stage (cpu %.3f)\n",
        sh.c_str(), n, jobs, open_ms, reps, f, fc, s, sc);
    std::printf("RESULT runner_%s_stages %d\n", sh.c_str(), n);
    std::printf("RESULT runner_%s_first_ms_per_stage %.4f\n", sh.c_str(), f);
    std::printf("RESULT runner_%s_cached_ms_per_stage %.4f\n", sh.c_str(), s);
    std::printf("RESULT runner_%s_first_cpu_ms_per_stage %.4f\n", sh.c_str(), fc);
    std::printf("RESULT runner_%s_cached_cpu_ms_per_stage %.4f\n", sh.c_str(), sc);
    std::fflush(stdout);
  }
  if (!keep)
    fs::remove_all(tmp);
  else
    std::printf("kept %s\n", tmp.c_str());
  return status;
}
