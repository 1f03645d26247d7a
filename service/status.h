// Maps engine errors (absl::Status) to gRPC statuses.
#ifndef KHABAR_SERVICE_STATUS_H_
#define KHABAR_SERVICE_STATUS_H_

#include <chrono>
#include <string>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace khabar::service {

// Same code number, same message: absl and gRPC share the google.rpc.Code
// numbering, so callers see exactly what the engine said.
grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status ToAbslStatus(const grpc::Status& status);

// The engine reports a stop as CANCELLED when the call was cancelled
// before its own deadline clock ran out. A client cancels when its deadline
// passes, and on a loaded machine the server reads the deadline header
// late, so such a cancellation often comes a few ms before the server's
// deadline: within kDeadlineSkew of `deadline` at `now`, it is named
// DEADLINE_EXCEEDED. Any other status is returned as it is.
inline constexpr std::chrono::milliseconds kDeadlineSkew{20};
absl::Status NameTheStop(absl::Status status,
                         std::chrono::system_clock::time_point deadline,
                         std::chrono::system_clock::time_point now);

// "INVALID_ARGUMENT", "OK", ... for logs.
std::string StatusCodeName(grpc::StatusCode code);

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_STATUS_H_
