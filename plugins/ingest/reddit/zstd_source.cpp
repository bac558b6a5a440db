#include "zstd_source.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>
#include <utility>

namespace chorus::ingest_reddit {

ZSTD_DCtx* make_pushshift_dctx() {
  ZSTD_DCtx* d = ZSTD_createDCtx();
  if (!d) throw std::runtime_error("cannot create a zstd decompression context");
  const size_t rc = ZSTD_DCtx_setParameter(d, ZSTD_d_windowLogMax, kWindowLogMax);
  if (ZSTD_isError(rc)) {
    ZSTD_freeDCtx(d);
    throw std::runtime_error(std::string("cannot set the zstd window limit: ") + ZSTD_getErrorName(rc));
  }
  return d;
}

ZstdSource::ZstdSource(std::unique_ptr<io_common::ByteSource> raw, std::string name)
    : raw_(std::move(raw)), name_(std::move(name)), dctx_(make_pushshift_dctx()) {
  in_buf_.resize(ZSTD_DStreamInSize());
  in_ = {in_buf_.data(), 0, 0};
}

ZstdSource::~ZstdSource() { ZSTD_freeDCtx(dctx_); }

size_t ZstdSource::read(char* buf, size_t n) {
  ZSTD_outBuffer out = {buf, n, 0};
  while (out.pos < out.size) {
    if (in_.pos == in_.size && !eof_) {
      const size_t got = raw_->read(in_buf_.data(), in_buf_.size());
      if (got == 0)
        eof_ = true;
      else
        in_ = {in_buf_.data(), got, 0};
    }
    if (in_.pos == in_.size && eof_) {
      // No input left: flush what the decoder still holds. last_ is 0
      // only when the last frame was complete and fully flushed.
      if (last_ == 0) break;
      const size_t before = out.pos;
      step(out);
      if (out.pos > before) continue;
      if (last_ != 0)
        throw std::runtime_error("cannot read zstd file '" + name_ + "': truncated (the last frame is incomplete)");
      break;
    }
    step(out);
  }
  return out.pos;
}

void ZstdSource::step(ZSTD_outBuffer& out) {
  const size_t rc = ZSTD_decompressStream(dctx_, &out, &in_);
  if (ZSTD_isError(rc)) throw std::runtime_error("cannot read zstd file '" + name_ + "': " + ZSTD_getErrorName(rc));
  last_ = rc;
}

bool zstd_magic(const unsigned char* m, size_t n) {
  if (n < 4) return false;
  if (m[0] == 0x28 && m[1] == 0xB5 && m[2] == 0x2F && m[3] == 0xFD) return true;
  return (m[0] & 0xF0) == 0x50 && m[1] == 0x2A && m[2] == 0x4D && m[3] == 0x18;
}

std::unique_ptr<io_common::ByteSource> open_source(const std::string& path, bool* is_zstd) {
  unsigned char magic[4] = {0, 0, 0, 0};
  ssize_t got = 0;
  {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      got = ::pread(fd, magic, 4, 0);
      ::close(fd);
    }
  }
  auto file = std::make_unique<io_common::FileSource>(path);  // throws with the reason if it cannot be opened
  const bool z = got == 4 && !file->gzip() && zstd_magic(magic, 4);
  if (is_zstd) *is_zstd = z;
  if (z) return std::make_unique<ZstdSource>(std::move(file), path);
  return file;
}

}  // namespace chorus::ingest_reddit
