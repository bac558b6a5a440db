#include "json_pointer.hpp"

namespace chorus::io_jsonl {

std::string default_pointer(const std::string& name) {
  std::string p = "/";
  for (char c : name) {
    if (c == '~')
      p += "~0";
    else if (c == '/')
      p += "~1";
    else
      p.push_back(c);
  }
  return p;
}

std::string pointer_problem(const std::string& p) {
  if (!p.empty() && p[0] != '/') return "pointer '" + p + "' must start with '/'";
  for (size_t i = 0; i < p.size(); ++i)
    if (p[i] == '~' && (i + 1 == p.size() || (p[i + 1] != '0' && p[i + 1] != '1')))
      return "pointer '" + p + "' has a '~' not followed by 0 or 1";
  return {};
}

}  // namespace chorus::io_jsonl
