#include "parallel.h"

#include <atomic>
#include <memory>

#include "absl/synchronization/notification.h"

namespace khabar {
namespace {

// Shared with the helper task, which may start after RunBoth has returned
// (when this thread took `second` back): it then only sees `claimed`.
struct Handoff {
  std::atomic<bool> claimed{false};
  absl::Notification done;
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
    handoff->done.Notify();
  });
  first();
  if (!started || !handoff->claimed.exchange(true, std::memory_order_acq_rel)) {
    second();
    return;
  }
  handoff->done.WaitForNotification();
}

}  // namespace khabar
