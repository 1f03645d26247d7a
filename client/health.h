// grpc.health.v1.Health/Check without generated code.
//
// Debian's gRPC packages ship no health.proto, and its two messages are
// tiny, so they are encoded by hand (HealthCheckRequest: field 1 `service`;
// HealthCheckResponse: field 1 `status` enum) and sent with GenericStub.
#ifndef KHABAR_CLIENT_HEALTH_H_
#define KHABAR_CLIENT_HEALTH_H_

#include <chrono>
#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"

namespace khabar::client {

// grpc.health.v1.HealthCheckResponse.ServingStatus values.
enum ServingStatus {
  kUnknown = 0,
  kServing = 1,
  kNotServing = 2,
  kServiceUnknown = 3,
};

// "SERVING", "NOT_SERVING", ...
std::string ServingStatusName(int status);

// Calls Check for `service` ("" = the whole server). On an OK RPC status
// *serving holds the answer.
grpc::Status CheckHealth(const std::shared_ptr<grpc::Channel>& channel,
                         const std::string& service,
                         std::chrono::milliseconds deadline, int* serving);

}  // namespace khabar::client

#endif  // KHABAR_CLIENT_HEALTH_H_
