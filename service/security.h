// Transport security and caller authentication of khabar-server: TLS (and
// mutual TLS) server credentials, and the bearer token every
// ArticleAnalyzerService call must carry when --auth-token-file is set.
//
// grpc.health.v1.Health and reflection are not checked, so probes need no
// token. The token is never logged or put into a status message.
#ifndef KHABAR_SERVICE_SECURITY_H_
#define KHABAR_SERVICE_SECURITY_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"

namespace khabar::service {

// The files named by khabar-server's flags; empty = not given.
struct SecurityFiles {
  std::string tls_cert;       // --tls-cert: PEM certificate chain.
  std::string tls_key;        // --tls-key: PEM private key.
  std::string tls_client_ca;  // --tls-client-ca: PEM CA for client certs.
  std::string auth_token;     // --auth-token-file: one token.
};

// What the server runs with: file contents, read once at start-up.
struct SecurityOptions {
  // PEM; both empty = plaintext.
  std::string tls_cert_chain;
  std::string tls_private_key;
  // PEM; non-empty = clients must present a certificate it signed.
  std::string tls_client_ca;
  // Non-empty = ArticleAnalyzerService calls need "authorization: Bearer
  // <auth_token>".
  std::string auth_token;

  bool tls() const { return !tls_cert_chain.empty(); }
};

// Reads and checks the files: INVALID_ARGUMENT naming the flag for a
// missing or unreadable file, a key without a certificate (or the reverse),
// a client CA without a certificate, a file that holds no PEM block of the
// right kind, or a token that is empty or not printable ASCII. A token
// file's trailing newline is dropped.
absl::StatusOr<SecurityOptions> LoadSecurityOptions(const SecurityFiles& files);

// TLS credentials (requiring and verifying client certificates when
// tls_client_ca is set), or insecure ones without TLS.
std::shared_ptr<grpc::ServerCredentials> MakeServerCredentials(
    const SecurityOptions& options);

// "plaintext", "TLS" or "mutual TLS", plus ", bearer token" when one is
// required: for the start-up log line (never the token itself).
std::string DescribeSecurity(const SecurityOptions& options);

// Checks the bearer token of a call. Thread-safe.
class TokenAuthenticator {
 public:
  // An empty token lets every call through.
  explicit TokenAuthenticator(std::string token) : token_(std::move(token)) {}

  bool enabled() const { return !token_.empty(); }

  // OK, or UNAUTHENTICATED saying what is wrong (missing, malformed or
  // wrong token) without echoing what the caller sent.
  grpc::Status Check(const grpc::ServerContextBase& context) const;

 private:
  std::string token_;
};

// Equality in time that depends only on `given`'s length, not on where the
// strings differ, so response times do not reveal the token byte by byte.
bool ConstantTimeEquals(std::string_view expected, std::string_view given);

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_SECURITY_H_
