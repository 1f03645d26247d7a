// Giving back what a large analysis freed. glibc keeps freed memory in its
// arenas for reuse, so a burst of large articles would leave the server at
// its peak RSS for good; after each large article the free pages go back to
// the system.
#ifndef KHABAR_SERVICE_MEMORY_RELEASE_H_
#define KHABAR_SERVICE_MEMORY_RELEASE_H_

#include <cstdint>

namespace khabar::service {

// Articles from this size up release memory after their analysis: their
// analysis takes some 150 times their size at its peak, smaller ones too
// little to matter.
inline constexpr int64_t kReleaseAfterBytes = 128 << 10;

// Returns free heap pages to the system (malloc_trim) when `request_bytes`
// is at least kReleaseAfterBytes; a no-op elsewhere and off glibc.
// Thread-safe; costs about a millisecond when it trims.
void ReleaseMemoryAfter(int64_t request_bytes);

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_MEMORY_RELEASE_H_
