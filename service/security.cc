#include "security.h"

#include <iterator>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "credential_files.h"

namespace khabar::service {
namespace {

constexpr char kBearer[] = "bearer ";

// A PEM file of the wrong kind (a key passed as the certificate, say) would
// otherwise only fail when gRPC builds the listener, with no hint why.
absl::StatusOr<std::string> ReadPem(const char* flag, const std::string& path,
                                    std::string_view begin_marker,
                                    std::string_view end_marker,
                                    const char* what) {
  absl::StatusOr<std::string> pem = ReadCredentialFile(flag, path);
  if (!pem.ok()) return pem;
  const absl::string_view text(*pem);
  if (!absl::StrContains(
          text, absl::string_view(begin_marker.data(), begin_marker.size())) ||
      !absl::StrContains(
          text, absl::string_view(end_marker.data(), end_marker.size()))) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, " ", path, ": not a PEM ", what));
  }
  return pem;
}

}  // namespace

absl::StatusOr<SecurityOptions> LoadSecurityOptions(
    const SecurityFiles& files) {
  if (!files.tls_key.empty() && files.tls_cert.empty()) {
    return absl::InvalidArgumentError("--tls-key needs --tls-cert");
  }
  if (!files.tls_cert.empty() && files.tls_key.empty()) {
    return absl::InvalidArgumentError("--tls-cert needs --tls-key");
  }
  if (!files.tls_client_ca.empty() && files.tls_cert.empty()) {
    return absl::InvalidArgumentError(
        "--tls-client-ca needs --tls-cert and --tls-key (mutual TLS is TLS "
        "first)");
  }
  SecurityOptions options;
  if (!files.tls_cert.empty()) {
    absl::StatusOr<std::string> cert =
        ReadPem("--tls-cert", files.tls_cert, "-----BEGIN CERTIFICATE-----",
                "-----END CERTIFICATE-----", "certificate");
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key =
        ReadPem("--tls-key", files.tls_key, "-----BEGIN ", "PRIVATE KEY-----",
                "private key");
    if (!key.ok()) return key.status();
    options.tls_cert_chain = *std::move(cert);
    options.tls_private_key = *std::move(key);
  }
  if (!files.tls_client_ca.empty()) {
    absl::StatusOr<std::string> ca = ReadPem(
        "--tls-client-ca", files.tls_client_ca, "-----BEGIN CERTIFICATE-----",
        "-----END CERTIFICATE-----", "CA certificate");
    if (!ca.ok()) return ca.status();
    options.tls_client_ca = *std::move(ca);
  }
  if (!files.auth_token.empty()) {
    absl::StatusOr<std::string> token = ReadTokenFile(files.auth_token);
    if (!token.ok()) return token.status();
    options.auth_token = *std::move(token);
  }
  return options;
}

std::shared_ptr<grpc::ServerCredentials> MakeServerCredentials(
    const SecurityOptions& options) {
  if (!options.tls()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions ssl;
  ssl.pem_key_cert_pairs.push_back(
      {options.tls_private_key, options.tls_cert_chain});
  if (options.tls_client_ca.empty()) {
    ssl.client_certificate_request = GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE;
  } else {
    ssl.pem_root_certs = options.tls_client_ca;
    ssl.client_certificate_request =
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

std::string DescribeSecurity(const SecurityOptions& options) {
  std::string text = !options.tls()                  ? "plaintext"
                     : options.tls_client_ca.empty() ? "TLS"
                                                     : "mutual TLS";
  if (!options.auth_token.empty()) text += ", bearer token required";
  return text;
}

bool ConstantTimeEquals(std::string_view expected, std::string_view given) {
  // Every byte of `given` is compared against some byte of `expected`, and
  // the length difference is folded in, so there is no early exit.
  if (expected.empty()) return given.empty();
  unsigned char diff = expected.size() == given.size() ? 0 : 1;
  for (size_t i = 0; i < given.size(); ++i) {
    diff |=
        static_cast<unsigned char>(expected[i % expected.size()] ^ given[i]);
  }
  return diff == 0;
}

grpc::Status TokenAuthenticator::Check(
    const grpc::ServerContextBase& context) const {
  if (token_.empty()) return grpc::Status::OK;
  const auto& metadata = context.client_metadata();
  const auto [first, last] = metadata.equal_range("authorization");
  if (first == last) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "missing bearer token: this server requires "
                        "\"authorization: Bearer TOKEN\" metadata");
  }
  if (std::next(first) != last) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "more than one authorization metadata entry");
  }
  const std::string_view value(first->second.data(), first->second.size());
  // The scheme name is case-insensitive (RFC 6750 via RFC 7235).
  if (value.size() < sizeof(kBearer) - 1 ||
      !absl::EqualsIgnoreCase(
          absl::string_view(value.data(), sizeof(kBearer) - 1), kBearer)) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "authorization metadata must be \"Bearer TOKEN\"");
  }
  if (!ConstantTimeEquals(token_, value.substr(sizeof(kBearer) - 1))) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "invalid bearer token");
  }
  return grpc::Status::OK;
}

}  // namespace khabar::service
