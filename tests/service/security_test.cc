// security.h without a network: file checks and the token comparison. The
// handshakes and the token on real calls: tests/e2e/security_e2e_test.cc.
#include "security.h"

#include <unistd.h>

#include <fstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace khabar::service {
namespace {

using ::testing::HasSubstr;

std::string WriteTemp(const std::string& name, const std::string& contents) {
  const std::string path =
      absl::StrCat(::testing::TempDir(), "khabar_security_", getpid(), name);
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

TEST(ConstantTimeEqualsTest, ComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secret2"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secre"));
  EXPECT_FALSE(ConstantTimeEquals("secret", ""));
  // A prefix repeated is not the token either.
  EXPECT_FALSE(ConstantTimeEquals("ab", "abab"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
}

TEST(LoadSecurityOptionsTest, NothingGivenIsPlaintextAndOpen) {
  absl::StatusOr<SecurityOptions> options = LoadSecurityOptions({});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_FALSE(options->tls());
  EXPECT_TRUE(options->auth_token.empty());
  EXPECT_EQ(DescribeSecurity(*options), "plaintext");
}

TEST(LoadSecurityOptionsTest, TokenFileLosesItsLineEnd) {
  SecurityFiles files;
  for (const char* contents : {"tok-1\n", "tok-1\r\n", "tok-1"}) {
    files.auth_token = WriteTemp("token", contents);
    absl::StatusOr<SecurityOptions> options = LoadSecurityOptions(files);
    ASSERT_TRUE(options.ok()) << options.status();
    EXPECT_EQ(options->auth_token, "tok-1");
    EXPECT_EQ(DescribeSecurity(*options), "plaintext, bearer token required");
  }
  for (const char* contents : {"", "\n", "two words\n", "tok\n\n", "t\tok"}) {
    files.auth_token = WriteTemp("token", contents);
    absl::StatusOr<SecurityOptions> options = LoadSecurityOptions(files);
    EXPECT_EQ(options.status().code(), absl::StatusCode::kInvalidArgument)
        << "\"" << contents << "\"";
    // The message names the flag, never the file's contents.
    EXPECT_THAT(options.status().message(), HasSubstr("--auth-token-file"));
    if (std::string(contents).size() > 3) {
      EXPECT_THAT(std::string(options.status().message()),
                  ::testing::Not(HasSubstr(contents)));
    }
  }
}

TEST(LoadSecurityOptionsTest, PairsAndPemKinds) {
  const std::string cert = WriteTemp(
      "cert.pem",
      "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n");
  const std::string key = WriteTemp(
      "key.pem",
      "-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n");
  SecurityFiles files;
  files.tls_cert = cert;
  files.tls_key = key;
  absl::StatusOr<SecurityOptions> options = LoadSecurityOptions(files);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_TRUE(options->tls());
  EXPECT_EQ(DescribeSecurity(*options), "TLS");
  files.tls_client_ca = cert;
  options = LoadSecurityOptions(files);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(DescribeSecurity(*options), "mutual TLS");

  files = {};
  files.tls_cert = key;
  files.tls_key = key;
  EXPECT_THAT(LoadSecurityOptions(files).status().message(),
              HasSubstr("--tls-cert " + key + ": not a PEM certificate"));
  files.tls_cert = cert;
  files.tls_key = cert;
  EXPECT_THAT(LoadSecurityOptions(files).status().message(),
              HasSubstr("not a PEM private key"));
  files = {};
  files.tls_client_ca = cert;
  EXPECT_THAT(LoadSecurityOptions(files).status().message(),
              HasSubstr("--tls-client-ca needs --tls-cert"));
}

}  // namespace
}  // namespace khabar::service
