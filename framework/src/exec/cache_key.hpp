// The cache key of a stage execution and the explanation of a stale result.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace chorus {

struct StageDecl;

// Fingerprints external files by content (SHA-256), remembering each file's
// hash for as long as its size and modification time stay the same.
class FileFingerprints {
 public:
  std::string hash(const std::string& path);

 private:
  struct Seen { uintmax_t size; int64_t mtime; std::string hash; };
  std::map<std::string, Seen> seen_;
};

// Fills every part of the entry but its outputs, and the key: SHA-256 over
// length-prefixed plugin, version, stage type, code version, canonical
// config, the sorted (port, input dataset hash) pairs and (file, content hash).
CacheEntry make_cache_entry(const std::string& pipeline, const StageDecl& stage,
                            const std::map<std::string, std::string>& input_hashes,
                            const std::map<std::string, std::string>& file_hashes);

// Why `now` differs from `before`: "code", "config", "input data" or
// "external files" (several, comma-separated), for `chorus explain`.
std::string stale_cause(const CacheEntry& before, const CacheEntry& now);

}  // namespace chorus
