// Maps engine errors (absl::Status) to gRPC statuses.
#ifndef KHABAR_SERVICE_STATUS_H_
#define KHABAR_SERVICE_STATUS_H_

#include <string>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace khabar::service {

// Same code number, same message: absl and gRPC share the google.rpc.Code
// numbering, so callers see exactly what the engine said.
grpc::Status ToGrpcStatus(const absl::Status& status);

// "INVALID_ARGUMENT", "OK", ... for logs.
std::string StatusCodeName(grpc::StatusCode code);

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_STATUS_H_
