#include "base/parallel.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "executor_testing.h"
#include "gtest/gtest.h"

namespace khabar {
namespace {

// Never has an idle thread.
class BusyExecutor final : public Executor {
 public:
  bool TryStartOnIdleThread(std::function<void()>) override { return false; }
};

// Accepts tasks but starts them only when told (a slow hand-off).
class LateExecutor final : public Executor {
 public:
  bool TryStartOnIdleThread(std::function<void()> task) override {
    tasks_.push_back(std::move(task));
    return true;
  }
  void RunAll() {
    for (auto& task : tasks_) task();
    tasks_.clear();
  }

 private:
  std::vector<std::function<void()>> tasks_;
};

TEST(RunBothTest, WithoutAnExecutorRunsBothHereInOrder) {
  std::vector<int> order;
  const auto here = std::this_thread::get_id();
  std::thread::id second_on;
  RunBoth(
      nullptr, [&] { order.push_back(1); },
      [&] {
        order.push_back(2);
        second_on = std::this_thread::get_id();
      });
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
  EXPECT_EQ(second_on, here);
}

TEST(RunBothTest, BusyExecutorRunsBothHere) {
  BusyExecutor busy;
  int first = 0, second = 0;
  std::thread::id second_on;
  RunBoth(
      &busy, [&] { ++first; },
      [&] {
        ++second;
        second_on = std::this_thread::get_id();
      });
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 1);
  EXPECT_EQ(second_on, std::this_thread::get_id());
}

TEST(RunBothTest, LentThreadRunsTheSecondPartSideBySide) {
  testing::NewThreadExecutor executor;
  absl::Notification second_started;
  std::atomic<int> seconds{0};
  std::thread::id second_on;
  bool overlapped = false;
  RunBoth(
      &executor,
      // Waits for the other part to start: they ran at the same time.
      [&] {
        overlapped =
            second_started.WaitForNotificationWithTimeout(absl::Seconds(30));
      },
      [&] {
        second_on = std::this_thread::get_id();
        second_started.Notify();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        ++seconds;
      });
  // RunBoth returned only after the second part finished.
  EXPECT_EQ(seconds.load(), 1);
  EXPECT_TRUE(overlapped);
  EXPECT_NE(second_on, std::this_thread::get_id());
}

TEST(RunBothTest, HandOffThatStartsLateIsTakenBack) {
  LateExecutor late;
  int second = 0;
  RunBoth(
      &late, [] {}, [&] { ++second; });
  // Not started by the time the first part ended: run here.
  EXPECT_EQ(second, 1);
  // The lent task starting afterwards does nothing.
  late.RunAll();
  EXPECT_EQ(second, 1);
}

}  // namespace
}  // namespace khabar
