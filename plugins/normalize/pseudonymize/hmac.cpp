#include "hmac.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <stdexcept>

namespace chorus::normalize_pseudonymize {

std::string to_hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

Hmac::Hmac(std::string_view key) {
  mac_ = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (!mac_) throw std::runtime_error("OpenSSL: HMAC is not available");
  ctx_ = EVP_MAC_CTX_new(mac_);
  if (!ctx_) {
    EVP_MAC_free(mac_);
    throw std::runtime_error("OpenSSL: cannot create an HMAC context");
  }
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  // A zero-length key is legal for HMAC; OpenSSL wants a non-null pointer.
  static const unsigned char empty = 0;
  const unsigned char* k = key.empty() ? &empty : reinterpret_cast<const unsigned char*>(key.data());
  if (EVP_MAC_init(ctx_, k, key.size(), params) != 1) {
    EVP_MAC_CTX_free(ctx_);
    EVP_MAC_free(mac_);
    throw std::runtime_error("OpenSSL: cannot set the HMAC-SHA256 key");
  }
  keyed_ = true;
}

Hmac::~Hmac() {
  EVP_MAC_CTX_free(ctx_);
  EVP_MAC_free(mac_);
}

std::string Hmac::mac(std::string_view msg) {
  // Re-initialising with a NULL key reuses the key (EVP_MAC_init(3)).
  if (!keyed_ && EVP_MAC_init(ctx_, nullptr, 0, nullptr) != 1) throw std::runtime_error("OpenSSL: cannot restart HMAC");
  keyed_ = false;
  if (EVP_MAC_update(ctx_, reinterpret_cast<const unsigned char*>(msg.data()), msg.size()) != 1)
    throw std::runtime_error("OpenSSL: HMAC update failed");
  unsigned char out[EVP_MAX_MD_SIZE];
  size_t n = 0;
  if (EVP_MAC_final(ctx_, out, &n, sizeof out) != 1) throw std::runtime_error("OpenSSL: HMAC final failed");
  return std::string(reinterpret_cast<char*>(out), n);
}

std::string hmac_sha256(std::string_view key, std::string_view msg) {
  Hmac h(key);
  return h.mac(msg);
}

std::string key_id(std::string_view key) { return to_hex(hmac_sha256(key, "chorus-key-id")); }

}  // namespace chorus::normalize_pseudonymize
