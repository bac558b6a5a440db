#include "util/allocator.hpp"

#include <malloc.h>

namespace chorus {

void tune_allocator_for_batches() {
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

}  // namespace chorus
