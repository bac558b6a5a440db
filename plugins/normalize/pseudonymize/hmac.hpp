// Keyed pseudonyms for normalize/pseudonymize: HMAC-SHA256 with OpenSSL's
// EVP_MAC. Host-independent: tests call these directly.
#pragma once

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace chorus::normalize::pseudonymize {

inline std::string to_hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

// One HMAC-SHA256 key, set up once; mac() may be called many times.
class Hmac {
 public:
  explicit Hmac(std::string_view key) {
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
  ~Hmac() {
    EVP_MAC_CTX_free(ctx_);
    EVP_MAC_free(mac_);
  }
  Hmac(const Hmac&) = delete;
  Hmac& operator=(const Hmac&) = delete;

  // The 32-byte HMAC-SHA256 of msg.
  std::string mac(std::string_view msg) {
    // Re-initialising with a NULL key reuses the key (EVP_MAC_init(3)).
    if (!keyed_ && EVP_MAC_init(ctx_, nullptr, 0, nullptr) != 1)
      throw std::runtime_error("OpenSSL: cannot restart HMAC");
    keyed_ = false;
    if (EVP_MAC_update(ctx_, reinterpret_cast<const unsigned char*>(msg.data()), msg.size()) != 1)
      throw std::runtime_error("OpenSSL: HMAC update failed");
    unsigned char out[EVP_MAX_MD_SIZE];
    size_t n = 0;
    if (EVP_MAC_final(ctx_, out, &n, sizeof out) != 1) throw std::runtime_error("OpenSSL: HMAC final failed");
    return std::string(reinterpret_cast<char*>(out), n);
  }

 private:
  EVP_MAC* mac_ = nullptr;
  EVP_MAC_CTX* ctx_ = nullptr;
  bool keyed_ = false;  // freshly initialised with the key: no restart needed
};

// HMAC-SHA256(key, msg) as 32 raw bytes.
inline std::string hmac_sha256(std::string_view key, std::string_view msg) {
  Hmac h(key);
  return h.mac(msg);
}

// What stands for a key in cache keys and logs: HMAC(key, "chorus-key-id") in
// hex. Never the key itself.
inline std::string key_id(std::string_view key) { return to_hex(hmac_sha256(key, "chorus-key-id")); }

// Pseudonyms of one key: "ps_" + the first 32 hex digits (128 bits) of
// HMAC-SHA256(key, "<platform>\0<value>"). Remembers recent values (ids repeat
// a lot in posts).
class Pseudonymizer {
 public:
  explicit Pseudonymizer(std::string_view key) : hmac_(key) {}

  // The pseudonym of an account id.
  std::string id(std::string_view platform, std::string_view value) {
    return get(platform, std::string_view(), value);
  }
  // The pseudonym of a handle: a leading '@' removed and ASCII letters
  // lower-cased first (handles are case-insensitive on Twitter, Telegram and
  // Reddit), and kept apart from ids ("<platform>\0@<handle>").
  std::string handle(std::string_view platform, std::string_view value) {
    if (!value.empty() && value[0] == '@') value.remove_prefix(1);
    folded_.assign(value.data(), value.size());
    for (auto& c : folded_)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return get(platform, "@", folded_);
  }
  // The pseudonym of a display name ("<platform>\0name:<name>").
  std::string display_name(std::string_view platform, std::string_view value) {
    return get(platform, "name:", value);
  }

 private:
  const std::string& get(std::string_view platform, std::string_view domain, std::string_view value) {
    msg_.assign(platform.data(), platform.size());
    msg_.push_back('\0');
    msg_.append(domain.data(), domain.size());
    msg_.append(value.data(), value.size());
    auto it = memo_.find(msg_);
    if (it != memo_.end()) return it->second;
    if (memo_.size() >= kMemo) memo_.clear();
    std::string p = "ps_" + to_hex(hmac_.mac(msg_)).substr(0, 32);
    return memo_.emplace(msg_, std::move(p)).first->second;
  }

  static constexpr size_t kMemo = 1 << 20;
  Hmac hmac_;
  std::string msg_, folded_;
  std::unordered_map<std::string, std::string> memo_;
};

}  // namespace chorus::normalize::pseudonymize
