// A fake host for unit tests of the io plugins: in-memory inputs and
// outputs, recorded logs, errors and input files. Stages are driven through
// the same C trampolines and Arrow C structs as with the real host.
// Used only by tests; never compiled into a plugin.
#pragma once

#include <chorus/sdk.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace chorus::io::testing {

class FakeHost {
 public:
  FakeHost() {
    api_.struct_size = sizeof(chorus_host_api);
    api_.abi_major = CHORUS_ABI_MAJOR;
    api_.abi_minor = CHORUS_ABI_MINOR;
    api_.log = [](void* c, int level, const char* m) { self(c)->logs.emplace_back(level, m); };
    api_.set_error = [](void* c, const char* m) { self(c)->error = m; };
    api_.cancelled = [](void* c) { return self(c)->cancel ? 1 : 0; };
    api_.dataset_type = [](void* c, const char* name) -> const char* {
      auto it = self(c)->dataset_types.find(name);
      return it == self(c)->dataset_types.end() ? nullptr : it->second.c_str();
    };
    api_.set_output_types = [](void* c, const char* j) {
      self(c)->output_types = sdk::Json::parse(j);
      return 0;
    };
    api_.read_batch = [](void* c, const char* port, ArrowSchema* s, ArrowArray* a) {
      auto& q = self(c)->inputs[port];
      size_t& pos = self(c)->read_pos_[port];
      if (pos >= q.size()) return 0;
      Batch copy = q[pos++];
      arrow::export_batch(std::move(copy), s, a);
      return 1;
    };
    api_.emit_batch = [](void* c, const char* port, ArrowSchema* s, ArrowArray* a) {
      self(c)->outputs[port].push_back(arrow::import_batch(s, a));
      return 0;
    };
    api_.progress = [](void* c, int64_t rows) { self(c)->progress.push_back(rows); };
    api_.add_input_file = [](void* c, const char* path) { self(c)->input_files.emplace_back(path); };
    api_.pipeline_dir = [](void* c) { return self(c)->pipeline_dir.c_str(); };
    // The dataset types the repository ships, when the tests run from its root.
    add_dataset_type_file("rejects");
  }
  FakeHost(const FakeHost&) = delete;
  FakeHost& operator=(const FakeHost&) = delete;

  // Loads schemas/datasets/<name>.json if it can be found.
  void add_dataset_type_file(const std::string& name) {
    for (std::string root : {std::string("."),
#ifdef CHORUS_TEST_SOURCE_DIR
                             std::string(CHORUS_TEST_SOURCE_DIR),
#endif
                             }) {
      std::ifstream in(root + "/schemas/datasets/" + name + ".json");
      if (!in) continue;
      std::stringstream ss;
      ss << in.rdbuf();
      dataset_types[name] = ss.str();
      return;
    }
  }

  template <class S>
  int run(const sdk::Json& config) {
    error.clear();
    return sdk::detail::Trampoline<S>::run(&api_, this, config.dump().c_str());
  }
  template <class S>
  int infer(const sdk::Json& config, const sdk::Json& input_types = sdk::Json::object()) {
    error.clear();
    return sdk::detail::Trampoline<S>::infer(&api_, this, config.dump().c_str(),
                                             input_types.dump().c_str());
  }
  template <class S>
  int fingerprint(const sdk::Json& config) {
    error.clear();
    return sdk::detail::Trampoline<S>::fingerprint(&api_, this, config.dump().c_str());
  }

  // All batches emitted on a port, concatenated (an empty batch if none).
  Batch collected(const std::string& port) const {
    auto it = outputs.find(port);
    if (it == outputs.end() || it->second.empty()) return Batch();
    Batch all(it->second.front().schema());
    for (const auto& b : it->second)
      for (size_t c = 0; c < b.num_columns(); ++c)
        for (int64_t i = 0; i < b.rows(); ++i) all.column(c).append_from(b.column(c), i);
    return all;
  }
  bool logged(int level, const std::string& part) const {
    for (const auto& [l, m] : logs)
      if (l == level && m.find(part) != std::string::npos) return true;
    return false;
  }

  std::string pipeline_dir;
  bool cancel = false;
  std::map<std::string, std::string> dataset_types;
  std::map<std::string, std::vector<Batch>> inputs;
  std::map<std::string, std::vector<Batch>> outputs;
  std::vector<std::pair<int, std::string>> logs;
  std::vector<int64_t> progress;
  std::vector<std::string> input_files;
  std::string error;
  sdk::Json output_types;

 private:
  static FakeHost* self(void* c) { return static_cast<FakeHost*>(c); }
  chorus_host_api api_{};
  std::map<std::string, size_t> read_pos_;
};

// A fresh folder under $TMPDIR (or /tmp), removed with its content.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/chorus-io-test-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
    path_ = buf.data();
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // Writes a file (binary, as is) and returns its path.
  std::string write(const std::string& name, const std::string& content) const {
    std::string p = file(name);
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
    return p;
  }

 private:
  std::string path_;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace chorus::io::testing
