#include "input.hpp"

#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace chorus::io_common {

std::vector<std::string> expand_paths(const std::string& pattern) {
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

size_t StringSource::read(char* buf, size_t n) {
  n = std::min(n, data_.size() - pos_);
  std::memcpy(buf, data_.data() + pos_, n);
  pos_ += n;
  return n;
}

FileSource::FileSource(const std::string& path) : path_(path) {
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

FileSource::~FileSource() {
  if (gz_) gzclose(gz_);
  if (fd_ >= 0) ::close(fd_);
}

size_t FileSource::read(char* buf, size_t n) {
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

void LineReader::refill() {
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

}  // namespace chorus::io_common
