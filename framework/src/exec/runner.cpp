#include "exec/runner.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <iomanip>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <time.h>

#include <spdlog/spdlog.h>

#include "exec/cache_key.hpp"
#include "plugin/registry.hpp"
#include "plugin/stage_call.hpp"
#include "util/hash.hpp"

namespace chorus {
namespace {

using Clock = std::chrono::steady_clock;

// CPU seconds of the calling thread: what a stage cost, apart from the other
// stages and the commits that share the cores with it.
double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

bool cacheable(const StageDecl& s) {
  return s.cache && s.store && !(s.info->flags & (CHORUS_STAGE_NONDETERMINISTIC | CHORUS_STAGE_SINK));
}

struct Progress {
  std::atomic<int64_t> rows{0};
  Clock::time_point started;
  std::atomic<bool> running{false};
};

class Execution {
 public:
  Execution(const Pipeline& p, const DatasetTypes& types, Store& store, const RunOptions& opt)
      : p_(p),
        types_(types),
        store_(store),
        opt_(opt),
        outcomes_(p.stages.size()),
        state_(p.stages.size(), State::Waiting),
        progress_(p.stages.size()),
        datasets_(p.stages.size()),
        consumers_left_(p.stages.size(), 0) {
    for (size_t i = 0; i < p.stages.size(); ++i) {
      outcomes_[i].id = p.stages[i].id;
      consumers_left_[i] = p.downstream(i).size();
    }
    log_ = opt.logger ? opt.logger : spdlog::default_logger();
  }

  RunResult run() {
    RunResult result;
    result.run_id = store_.begin_run(p_.name, p_.file, p_.text_hash);
    log_->info("run {} of pipeline '{}' ({} stages, {} jobs)", result.run_id, p_.name, p_.stages.size(), opt_.jobs);
    run_id_ = result.run_id;
    std::thread committer([this] { commit_loop(); });
    schedule();
    {
      std::lock_guard<std::mutex> lock(commit_mu_);
      commits_closed_ = true;
    }
    commit_cv_.notify_all();
    committer.join();
    bool cancelled = opt_.cancel && opt_.cancel->load();
    bool failed = false;
    for (auto& o : outcomes_) {
      if (o.status == "failed" || o.status == "skipped") failed = true;
      if (o.status == "cancelled") cancelled = true;
    }
    result.status = cancelled ? "cancelled" : failed ? "failed" : "ok";
    store_.finish_run(run_id_, result.status);
    result.stages = outcomes_;
    return result;
  }

 private:
  enum class State { Waiting, Running, Done };

  bool stopping() const { return (opt_.cancel && opt_.cancel->load()) || stop_dispatch_; }

  void schedule() {
    std::unique_lock<std::mutex> lock(mu_);
    size_t running = 0, done = 0;
    const size_t n = p_.stages.size();
    auto last_tick = Clock::now();
    while (done < n) {
      // Settle stages whose fate is known without running them.
      for (size_t i : p_.order) {
        if (state_[i] != State::Waiting) continue;
        std::string bad_upstream;
        bool ready = true;
        for (size_t u : p_.upstream(i)) {
          if (state_[u] != State::Done) {
            ready = false;
            continue;
          }
          const auto& st = outcomes_[u].status;
          if (st != "ran" && st != "cached") bad_upstream = p_.stages[u].id;
        }
        if (!bad_upstream.empty() && ready) {
          finish_locked(i, "skipped", "upstream '" + bad_upstream + "' " + outcomes_[p_.index.at(bad_upstream)].status);
          ++done;
        } else if (ready && stopping()) {
          finish_locked(i, stop_dispatch_ && !(opt_.cancel && opt_.cancel->load()) ? "skipped" : "cancelled",
                        stop_dispatch_ ? "--fail-fast after a failure" : "run cancelled");
          ++done;
        }
      }
      // Start ready stages, up to the job limit.
      for (size_t i : p_.order) {
        if (running >= static_cast<size_t>(std::max(1, opt_.jobs)) || stopping()) break;
        if (state_[i] != State::Waiting) continue;
        bool ready = true;
        for (size_t u : p_.upstream(i)) ready = ready && state_[u] == State::Done;
        if (!ready) continue;
        state_[i] = State::Running;
        ++running;
        std::thread([this, i] { execute(i); }).detach();
      }
      if (done >= n) break;
      cv_.wait_for(lock, std::chrono::milliseconds(200));
      // Count completions reported by workers.
      while (!finished_.empty()) {
        finished_.pop_front();
        --running;
        ++done;
      }
      report_progress(last_tick);
    }
    // Detached workers have all reported: nothing is left running.
  }

  void report_progress(Clock::time_point& last_tick) {
    auto now = Clock::now();
    if (now - last_tick < std::chrono::seconds(1)) return;
    last_tick = now;
    for (size_t i = 0; i < p_.stages.size(); ++i) {
      auto& pr = progress_[i];
      if (!pr.running) continue;
      double secs = std::chrono::duration<double>(now - pr.started).count();
      if (secs < opt_.progress_after_seconds) continue;
      int64_t rows = pr.rows.load();
      log_->info("stage '{}': {} rows, {:.0f} rows/s, {:.1f} s", p_.stages[i].id, rows, secs > 0 ? rows / secs : 0.0,
                 secs);
    }
  }

  void finish_locked(size_t i, const std::string& status, const std::string& detail) {
    state_[i] = State::Done;
    outcomes_[i].status = status;
    outcomes_[i].detail = detail;
    StageRecord rec{p_.stages[i].id, p_.stages[i].uses, status, "", 0, 0, detail};
    store_.record_stage(run_id_, rec);
    if (status == "skipped" || status == "cancelled") log_->warn("stage '{}' {}: {}", p_.stages[i].id, status, detail);
  }

  // Input datasets of stage i, loading from the store what is not in memory.
  std::map<std::string, std::vector<DatasetPtr>> gather_inputs(size_t i) {
    std::map<std::string, std::vector<DatasetPtr>> in;
    for (const auto& input : p_.stages[i].inputs) {
      size_t u = p_.index.at(input.from_stage);
      DatasetPtr d;
      {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = datasets_[u].find(input.from_port);
        if (it != datasets_[u].end()) d = it->second;
      }
      if (!d) {
        d = store_.load_dataset(outcomes_[u].outputs.at(input.from_port));
        std::lock_guard<std::mutex> lock(mu_);
        datasets_[u][input.from_port] = d;
      }
      in[input.port].push_back(d);
    }
    return in;
  }

  std::map<std::string, PortType> input_types(size_t i) const {
    std::map<std::string, PortType> out;
    for (const auto& in : p_.stages[i].inputs)
      if (!out.count(in.port)) out[in.port] = p_.stages[p_.index.at(in.from_stage)].output_types.at(in.from_port);
    return out;
  }

  void release_inputs_locked(size_t i) {
    for (size_t u : p_.upstream(i))
      if (consumers_left_[u] > 0 && --consumers_left_[u] == 0) datasets_[u].clear();
  }

  void execute(size_t i) {
    const StageDecl& s = p_.stages[i];
    auto t0 = Clock::now();
    const double cpu0 = thread_cpu_seconds();
    std::string status = "ran", detail;
    std::map<std::string, DatasetPtr> produced;
    StageRecord rec{s.id, s.uses, "", "", 0, 0, ""};
    CacheEntry entry;
    try {
      auto stage_log = [this, &s](int level, const std::string& m) {
        switch (level) {
          case CHORUS_LOG_DEBUG:
            log_->debug("[{}] {}", s.id, m);
            break;
          case CHORUS_LOG_WARN:
            log_->warn("[{}] {}", s.id, m);
            break;
          case CHORUS_LOG_ERROR:
            log_->error("[{}] {}", s.id, m);
            break;
          default:
            log_->info("[{}] {}", s.id, m);
        }
      };
      StageCall fp;
      fp.stage_id = s.id;
      fp.info = s.info;
      fp.types = &types_;
      fp.pipeline_dir = p_.dir;
      fp.log = stage_log;
      std::string config = s.config.dump();
      if (!fp.fingerprint(config)) throw std::runtime_error(fp.error);
      std::map<std::string, std::string> files, input_hashes;
      for (const auto& f : fp.input_files) files[f] = fingerprints_hash(f);
      for (const auto& [name, value] : fp.input_values) files["value:" + name] = sha256_hex(value);
      input_hashes = input_dataset_hashes(
          p_, s, [this](size_t u, const std::string& port) { return outcomes_[u].outputs.at(port); });
      entry = make_cache_entry(p_.name, s, input_hashes, files);
      rec.cache_key = entry.key;

      std::optional<CacheEntry> hit;
      if (cacheable(s)) hit = store_.find_cache(entry.key);
      if (hit && hit->outputs.size() == s.output_types.size()) {
        status = "cached";
        outcomes_[i].outputs = hit->outputs;
        for (const auto& [port, hash] : hit->outputs)
          if (auto info = store_.dataset_info(hash)) count_rows(i, port, info->type_name, info->rows);
      } else {
        StageCall call;
        call.stage_id = s.id;
        call.info = s.info;
        call.types = &types_;
        call.pipeline_dir = p_.dir;
        call.cancel = opt_.cancel;
        call.log = stage_log;
        call.expect_outputs(input_types(i), s.output_types, opt_.memory_per_dataset);
        call.inputs = gather_inputs(i);
        progress_[i].started = Clock::now();
        progress_[i].running = true;
        call.on_progress = [this, i](int64_t rows) { progress_[i].rows = rows; };
        bool ok = call.run(config);
        progress_[i].running = false;
        call.inputs.clear();
        if (opt_.cancel && opt_.cancel->load()) {
          status = "cancelled";
          detail = "run cancelled";
        } else if (!ok) {
          throw std::runtime_error(call.error);
        } else {
          for (auto& [port, writer] : call.outputs) {
            auto d = writer.finish();
            outcomes_[i].outputs[port] = d->hash;
            count_rows(i, port, d->type_name, d->rows);
            produced[port] = d;
          }
        }
      }
    } catch (const std::exception& e) {
      status = "failed";
      detail = e.what();
    }
    double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    const double cpu = thread_cpu_seconds() - cpu0;
    if (detail.empty() && outcomes_[i].rows_rejected > 0)
      detail = std::to_string(outcomes_[i].rows_rejected) + " row(s) rejected, kept in '" + s.id + "." +
               outcomes_[i].rejects_port + "'";
    rec.status = status;
    rec.rows_out = outcomes_[i].rows_out;
    rec.seconds = secs;
    rec.error = detail;
    // Commits go to the committer thread, in the order stages finish, so the
    // next stages start while this one's rows are written: an upstream is
    // always committed before anything computed from it.
    if (status == "ran")
      for (const auto& [port, d] : produced) entry.outputs[port] = d->hash;
    enqueue_commit(CommitJob{i, status == "ran", rec, entry, produced});
    if (status == "failed")
      log_->error("stage '{}' failed: {}", s.id, detail);
    else
      log_->info("stage '{}' {} ({} rows, {:.3f} s)", s.id, status, outcomes_[i].rows_out, secs);

    std::lock_guard<std::mutex> lock(mu_);
    outcomes_[i].status = status;
    outcomes_[i].detail = detail;
    outcomes_[i].seconds = secs;
    outcomes_[i].cpu_seconds = cpu;
    if (status == "ran") datasets_[i] = produced;
    if (consumers_left_[i] == 0) datasets_[i].clear();
    release_inputs_locked(i);
    if (status == "failed" && opt_.fail_fast) stop_dispatch_ = true;
    state_[i] = State::Done;
    finished_.push_back(i);
    cv_.notify_all();
  }

  struct CommitJob {
    size_t stage;
    bool ran;  // commit datasets and cache entry; otherwise only record the stage
    StageRecord rec;
    CacheEntry entry;
    std::map<std::string, DatasetPtr> produced;
  };

  void enqueue_commit(CommitJob job) {
    {
      std::lock_guard<std::mutex> lock(commit_mu_);
      commits_.push_back(std::move(job));
    }
    commit_cv_.notify_all();
  }

  void commit_loop() {
    for (;;) {
      CommitJob job;
      {
        std::unique_lock<std::mutex> lock(commit_mu_);
        commit_cv_.wait(lock, [this] { return !commits_.empty() || commits_closed_; });
        if (commits_.empty()) return;
        job = std::move(commits_.front());
        commits_.pop_front();
      }
      commit_one(job);
    }
  }

  // A stage whose commit failed, or whose upstream's did, is failed: the store
  // never holds a result computed from data it does not hold.
  void commit_one(CommitJob& job) {
    const size_t i = job.stage;
    const StageDecl& s = p_.stages[i];
    std::string failure;
    for (size_t u : p_.upstream(i))
      if (commit_failed_.count(u)) failure = "upstream '" + p_.stages[u].id + "' could not be committed";
    auto t0 = Clock::now();
    const double cpu0 = thread_cpu_seconds();
    if (failure.empty()) {
      try {
        if (job.ran && s.store) {
          store_.commit_stage(run_id_, job.rec, job.entry, job.produced);
        } else if (job.ran) {
          // store: false keeps the rejects all the same: nothing rejected is lost.
          std::map<std::string, DatasetPtr> rejects;
          for (const auto& [port, d] : job.produced)
            if (d->type_name == "rejects") rejects[port] = d;
          store_.commit_stage(run_id_, job.rec, job.entry, rejects, /*cache=*/false);
        } else {
          store_.record_stage(run_id_, job.rec);
        }
      } catch (const std::exception& e) {
        failure = std::string("commit failed: ") + e.what();
      }
    }
    job.produced.clear();  // the datasets' memory goes once nothing else holds them
    if (!failure.empty()) {
      commit_failed_.insert(i);
      if (!job.ran) return;
      job.rec.status = "failed";
      job.rec.error = failure;
      try {
        store_.record_stage(run_id_, job.rec);
      } catch (const std::exception&) {}
      log_->error("stage '{}' failed: {}", s.id, failure);
      std::lock_guard<std::mutex> lock(mu_);
      outcomes_[i].status = "failed";
      outcomes_[i].detail = failure;
      return;
    }
    if (!job.ran) return;
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    log_->debug("stage '{}' committed in {:.3f} s", s.id, secs);
    std::lock_guard<std::mutex> lock(mu_);
    outcomes_[i].commit_seconds = secs;
    outcomes_[i].commit_cpu_seconds = thread_cpu_seconds() - cpu0;
  }

  // Rows of a port typed 'rejects' are counted apart, so a summary shows them.
  void count_rows(size_t i, const std::string& port, const std::string& type_name, int64_t rows) {
    if (type_name == "rejects") {
      outcomes_[i].rows_rejected += rows;
      outcomes_[i].rejects_port = port;
    } else {
      outcomes_[i].rows_out += rows;
    }
  }

  std::string fingerprints_hash(const std::string& path) {
    std::lock_guard<std::mutex> lock(fp_mu_);
    return fingerprints_.hash(path);
  }

  const Pipeline& p_;
  const DatasetTypes& types_;
  Store& store_;
  const RunOptions& opt_;
  std::shared_ptr<spdlog::logger> log_;
  int64_t run_id_ = 0;

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<StageOutcome> outcomes_;
  std::vector<State> state_;
  std::vector<Progress> progress_;
  std::vector<std::map<std::string, DatasetPtr>> datasets_;
  std::vector<size_t> consumers_left_;
  std::deque<size_t> finished_;
  bool stop_dispatch_ = false;

  std::mutex fp_mu_;
  FileFingerprints fingerprints_;

  std::mutex commit_mu_;
  std::condition_variable commit_cv_;
  std::deque<CommitJob> commits_;
  bool commits_closed_ = false;
  std::set<size_t> commit_failed_;  // only the committer thread touches it
};

}  // namespace

RunResult run_pipeline(const Pipeline& pipeline, const DatasetTypes& types, Store& store, const RunOptions& options) {
  Execution e(pipeline, types, store, options);
  return e.run();
}

void print_summary(const Pipeline& pipeline, const RunResult& result, std::ostream& os) {
  size_t w = 5;
  for (const auto& s : result.stages) w = std::max(w, s.id.size());
  os << "\n"
     << std::left << std::setw(static_cast<int>(w) + 2) << "stage" << std::setw(11) << "status" << std::right
     << std::setw(12) << "rows out" << std::setw(10) << "seconds" << std::setw(9) << "cpu" << std::setw(9) << "commit"
     << "  detail\n";
  auto fixed = [](double v, int precision) {
    std::ostringstream o;
    o << std::fixed << std::setprecision(precision) << v;
    return o.str();
  };
  for (const auto& s : result.stages) {
    std::string detail = s.detail;
    if (detail.size() > 160) detail = detail.substr(0, 157) + "...";
    os << std::left << std::setw(static_cast<int>(w) + 2) << s.id << std::setw(11) << s.status << std::right
       << std::setw(12) << s.rows_out << std::setw(10) << fixed(s.seconds, 3) << std::setw(9) << fixed(s.cpu_seconds, 2)
       << std::setw(9) << fixed(s.commit_seconds, 2) << "  " << detail << "\n";
  }
  os << "run " << result.run_id << " of '" << pipeline.name << "': " << result.status << "\n";
}

std::vector<Explanation> explain_pipeline(const Pipeline& p, const DatasetTypes& types, Store& store) {
  std::vector<Explanation> out(p.stages.size());
  std::vector<std::map<std::string, std::string>> outputs(p.stages.size());
  std::vector<bool> fresh(p.stages.size(), false);
  FileFingerprints fingerprints;
  for (size_t i : p.order) {
    const StageDecl& s = p.stages[i];
    Explanation& e = out[i];
    e.id = s.id;
    if (!s.store) {
      e.state = "stale";
      e.cause = "store: false: runs on every run";
      continue;
    }
    auto previous = store.latest_entry(p.name, s.id);
    std::string stale_upstream;
    for (size_t u : p.upstream(i))
      if (!fresh[u]) stale_upstream = p.stages[u].id;
    if (!previous) {
      e.state = "missing";
      e.cause = "never ran";
      continue;
    }
    if (!stale_upstream.empty()) {
      e.state = "stale";
      e.cause = "upstream '" + stale_upstream + "' is " + out[p.index.at(stale_upstream)].state;
      continue;
    }
    StageCall fp;
    fp.stage_id = s.id;
    fp.info = s.info;
    fp.types = &types;
    fp.pipeline_dir = p.dir;
    fp.fingerprint(s.config.dump());
    std::map<std::string, std::string> files;
    for (const auto& f : fp.input_files) files[f] = fingerprints.hash(f);
    for (const auto& [name, value] : fp.input_values) files["value:" + name] = sha256_hex(value);
    auto inputs = input_dataset_hashes(p, s, [&](size_t u, const std::string& port) {
      return outputs[u].count(port) ? outputs[u].at(port) : std::string();
    });
    CacheEntry now = make_cache_entry(p.name, s, inputs, files);
    auto hit = store.find_cache(now.key);
    if (hit) {
      outputs[i] = hit->outputs;
      if (!cacheable(s)) {
        e.state = "fresh";
        e.cause = "always runs (" +
                  std::string(!s.store  ? "store: false"
                              : s.cache ? "side effects"
                                        : "cache: false") +
                  "); last result is current";
      } else {
        e.state = "fresh";
        e.cause = "cached";
      }
      fresh[i] = true;
    } else {
      e.state = "stale";
      e.cause = stale_cause(*previous, now);
    }
  }
  return out;
}

}  // namespace chorus
