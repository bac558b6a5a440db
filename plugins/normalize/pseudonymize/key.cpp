#include "key.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace chorus::normalize_pseudonymize {

Key load_key(const std::string& key_file, const std::string& key_env, const sdk::Context& ctx) {
  const bool has_file = !key_file.empty(), has_env = !key_env.empty();
  if (has_file == has_env)
    throw std::invalid_argument(
        "give exactly one of 'key_file' and 'key_env' (the key itself never goes in the pipeline)");
  Key k;
  if (has_file) {
    k.path = ctx.resolve_path(key_file);
    k.source = "key_file '" + k.path + "'";
    std::ifstream in(k.path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + k.source + ": " + std::strerror(errno));
    std::stringstream ss;
    ss << in.rdbuf();
    k.bytes = ss.str();
    // One line end, as `echo ... > key` writes, is not part of the key.
    if (!k.bytes.empty() && k.bytes.back() == '\n') k.bytes.pop_back();
    if (!k.bytes.empty() && k.bytes.back() == '\r') k.bytes.pop_back();
  } else {
    k.source = "environment variable '" + key_env + "'";
    const char* v = std::getenv(key_env.c_str());
    if (!v) throw std::runtime_error(k.source + " (key_env) is not set");
    k.bytes = v;
  }
  if (k.bytes.size() < kMinKeyBytes)
    throw std::runtime_error(k.source + " holds a key of " + std::to_string(k.bytes.size()) + " byte(s); at least " +
                             std::to_string(kMinKeyBytes) + " are needed");
  return k;
}

}  // namespace chorus::normalize_pseudonymize
