#include "khabar/cancellation.h"

namespace khabar {

absl::Status Cancellation::Check() const {
  if (cancelled_.load(std::memory_order_relaxed) || (probe_ && probe_())) {
    return absl::CancelledError("analysis cancelled by the caller");
  }
  if (Clock::now() >= deadline_) {
    return absl::DeadlineExceededError(
        "deadline passed during the analysis; it was stopped");
  }
  return absl::OkStatus();
}

}  // namespace khabar
