// Streaming zstd decompression as an io_common::ByteSource, and opening a
// file as plain, gzip or zstd by its magic bytes. Pushshift dumps are
// compressed with a long window (up to 2^31 bytes), beyond the decoder's
// default limit of 2^27: the decoder here allows ZSTD_d_windowLogMax = 31.
// Nothing but the decoder's window and one input chunk is held in memory.
#pragma once

#include <zstd.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "io/common/input.hpp"

namespace chorus::ingest_reddit {

// The largest window the decoder accepts, as a power of two: 2 GiB, what
// every Pushshift reader allows (max_window_size = 2**31).
inline constexpr int kWindowLogMax = 31;

// A decompression context for Pushshift dumps (windowLogMax 31). Throws on failure.
ZSTD_DCtx* make_pushshift_dctx();

// Decompresses the bytes of another source (one or more concatenated frames).
class ZstdSource : public io_common::ByteSource {
 public:
  ZstdSource(std::unique_ptr<io_common::ByteSource> raw, std::string name);
  ~ZstdSource() override;
  ZstdSource(const ZstdSource&) = delete;
  ZstdSource& operator=(const ZstdSource&) = delete;

  // Throws on corrupt input and on a last frame cut short.
  size_t read(char* buf, size_t n) override;

 private:
  void step(ZSTD_outBuffer& out);

  std::unique_ptr<io_common::ByteSource> raw_;
  std::string name_;
  ZSTD_DCtx* dctx_;
  std::vector<char> in_buf_;
  ZSTD_inBuffer in_;
  size_t last_ = 0;
  bool eof_ = false;
};

// True if the first bytes are a zstd frame (28 B5 2F FD) or a skippable frame (5? 2A 4D 18).
bool zstd_magic(const unsigned char* m, size_t n);

// A file as a byte source: zstd (by its magic bytes, whatever its name),
// else plain or gzip through io_common::FileSource.
std::unique_ptr<io_common::ByteSource> open_source(const std::string& path, bool* is_zstd = nullptr);

}  // namespace chorus::ingest_reddit
