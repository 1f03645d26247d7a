// A std::mutex that clang's -Wthread-safety checks (ABSL_GUARDED_BY and
// friends), for the engine's few locks. Not absl::Mutex: Debian's abseil is
// not built with ThreadSanitizer, which then reports false races through
// it, while it sees std::mutex.
#ifndef KHABAR_CORE_SRC_BASE_CHECKED_MUTEX_H_
#define KHABAR_CORE_SRC_BASE_CHECKED_MUTEX_H_

#include <condition_variable>
#include <mutex>

#include "absl/base/thread_annotations.h"

namespace khabar {

class ABSL_LOCKABLE CheckedMutex {
 public:
  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { mu_.lock(); }
  void Unlock() ABSL_UNLOCK_FUNCTION() { mu_.unlock(); }
  // Releases the lock, waits for a notification (or a spurious wake-up) on
  // `cv`, takes the lock again.
  void Wait(std::condition_variable_any* cv)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(this) {
    cv->wait(mu_);
  }

 private:
  std::mutex mu_;
};

// Holds a CheckedMutex for its scope.
class ABSL_SCOPED_LOCKABLE CheckedLock {
 public:
  explicit CheckedLock(CheckedMutex* mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu)
      : mu_(mu) {
    mu_->Lock();
  }
  ~CheckedLock() ABSL_UNLOCK_FUNCTION() { mu_->Unlock(); }
  CheckedLock(const CheckedLock&) = delete;
  CheckedLock& operator=(const CheckedLock&) = delete;

 private:
  CheckedMutex* mu_;
};

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_BASE_CHECKED_MUTEX_H_
