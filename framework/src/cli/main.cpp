// chorus: the command line. Exit codes: 0 ok, 1 run failed, 2 configuration error.
#include <atomic>
#include <csignal>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <thread>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include "app/session.hpp"
#include "exec/runner.hpp"
#include "store/store.hpp"
#include "util/allocator.hpp"

namespace fs = std::filesystem;
using namespace chorus;

namespace {

constexpr int kOk = 0, kRunFailed = 1, kConfigError = 2;

std::atomic<bool> g_cancel{false};

void on_sigint(int) {
  g_cancel = true;
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C kills at once
}

struct Common {
  std::vector<std::string> plugin_paths;
  std::string store;
};

// Prints diagnostics; returns true when there is an error.
bool report(const Session& s) {
  s.diags.print(std::cerr);
  if (s.diags.has_errors()) {
    std::cerr << s.diags.error_count() << " error(s)\n";
    return true;
  }
  return false;
}

std::shared_ptr<spdlog::logger> make_logger(const std::string& log_file, bool verbose) {
  auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  console->set_pattern("%^%l%$ %v");
  console->set_level(verbose ? spdlog::level::debug : spdlog::level::info);
  std::vector<spdlog::sink_ptr> sinks{console};
  if (!log_file.empty()) {
    auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(log_file, true);
    file->set_formatter(
        std::make_unique<spdlog::pattern_formatter>("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc));
    file->set_level(spdlog::level::debug);
    sinks.push_back(file);
  }
  auto logger = std::make_shared<spdlog::logger>("chorus", sinks.begin(), sinks.end());
  logger->set_level(spdlog::level::debug);
  return logger;
}

std::string timestamp_for_file() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

int cmd_validate(const std::string& file, const Common& c) {
  Session s;
  s.open(file, c.plugin_paths);
  if (report(s)) return kConfigError;
  std::cout << file << ": ok (" << s.pipeline->stages.size() << " stages)\n";
  return kOk;
}

int cmd_run(const std::string& file, const Common& c, int jobs, bool fail_fast, bool verbose) {
  Session s;
  s.open(file, c.plugin_paths);
  if (report(s)) return kConfigError;
  const Pipeline& p = *s.pipeline;
  std::string store_path = c.store.empty() ? default_store_path(p) : c.store;
  fs::path log_dir = fs::path(store_path).parent_path() / "logs";
  fs::create_directories(log_dir);
  std::string log_file = (log_dir / (timestamp_for_file() + "-" + std::to_string(getpid()) + ".log")).string();
  RunOptions opt;
  opt.jobs = jobs;
  opt.fail_fast = fail_fast;
  opt.cancel = &g_cancel;
  opt.logger = make_logger(log_file, verbose);
  std::signal(SIGINT, on_sigint);
  try {
    Store store(store_path);
    RunResult r = run_pipeline(p, s.types, store, opt);
    print_summary(p, r, std::cout);
    std::cout << "store: " << store_path << "\nlog:   " << log_file << "\n";
    opt.logger->flush();
    return r.status == "ok" ? kOk : kRunFailed;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kRunFailed;
  }
}

int cmd_plugins(const Common& c) {
  Session s;
  s.open_plugins(c.plugin_paths);
  for (const auto& p : s.registry.plugins()) {
    std::cout << p->name << " " << p->version << "  (ABI " << p->abi_major << "." << p->abi_minor << ", " << p->license
              << ")  " << p->file << "\n";
    for (const auto& t : p->stage_types) {
      const StageInfo* st = s.registry.find(t);
      std::cout << "  " << std::left << std::setw(24) << t << " " << (st ? st->description : "") << "\n";
    }
  }
  for (const auto& e : s.registry.errors()) std::cout << "not loaded: " << e.file << ": " << e.message << "\n";
  std::cout << "searched:";
  for (const auto& d : s.registry.searched()) std::cout << " " << d;
  std::cout << "\n";
  return kOk;
}

int cmd_inspect(const std::string& type, bool markdown, const Common& c) {
  Session s;
  s.open_plugins(c.plugin_paths);
  const StageInfo* st = s.registry.find(type);
  if (!st) {
    std::cerr << "error: no stage type '" << type << "'\n";
    return kConfigError;
  }
  std::cout << (markdown ? describe_stage_markdown(*st) : describe_stage(*st));
  return kOk;
}

int cmd_graph(const std::string& file, const Common& c) {
  Session s;
  s.open(file, c.plugin_paths);
  if (report(s)) return kConfigError;
  std::cout << to_dot(*s.pipeline);
  return kOk;
}

int cmd_explain(const std::string& file, const Common& c) {
  Session s;
  s.open(file, c.plugin_paths);
  if (report(s)) return kConfigError;
  const Pipeline& p = *s.pipeline;
  Store store(c.store.empty() ? default_store_path(p) : c.store);
  for (const auto& e : explain_pipeline(p, s.types, store))
    std::cout << std::left << std::setw(24) << e.id << std::setw(9) << e.state << e.cause << "\n";
  return kOk;
}

int cmd_runs(const std::string& file, const Common& c, int limit) {
  std::string path = c.store;
  if (path.empty()) {
    if (file.empty()) {
      std::cerr << "error: give a pipeline file or --store\n";
      return kConfigError;
    }
    path = (fs::absolute(file).parent_path() / ".chorus" / "store.db").string();
  }
  if (!fs::exists(path)) {
    std::cerr << "error: no store at " << path << "\n";
    return kConfigError;
  }
  Store store(path);
  for (const auto& r : store.runs(limit)) {
    std::cout << "run " << r.run_id << "  " << r.pipeline << "  " << r.status << "  " << r.started << " -> "
              << (r.finished.empty() ? "(not finished)" : r.finished) << "\n";
    for (const auto& st : r.stages)
      std::cout << "    " << std::left << std::setw(22) << st.stage_id << std::setw(10) << st.status << std::right
                << std::setw(10) << st.rows_out << std::setw(10) << std::fixed << std::setprecision(3) << st.seconds
                << "  " << st.error << "\n";
  }
  return kOk;
}

int cmd_schema(const Common& c) {
  Session s;
  s.open_plugins(c.plugin_paths);
  std::cout << merged_schema(s.registry).dump(2) << "\n";
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  tune_allocator_for_batches();
  CLI::App app{"Chorus: finds coordinated information operations in social-media archives"};
  app.set_version_flag("--version", std::string(CHORUS_VERSION));
  app.require_subcommand(1);
  Common common;
  app.add_option("--plugin-path", common.plugin_paths, "Extra plugin folder, searched first (repeatable)");
  app.add_option("--store", common.store, "Store file (default: .chorus/store.db beside the pipeline)");

  std::string file, type;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bool fail_fast = false, verbose = false;
  int limit = 10;

  auto* run = app.add_subcommand("run", "Validate, then run a pipeline");
  run->add_option("FILE", file, "Pipeline file")->required();
  run->add_option("-j,--jobs", jobs, "Stages run at once");
  run->add_flag("--fail-fast", fail_fast, "Stop starting stages after the first failure");
  run->add_flag("-v,--verbose", verbose, "Debug messages on the console");
  auto* validate = app.add_subcommand("validate", "Check a pipeline without running it");
  validate->add_option("FILE", file, "Pipeline file")->required();
  auto* plugins = app.add_subcommand("plugins", "List discovered plugins and their stages");
  auto* inspect = app.add_subcommand("inspect", "Describe a stage: ports, types, config");
  inspect->add_option("STAGE", type, "Stage type, <family>/<stage>")->required();
  bool markdown = false;
  inspect->add_flag("--markdown", markdown, "Print the stage's options as a Markdown table (for docs)");
  auto* graph = app.add_subcommand("graph", "Print the pipeline's stage graph as Graphviz DOT");
  graph->add_option("FILE", file, "Pipeline file")->required();
  auto* explain =
      app.add_subcommand("explain", "Say per stage whether its stored result is fresh, stale or missing, and why");
  explain->add_option("FILE", file, "Pipeline file")->required();
  auto* runs = app.add_subcommand("runs", "Show run history from the store");
  runs->add_option("FILE", file, "Pipeline file (its store is used)");
  runs->add_option("-n,--limit", limit, "How many runs");
  auto* schema = app.add_subcommand("schema", "Print the JSON Schema of pipeline files with every installed stage");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kOk : kConfigError;
  }
  try {
    if (*run) return cmd_run(file, common, jobs, fail_fast, verbose);
    if (*validate) return cmd_validate(file, common);
    if (*plugins) return cmd_plugins(common);
    if (*inspect) return cmd_inspect(type, markdown, common);
    if (*graph) return cmd_graph(file, common);
    if (*explain) return cmd_explain(file, common);
    if (*runs) return cmd_runs(file, common, limit);
    if (*schema) return cmd_schema(common);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kRunFailed;
  }
  return kConfigError;
}
