// KHABAR_DCHECK: an invariant checked in debug and sanitizer builds (no
// NDEBUG) and compiled out of release builds, as leveldb's assert and
// re2's DCHECK. A broken invariant prints where and aborts, so the fuzzers
// and sanitizer tests stop at the first wrong span instead of a later
// symptom.
#ifndef KHABAR_CORE_SRC_BASE_CHECK_H_
#define KHABAR_CORE_SRC_BASE_CHECK_H_

#include <cstdio>
#include <cstdlib>

#ifdef NDEBUG
#define KHABAR_DCHECK(condition) \
  do {                           \
  } while (false && (condition))
#else
#define KHABAR_DCHECK(condition)                                      \
  do {                                                                \
    if (!(condition)) {                                               \
      std::fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, \
                   __LINE__, #condition);                             \
      std::abort();                                                   \
    }                                                                 \
  } while (false)
#endif

#endif  // KHABAR_CORE_SRC_BASE_CHECK_H_
