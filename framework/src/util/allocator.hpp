// Process-wide allocator settings for a batch engine.
#pragma once

namespace chorus {

// Keeps glibc from returning every freed batch to the kernel: batches of a
// few MiB are allocated and freed continuously, and with the defaults each
// one is a fresh mmap whose pages fault in again (about a third of the CSV
// reader's time in `make bench`). Freed memory up to 1 GiB stays with the
// process for reuse. Call once, at the start of main().
void tune_allocator_for_batches();

}  // namespace chorus
