// SHA-256 through OpenSSL, with length-prefixed fields so that ("ab","c")
// and ("a","bc") never hash alike.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace chorus {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(const void* data, size_t n);
  void update(std::string_view s) { update(s.data(), s.size()); }
  // A field: its length as 8 little-endian bytes, then its bytes.
  void field(std::string_view s);
  void field(int64_t v);
  std::string hex();  // finishes the digest

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string sha256_hex(std::string_view data);
// Content hash of a file, streamed.
std::string sha256_file(const std::string& path);

}  // namespace chorus
