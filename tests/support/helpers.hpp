// Small helpers shared by the tests: temporary folders, files, running the CLI.
#pragma once

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>
#include <sys/wait.h>

namespace chorus::testing {

namespace fs = std::filesystem;

// A fresh folder under the system temp dir, removed at scope exit.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("chorus-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

inline void write_file(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline int count_lines(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) ++n;
  return n;
}

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs a shell command, capturing stdout and stderr.
inline CommandResult run_command(const std::string& cmd) {
  CommandResult r;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string chorus_bin() { return std::string(CHORUS_TEST_BINARY_DIR) + "/bin/chorus"; }
inline std::string fixture_plugins() { return CHORUS_TEST_FIXTURE_PLUGIN_DIR; }

// `chorus <args>` with the fixture plugins on the search path.
inline CommandResult chorus_cli(const std::string& args) {
  return run_command(chorus_bin() + " --plugin-path " + fixture_plugins() + " " + args);
}

// Copies pipelines/<name>.yaml into `dir` (so its outputs and store land
// there) and runs it with `chorus run`; returns the copy's path.
inline std::string copy_shipped_pipeline(const TempDir& dir, const std::string& name) {
  const std::string copy = dir.file(name + ".yaml");
  fs::copy(std::string(CHORUS_TEST_SOURCE_DIR) + "/pipelines/" + name + ".yaml", copy);
  return copy;
}
inline CommandResult run_pipeline_file(const std::string& file) { return run_command(chorus_bin() + " run " + file); }

// The column names of a CSV file's header line (plain names: no quoting).
inline std::vector<std::string> csv_header(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> cols;
  std::stringstream ss(line);
  for (std::string c; std::getline(ss, c, ',');) cols.push_back(c);
  return cols;
}

}  // namespace chorus::testing
