#include "channel.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "credential_files.h"

namespace khabar::client {
namespace {

bool IsIpv4Literal(const std::string& host_port) {
  const size_t colon = host_port.rfind(':');
  if (colon == std::string::npos) return false;
  const std::string host = host_port.substr(0, colon);
  int dots = 0;
  for (char c : host) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

bool IsIpv6Literal(const std::string& host_port) {
  return absl::StartsWith(host_port, "[") &&
         host_port.find("]:") != std::string::npos;
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> TlsCredentials(
    const ChannelOptions& options) {
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls-cert and --tls-key go together (the client certificate and "
        "its private key)");
  }
  grpc::SslCredentialsOptions ssl;
  // Empty pem_root_certs means gRPC's default roots (the system's).
  if (!options.tls_ca_file.empty()) {
    absl::StatusOr<std::string> ca =
        service::ReadCredentialFile("--tls-ca", options.tls_ca_file);
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *std::move(ca);
  }
  if (!options.tls_cert_file.empty()) {
    absl::StatusOr<std::string> cert =
        service::ReadCredentialFile("--tls-cert", options.tls_cert_file);
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key =
        service::ReadCredentialFile("--tls-key", options.tls_key_file);
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *std::move(cert);
    ssl.pem_private_key = *std::move(key);
  }
  return grpc::SslCredentials(ssl);
}

}  // namespace

absl::StatusOr<std::string> TargetFor(const std::string& server) {
  if (server.empty()) return absl::InvalidArgumentError("empty --server");
  if (server.find(',') == std::string::npos) return server;
  std::vector<std::string> parts = absl::StrSplit(server, ',');
  bool all_v4 = true;
  bool all_v6 = true;
  for (std::string& part : parts) {
    part = std::string(absl::StripAsciiWhitespace(part));
    if (part.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--server ", server, ": empty address in the list"));
    }
    all_v4 = all_v4 && IsIpv4Literal(part);
    all_v6 = all_v6 && IsIpv6Literal(part);
  }
  if (all_v4) return absl::StrCat("ipv4:", absl::StrJoin(parts, ","));
  if (all_v6) return absl::StrCat("ipv6:", absl::StrJoin(parts, ","));
  return absl::InvalidArgumentError(absl::StrCat(
      "--server ", server,
      ": a list must hold IP:PORT literals of one family; for host names "
      "use one DNS name (dns:///NAME:PORT) that resolves to every replica"));
}

const char* ServiceConfigJson() {
  return R"({
  "loadBalancingConfig": [{"round_robin": {}}],
  "methodConfig": [{
    "name": [{"service": "khabar.v1.ArticleAnalyzerService"}],
    "retryPolicy": {
      "maxAttempts": 3,
      "initialBackoff": "0.1s",
      "maxBackoff": "1s",
      "backoffMultiplier": 2,
      "retryableStatusCodes": ["UNAVAILABLE"]
    }
  }]
})";
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(
    const ChannelOptions& options) {
  absl::StatusOr<std::string> target = TargetFor(options.server);
  if (!target.ok()) return target.status();
  grpc::ChannelArguments args;
  // Token lists of long articles easily exceed gRPC's 4 MiB default.
  args.SetMaxReceiveMessageSize(-1);
  args.SetServiceConfigJSON(ServiceConfigJson());
  if (!options.UsesTls()) {
    return grpc::CreateCustomChannel(*target,
                                     grpc::InsecureChannelCredentials(), args);
  }
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      TlsCredentials(options);
  if (!credentials.ok()) return credentials.status();
  if (!options.tls_server_name.empty()) {
    args.SetSslTargetNameOverride(options.tls_server_name);
  }
  return grpc::CreateCustomChannel(*target, *credentials, args);
}

void PrepareContext(const ChannelOptions& options,
                    grpc::ClientContext* context) {
  if (!options.auth_token.empty()) {
    context->AddMetadata("authorization", "Bearer " + options.auth_token);
  }
}

}  // namespace khabar::client
