// Keyed pseudonyms for normalize/pseudonymize: "ps_" + the first 32 hex
// digits (128 bits) of HMAC-SHA256(key, "<platform>\0<value>"), and @handles
// in text replaced by theirs. Host-independent: tests call these directly.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

#include "hmac.hpp"

namespace chorus::normalize_pseudonymize {

// Pseudonyms of one key. Remembers recent values (ids repeat a lot in posts).
class Pseudonymizer {
 public:
  explicit Pseudonymizer(std::string_view key) : hmac_(key) {}

  // The pseudonym of an account id.
  std::string id(std::string_view platform, std::string_view value) { return get(platform, std::string_view(), value); }
  // The pseudonym of a handle: a leading '@' removed and ASCII letters
  // lower-cased first (handles are case-insensitive on Twitter, Telegram and
  // Reddit), and kept apart from ids ("<platform>\0@<handle>").
  std::string handle(std::string_view platform, std::string_view value);
  // The pseudonym of a display name ("<platform>\0name:<name>").
  std::string display_name(std::string_view platform, std::string_view value) { return get(platform, "name:", value); }

 private:
  const std::string& get(std::string_view platform, std::string_view domain, std::string_view value);

  static constexpr size_t kMemo = 1 << 20;
  Hmac hmac_;
  std::string msg_, folded_;
  std::unordered_map<std::string, std::string> memo_;
};

// Replaces every @handle (an '@' not preceded by a letter, digit or '_', then
// letters, digits and '_') by "@" + the handle's pseudonym. E-mail addresses
// (x@y) are left alone.
std::string replace_text_mentions(std::string_view text, std::string_view platform, Pseudonymizer& p);

}  // namespace chorus::normalize_pseudonymize
