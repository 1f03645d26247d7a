// Spare threads one analysis may borrow (AnalyzeOptions::executor): parts
// of a long stage then run side by side, which cuts an article's latency
// when the machine has idle cores, and costs nothing when it has none.
#ifndef KHABAR_EXECUTOR_H_
#define KHABAR_EXECUTOR_H_

#include <functional>

namespace khabar {

class Executor {
 public:
  virtual ~Executor() = default;

  // Starts `task` on another thread if one is idle right now and returns
  // true; otherwise returns false at once and `task` is not run. Must be
  // thread-safe and must not block.
  virtual bool TryStartOnIdleThread(std::function<void()> task) = 0;
};

}  // namespace khabar

#endif  // KHABAR_EXECUTOR_H_
