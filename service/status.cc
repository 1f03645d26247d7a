#include "status.h"

#include <string>

namespace khabar::service {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.raw_code()),
                      std::string(status.message()));
}

absl::Status ToAbslStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

std::string StatusCodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

absl::Status NameTheStop(absl::Status status,
                         std::chrono::system_clock::time_point deadline,
                         std::chrono::system_clock::time_point now) {
  if (absl::IsCancelled(status) &&
      deadline != std::chrono::system_clock::time_point::max() &&
      now + kDeadlineSkew >= deadline) {
    return absl::DeadlineExceededError(
        "deadline passed during the analysis; it was stopped");
  }
  return status;
}

}  // namespace khabar::service
