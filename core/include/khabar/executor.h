// Spare threads one analysis may borrow (AnalyzeOptions::executor): parts
// of a long stage then run side by side, which cuts an article's latency
// when the machine has idle cores, and costs nothing when it has none.
#ifndef KHABAR_EXECUTOR_H_
#define KHABAR_EXECUTOR_H_

#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace khabar {

class Executor {
 public:
  virtual ~Executor() = default;

  // Starts `task` on another thread if one is idle right now and returns
  // true; otherwise returns false at once and `task` is not run. Must be
  // thread-safe and must not block.
  virtual bool TryStartOnIdleThread(std::function<void()> task) = 0;
};

// Threads that do nothing but the parts analyses lend them: for a program
// that analyses in process and has cores to spare. (khabar-server lends
// its own idle workers instead.) Thread-safe.
//
//   khabar::SpareThreads spare(1);
//   khabar::AnalyzeOptions options;
//   options.executor = &spare;
class SpareThreads final : public Executor {
 public:
  explicit SpareThreads(int threads);  // At least 1.
  // Runs what was lent, then joins the threads.
  ~SpareThreads() override;
  SpareThreads(const SpareThreads&) = delete;
  SpareThreads& operator=(const SpareThreads&) = delete;

  // True when a thread is waiting, or finishing a part (it takes the next
  // at once), for every part already queued.
  bool TryStartOnIdleThread(std::function<void()> task) override;

 private:
  struct State;  // The queue and its lock (core/src/base/executor.cc).
  void Run();

  std::unique_ptr<State> state_;
  std::vector<std::thread> threads_;
};

}  // namespace khabar

#endif  // KHABAR_EXECUTOR_H_
