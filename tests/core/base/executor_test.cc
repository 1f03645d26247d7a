#include "khabar/executor.h"

#include <atomic>
#include <chrono>
#include <thread>

#include "absl/synchronization/notification.h"
#include "executor_testing.h"
#include "gtest/gtest.h"

namespace khabar {
namespace {

using ::khabar::testing::LendEventually;

TEST(SpareThreadsTest, RunsALentPartOnItsOwnThread) {
  SpareThreads spare(1);
  absl::Notification done;
  std::thread::id ran_on;
  ASSERT_TRUE(LendEventually(&spare, [&] {
    ran_on = std::this_thread::get_id();
    done.Notify();
  }));
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(30)));
  EXPECT_NE(ran_on, std::this_thread::get_id());
}

TEST(SpareThreadsTest, QueuesOnePartPerThreadAtMost) {
  std::atomic<int> ran{0};
  absl::Notification release;
  {
    SpareThreads spare(1);
    absl::Notification running;
    ASSERT_TRUE(LendEventually(&spare, [&] {
      running.Notify();
      release.WaitForNotification();
      ++ran;
    }));
    running.WaitForNotification();
    // Its one thread is busy but takes the next part when done...
    EXPECT_TRUE(spare.TryStartOnIdleThread([&] { ++ran; }));
    // ...and none after that.
    EXPECT_FALSE(spare.TryStartOnIdleThread([&] { ++ran; }));
    release.Notify();
  }  // The destructor runs what was lent, then joins.
  EXPECT_EQ(ran.load(), 2);
}

}  // namespace
}  // namespace khabar
