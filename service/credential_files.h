// Reading the files behind the TLS and token flags, for the server and the
// client alike (khabar-client links this one file of service/), so both
// sides accept and refuse the same files with the same messages.
#ifndef KHABAR_SERVICE_CREDENTIAL_FILES_H_
#define KHABAR_SERVICE_CREDENTIAL_FILES_H_

#include <string>

#include "absl/status/statusor.h"

namespace khabar::service {

// The whole file; INVALID_ARGUMENT "FLAG PATH: cannot read file".
absl::StatusOr<std::string> ReadCredentialFile(const std::string& flag,
                                               const std::string& path);

// The bearer token of --auth-token-file: the file's one line, its line end
// dropped. INVALID_ARGUMENT when it is empty or not printable ASCII without
// spaces (gRPC metadata could not carry it).
absl::StatusOr<std::string> ReadTokenFile(const std::string& path);

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_CREDENTIAL_FILES_H_
