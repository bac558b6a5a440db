// JSON text written straight to a string, byte for byte as
// nlohmann::ordered_json::dump(-1, ' ', false, error_handler_t::replace)
// writes it (stix_json.hpp, dump_line): the exporter writes its ~200,000
// user-accounts and consists-of relationships this way instead of building a
// json tree for each, and the bundle keeps the same bytes either way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace chorus::export_stix {

// A JSON string literal: ", \ and \b \f \n \r \t escaped, other bytes below
// 0x20 as \u00xx, valid UTF-8 copied; a string with invalid UTF-8 goes
// through nlohmann's own writer (each bad sequence becomes U+FFFD).
void append_json_string(std::string& out, std::string_view s);
// A number as nlohmann writes a double (shortest round-trip digits, "null"
// for NaN and infinities) and an integer.
void append_json_number(std::string& out, double v);
void append_json_integer(std::string& out, int64_t v);

// One JSON object written member by member, keys in the order of the calls.
// Keys are trusted literals (ASCII, nothing to escape).
class JsonObjectText {
 public:
  explicit JsonObjectText(std::string& out) : out_(out) { out_.push_back('{'); }
  JsonObjectText& string(const char* key, std::string_view v) {
    append_json_string(key_(key), v);
    return *this;
  }
  JsonObjectText& number(const char* key, double v) {
    append_json_number(key_(key), v);
    return *this;
  }
  JsonObjectText& integer(const char* key, int64_t v) {
    append_json_integer(key_(key), v);
    return *this;
  }
  // Already written JSON (a literal, a nested object or array).
  JsonObjectText& raw(const char* key, std::string_view json) {
    key_(key).append(json);
    return *this;
  }
  // Opens a nested object under `key`; close it with its own close().
  JsonObjectText object(const char* key) { return JsonObjectText(key_(key)); }
  void close() { out_.push_back('}'); }

 private:
  std::string& key_(const char* key) {
    if (!first_) out_.push_back(',');
    first_ = false;
    out_.push_back('"');
    out_.append(key);
    out_.append("\":", 2);
    return out_;
  }
  std::string& out_;
  bool first_ = true;
};

}  // namespace chorus::export_stix
