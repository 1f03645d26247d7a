// A fixed set of threads that run the analysis work.
//
// gRPC runs callback handlers on its own few threads, which must not block;
// the engine is CPU-bound, so handlers hand the work to this pool and
// finish the call from here. Its size is what --threads sets. It also lends
// its idle threads to the analyses it runs (khabar::Executor).
#ifndef KHABAR_SERVICE_WORKER_POOL_H_
#define KHABAR_SERVICE_WORKER_POOL_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "khabar/executor.h"

namespace khabar::service {

class WorkerPool final : public Executor {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool() override;  // Stop().
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; false once Stop() has begun (the task is not run).
  bool Submit(std::function<void()> task) ABSL_LOCKS_EXCLUDED(mu_);
  // Queues `task` ahead of the calls and returns true when no call is
  // queued and a thread is waiting (or finishing a part lent before);
  // false otherwise, and once Stop() has begun.
  bool TryStartOnIdleThread(std::function<void()> task) override
      ABSL_LOCKS_EXCLUDED(mu_);
  // Runs what is queued, then joins the threads. Idempotent.
  void Stop() ABSL_LOCKS_EXCLUDED(mu_, join_mu_);

  int size() const { return size_; }

 private:
  void Run() ABSL_LOCKS_EXCLUDED(mu_);
  // Whether Run has something to do (or should return).
  bool HasWork() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || !tasks_.empty() || !lent_.empty();
  }

  const int size_;
  absl::Mutex mu_;
  absl::CondVar work_;  // Signalled when a task, a lent part or Stop comes.
  std::deque<std::function<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  // Parts of analyses under way; they go before tasks_.
  std::deque<std::function<void()>> lent_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  int idle_ ABSL_GUARDED_BY(mu_) = 0;     // Threads waiting for a task.
  int lending_ ABSL_GUARDED_BY(mu_) = 0;  // Threads running a lent part.
  // Two Stop() calls must not join the same thread.
  absl::Mutex join_mu_ ABSL_ACQUIRED_AFTER(mu_);
  std::vector<std::thread> threads_ ABSL_GUARDED_BY(join_mu_);
};

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_WORKER_POOL_H_
