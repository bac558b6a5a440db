#include "pseudonymizer.hpp"

#include <utility>

namespace chorus::normalize_pseudonymize {

std::string Pseudonymizer::handle(std::string_view platform, std::string_view value) {
  if (!value.empty() && value[0] == '@') value.remove_prefix(1);
  folded_.assign(value.data(), value.size());
  for (auto& c : folded_)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return get(platform, "@", folded_);
}

const std::string& Pseudonymizer::get(std::string_view platform, std::string_view domain, std::string_view value) {
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

namespace {
bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
}  // namespace

std::string replace_text_mentions(std::string_view text, std::string_view platform, Pseudonymizer& p) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '@' && (i == 0 || !word_char(text[i - 1])) && i + 1 < text.size() && word_char(text[i + 1])) {
      size_t e = i + 1;
      while (e < text.size() && word_char(text[e])) ++e;
      out.push_back('@');
      out += p.handle(platform, text.substr(i + 1, e - i - 1));
      i = e;
      continue;
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

}  // namespace chorus::normalize_pseudonymize
