// KHABAR_DCHECK: invariants of the engine and the service (spans in the
// text, tokens in their sentence, wire sizes as computed), checked in debug
// builds (no NDEBUG) and in sanitizer builds (CMake defines KHABAR_DCHECKS
// with KHABAR_SANITIZE), where a failure prints the file, line, condition
// and detail and aborts, so the fuzzers stop at the first broken invariant.
// In release builds neither the condition nor the detail is evaluated.
#ifndef KHABAR_CHECK_H_
#define KHABAR_CHECK_H_

#include <cstdio>
#include <cstdlib>
#include <string>

#if !defined(NDEBUG) || defined(KHABAR_DCHECKS)
#define KHABAR_DCHECK_IS_ON 1
#else
#define KHABAR_DCHECK_IS_ON 0
#endif

namespace khabar::internal {

[[noreturn]] inline void DcheckFailed(const char* file, int line,
                                      const char* condition,
                                      const std::string& detail) {
  std::fprintf(stderr, "%s:%d: KHABAR_DCHECK(%s) failed: %s\n", file, line,
               condition, detail.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace khabar::internal

// `detail` is any expression convertible to std::string (absl::StrCat(...)).
#define KHABAR_DCHECK(condition, detail)                               \
  do {                                                                 \
    if (KHABAR_DCHECK_IS_ON && !(condition)) {                         \
      ::khabar::internal::DcheckFailed(__FILE__, __LINE__, #condition, \
                                       (detail));                      \
    }                                                                  \
  } while (false)

#endif  // KHABAR_CHECK_H_
