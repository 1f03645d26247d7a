#include "memory_release.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace khabar::service {

void ReleaseMemoryAfter(int64_t request_bytes) {
  if (request_bytes < kReleaseAfterBytes) return;
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace khabar::service
