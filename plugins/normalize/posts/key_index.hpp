// An exact set of byte strings (the platform\0post_id keys of normalize/posts)
// numbering each distinct key in insertion order: the keys live end to end in
// one arena, an open-addressing table (linear probing) holds the entry number
// and the upper 32 bits of a 64-bit hash per slot (which also pick the slot). Two keys are the same entry only if
// all their bytes are equal; the hash only narrows the comparisons. Compared
// with std::unordered_map<std::string, ...> this saves a heap node and a
// string per key (millions of posts).
//
// insert() and hash_bytes() stay inline here: normalize/posts calls them once
// per input row in its hottest loop (with prefetching ahead), so they must
// inline into it. Only the growing of the table (rare) is in key_index.cpp.
#pragma once

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chorus::normalize_posts {

namespace detail {

inline uint64_t load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline uint64_t mix64(uint64_t a, uint64_t b) {
  const __uint128_t r = static_cast<__uint128_t>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}

}  // namespace detail

// A fast 64-bit hash of bytes (multiply-fold, wyhash style). Only its spread
// matters: equality is always decided on the bytes.
inline uint64_t hash_bytes(std::string_view s) {
  using detail::load64;
  using detail::mix64;
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = mix64(n ^ 0xa0761d6478bd642fULL, 0xe7037ed1a0b428dbULL);
  while (n >= 16) {
    h = mix64(load64(p) ^ 0x8ebc6af09c88c6e3ULL, load64(p + 8) ^ h);
    p += 16;
    n -= 16;
  }
  if (n >= 8) {
    h = mix64(load64(p) ^ 0x589965cc75374cc3ULL, h ^ 0x1d8e4e27c47d124fULL);
    p += 8;
    n -= 8;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, p, n);
  h = mix64(tail ^ 0xa0761d6478bd642fULL, h ^ (0xe7037ed1a0b428dbULL + n));
  return mix64(h, 0x8ebc6af09c88c6e3ULL);
}

class KeyIndex {
 public:
  KeyIndex();

  // The entry number of `key` and true if it was not there before (it is
  // added with the next number), or its number and false. `hash` is
  // hash_bytes(key).
  std::pair<uint32_t, bool> insert(std::string_view key, uint64_t hash) {
    // The slot holds the hash's upper half, which also gives the home slot:
    // growing the table needs neither the keys nor their hashes again.
    const uint64_t tag = hash >> 32;
    size_t i = static_cast<size_t>(tag) & mask_;
    for (;;) {
      const uint64_t slot = slots_[i];
      if (slot == 0) break;
      if ((slot >> 32) == tag) {
        const uint32_t e = static_cast<uint32_t>(slot) - 1;
        if (key_of(e) == key) return {e, false};
      }
      i = (i + 1) & mask_;
    }
    if (starts_.size() >= UINT32_MAX - 1) throw std::length_error("normalize/posts: more than 4 billion keys");
    const uint32_t e = static_cast<uint32_t>(starts_.size());
    starts_.push_back(arena_.size());
    arena_.append(key.data(), key.size());
    slots_[i] = (tag << 32) | (static_cast<uint64_t>(e) + 1);
    if ((starts_.size() + 1) * 4 > slots_.size() * 3) grow();  // load factor <= 3/4
    return {e, true};
  }
  std::pair<uint32_t, bool> insert(std::string_view key) { return insert(key, hash_bytes(key)); }

  // Asks the CPU to fetch the home slot of a key with this hash, to be
  // inserted a little later (the table is larger than the caches).
  void prefetch(uint64_t hash) const { __builtin_prefetch(&slots_[static_cast<size_t>(hash >> 32) & mask_]); }

  size_t size() const { return starts_.size(); }
  std::string_view key_of(uint32_t e) const {
    const size_t b = starts_[e];
    const size_t end = e + 1 < starts_.size() ? starts_[e + 1] : arena_.size();
    return std::string_view(arena_.data() + b, end - b);
  }

 private:
  // Doubles the table; entries keep their numbers.
  void grow();

  std::string arena_;             // every key, end to end, in entry order
  std::vector<uint64_t> starts_;  // entry -> offset of its key in arena_
  std::vector<uint64_t> slots_;   // (hash >> 32) << 32 | (entry + 1); 0: empty
  size_t mask_;
};

}  // namespace chorus::normalize_posts
