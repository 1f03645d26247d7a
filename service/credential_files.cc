#include "credential_files.h"

#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace khabar::service {

absl::StatusOr<std::string> ReadCredentialFile(const std::string& flag,
                                               const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  if (in) contents << in.rdbuf();
  if (!in || in.bad()) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, " ", path, ": cannot read file"));
  }
  return contents.str();
}

absl::StatusOr<std::string> ReadTokenFile(const std::string& path) {
  absl::StatusOr<std::string> token =
      ReadCredentialFile("--auth-token-file", path);
  if (!token.ok()) return token;
  if (absl::EndsWith(*token, "\n")) token->pop_back();
  if (absl::EndsWith(*token, "\r")) token->pop_back();
  if (token->empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--auth-token-file ", path, ": the file is empty"));
  }
  // gRPC metadata values are printable ASCII; a token with spaces or
  // control characters could never be sent, so it is refused up front.
  for (char c : *token) {
    if (c < 0x21 || c > 0x7e) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--auth-token-file ", path,
          ": the token must be one line of printable ASCII without spaces"));
    }
  }
  return token;
}

}  // namespace khabar::service
