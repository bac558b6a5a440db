#include "stix_ids.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>

namespace chorus::export_stix_ids {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::array<unsigned char, 16> parse_uuid(std::string_view text) {
  std::array<unsigned char, 16> out{};
  size_t n = 0;
  int high = -1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '-' && (i == 8 || i == 13 || i == 18 || i == 23)) continue;
    const int v = hex_value(c);
    if (v < 0 || n == 16) throw std::invalid_argument("not a UUID: '" + std::string(text) + "'");
    if (high < 0) {
      high = v;
    } else {
      out[n++] = static_cast<unsigned char>(high * 16 + v);
      high = -1;
    }
  }
  if (n != 16 || high >= 0 || text.size() != 36) throw std::invalid_argument("not a UUID: '" + std::string(text) + "'");
  return out;
}

std::string format_uuid(const unsigned char* b) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  s.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s.push_back('-');
    s.push_back(digits[b[i] >> 4]);
    s.push_back(digits[b[i] & 15]);
  }
  return s;
}

// UTF-16 code-unit order, which RFC 8785 sorts keys by, differs from UTF-8
// byte order only for code points above U+FFFF against U+E000..U+FFFF.
std::u16string utf16_units(std::string_view s) {
  std::u16string out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    uint32_t cp = c;
    size_t len = 1;
    if (c >= 0xF0 && i + 3 < s.size()) {
      cp = ((c & 7u) << 18) | ((s[i + 1] & 0x3Fu) << 12) | ((s[i + 2] & 0x3Fu) << 6) | (s[i + 3] & 0x3Fu);
      len = 4;
    } else if (c >= 0xE0 && i + 2 < s.size()) {
      cp = ((c & 15u) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
      len = 3;
    } else if (c >= 0xC0 && i + 1 < s.size()) {
      cp = ((c & 31u) << 6) | (s[i + 1] & 0x3Fu);
      len = 2;
    }
    if (cp > 0xFFFF) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
    i += len;
  }
  return out;
}

}  // namespace

std::string uuid5(std::string_view namespace_uuid, std::string_view name) {
  const auto ns = parse_uuid(namespace_uuid);
  std::string message(reinterpret_cast<const char*>(ns.data()), ns.size());
  message.append(name);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  if (EVP_Digest(message.data(), message.size(), digest, &digest_len, EVP_sha1(), nullptr) != 1 || digest_len < 16)
    throw std::runtime_error("SHA-1 failed");
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x50);  // version 5
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);  // RFC 4122 variant
  return format_uuid(digest);
}

std::string canonical_json_string(std::string_view s) {
  static const char* digits = "0123456789abcdef";
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(digits[c >> 4]);
          out.push_back(digits[c & 15]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
  return out;
}

std::string canonical_json(std::vector<std::pair<std::string, std::string>> members) {
  std::sort(members.begin(), members.end(),
            [](const auto& a, const auto& b) { return utf16_units(a.first) < utf16_units(b.first); });
  std::string out = "{";
  for (size_t i = 0; i < members.size(); ++i) {
    if (i) out.push_back(',');
    out += canonical_json_string(members[i].first);
    out.push_back(':');
    out += canonical_json_string(members[i].second);
  }
  out.push_back('}');
  return out;
}

std::string user_account_id(std::string_view account_type, std::string_view user_id, std::string_view account_login) {
  std::vector<std::pair<std::string, std::string>> m{{"account_type", std::string(account_type)},
                                                     {"user_id", std::string(user_id)}};
  // An absent property does not contribute (a login is unknown for some archives' hashed accounts).
  if (!account_login.empty()) m.emplace_back("account_login", std::string(account_login));
  return "user-account--" + uuid5(kScoNamespace, canonical_json(std::move(m)));
}

std::string url_id(std::string_view value) {
  return "url--" + uuid5(kScoNamespace, canonical_json({{"value", std::string(value)}}));
}

std::string domain_name_id(std::string_view value) {
  return "domain-name--" + uuid5(kScoNamespace, canonical_json({{"value", std::string(value)}}));
}

std::string authored_id(std::string_view type, std::string_view key) {
  std::string name(type);
  name.push_back('\n');
  name.append(key);
  return std::string(type) + "--" + uuid5(kChorusNamespace, name);
}

std::string cluster_infrastructure_id(std::string_view cluster_id) { return authored_id("infrastructure", cluster_id); }
std::string campaign_id(std::string_view cluster_id) { return authored_id("campaign", cluster_id); }
std::string finding_container_id(std::string_view cluster_id, bool reviewed) {
  return authored_id(reviewed ? "report" : "grouping", cluster_id);
}
std::string bundle_id(std::vector<std::string> cluster_ids) {
  std::sort(cluster_ids.begin(), cluster_ids.end());
  std::string key;
  for (size_t i = 0; i < cluster_ids.size(); ++i) {
    if (i) key.push_back('\n');
    key += cluster_ids[i];
  }
  return authored_id("bundle", key);
}
std::string producer_identity_id(std::string_view producer_name) { return authored_id("identity", producer_name); }
std::string state_actor_id(std::string_view state) { return authored_id("threat-actor", state); }
std::string tier_course_of_action_id(std::string_view tier) { return authored_id("course-of-action", tier); }

}  // namespace chorus::export_stix_ids
