#include "base/parallel.h"

#include <atomic>
#include <condition_variable>
#include <memory>

#include "base/checked_mutex.h"

namespace khabar {
namespace {

// Shared with the helper task, which may start after RunBoth has returned
// (when this thread took `second` back): it then only sees `claimed`.
struct Handoff {
  std::atomic<bool> claimed{false};
  CheckedMutex mu;
  std::condition_variable_any cv;
  bool done ABSL_GUARDED_BY(mu) = false;
};

}  // namespace

void RunBoth(Executor* executor, absl::FunctionRef<void()> first,
             absl::FunctionRef<void()> second) {
  if (executor == nullptr) {
    first();
    second();
    return;
  }
  auto handoff = std::make_shared<Handoff>();
  const bool started = executor->TryStartOnIdleThread([handoff, second] {
    if (handoff->claimed.exchange(true, std::memory_order_acq_rel)) return;
    second();
    CheckedLock lock(&handoff->mu);
    handoff->done = true;
    handoff->cv.notify_one();
  });
  first();
  if (!started || !handoff->claimed.exchange(true, std::memory_order_acq_rel)) {
    second();
    return;
  }
  CheckedLock lock(&handoff->mu);
  while (!handoff->done) handoff->mu.Wait(&handoff->cv);
}

}  // namespace khabar
