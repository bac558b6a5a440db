// The cache key of a stage execution and the explanation of a stale result.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace chorus {

struct StageDecl;
struct Pipeline;

// Fingerprints external files by content (SHA-256), remembering each file's
// hash for as long as its size and modification time stay the same.
class FileFingerprints {
 public:
  std::string hash(const std::string& path);

 private:
  struct Seen {
    uintmax_t size;
    int64_t mtime;
    std::string hash;
  };
  std::map<std::string, Seen> seen_;
};

// The input part of a cache key: port -> dataset hash, with "port[k]" for the
// k-th upstream of a port given a list.
template <class HashOf>
std::map<std::string, std::string> input_dataset_hashes(const Pipeline& p, const StageDecl& s, HashOf hash_of);

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

#include "config/pipeline.hpp"

namespace chorus {
template <class HashOf>
std::map<std::string, std::string> input_dataset_hashes(const Pipeline& p, const StageDecl& s, HashOf hash_of) {
  std::map<std::string, std::string> out;
  std::map<std::string, size_t> seen;
  for (const auto& in : s.inputs) {
    std::string key = in.listed ? in.port + "[" + std::to_string(seen[in.port]++) + "]" : in.port;
    out[key] = hash_of(p.index.at(in.from_stage), in.from_port);
  }
  return out;
}
}  // namespace chorus
