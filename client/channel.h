// Builds khabar-client's gRPC channel: one address, a comma-separated list
// of IP addresses or a DNS name, balanced per call with round_robin and
// retried on UNAVAILABLE by the service config; plaintext or TLS (mutual
// with a client certificate), plus a bearer token on each call.
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
  // TLS with the system's root certificates (or tls_ca_file). Any of the
  // tls_* files or tls_server_name below implies it.
  bool tls = false;
  // PEM CA to trust instead of the system roots.
  std::string tls_ca_file;
  // PEM client certificate and key, for servers that require mutual TLS.
  std::string tls_cert_file;
  std::string tls_key_file;
  // Name to check the server's certificate against instead of the host in
  // `server` (e.g. "localhost" when dialling 127.0.0.1 or a list).
  std::string tls_server_name;
  // The bearer token itself (service::ReadTokenFile reads it), sent by
  // PrepareContext as "authorization: Bearer TOKEN"; empty = none.
  std::string auth_token;

  bool UsesTls() const {
    return tls || !tls_ca_file.empty() || !tls_cert_file.empty() ||
           !tls_key_file.empty() || !tls_server_name.empty();
  }
};

// The gRPC target for `server`: a list becomes "ipv4:a,b" (or "ipv6:"),
// anything else is passed through. INVALID_ARGUMENT for an empty entry or a
// list that mixes names with IP literals.
absl::StatusOr<std::string> TargetFor(const std::string& server);

// The service config every channel uses: round_robin over the resolved
// addresses, and up to 3 attempts of a call that fails UNAVAILABLE.
const char* ServiceConfigJson();

// INVALID_ARGUMENT for a bad `server`, an unreadable TLS file, or a client
// certificate without its key (or the reverse).
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(
    const ChannelOptions& options);

// Adds per-call settings (metadata such as an auth token) to `context`.
void PrepareContext(const ChannelOptions& options,
                    grpc::ClientContext* context);

}  // namespace khabar::client

#endif  // KHABAR_CLIENT_CHANNEL_H_
