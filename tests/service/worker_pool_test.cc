#include "worker_pool.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "executor_testing.h"
#include "gtest/gtest.h"

namespace khabar::service {
namespace {

using ::khabar::testing::LendEventually;

TEST(WorkerPoolTest, RunsSubmittedTasks) {
  WorkerPool pool(2);
  std::atomic<int> ran{0};
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(pool.Submit([&] { ++ran; }));
  pool.Stop();
  EXPECT_EQ(ran.load(), 10);
  EXPECT_FALSE(pool.Submit([] {}));
}

TEST(WorkerPoolTest, LendsAnIdleThread) {
  WorkerPool pool(1);
  absl::Notification done;
  std::thread::id ran_on;
  ASSERT_TRUE(LendEventually(&pool, [&] {
    ran_on = std::this_thread::get_id();
    done.Notify();
  }));
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(30)));
  EXPECT_NE(ran_on, std::this_thread::get_id());
}

TEST(WorkerPoolTest, LendsNothingWhileCallsWait) {
  WorkerPool pool(1);
  absl::Notification release;
  absl::Notification running;
  ASSERT_TRUE(pool.Submit([&] {
    running.Notify();
    release.WaitForNotification();
  }));
  running.WaitForNotification();
  // The one thread is busy with a call: nothing to lend.
  EXPECT_FALSE(pool.TryStartOnIdleThread([] {}));
  // A call waits in the queue: a lent part would delay it.
  std::atomic<bool> queued_ran{false};
  ASSERT_TRUE(pool.Submit([&] { queued_ran = true; }));
  EXPECT_FALSE(pool.TryStartOnIdleThread([] {}));
  release.Notify();
  pool.Stop();
  EXPECT_TRUE(queued_ran.load());
}

TEST(WorkerPoolTest, ThreadFinishingALentPartTakesTheNext) {
  WorkerPool pool(1);
  absl::Notification release;
  std::vector<int> order;
  // An analysis lends its parts one after another: the thread that is
  // finishing the last counts as free for the next.
  absl::Notification first_running;
  ASSERT_TRUE(LendEventually(&pool, [&] {
    first_running.Notify();
    release.WaitForNotification();
    order.push_back(1);
  }));
  first_running.WaitForNotification();
  EXPECT_TRUE(pool.TryStartOnIdleThread([&] { order.push_back(2); }));
  release.Notify();
  pool.Stop();
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST(WorkerPoolTest, LendsNothingOnceStopped) {
  WorkerPool pool(1);
  pool.Stop();
  EXPECT_FALSE(pool.TryStartOnIdleThread([] {}));
}

}  // namespace
}  // namespace khabar::service
