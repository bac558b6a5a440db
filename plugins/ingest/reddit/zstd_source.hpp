// Streaming zstd decompression as an io::ByteSource, and opening a file as
// plain, gzip or zstd by its magic bytes. Pushshift dumps are compressed with
// a long window (up to 2^31 bytes), beyond the decoder's default limit of
// 2^27: the decoder here allows ZSTD_d_windowLogMax = 31. Nothing but the
// decoder's window and one input chunk is held in memory.
#pragma once

#include <fcntl.h>
#include <unistd.h>
#include <zstd.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "../../io/common/input.hpp"

namespace chorus::ingest::reddit {

// The largest window the decoder accepts, as a power of two: 2 GiB, what
// every Pushshift reader allows (max_window_size = 2**31).
inline constexpr int kWindowLogMax = 31;

// A decompression context for Pushshift dumps (windowLogMax 31). Throws on failure.
inline ZSTD_DCtx* make_pushshift_dctx() {
  ZSTD_DCtx* d = ZSTD_createDCtx();
  if (!d) throw std::runtime_error("cannot create a zstd decompression context");
  const size_t rc = ZSTD_DCtx_setParameter(d, ZSTD_d_windowLogMax, kWindowLogMax);
  if (ZSTD_isError(rc)) {
    ZSTD_freeDCtx(d);
    throw std::runtime_error(std::string("cannot set the zstd window limit: ") + ZSTD_getErrorName(rc));
  }
  return d;
}

// Decompresses the bytes of another source (one or more concatenated frames).
class ZstdSource : public io::ByteSource {
 public:
  ZstdSource(std::unique_ptr<io::ByteSource> raw, std::string name)
      : raw_(std::move(raw)), name_(std::move(name)), dctx_(make_pushshift_dctx()) {
    in_buf_.resize(ZSTD_DStreamInSize());
    in_ = {in_buf_.data(), 0, 0};
  }
  ~ZstdSource() override { ZSTD_freeDCtx(dctx_); }
  ZstdSource(const ZstdSource&) = delete;
  ZstdSource& operator=(const ZstdSource&) = delete;

  size_t read(char* buf, size_t n) override {
    ZSTD_outBuffer out = {buf, n, 0};
    while (out.pos < out.size) {
      if (in_.pos == in_.size && !eof_) {
        const size_t got = raw_->read(in_buf_.data(), in_buf_.size());
        if (got == 0) eof_ = true;
        else in_ = {in_buf_.data(), got, 0};
      }
      if (in_.pos == in_.size && eof_) {
        // No input left: flush what the decoder still holds. last_ is 0
        // only when the last frame was complete and fully flushed.
        if (last_ == 0) break;
        const size_t before = out.pos;
        step(out);
        if (out_progress(before, out)) continue;
        if (last_ != 0)
          throw std::runtime_error("cannot read zstd file '" + name_ + "': truncated (the last frame is incomplete)");
        break;
      }
      step(out);
    }
    return out.pos;
  }

 private:
  static bool out_progress(size_t before, const ZSTD_outBuffer& out) { return out.pos > before; }
  void step(ZSTD_outBuffer& out) {
    const size_t rc = ZSTD_decompressStream(dctx_, &out, &in_);
    if (ZSTD_isError(rc))
      throw std::runtime_error("cannot read zstd file '" + name_ + "': " + ZSTD_getErrorName(rc));
    last_ = rc;
  }

  std::unique_ptr<io::ByteSource> raw_;
  std::string name_;
  ZSTD_DCtx* dctx_;
  std::vector<char> in_buf_;
  ZSTD_inBuffer in_;
  size_t last_ = 0;
  bool eof_ = false;
};

// True if the first bytes are a zstd frame (28 B5 2F FD) or a skippable frame (5? 2A 4D 18).
inline bool zstd_magic(const unsigned char* m, size_t n) {
  if (n < 4) return false;
  if (m[0] == 0x28 && m[1] == 0xB5 && m[2] == 0x2F && m[3] == 0xFD) return true;
  return (m[0] & 0xF0) == 0x50 && m[1] == 0x2A && m[2] == 0x4D && m[3] == 0x18;
}

// A file as a byte source: zstd (by its magic bytes, whatever its name),
// else plain or gzip through io::FileSource.
inline std::unique_ptr<io::ByteSource> open_source(const std::string& path, bool* is_zstd = nullptr) {
  unsigned char magic[4] = {0, 0, 0, 0};
  ssize_t got = 0;
  {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      got = ::pread(fd, magic, 4, 0);
      ::close(fd);
    }
  }
  auto file = std::make_unique<io::FileSource>(path);  // throws with the reason if it cannot be opened
  const bool z = got == 4 && !file->gzip() && zstd_magic(magic, 4);
  if (is_zstd) *is_zstd = z;
  if (z) return std::make_unique<ZstdSource>(std::move(file), path);
  return file;
}

}  // namespace chorus::ingest::reddit
