// TLS, mutual TLS and the bearer token, end to end: the real khabar-server
// and khabar-client with certificates made by openssl for this run.
#include <stdlib.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "e2e/e2e_util.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "khabar/v1/analyzer.grpc.pb.h"
#include "test_paths.h"

namespace khabar {
namespace {

using ::khabar::e2e::RunClient;
using ::khabar::e2e::RunProcess;
using ::khabar::e2e::RunResult;
using ::khabar::e2e::ServerProcess;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kToken[] = "kh-7Qm2-s3cret-tok3n";

// A CA, a server certificate for localhost and 127.0.0.1, a client
// certificate from the same CA, and a client certificate from another CA
// the server does not trust. EC keys: generated in milliseconds.
constexpr char kMakeCertificates[] = R"(set -e
ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
ca() {
  openssl req -x509 $ec -keyout $1.key -out $1.pem -days 2 -subj /CN=$1 \
    -addext basicConstraints=critical,CA:TRUE \
    -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
}
leaf() {  # NAME CA EXTENSIONS
  printf '%s\n' "$3" > $1.ext
  openssl req -new $ec -keyout $1.key -out $1.csr -subj /CN=$1 2>/dev/null
  openssl x509 -req -in $1.csr -CA $2.pem -CAkey $2.key -CAcreateserial \
    -out $1.pem -days 2 -extfile $1.ext 2>/dev/null
}
ca ca
ca other-ca
leaf server ca "subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth"
leaf client ca "extendedKeyUsage=clientAuth"
leaf stranger other-ca "extendedKeyUsage=clientAuth"
)";

void WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream(path, std::ios::binary) << contents;
}

class SecurityE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string templ = ::testing::TempDir() + "khabar_security_XXXXXX";
    if (mkdtemp(templ.data()) == nullptr) return;
    const RunResult made =
        RunProcess({"/bin/sh", "-c",
                    absl::StrCat("cd '", templ, "' && ", kMakeCertificates)});
    WriteFile(templ + "/token.txt", absl::StrCat(kToken, "\n"));
    WriteFile(templ + "/token-no-newline.txt", kToken);
    WriteFile(templ + "/wrong-token.txt", "kh-7Qm2-wrong-tok3n\n");
    WriteFile(templ + "/empty-token.txt", "");
    if (made.exit_code == 0) {
      dir_ = new std::string(templ);
    } else {
      setup_error_ = new std::string(made.err);
    }
  }

  static void TearDownTestSuite() {
    if (dir_ != nullptr) {
      std::error_code ignored;
      std::filesystem::remove_all(*dir_, ignored);
    }
  }

  void SetUp() override {
    if (dir_ != nullptr) return;
    const std::string why = absl::StrCat(
        "cannot make certificates with openssl (scripts/setup.sh "
        "installs it): ",
        setup_error_ == nullptr ? "" : *setup_error_);
    if (testing::UnderCi()) FAIL() << why;
    GTEST_SKIP() << why;
  }

  static std::string File(const std::string& name) {
    return *dir_ + "/" + name;
  }

  static std::vector<std::string> TlsServerFlags() {
    return {"--tls-cert", File("server.pem"), "--tls-key", File("server.key")};
  }

  static void StartServer(ServerProcess* server,
                          const std::vector<std::string>& flags) {
    ASSERT_TRUE(server->Start(flags))
        << "first line: \"" << server->first_line() << "\"\n"
        << server->Log();
  }

  static inline std::string* dir_ = nullptr;
  static inline std::string* setup_error_ = nullptr;
};

TEST_F(SecurityE2eTest, TlsServesTlsClientsAndRefusesPlaintextOnes) {
  ServerProcess server;
  StartServer(&server, TlsServerFlags());
  EXPECT_THAT(server.Log(), HasSubstr("; TLS"));

  RunResult run = RunClient(
      {"info", "--server", server.address(), "--tls-ca", File("ca.pem")});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Version:"));
  run = RunClient(
      {"health", "--server", server.address(), "--tls-ca", File("ca.pem")});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "SERVING\n");

  // Analyze, over a list of replicas (the same server twice), where the
  // name to check has to be given.
  const std::string article = File("article.txt");
  std::ofstream(article) << "قال الوزير إن الزيارة مهمة.\n";
  run = RunClient({"analyze", "--json", "--server",
                   absl::StrCat(server.address(), ",", server.address()),
                   "--tls-ca", File("ca.pem"), "--tls-server-name", "localhost",
                   article});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("\"tokens\""));
  // By host name: the certificate's DNS name.
  run =
      RunClient({"info", "--server", absl::StrCat("localhost:", server.port()),
                 "--tls-ca", File("ca.pem")});
  EXPECT_EQ(run.exit_code, 0) << run.err;

  // A plaintext client cannot speak to it.
  run = RunClient({"info", "--server", server.address(), "--deadline", "3000"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("UNAVAILABLE"));
  // The system roots do not include this run's CA.
  run = RunClient(
      {"info", "--server", server.address(), "--tls", "--deadline", "3000"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("UNAVAILABLE"));
  // Nor does the certificate name another host.
  run = RunClient({"info", "--server", server.address(), "--tls-ca",
                   File("ca.pem"), "--tls-server-name", "khabar.example.org",
                   "--deadline", "3000"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("UNAVAILABLE"));
  EXPECT_EQ(server.Stop(), 0);
}

TEST_F(SecurityE2eTest, MutualTlsNeedsAClientCertificateFromTheCa) {
  ServerProcess server;
  std::vector<std::string> flags = TlsServerFlags();
  flags.insert(flags.end(), {"--tls-client-ca", File("ca.pem")});
  StartServer(&server, flags);
  EXPECT_THAT(server.Log(), HasSubstr("; mutual TLS"));

  RunResult run = RunClient({"info", "--server", server.address(), "--tls-ca",
                             File("ca.pem"), "--tls-cert", File("client.pem"),
                             "--tls-key", File("client.key")});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Version:"));

  run = RunClient({"info", "--server", server.address(), "--tls-ca",
                   File("ca.pem"), "--deadline", "3000"});
  EXPECT_EQ(run.exit_code, 1) << "no client certificate: " << run.out;
  EXPECT_THAT(run.err, HasSubstr("UNAVAILABLE"));

  run = RunClient({"info", "--server", server.address(), "--tls-ca",
                   File("ca.pem"), "--tls-cert", File("stranger.pem"),
                   "--tls-key", File("stranger.key"), "--deadline", "3000"});
  EXPECT_EQ(run.exit_code, 1) << "certificate of another CA: " << run.out;
  EXPECT_THAT(run.err, HasSubstr("UNAVAILABLE"));

  // Probes come with a certificate too under mutual TLS.
  run = RunClient({"health", "--server", server.address(), "--tls-ca",
                   File("ca.pem"), "--tls-cert", File("client.pem"),
                   "--tls-key", File("client.key")});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(server.Stop(), 0);
}

// AnalyzeStream has no command in khabar-client, so it is called here.
grpc::Status CallAnalyzeStream(const std::string& address,
                               const std::string& authorization,
                               int* responses) {
  auto stub = v1::ArticleAnalyzerService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
  if (!authorization.empty()) {
    context.AddMetadata("authorization", authorization);
  }
  auto stream = stub->AnalyzeStream(&context);
  v1::AnalyzeStreamRequest request;
  request.mutable_request()->mutable_article()->set_text("قال الوزير.");
  stream->Write(request);
  stream->WritesDone();
  v1::AnalyzeStreamResponse response;
  *responses = 0;
  while (stream->Read(&response)) ++*responses;
  return stream->Finish();
}

TEST_F(SecurityE2eTest, BearerTokenGuardsTheServiceButNotHealth) {
  ServerProcess server;
  StartServer(&server, {"--auth-token-file", File("token.txt")});
  const std::string& address = server.address();
  EXPECT_THAT(server.Log(), HasSubstr("bearer token required"));
  EXPECT_THAT(server.Log(), HasSubstr("token travels in clear text"));

  RunResult run = RunClient({"info", "--server", address});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("UNAUTHENTICATED: missing bearer token"));

  run = RunClient({"info", "--server", address, "--auth-token-file",
                   File("wrong-token.txt")});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("UNAUTHENTICATED: invalid bearer token"));

  // The server's file ends in a newline, this one does not: both are the
  // same token.
  run = RunClient({"info", "--server", address, "--auth-token-file",
                   File("token-no-newline.txt")});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Version:"));

  const std::string article = File("article-token.txt");
  std::ofstream(article) << "قال الوزير إن الزيارة مهمة.\n";
  run = RunClient({"analyze", "--json", "--server", address, article});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("UNAUTHENTICATED"));
  run = RunClient({"analyze", "--json", "--server", address,
                   "--auth-token-file", File("token.txt"), article});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("\"tokens\""));

  int responses = -1;
  grpc::Status status = CallAnalyzeStream(address, "", &responses);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(responses, 0);
  status = CallAnalyzeStream(address, "Basic a2hhYmFyOnB3", &responses);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("Bearer TOKEN"));
  status = CallAnalyzeStream(address, absl::StrCat("Bearer ", kToken, "x"),
                             &responses);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  status =
      CallAnalyzeStream(address, absl::StrCat("bearer ", kToken), &responses);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(responses, 1);

  // Probes need no token.
  run = RunClient({"health", "--server", address});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "SERVING\n");
  run = RunClient({"health", "--server", address, "--service", ""});
  EXPECT_EQ(run.exit_code, 0) << run.err;

  EXPECT_EQ(server.Stop(), 0);
  // Refusals are logged, but neither the token nor what was sent instead.
  const std::string log = server.Log();
  EXPECT_THAT(log, HasSubstr("Analyze id=\"\" url=\"\" bytes=0 request_bytes=0 "
                             "status=UNAUTHENTICATED"));
  EXPECT_THAT(log, HasSubstr("AnalyzeStream"));
  EXPECT_THAT(log, HasSubstr("GetServerInfo"));
  EXPECT_THAT(log, Not(HasSubstr("s3cret")));
  EXPECT_THAT(log, Not(HasSubstr("wrong-tok3n")));
  EXPECT_THAT(log, Not(HasSubstr("a2hhYmFyOnB3")));
}

TEST_F(SecurityE2eTest, TokenOverMutualTls) {
  ServerProcess server;
  std::vector<std::string> flags = TlsServerFlags();
  flags.insert(flags.end(),
               {"--tls-client-ca", File("ca.pem"), "--auth-token-file",
                File("token.txt"), "--log-format", "json"});
  StartServer(&server, flags);
  EXPECT_THAT(server.Log(), HasSubstr("mutual TLS, bearer token required"));
  EXPECT_THAT(server.Log(), Not(HasSubstr("clear text")));
  const std::vector<std::string> tls = {
      "--tls-ca",  File("ca.pem"),     "--tls-cert", File("client.pem"),
      "--tls-key", File("client.key"), "--server",   server.address()};

  std::vector<std::string> args = {"info"};
  args.insert(args.end(), tls.begin(), tls.end());
  RunResult run = RunClient(args);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("UNAUTHENTICATED"));
  args.insert(args.end(), {"--auth-token-file", File("token.txt")});
  run = RunClient(args);
  EXPECT_EQ(run.exit_code, 0) << run.err;

  EXPECT_EQ(server.Stop(), 0);
  EXPECT_THAT(server.Log(), HasSubstr("\"status\":\"UNAUTHENTICATED\""));
  EXPECT_THAT(server.Log(), Not(HasSubstr("s3cret")));
}

TEST_F(SecurityE2eTest, BadServerFlagsExit2) {
  const std::string server = testing::BinDir() + "/khabar-server";
  struct Case {
    std::vector<std::string> flags;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--tls-cert", File("missing.pem"), "--tls-key", File("server.key")},
       "--tls-cert " + File("missing.pem") + ": cannot read file"},
      {{"--tls-cert", File("server.pem"), "--tls-key", File("missing.key")},
       "--tls-key " + File("missing.key") + ": cannot read file"},
      {{"--tls-key", File("server.key")}, "--tls-key needs --tls-cert"},
      {{"--tls-cert", File("server.pem")}, "--tls-cert needs --tls-key"},
      {{"--tls-client-ca", File("ca.pem")}, "--tls-client-ca needs --tls-cert"},
      {{"--tls-cert", File("server.key"), "--tls-key", File("server.key")},
       "not a PEM certificate"},
      {{"--tls-cert", File("server.pem"), "--tls-key", File("server.pem")},
       "not a PEM private key"},
      {{"--auth-token-file", File("missing.txt")}, "cannot read file"},
      {{"--auth-token-file", File("empty-token.txt")}, "the file is empty"},
      {{"--tls-cert="}, "--tls-cert must not be empty"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> argv = {server, "--listen", "127.0.0.1:0"};
    argv.insert(argv.end(), c.flags.begin(), c.flags.end());
    const RunResult run = RunProcess(argv);
    EXPECT_EQ(run.exit_code, 2) << c.message << "\n" << run.err;
    EXPECT_THAT(run.err, HasSubstr(c.message));
    EXPECT_THAT(run.out, Not(HasSubstr("listening")));
  }
}

TEST_F(SecurityE2eTest, BadClientFlagsExit2) {
  const std::vector<std::vector<std::string>> cases = {
      {"info", "--tls-ca", File("missing.pem")},
      {"info", "--tls-cert", File("client.pem")},
      {"info", "--tls-key", File("client.key")},
      {"analyze", "--auth-token-file", File("missing.txt"), File("token.txt")},
      {"health", "--auth-token-file", File("empty-token.txt")},
      {"info", "--tls=yes"},
      {"info", "--tls-server-name"},
  };
  for (const std::vector<std::string>& args : cases) {
    const RunResult run = RunClient(args);
    EXPECT_EQ(run.exit_code, 2) << args[1] << "\n" << run.err;
    EXPECT_THAT(run.err, HasSubstr("--help"));
  }
}

}  // namespace
}  // namespace khabar
