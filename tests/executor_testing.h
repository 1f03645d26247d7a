// Executors for tests of analyses that borrow threads (khabar/executor.h).
#ifndef KHABAR_TESTS_EXECUTOR_TESTING_H_
#define KHABAR_TESTS_EXECUTOR_TESTING_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

#include "khabar/executor.h"

namespace khabar::testing {

// Starts every task lent to it at once on a thread of its own, and counts
// them. The destructor joins them.
class NewThreadExecutor final : public Executor {
 public:
  ~NewThreadExecutor() override {
    for (std::thread& t : threads_) t.join();
  }
  bool TryStartOnIdleThread(std::function<void()> task) override {
    threads_.emplace_back(std::move(task));
    return true;
  }
  size_t lent() const { return threads_.size(); }

 private:
  std::vector<std::thread> threads_;
};

// Offers `task` until `executor` takes it (its threads start, and go back
// to waiting, on their own time); false after 30 s.
inline bool LendEventually(Executor* executor,
                           const std::function<void()>& task) {
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < give_up) {
    if (executor->TryStartOnIdleThread(task)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

}  // namespace khabar::testing

#endif  // KHABAR_TESTS_EXECUTOR_TESTING_H_
