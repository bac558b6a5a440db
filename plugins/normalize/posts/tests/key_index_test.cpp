// normalize/posts, KeyIndex: numbers keys as std::unordered_map does, also
// with every key on one of a few hashes.
#include <catch2/catch.hpp>

#include <chorus/sdk/random.hpp>

#include <string>
#include <unordered_map>

#include "key_index.hpp"

using chorus::sdk::SplitMix64;
using namespace chorus::normalize_posts;

TEST_CASE("normalize/posts: KeyIndex numbers keys as a map does", "[normalize.posts]") {
  SplitMix64 r(5);
  for (int weak_hash = 0; weak_hash < 2; ++weak_hash) {
    KeyIndex index;
    std::unordered_map<std::string, uint32_t> model;
    for (int k = 0; k < (weak_hash ? 3000 : 200000); ++k) {
      std::string key = std::string(r.below(2) ? "twitter" : "telegram") + '\0' + std::to_string(r.below(50000));
      if (r.below(10) == 0) key.push_back('\0');  // a NUL at the end is part of the key
      // weak_hash: 4 hashes in all, so keys share their slot and tag with many others.
      const uint64_t hash = weak_hash ? (hash_bytes(key) % 4) << 32 : hash_bytes(key);
      const auto [e, fresh] = index.insert(key, hash);
      auto [it, model_fresh] = model.try_emplace(key, static_cast<uint32_t>(model.size()));
      REQUIRE(fresh == model_fresh);
      REQUIRE(e == it->second);
      REQUIRE(index.key_of(e) == key);
    }
    CHECK(index.size() == model.size());
  }
  CHECK(hash_bytes(std::string("a\0b", 3)) != hash_bytes(std::string("a\0c", 3)));
}
