#include "worker_pool.h"

#include <utility>

namespace khabar::service {

WorkerPool::WorkerPool(int threads) {
  if (threads < 1) threads = 1;
  threads_.reserve(threads);
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
}

WorkerPool::~WorkerPool() { Stop(); }

bool WorkerPool::Submit(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
    tasks_.push_back(std::move(task));
  }
  cv_.notify_one();
  return true;
}

bool WorkerPool::TryStartOnIdleThread(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    // A waiting thread, or one about to finish a lent part (it takes the
    // next at once); never while calls wait, which the part would delay.
    if (stopping_ || !tasks_.empty() ||
        idle_ + lending_ <= static_cast<int>(lent_.size())) {
      return false;
    }
    lent_.push_back(std::move(task));
  }
  cv_.notify_one();
  return true;
}

void WorkerPool::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  std::lock_guard<std::mutex> lock(join_mu_);
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

void WorkerPool::Run() {
  for (;;) {
    std::function<void()> task;
    bool lent = false;
    {
      std::unique_lock<std::mutex> lock(mu_);
      ++idle_;
      cv_.wait(lock, [this] {
        return stopping_ || !tasks_.empty() || !lent_.empty();
      });
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
      } else {
        return;  // Stopping and drained.
      }
    }
    task();
    if (lent) {
      std::lock_guard<std::mutex> lock(mu_);
      --lending_;
    }
  }
}

}  // namespace khabar::service
