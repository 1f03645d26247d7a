// Builds khabar-client's gRPC channel: one address, a comma-separated list
// of IP addresses or a DNS name, balanced per call with round_robin and
// retried on UNAVAILABLE by the service config.
#ifndef KHABAR_CLIENT_CHANNEL_H_
#define KHABAR_CLIENT_CHANNEL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"

namespace khabar::client {

struct ChannelOptions {
  // "HOST:PORT"; "IP:PORT,IP:PORT,..." (IPv4 or [IPv6] literals); a gRPC
  // target URI ("dns:///khabar.internal:50051", "unix:/path").
  std::string server = "127.0.0.1:50051";
};

// The gRPC target for `server`: a list becomes "ipv4:a,b" (or "ipv6:"),
// anything else is passed through. INVALID_ARGUMENT for an empty entry or a
// list that mixes names with IP literals.
absl::StatusOr<std::string> TargetFor(const std::string& server);

// The service config every channel uses: round_robin over the resolved
// addresses, and up to 3 attempts of a call that fails UNAVAILABLE.
const char* ServiceConfigJson();

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(
    const ChannelOptions& options);

// Adds per-call settings (metadata such as an auth token) to `context`.
void PrepareContext(const ChannelOptions& options,
                    grpc::ClientContext* context);

}  // namespace khabar::client

#endif  // KHABAR_CLIENT_CHANNEL_H_
