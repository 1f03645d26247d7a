#include "worker_pool.h"

#include <utility>

namespace khabar::service {

WorkerPool::WorkerPool(int threads) : size_(threads < 1 ? 1 : threads) {
  absl::MutexLock lock(&join_mu_);
  threads_.reserve(size_);
  for (int i = 0; i < size_; ++i) threads_.emplace_back([this] { Run(); });
}

WorkerPool::~WorkerPool() { Stop(); }

bool WorkerPool::Submit(std::function<void()> task) {
  absl::MutexLock lock(&mu_);
  if (stopping_) return false;
  tasks_.push_back(std::move(task));
  work_.Signal();
  return true;
}

bool WorkerPool::TryStartOnIdleThread(std::function<void()> task) {
  absl::MutexLock lock(&mu_);
  // A waiting thread, or one about to finish a lent part (it takes the
  // next at once); never while calls wait, which the part would delay.
  if (stopping_ || !tasks_.empty() ||
      idle_ + lending_ <= static_cast<int>(lent_.size())) {
    return false;
  }
  lent_.push_back(std::move(task));
  work_.Signal();
  return true;
}

void WorkerPool::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    work_.SignalAll();
  }
  absl::MutexLock lock(&join_mu_);
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

void WorkerPool::Run() {
  bool lent = false;  // Whether the task just run was a lent part.
  for (;;) {
    std::function<void()> task;
    {
      absl::MutexLock lock(&mu_);
      if (lent) --lending_;
      ++idle_;
      while (!HasWork()) work_.Wait(&mu_);
      --idle_;
      // Lent parts first: an analysis under way waits for them.
      if (!lent_.empty()) {
        task = std::move(lent_.front());
        lent_.pop_front();
        lent = true;
        ++lending_;
      } else if (!tasks_.empty()) {
        task = std::move(tasks_.front());
        tasks_.pop_front();
        lent = false;
      } else {
        return;  // Stopping and drained.
      }
    }
    task();
  }
}

}  // namespace khabar::service
