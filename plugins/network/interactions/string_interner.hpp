// A string interner for tens of millions of ids: each distinct string is
// stored once in a chunked arena (views stay valid while the interner lives)
// and gets a dense uint32 index in order of first appearance. The lookup
// table is open addressing over (bytes, length, index, hash tag) slots (24 bytes), so 10 million
// distinct ids cost their bytes + ~16 B (view) + ~48-96 B (table) each, instead
// of the ~80 B a std::unordered_map<std::string, ...> node costs.
//
// Shared code (target network_string_interner, used by network/interactions
// and network/temporal), header-only on purpose: intern(), find() and
// hash_bytes() run once per id of every row and must inline into the callers'
// loops (a call across libraries costs more than the look-up of a cached slot).
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "network/interactions/huge_page_allocator.hpp"

namespace chorus::network_interactions {

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
      chunks_.emplace_back(static_cast<char*>(huge_allocate(kChunk)));
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
  struct ChunkFree {
    void operator()(char* p) const noexcept { huge_deallocate(p, kChunk); }
  };
  std::vector<std::unique_ptr<char, ChunkFree>> chunks_;
  std::vector<std::unique_ptr<char[]>> big_;
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
    const uint64_t h = hash_bytes(s);
    const uint32_t tag = static_cast<uint32_t>(h >> 32);
    size_t i = h & mask_;
    // A slot holds the string's bytes pointer, length, index and hash tag:
    // a look-up touches the slot and, on a tag match, the bytes; most
    // mismatches are told apart by the tag alone (each touch is a cache miss
    // once the table outgrows the cache).
    while (slots_[i].id != kNone) {
      const Slot& sl = slots_[i];
      if (sl.tag == tag && same(sl, s)) return sl.id;
      i = (i + 1) & mask_;
    }
    if (strings_.size() >= kNone - 1) throw std::length_error("more than 4 billion distinct strings");
    if (s.size() > UINT32_MAX) throw std::length_error("a string over 4 GiB");
    const uint32_t id = static_cast<uint32_t>(strings_.size());
    const std::string_view stored = arena_.store(s);
    strings_.push_back(stored);
    slots_[i] = {stored.data(), static_cast<uint32_t>(stored.size()), id, tag};
    return id;
  }
  // The index of s, or kNone.
  uint32_t find(std::string_view s) const {
    if (slots_.empty()) return kNone;
    const uint64_t h = hash_bytes(s);
    const uint32_t tag = static_cast<uint32_t>(h >> 32);
    size_t i = h & mask_;
    while (slots_[i].id != kNone) {
      const Slot& sl = slots_[i];
      if (sl.tag == tag && same(sl, s)) return sl.id;
      i = (i + 1) & mask_;
    }
    return kNone;
  }
  // Asks the CPU for the slot where s would be looked up: a caller that
  // knows its next strings ahead (the rows of a batch) hides the miss.
  void prefetch(std::string_view s) const {
#if defined(__GNUC__)
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash_bytes(s) & mask_]);
#else
    (void)s;
#endif
  }
  std::string_view str(uint32_t id) const { return strings_[id]; }
  size_t size() const { return strings_.size(); }
  size_t memory_bytes() const {
    return arena_.allocated() + strings_.capacity() * sizeof(std::string_view) + slots_.capacity() * sizeof(Slot);
  }

 private:
  struct Slot {
    const char* data = nullptr;
    uint32_t len = 0;
    uint32_t id = kNone;  // kNone: empty
    uint32_t tag = 0;
  };
  static bool same(const Slot& sl, std::string_view s) {
    return sl.len == s.size() && (s.empty() || std::memcmp(sl.data, s.data(), s.size()) == 0);
  }
  void grow() {
    const size_t n = slots_.empty() ? 1024 : slots_.size() * 2;
    slots_.assign(n, Slot{});
    mask_ = n - 1;
    for (uint32_t id = 0; id < strings_.size(); ++id) {
      const uint64_t h = hash_bytes(strings_[id]);
      size_t i = h & mask_;
      while (slots_[i].id != kNone) i = (i + 1) & mask_;
      slots_[i] = {strings_[id].data(), static_cast<uint32_t>(strings_[id].size()), id, static_cast<uint32_t>(h >> 32)};
    }
  }
  StringArena arena_;
  HugeVector<std::string_view> strings_;
  HugeVector<Slot> slots_;
  size_t mask_ = 0;
};

}  // namespace chorus::network_interactions
