// A fixed set of threads that run the analysis work.
//
// gRPC runs callback handlers on its own few threads, which must not block;
// the engine is CPU-bound, so handlers hand the work to this pool and
// finish the call from here. Its size is what --threads sets. It also lends
// its idle threads to the analyses it runs (khabar::Executor).
#ifndef KHABAR_SERVICE_WORKER_POOL_H_
#define KHABAR_SERVICE_WORKER_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "khabar/executor.h"

namespace khabar::service {

class WorkerPool final : public Executor {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();  // Stop().
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; false once Stop() has begun (the task is not run).
  bool Submit(std::function<void()> task);
  // Queues `task` ahead of the calls and returns true when no call is
  // queued and a thread is waiting (or finishing a part lent before);
  // false otherwise, and once Stop() has begun.
  bool TryStartOnIdleThread(std::function<void()> task) override;
  // Runs what is queued, then joins the threads. Idempotent.
  void Stop();

  int size() const { return static_cast<int>(threads_.size()); }

 private:
  void Run();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::deque<std::function<void()>> lent_;  // Parts of analyses under way.
  int idle_ = 0;                            // Threads waiting for a task.
  int lending_ = 0;                         // Threads running a lent part.
  std::mutex join_mu_;  // Two Stop() calls must not join the same thread.
  std::vector<std::thread> threads_;
};

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_WORKER_POOL_H_
