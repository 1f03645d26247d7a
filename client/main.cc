// khabar-client: the reference command-line client of the Khabar service.
//
// Exit codes: 0 ok, 1 RPC error (the status code name and message on
// stderr), 2 usage error (unknown flag, unreadable file, bad value).
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "args.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "health.h"
#include "khabar/v1/analyzer.grpc.pb.h"
#include "report.h"

namespace khabar::client {
namespace {

constexpr char kDefaultServer[] = "127.0.0.1:50051";
constexpr char kServiceName[] = "khabar.v1.ArticleAnalyzerService";

constexpr char kMainUsage[] = R"(Usage: khabar-client COMMAND [FLAGS] [ARGS]

Commands:
  analyze   Analyse articles (files or stdin) and print a report or JSON.
  health    Ask the server's standard health service whether it is SERVING.
  info      Print the server's version, features, models and limits.

Run "khabar-client COMMAND --help" for the flags of a command.
Exit codes: 0 ok, 1 RPC error (status code name and message on stderr),
2 usage error.
)";

constexpr char kAnalyzeUsage[] =
    R"(Usage: khabar-client analyze [FLAGS] FILE... | -

Sends each FILE (or stdin for "-") as Article.text, with the file name as
Article.id, and prints a readable report per article: outlet, headline,
subheadline, paragraphs, boilerplate, numbered sentences, token counts and
clitic splits, warnings and timing.

Flags:
  --server ADDR        Server address. Default: 127.0.0.1:50051
  --json               Print each AnalyzeResponse as one line of proto3 JSON
                       (lowerCamelCase field names, enums by name, zero
                       values included) instead of the report.
  --offsets UNIT       Offset unit of every span: utf8 (bytes), utf16 (code
                       units) or codepoints. Default: utf8
  --features LIST      Comma-separated features to return: structure,
                       sentences, tokens, entities, quotes, quantities, dates,
                       events, keywords, tone. Default: all.
  --deadline MS        Per-article deadline in milliseconds. Default: 30000
  --help               Print this help.

An article that fails prints "khabar-client: FILE: CODE: message" on stderr;
the others are still sent, and the exit code is 1.
)";

constexpr char kHealthUsage[] = R"(Usage: khabar-client health [FLAGS]

Calls grpc.health.v1.Health/Check and prints the serving status (SERVING,
NOT_SERVING, ...). Exit 0 only when SERVING.

Flags:
  --server ADDR        Server address. Default: 127.0.0.1:50051
  --service NAME       Service to ask about; "" asks about the whole server.
                       Default: khabar.v1.ArticleAnalyzerService
  --deadline MS        Deadline in milliseconds. Default: 5000
  --help               Print this help.
)";

constexpr char kInfoUsage[] = R"(Usage: khabar-client info [FLAGS]

Calls GetServerInfo: version, supported languages, features, loaded models
and limits.

Flags:
  --server ADDR        Server address. Default: 127.0.0.1:50051
  --json               Print the GetServerInfoResponse as one line of JSON.
  --deadline MS        Deadline in milliseconds. Default: 5000
  --help               Print this help.
)";

int UsageError(const std::string& command, const std::string& message) {
  std::cerr << "khabar-client: " << message << " (see khabar-client "
            << (command.empty() ? "" : command + " ") << "--help)\n";
  return kExitUsage;
}

int RpcError(const std::string& what, const grpc::Status& status) {
  std::cerr << "khabar-client: " << (what.empty() ? "" : what + ": ")
            << StatusCodeName(status.error_code()) << ": "
            << status.error_message() << "\n";
  return kExitRpcError;
}

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& server) {
  grpc::ChannelArguments channel_args;
  // Token lists of long articles easily exceed gRPC's 4 MiB default.
  channel_args.SetMaxReceiveMessageSize(-1);
  return grpc::CreateCustomChannel(server, grpc::InsecureChannelCredentials(),
                                   channel_args);
}

bool ParseDeadline(const Args& args, int default_ms,
                   std::chrono::milliseconds* deadline, std::string* error) {
  int ms = default_ms;
  if (args.values.count("--deadline") > 0 &&
      (!absl::SimpleAtoi(args.values.at("--deadline"), &ms) || ms <= 0)) {
    *error = "--deadline: expected a positive number of milliseconds, got \"" +
             args.values.at("--deadline") + "\"";
    return false;
  }
  *deadline = std::chrono::milliseconds(ms);
  return true;
}

std::string JsonLine(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = false;
  std::string json;
  google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

bool ParseFeatures(const std::string& list, v1::AnalyzeRequest* request,
                   std::string* error) {
  for (absl::string_view name : absl::StrSplit(list, ',', absl::SkipEmpty())) {
    std::string upper = absl::StrCat("FEATURE_", name);
    for (char& c : upper) c = static_cast<char>(std::toupper(c));
    v1::Feature feature;
    if (!v1::Feature_Parse(upper, &feature) ||
        feature == v1::FEATURE_UNSPECIFIED) {
      *error = absl::StrCat("--features: unknown feature \"", name, "\"");
      return false;
    }
    request->add_features(feature);
  }
  return true;
}

int Analyze(const std::vector<std::string>& argv) {
  Args args;
  std::string error;
  if (!ParseArgs(argv, {"--server", "--offsets", "--deadline", "--features"},
                 {"--json"}, &args, &error)) {
    return UsageError("analyze", error);
  }
  if (args.help) {
    std::cout << kAnalyzeUsage;
    return kExitOk;
  }
  v1::AnalyzeRequest request;
  const std::string offsets = args.Get("--offsets", "utf8");
  if (offsets == "utf8") {
    request.set_offset_unit(v1::OFFSET_UNIT_UTF8_BYTES);
  } else if (offsets == "utf16") {
    request.set_offset_unit(v1::OFFSET_UNIT_UTF16_CODE_UNITS);
  } else if (offsets == "codepoints") {
    request.set_offset_unit(v1::OFFSET_UNIT_CODE_POINTS);
  } else {
    return UsageError("analyze",
                      "--offsets: expected utf8, utf16 or "
                      "codepoints, got \"" +
                          offsets + "\"");
  }
  if (args.Has("--features") &&
      !ParseFeatures(args.Get("--features", ""), &request, &error)) {
    return UsageError("analyze", error);
  }
  std::chrono::milliseconds deadline;
  if (!ParseDeadline(args, 30000, &deadline, &error)) {
    return UsageError("analyze", error);
  }
  if (args.positional.empty()) {
    return UsageError("analyze", "no input: give FILE... or - for stdin");
  }

  // Every input is read before anything is sent, so a typo in the last
  // file name is a usage error, not a half-done run.
  std::vector<std::string> texts;
  for (const std::string& path : args.positional) {
    std::ostringstream text;
    if (path == "-") {
      text << std::cin.rdbuf();
    } else {
      std::ifstream in(path, std::ios::binary);
      if (!in) return UsageError("analyze", "cannot read " + path);
      text << in.rdbuf();
    }
    texts.push_back(text.str());
  }

  auto stub = v1::ArticleAnalyzerService::NewStub(
      MakeChannel(args.Get("--server", kDefaultServer)));
  const bool json = args.Has("--json");
  int exit_code = kExitOk;
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::string& name = args.positional[i];
    request.mutable_article()->set_id(name);
    request.mutable_article()->set_text(texts[i]);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    v1::AnalyzeResponse response;
    grpc::Status status;
    {
      // Text that is not UTF-8 is sent as is, for the server to refuse
      // with the byte offset; protobuf would also log about it here.
      google::protobuf::LogSilencer silence;
      status = stub->Analyze(&context, request, &response);
    }
    if (!status.ok()) {
      exit_code = RpcError(name, status);
      continue;
    }
    if (json) {
      std::cout << JsonLine(response) << "\n";
    } else {
      std::cout << (i > 0 ? "\n" : "") << FormatReport(name, response);
    }
    std::cout.flush();
  }
  return exit_code;
}

int Health(const std::vector<std::string>& argv) {
  Args args;
  std::string error;
  if (!ParseArgs(argv, {"--server", "--service", "--deadline"}, {}, &args,
                 &error)) {
    return UsageError("health", error);
  }
  if (args.help) {
    std::cout << kHealthUsage;
    return kExitOk;
  }
  if (!args.positional.empty()) {
    return UsageError("health", "unexpected argument " + args.positional[0]);
  }
  std::chrono::milliseconds deadline;
  if (!ParseDeadline(args, 5000, &deadline, &error)) {
    return UsageError("health", error);
  }
  int serving = kUnknown;
  grpc::Status status =
      CheckHealth(MakeChannel(args.Get("--server", kDefaultServer)),
                  args.Get("--service", kServiceName), deadline, &serving);
  if (!status.ok()) return RpcError("", status);
  std::cout << ServingStatusName(serving) << "\n";
  return serving == kServing ? kExitOk : kExitRpcError;
}

int Info(const std::vector<std::string>& argv) {
  Args args;
  std::string error;
  if (!ParseArgs(argv, {"--server", "--deadline"}, {"--json"}, &args, &error)) {
    return UsageError("info", error);
  }
  if (args.help) {
    std::cout << kInfoUsage;
    return kExitOk;
  }
  if (!args.positional.empty()) {
    return UsageError("info", "unexpected argument " + args.positional[0]);
  }
  std::chrono::milliseconds deadline;
  if (!ParseDeadline(args, 5000, &deadline, &error)) {
    return UsageError("info", error);
  }
  auto stub = v1::ArticleAnalyzerService::NewStub(
      MakeChannel(args.Get("--server", kDefaultServer)));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + deadline);
  v1::GetServerInfoResponse info;
  grpc::Status status =
      stub->GetServerInfo(&context, v1::GetServerInfoRequest(), &info);
  if (!status.ok()) return RpcError("", status);
  if (args.Has("--json")) {
    std::cout << JsonLine(info) << "\n";
  } else {
    std::cout << FormatServerInfo(info);
  }
  return kExitOk;
}

}  // namespace
}  // namespace khabar::client

int main(int argc, char** argv) {
  using namespace khabar::client;  // NOLINT: main only dispatches.
  if (argc < 2) {
    std::cerr << kMainUsage;
    return kExitUsage;
  }
  const std::string command = argv[1];
  const std::vector<std::string> rest(argv + 2, argv + argc);
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kMainUsage;
    return kExitOk;
  }
  if (command == "analyze") return Analyze(rest);
  if (command == "health") return Health(rest);
  if (command == "info") return Info(rest);
  return UsageError("", "unknown command \"" + command + "\"");
}
