// An allocator for the big random-access tables of the network stages
// (interner slots, per-post records, per-account data): allocations of
// 4 MiB or more are 2 MiB-aligned and marked for transparent huge pages
// (Linux madvise), so a random look-up in a table of hundreds of MB costs
// one cache miss instead of a cache miss plus a page-table walk. Smaller
// allocations, and other systems, use plain operator new. Only speed
// depends on it, never a result.
//
// Shared code (target network_string_interner, header-only: a few lines
// every allocation of the interner and the builder's tables goes through).
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace chorus::network_interactions {

constexpr size_t kHugePage = size_t{2} << 20;
constexpr size_t kHugeFrom = size_t{4} << 20;

inline void* huge_allocate(size_t bytes) {
#if defined(__linux__)
  if (bytes >= kHugeFrom) {
    const size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (!p) throw std::bad_alloc();
    madvise(p, rounded, MADV_HUGEPAGE);  // a hint: failure changes nothing but speed
    return p;
  }
#endif
  return ::operator new(bytes);
}

inline void huge_deallocate(void* p, size_t bytes) noexcept {
#if defined(__linux__)
  if (bytes >= kHugeFrom) {
    std::free(p);
    return;
  }
#endif
  ::operator delete(p);
}

template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() noexcept = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}
  T* allocate(size_t n) { return static_cast<T*>(huge_allocate(n * sizeof(T))); }
  void deallocate(T* p, size_t n) noexcept { huge_deallocate(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
  template <class U>
  bool operator!=(const HugePageAllocator<U>&) const noexcept {
    return false;
  }
};

template <class T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace chorus::network_interactions
