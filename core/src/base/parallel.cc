#include "base/parallel.h"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace khabar {
namespace {

// Shared with the helper task, which may start after RunBoth has returned
// (when this thread took `second` back): it then only sees `claimed`.
struct Handoff {
  std::atomic<bool> claimed{false};
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
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
    std::lock_guard<std::mutex> lock(handoff->mu);
    handoff->done = true;
    handoff->cv.notify_one();
  });
  first();
  if (!started || !handoff->claimed.exchange(true, std::memory_order_acq_rel)) {
    second();
    return;
  }
  std::unique_lock<std::mutex> lock(handoff->mu);
  handoff->cv.wait(lock, [&] { return handoff->done; });
}

}  // namespace khabar
