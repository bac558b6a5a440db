// HMAC-SHA256 for normalize/pseudonymize, with OpenSSL's EVP_MAC.
// Host-independent: tests call these directly.
#pragma once

#include <openssl/types.h>  // EVP_MAC, EVP_MAC_CTX only: the rest of OpenSSL stays in hmac.cpp

#include <string>
#include <string_view>

namespace chorus::normalize_pseudonymize {

// Lower-case hex of bytes.
std::string to_hex(std::string_view bytes);

// One HMAC-SHA256 key, set up once; mac() may be called many times.
class Hmac {
 public:
  explicit Hmac(std::string_view key);
  ~Hmac();
  Hmac(const Hmac&) = delete;
  Hmac& operator=(const Hmac&) = delete;

  // The 32-byte HMAC-SHA256 of msg.
  std::string mac(std::string_view msg);

 private:
  EVP_MAC* mac_ = nullptr;
  EVP_MAC_CTX* ctx_ = nullptr;
  bool keyed_ = false;  // freshly initialised with the key: no restart needed
};

// HMAC-SHA256(key, msg) as 32 raw bytes.
std::string hmac_sha256(std::string_view key, std::string_view msg);

// What stands for a key in cache keys and logs: HMAC(key, "chorus-key-id") in
// hex. Never the key itself.
std::string key_id(std::string_view key);

}  // namespace chorus::normalize_pseudonymize
