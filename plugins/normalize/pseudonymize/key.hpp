// The key of normalize/pseudonymize: read from a file or an environment
// variable, never from the pipeline.
#pragma once

#include <chorus/sdk.hpp>

#include <cstddef>
#include <string>

namespace chorus::normalize_pseudonymize {

constexpr size_t kMinKeyBytes = 16;

// The key and where it came from (for messages).
struct Key {
  std::string bytes;
  std::string source;  // "key_file '<path>'" or "environment variable '<name>'"
  std::string path;    // key_file only, resolved
};

// Reads the key from `key_file` (relative to the pipeline's folder; one
// trailing line end is not part of the key) or from the environment variable
// `key_env`: exactly one of them is non-empty. Throws when it cannot be read
// or is shorter than kMinKeyBytes.
Key load_key(const std::string& key_file, const std::string& key_env, const sdk::Context& ctx);

}  // namespace chorus::normalize_pseudonymize
