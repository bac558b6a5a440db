// Reading input files for the io readers: glob expansion, plain or gzip byte
// sources read in large chunks, and a line reader on top of them.
#pragma once

#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::io {

// Files named by a path or a glob pattern (*, ?, [...]), sorted by name.
// Throws if nothing matches or a plain path does not exist.
inline std::vector<std::string> expand_paths(const std::string& pattern) {
  if (pattern.empty()) throw std::invalid_argument("'path' is empty");
  std::vector<std::string> out;
  if (pattern.find_first_of("*?[") == std::string::npos) {
    struct stat st;
    if (::stat(pattern.c_str(), &st) != 0)
      throw std::runtime_error("cannot open '" + pattern + "': " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw std::runtime_error("'" + pattern + "' is a directory");
    out.push_back(pattern);
    return out;
  }
  glob_t g{};
  int rc = ::glob(pattern.c_str(), GLOB_ERR, nullptr, &g);
  if (rc == 0) {
    for (size_t i = 0; i < g.gl_pathc; ++i) {
      struct stat st;
      if (::stat(g.gl_pathv[i], &st) == 0 && !S_ISDIR(st.st_mode)) out.emplace_back(g.gl_pathv[i]);
    }
  }
  globfree(&g);
  if (rc != 0 && rc != GLOB_NOMATCH)
    throw std::runtime_error("cannot expand '" + pattern + "' (glob error " + std::to_string(rc) + ")");
  if (out.empty()) throw std::runtime_error("no file matches '" + pattern + "'");
  std::sort(out.begin(), out.end());
  return out;
}

// A stream of bytes read in chunks.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Fills up to n bytes; returns 0 only at the end. Throws on read errors.
  virtual size_t read(char* buf, size_t n) = 0;
};

// In-memory source (tests, small inputs).
class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string data) : data_(std::move(data)) {}
  size_t read(char* buf, size_t n) override {
    n = std::min(n, data_.size() - pos_);
    std::memcpy(buf, data_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string data_;
  size_t pos_ = 0;
};

// A file, plain or gzip (recognised by its magic bytes 1f 8b, not its name).
class FileSource : public ByteSource {
 public:
  explicit FileSource(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw std::runtime_error("cannot open '" + path + "': " + std::strerror(errno));
    unsigned char magic[2] = {0, 0};
    ssize_t got = ::pread(fd_, magic, 2, 0);
    if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
      gz_ = gzdopen(fd_, "rb");
      if (!gz_) {
        ::close(fd_);
        throw std::runtime_error("cannot open gzip file '" + path + "'");
      }
      fd_ = -1;  // owned by gz_ now
      gzbuffer(gz_, 1 << 20);
    } else {
#ifdef POSIX_FADV_SEQUENTIAL
      ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    }
  }
  ~FileSource() override {
    if (gz_) gzclose(gz_);
    if (fd_ >= 0) ::close(fd_);
  }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  bool gzip() const { return gz_ != nullptr; }

  size_t read(char* buf, size_t n) override {
    size_t total = 0;
    while (total < n) {
      if (gz_) {
        unsigned want = static_cast<unsigned>(std::min<size_t>(n - total, 1u << 30));
        int got = gzread(gz_, buf + total, want);
        if (got < 0) {
          int err = 0;
          const char* msg = gzerror(gz_, &err);
          throw std::runtime_error("cannot read gzip file '" + path_ + "': " + (msg ? msg : "?"));
        }
        if (got == 0) {
          // gzread returns 0 both at the end and on a truncated stream.
          int err = 0;
          const char* msg = gzerror(gz_, &err);
          if (err != Z_OK && err != Z_STREAM_END)
            throw std::runtime_error("cannot read gzip file '" + path_ + "': " + (msg ? msg : "?"));
          break;
        }
        total += static_cast<size_t>(got);
      } else {
        ssize_t got = ::read(fd_, buf + total, n - total);
        if (got < 0) {
          if (errno == EINTR) continue;
          throw std::runtime_error("cannot read '" + path_ + "': " + std::strerror(errno));
        }
        if (got == 0) break;
        total += static_cast<size_t>(got);
      }
    }
    return total;
  }

 private:
  std::string path_;
  int fd_ = -1;
  gzFile gz_ = nullptr;
};

// Splits a source into lines ('\n' or "\r\n"; the terminator is not part of
// the line). Every line returned is followed by at least kPadding readable
// bytes inside the buffer, so parsers that read ahead (simdjson) need no copy.
class LineReader {
 public:
  static constexpr size_t kPadding = 64;

  explicit LineReader(ByteSource& src, size_t chunk = size_t(1) << 22)
      : src_(src), chunk_(std::max<size_t>(chunk, 1)) {
    buf_.resize(chunk_ + kPadding);
  }

  // Next line; false at the end. `line` stays valid until the next call.
  // line_number() is the 1-based number of the line returned.
  bool next(std::string_view& line) {
    for (;;) {
      if (begin_ < end_) {
        const char* b = buf_.data() + begin_;
        const char* nl = static_cast<const char*>(std::memchr(b, '\n', end_ - begin_));
        if (nl || eof_) {
          const char* e = nl ? nl : buf_.data() + end_;
          size_t len = static_cast<size_t>(e - b);
          begin_ += len + (nl ? 1 : 0);
          if (len > 0 && b[len - 1] == '\r') --len;
          line = std::string_view(b, len);
          ++line_;
          return true;
        }
      } else if (eof_) {
        return false;
      }
      refill();
    }
  }
  int64_t line_number() const { return line_; }
  // Bytes consumed so far (for progress).
  int64_t bytes() const { return bytes_; }

 private:
  void refill() {
    size_t keep = end_ - begin_;
    if (begin_ > 0) {
      std::memmove(buf_.data(), buf_.data() + begin_, keep);
      begin_ = 0;
      end_ = keep;
    }
    if (buf_.size() - kPadding - end_ < chunk_ / 2 + 1) buf_.resize(std::max(buf_.size() * 2, end_ + chunk_ + kPadding));
    size_t got = src_.read(buf_.data() + end_, buf_.size() - kPadding - end_);
    bytes_ += static_cast<int64_t>(got);
    end_ += got;
    if (got == 0) eof_ = true;
    std::memset(buf_.data() + end_, 0, kPadding);
  }

  ByteSource& src_;
  size_t chunk_;
  std::vector<char> buf_;
  size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
  int64_t line_ = 0;
  int64_t bytes_ = 0;
};

}  // namespace chorus::io
