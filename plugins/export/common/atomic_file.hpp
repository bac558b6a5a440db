// An output file that appears only when complete: written as <path>.tmp and
// renamed over <path> on commit(); the temporary file is removed if the
// writer is destroyed without commit (a failed or cancelled run leaves no
// half-written export). Shared by the export plugins (header-only).
#pragma once

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace chorus::export_common {

class AtomicFile {
 public:
  explicit AtomicFile(const std::string& path) : path_(path), tmp_(path + ".tmp") {
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    file_ = std::fopen(tmp_.c_str(), "wb");
    if (!file_) throw std::runtime_error("cannot create '" + tmp_ + "': " + std::strerror(errno));
  }
  ~AtomicFile() {
    if (file_) std::fclose(file_);
    if (!committed_) std::remove(tmp_.c_str());
  }
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view data) {
    if (data.empty()) return;
    if (std::fwrite(data.data(), 1, data.size(), file_) != data.size())
      throw std::runtime_error("cannot write '" + tmp_ + "': " + std::strerror(errno));
    bytes_ += data.size();
  }
  void commit() {
    const int rc = std::fclose(file_);
    file_ = nullptr;
    if (rc != 0) throw std::runtime_error("cannot write '" + tmp_ + "': " + std::strerror(errno));
    if (std::rename(tmp_.c_str(), path_.c_str()) != 0)
      throw std::runtime_error("cannot rename '" + tmp_ + "' to '" + path_ + "': " + std::strerror(errno));
    committed_ = true;
  }
  size_t bytes() const { return bytes_; }

 private:
  std::string path_, tmp_;
  FILE* file_ = nullptr;
  bool committed_ = false;
  size_t bytes_ = 0;
};

// A text buffer flushed to a sink whenever it exceeds ~1 MiB, so that writers
// can append small pieces without a call per piece. `Sink` has write(string_view).
template <class Sink>
class BufferedWriter {
 public:
  explicit BufferedWriter(Sink& sink) : sink_(sink) { buf_.reserve(kFlushAt + 4096); }
  std::string& buffer() { return buf_; }
  // Call after appending a record: flushes when the buffer is large.
  void maybe_flush() {
    if (buf_.size() >= kFlushAt) flush();
  }
  void flush() {
    sink_.write(buf_);
    buf_.clear();
  }

 private:
  static constexpr size_t kFlushAt = size_t{1} << 20;
  Sink& sink_;
  std::string buf_;
};

// A sink that keeps everything in memory (tests, benchmarks).
struct StringSink {
  std::string text;
  void write(std::string_view d) { text.append(d.data(), d.size()); }
};

// A sink that only counts bytes (benchmarks that time formatting alone).
struct CountingSink {
  size_t bytes = 0;
  void write(std::string_view d) { bytes += d.size(); }
};

}  // namespace chorus::export_common
