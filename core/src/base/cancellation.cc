#include "khabar/cancellation.h"

namespace khabar {

absl::Status Cancellation::Check() const {
  // The deadline first: an RPC's probe reports a passed deadline as a
  // cancellation too.
  if (Clock::now() >= deadline_) {
    return absl::DeadlineExceededError(
        "deadline passed during the analysis; it was stopped");
  }
  if (cancelled_.load(std::memory_order_relaxed) || (probe_ && probe_())) {
    return absl::CancelledError("analysis cancelled by the caller");
  }
  return absl::OkStatus();
}

}  // namespace khabar
