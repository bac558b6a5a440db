// A string interner for tens of millions of ids: each distinct string is
// stored once in a chunked arena (views stay valid while the interner lives)
// and gets a dense uint32 index in order of first appearance. The lookup
// table is open addressing over the indices (4 bytes a slot), so 10 million
// distinct ids cost their bytes + ~16 B (view) + ~8 B (table) each, instead
// of the ~80 B a std::unordered_map<std::string, ...> node costs.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace chorus::network {

// Bytes appended to fixed-size chunks, never moved (so string_views into it stay valid).
class StringArena {
 public:
  std::string_view store(std::string_view s) {
    if (s.empty()) return std::string_view();
    if (s.size() > kChunk) {  // a huge string gets a chunk of its own
      big_.emplace_back(new char[s.size()]);
      std::memcpy(big_.back().get(), s.data(), s.size());
      bytes_ += s.size();
      big_bytes_ += s.size();
      return std::string_view(big_.back().get(), s.size());
    }
    if (chunks_.empty() || used_ + s.size() > kChunk) {
      chunks_.emplace_back(new char[kChunk]);
      used_ = 0;
    }
    char* p = chunks_.back().get() + used_;
    std::memcpy(p, s.data(), s.size());
    used_ += s.size();
    bytes_ += s.size();
    return std::string_view(p, s.size());
  }
  size_t bytes() const { return bytes_; }
  size_t allocated() const { return chunks_.size() * kChunk + big_bytes_; }

 private:
  static constexpr size_t kChunk = size_t{4} << 20;
  std::vector<std::unique_ptr<char[]>> chunks_, big_;
  size_t used_ = 0, bytes_ = 0, big_bytes_ = 0;
};

// FNV-1a is slow on long strings; this is a simple 64-bit multiply-mix hash
// over 8-byte words (deterministic: the table's layout never reaches the output).
inline uint64_t hash_bytes(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (s.size() * 0xff51afd7ed558ccdull);
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
    h ^= h >> 31;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  h = (h ^ tail) * 0x94d049bb133111ebull;
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ull;
  return h ^ (h >> 32);
}

class StringInterner {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // The index of s, adding it if new.
  uint32_t intern(std::string_view s) {
    if ((strings_.size() + 1) * 2 > slots_.size()) grow();
    size_t slot = hash_bytes(s) & mask_;
    while (slots_[slot] != kNone) {
      if (strings_[slots_[slot]] == s) return slots_[slot];
      slot = (slot + 1) & mask_;
    }
    if (strings_.size() >= kNone - 1) throw std::length_error("more than 4 billion distinct strings");
    const uint32_t id = static_cast<uint32_t>(strings_.size());
    strings_.push_back(arena_.store(s));
    slots_[slot] = id;
    return id;
  }
  // The index of s, or kNone.
  uint32_t find(std::string_view s) const {
    if (slots_.empty()) return kNone;
    size_t slot = hash_bytes(s) & mask_;
    while (slots_[slot] != kNone) {
      if (strings_[slots_[slot]] == s) return slots_[slot];
      slot = (slot + 1) & mask_;
    }
    return kNone;
  }
  std::string_view str(uint32_t id) const { return strings_[id]; }
  size_t size() const { return strings_.size(); }
  size_t memory_bytes() const {
    return arena_.allocated() + strings_.capacity() * sizeof(std::string_view) + slots_.capacity() * 4;
  }

 private:
  void grow() {
    const size_t n = slots_.empty() ? 1024 : slots_.size() * 2;
    slots_.assign(n, kNone);
    mask_ = n - 1;
    for (uint32_t id = 0; id < strings_.size(); ++id) {
      size_t slot = hash_bytes(strings_[id]) & mask_;
      while (slots_[slot] != kNone) slot = (slot + 1) & mask_;
      slots_[slot] = id;
    }
  }
  StringArena arena_;
  std::vector<std::string_view> strings_;
  std::vector<uint32_t> slots_;
  size_t mask_ = 0;
};

}  // namespace chorus::network
