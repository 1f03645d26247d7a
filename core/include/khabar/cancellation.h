// Lets the caller of Analyzer::Analyze stop it early: a deadline, a flag
// another thread may raise, or a probe of the caller's own state (an RPC
// that was cancelled). Long stages poll it between sentences, so a stopped
// analysis returns within about a millisecond and frees its thread.
#ifndef KHABAR_CANCELLATION_H_
#define KHABAR_CANCELLATION_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <utility>

#include "absl/status/status.h"

namespace khabar {

class Cancellation {
 public:
  using Clock = std::chrono::steady_clock;

  // Never stops unless Cancel() is called.
  Cancellation() = default;
  // Stops once `deadline` has passed.
  explicit Cancellation(Clock::time_point deadline) : deadline_(deadline) {}
  Cancellation(const Cancellation&) = delete;
  Cancellation& operator=(const Cancellation&) = delete;

  // Also stops once `probe` returns true; it is called from the analysing
  // threads at each poll, so it must be cheap and thread-safe. Set it before
  // the analysis starts.
  void set_probe(std::function<bool()> probe) { probe_ = std::move(probe); }

  // Stops the analysis; safe from any thread, at any time.
  void Cancel() { cancelled_.store(true, std::memory_order_relaxed); }

  // OK while the analysis may go on; DEADLINE_EXCEEDED or CANCELLED saying
  // which once it must stop.
  absl::Status Check() const;
  bool stopped() const {
    return cancelled_.load(std::memory_order_relaxed) ||
           Clock::now() >= deadline_ || (probe_ && probe_());
  }

 private:
  Clock::time_point deadline_ = Clock::time_point::max();
  std::atomic<bool> cancelled_{false};
  std::function<bool()> probe_;
};

// True when `cancellation` is set and says stop; for the stages' loops.
inline bool Stopped(const Cancellation* cancellation) {
  return cancellation != nullptr && cancellation->stopped();
}

}  // namespace khabar

#endif  // KHABAR_CANCELLATION_H_
