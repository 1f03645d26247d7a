#include "khabar/executor.h"

#include <condition_variable>
#include <deque>
#include <utility>

#include "base/checked_mutex.h"

namespace khabar {

// Lent parts wait in `tasks` for a thread; a part is lent only when a
// thread is idle (or finishing a part) for it, so none waits long.
struct SpareThreads::State {
  CheckedMutex mu;
  std::condition_variable_any cv;
  std::deque<std::function<void()>> tasks ABSL_GUARDED_BY(mu);
  int idle ABSL_GUARDED_BY(mu) = 0;     // Threads waiting.
  int running ABSL_GUARDED_BY(mu) = 0;  // Threads running a part.
  bool stopping ABSL_GUARDED_BY(mu) = false;
};

SpareThreads::SpareThreads(int threads) : state_(std::make_unique<State>()) {
  if (threads < 1) threads = 1;
  threads_.reserve(threads);
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
}

SpareThreads::~SpareThreads() {
  {
    CheckedLock lock(&state_->mu);
    state_->stopping = true;
  }
  state_->cv.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

bool SpareThreads::TryStartOnIdleThread(std::function<void()> task) {
  State& s = *state_;
  {
    CheckedLock lock(&s.mu);
    if (s.stopping || s.idle + s.running <= static_cast<int>(s.tasks.size())) {
      return false;
    }
    s.tasks.push_back(std::move(task));
  }
  s.cv.notify_one();
  return true;
}

void SpareThreads::Run() {
  State& s = *state_;
  CheckedLock lock(&s.mu);
  for (;;) {
    ++s.idle;
    while (!s.stopping && s.tasks.empty()) s.mu.Wait(&s.cv);
    --s.idle;
    if (s.tasks.empty()) return;  // Stopping and drained.
    std::function<void()> task = std::move(s.tasks.front());
    s.tasks.pop_front();
    ++s.running;
    s.mu.Unlock();
    task();
    s.mu.Lock();
    --s.running;
  }
}

}  // namespace khabar
