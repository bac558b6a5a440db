#include "key_index.hpp"

namespace chorus::normalize_posts {

KeyIndex::KeyIndex() : slots_(1024, 0), mask_(1023) {}

void KeyIndex::grow() {
  if (slots_.size() > (size_t{1} << 31)) throw std::length_error("normalize/posts: key table too large");
  std::vector<uint64_t> old;
  old.swap(slots_);
  slots_.assign(old.size() * 2, 0);
  mask_ = slots_.size() - 1;
  for (uint64_t slot : old) {
    if (slot == 0) continue;
    size_t i = static_cast<size_t>(slot >> 32) & mask_;
    while (slots_[i] != 0) i = (i + 1) & mask_;
    slots_[i] = slot;
  }
}

}  // namespace chorus::normalize_posts
