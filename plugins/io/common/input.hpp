// Reading input files for the io readers: glob expansion, plain or gzip byte
// sources read in large chunks, and a line reader on top of them.
#pragma once

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chorus::io_common {

// Files named by a path or a glob pattern (*, ?, [...]), sorted by name.
// Throws if nothing matches or a plain path does not exist.
std::vector<std::string> expand_paths(const std::string& pattern);

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
  size_t read(char* buf, size_t n) override;

 private:
  std::string data_;
  size_t pos_ = 0;
};

// A file, plain or gzip (recognised by its magic bytes 1f 8b, not its name).
class FileSource : public ByteSource {
 public:
  explicit FileSource(const std::string& path);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  bool gzip() const { return gz_ != nullptr; }
  size_t read(char* buf, size_t n) override;

 private:
  std::string path_;
  int fd_ = -1;
  gzFile gz_ = nullptr;
};

// Splits a source into lines ('\n' or "\r\n"; the terminator is not part of
// the line). Every line returned is followed by at least kPadding readable
// bytes inside the buffer, so parsers that read ahead (simdjson) need no copy.
// next() is defined here: it runs once per line of every JSONL input, and
// inlined into the caller's loop it costs a memchr, not a call.
class LineReader {
 public:
  static constexpr size_t kPadding = 64;

  explicit LineReader(ByteSource& src, size_t chunk = size_t(1) << 22) : src_(src), chunk_(std::max<size_t>(chunk, 1)) {
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
  void refill();

  ByteSource& src_;
  size_t chunk_;
  std::vector<char> buf_;
  size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
  int64_t line_ = 0;
  int64_t bytes_ = 0;
};

}  // namespace chorus::io_common

// Transition: the old name of this namespace, for plugins not yet moved to
// io_common (remove once nothing says io::).
namespace chorus {
namespace io = io_common;
}
