// khabar-client: the reference command-line client of the Khabar service.
//
// Exit codes: 0 ok, 1 RPC error (the status code name and message on
// stderr), 2 usage error (unknown flag, unreadable file, bad value).
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "args.h"
#include "batch.h"
#include "bench.h"
#include "channel.h"
#include "credential_files.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "health.h"
#include "inputs.h"
#include "khabar/v1/analyzer.grpc.pb.h"
#include "progress.h"
#include "report.h"

namespace khabar::client {
namespace {

constexpr char kDefaultServer[] = "127.0.0.1:50051";
constexpr char kServiceName[] = "khabar.v1.ArticleAnalyzerService";

constexpr char kMainUsage[] = R"(Usage: khabar-client COMMAND [FLAGS] [ARGS]

Commands:
  analyze   Analyse articles (files or stdin) and print a report or JSON.
  batch     Analyse many files over streams into a resumable NDJSON file.
  bench     Load-test a server: requests per second and latency.
  health    Ask the server's standard health service whether it is SERVING.
  info      Print the server's version, features, models and limits.

Run "khabar-client COMMAND --help" for the flags of a command.
Exit codes: 0 ok, 1 RPC error (status code name and message on stderr),
2 usage error.

Examples:
  khabar-client analyze article.txt
  khabar-client analyze --json --server khabar:50051 articles/ > out.ndjson
  khabar-client health --server khabar:50051
  khabar-client info --server khabar:50051 --tls-ca ca.pem \
      --auth-token-file token.txt
)";

constexpr char kAnalyzeUsage[] =
    R"(Usage: khabar-client analyze [FLAGS] FILE|DIR|-...

Sends each FILE (or stdin for "-"; every *.txt file under a DIR, in sorted
order) as Article.text, with the path as Article.id, and prints a readable
report per article: outlet, headline, subheadline, paragraphs, boilerplate,
tone and keywords, a table of entities, quotes, numbers, dates, event
counts, numbered sentences, token counts and clitic splits, warnings and
timing. Features the server does not compute yet show as (none).

Flags:
{connection flags}
  --json               Print each AnalyzeResponse as one line of proto3 JSON
                       (lowerCamelCase field names, enums by name, zero
                       values included) instead of the report.
  --offsets UNIT       Offset unit of every span: utf8 (bytes), utf16 (code
                       units) or codepoints. Default: utf8
  --features LIST      Comma-separated features to return: structure,
                       sentences, tokens, entities, quotes, quantities, dates,
                       events, keywords, tone. Default: all.
  --deadline MS        Per-article deadline in milliseconds. Default: 30000
  --color WHEN         Colour the report: auto (when stdout is a terminal
                       and NO_COLOR is not set), always or never.
                       Default: auto
  --no-progress        No progress bar. By default one is drawn on stderr
                       for more than one article when stderr is a terminal.
  --help               Print this help.

An article that fails prints "khabar-client: FILE: CODE: message" on stderr;
the others are still sent, and the exit code is 1.

Examples:
  khabar-client analyze article.txt
  khabar-client analyze --server 10.0.0.5:50051 a.txt b.txt
  khabar-client analyze --json --offsets utf16 corpus/ > analyses.ndjson
  curl -s https://example.com/article.txt | khabar-client analyze -
  khabar-client analyze --features entities,quotes --color never article.txt
)";

constexpr char kBatchUsage[] =
    R"(Usage: khabar-client batch --out FILE [FLAGS] FILE|DIR...

Sends every FILE (every *.txt under a DIR, sorted) as Article.text with the
path as Article.id, and every line of a *.ndjson or *.jsonl FILE as one
khabar.v1.Article in proto3 JSON ({"id": "...", "text": "..."}, or the
structured parts; without an id it is FILE:LINE), over AnalyzeStream calls,
and appends each result to the
--out file as it arrives: one AnalyzeStreamResponse as JSON per line, its
"index" the article's position in the input, "status" its outcome (an
article the server rejects, e.g. invalid UTF-8, is a result too). Ids
already in the file are skipped, so an interrupted run resumes where it
stopped and a rerun of a finished one sends nothing. An article that fails
for a transient reason (a replica going away, UNAVAILABLE) is sent again,
on another stream, up to --max-attempts times; one that still fails gets no
line, is named on stderr, and makes the exit code 1 (rerun to retry it).

Flags:
  --out FILE           Results file (NDJSON), appended to. Required.
{connection flags}
  --concurrency N      Articles sent and not yet answered, over all
                       streams. Default: 16
  --streams N          Streams kept open; with several servers each goes to
                       the replica round_robin picks. Default: the smaller
                       of --concurrency and 4
  --max-attempts N     Tries per article. Default: 5
  --offsets UNIT       utf8, utf16 or codepoints. Default: utf8
  --features LIST      Comma-separated features (see analyze). Default: all
  --no-progress        No progress bar (drawn on stderr when a terminal).
  --help               Print this help.

Examples:
  khabar-client batch --out results.ndjson corpus/
  khabar-client batch --server 10.0.0.5:50051,10.0.0.6:50051 \
      --concurrency 32 --features entities,quotes --out out.ndjson corpus/
)";

constexpr char kBenchUsage[] =
    R"(Usage: khabar-client bench [FLAGS] FILE|DIR...

Load-tests a server with Analyze calls of the given articles (every *.txt
under a DIR), sent in turn from --concurrency threads, and prints calls per
second, MB/s of article text, latency percentiles (p50, p95, p99, max) and
failed calls by status code. Calls during the warm-up are not counted.
Exit 0 when at least one call succeeded.

Flags:
{connection flags}
  --concurrency N      Calls in flight at once. Default: 8
  --duration S         Seconds measured. Default: 10
  --warmup S           Seconds before, not counted. Default: 1
  --rate R             Offer R calls per second in all on a fixed schedule
                       (open loop; latency counts from when a call was due).
                       Default: closed loop, as fast as the server answers
  --deadline MS        Per-call deadline in milliseconds. Default: 30000
  --offsets UNIT       utf8, utf16 or codepoints. Default: utf8
  --features LIST      Comma-separated features (see analyze). Default: all
  --io-scheduling MODE normal: the kernel's default. batch: the threads
                       that complete calls run under SCHED_BATCH, so that
                       on the server's own machine they wait for a free
                       core or the next tick instead of preempting its
                       analyses for every response: for throughput runs;
                       latency then includes up to a tick of the
                       generator's own delay. Default: normal
  --json               One JSON object instead of the table.
  --help               Print this help.

Examples:
  khabar-client bench --concurrency 32 --duration 20 corpus/
  khabar-client bench --rate 200 --duration 30 article.txt
)";

constexpr char kHealthUsage[] = R"(Usage: khabar-client health [FLAGS]

Calls grpc.health.v1.Health/Check and prints the serving status (SERVING,
NOT_SERVING, ...). Exit 0 only when SERVING.

Flags (the token of --auth-token-file is not sent: health needs none):
{connection flags}
  --service NAME       Service to ask about; "" asks about the whole server.
                       Default: khabar.v1.ArticleAnalyzerService
  --deadline MS        Deadline in milliseconds. Default: 5000
  --help               Print this help.
)";

constexpr char kInfoUsage[] = R"(Usage: khabar-client info [FLAGS]

Calls GetServerInfo: version, supported languages, features, loaded models
and limits.

Flags:
{connection flags}
  --json               Print the GetServerInfoResponse as one line of JSON.
  --deadline MS        Deadline in milliseconds. Default: 5000
  --help               Print this help.
)";

// The flags every command that talks to a server takes, for its usage.
constexpr char kConnectionFlagsHelp[] =
    R"(  --server ADDR        Server: HOST:PORT, a comma-separated list of IP:PORT
                       replicas, or a target such as dns:///NAME:PORT; calls
                       are balanced round_robin. Default: 127.0.0.1:50051
  --tls                Connect with TLS, trusting the system's root CAs.
  --tls-ca FILE        Trust this PEM CA instead (implies --tls).
  --tls-cert FILE      PEM client certificate, for servers that require
                       mutual TLS; needs --tls-key (implies --tls).
  --tls-key FILE       PEM private key of --tls-cert.
  --tls-server-name NAME
                       Check the server's certificate against NAME instead
                       of the host in --server (implies --tls).
  --auth-token-file FILE
                       Send "authorization: Bearer TOKEN", TOKEN being the
                       file's one line, with each call.
)";

// `usage` with its "{connection flags}" line expanded.
std::string Usage(const char* usage) {
  std::string text = usage;
  constexpr char kMarker[] = "{connection flags}\n";
  const size_t at = text.find(kMarker);
  if (at != std::string::npos) {
    text.replace(at, sizeof(kMarker) - 1, kConnectionFlagsHelp);
  }
  return text;
}

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

// Flags every command that talks to a server takes.
const std::set<std::string>& ConnectionFlags() {
  static const std::set<std::string>* flags = new std::set<std::string>{
      "--server",  "--tls-ca",          "--tls-cert",
      "--tls-key", "--tls-server-name", "--auth-token-file"};
  return *flags;
}

// Connection flags that take no value.
const std::set<std::string>& ConnectionSwitches() {
  static const std::set<std::string>* switches =
      new std::set<std::string>{"--tls"};
  return *switches;
}

std::set<std::string> WithConnectionFlags(std::set<std::string> flags) {
  flags.insert(ConnectionFlags().begin(), ConnectionFlags().end());
  return flags;
}

std::set<std::string> WithConnectionSwitches(std::set<std::string> switches) {
  switches.insert(ConnectionSwitches().begin(), ConnectionSwitches().end());
  return switches;
}

// Reads the connection flags into *options and builds the channel; on a
// bad flag returns nullptr after printing a usage error.
std::shared_ptr<grpc::Channel> ChannelFromArgs(const std::string& command,
                                               const Args& args,
                                               ChannelOptions* options) {
  options->server = args.Get("--server", kDefaultServer);
  options->tls = args.Has("--tls");
  options->tls_ca_file = args.Get("--tls-ca", "");
  options->tls_cert_file = args.Get("--tls-cert", "");
  options->tls_key_file = args.Get("--tls-key", "");
  options->tls_server_name = args.Get("--tls-server-name", "");
  for (const char* flag : {"--tls-ca", "--tls-cert", "--tls-key",
                           "--tls-server-name", "--auth-token-file"}) {
    if (args.Has(flag) && args.Get(flag, "").empty()) {
      UsageError(command, std::string(flag) + " must not be empty");
      return nullptr;
    }
  }
  if (args.Has("--auth-token-file")) {
    absl::StatusOr<std::string> token =
        service::ReadTokenFile(args.Get("--auth-token-file", ""));
    if (!token.ok()) {
      UsageError(command, std::string(token.status().message()));
      return nullptr;
    }
    options->auth_token = *std::move(token);
  }
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      MakeChannel(*options);
  if (!channel.ok()) {
    UsageError(command, std::string(channel.status().message()));
    return nullptr;
  }
  return *channel;
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

// --offsets and --features into the request every article is sent with.
bool RequestFromArgs(const Args& args, v1::AnalyzeRequest* request,
                     std::string* error) {
  const std::string offsets = args.Get("--offsets", "utf8");
  if (offsets == "utf8") {
    request->set_offset_unit(v1::OFFSET_UNIT_UTF8_BYTES);
  } else if (offsets == "utf16") {
    request->set_offset_unit(v1::OFFSET_UNIT_UTF16_CODE_UNITS);
  } else if (offsets == "codepoints") {
    request->set_offset_unit(v1::OFFSET_UNIT_CODE_POINTS);
  } else {
    *error = "--offsets: expected utf8, utf16 or codepoints, got \"" + offsets +
             "\"";
    return false;
  }
  return !args.Has("--features") ||
         ParseFeatures(args.Get("--features", ""), request, error);
}

// A positive integer flag, or `fallback` when absent.
bool PositiveFlag(const Args& args, const std::string& flag, int fallback,
                  int* value, std::string* error) {
  *value = fallback;
  if (args.values.count(flag) == 0) return true;
  if (!absl::SimpleAtoi(args.values.at(flag), value) || *value <= 0) {
    *error = flag + ": expected a positive integer, got \"" +
             args.values.at(flag) + "\"";
    return false;
  }
  return true;
}

// --color: auto colours only a terminal, and never when NO_COLOR is set to
// anything (https://no-color.org) or TERM is dumb.
bool UseColor(const std::string& when, bool* ok) {
  *ok = true;
  if (when == "always") return true;
  if (when == "never") return false;
  if (when != "auto") {
    *ok = false;
    return false;
  }
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return isatty(STDOUT_FILENO) && (no_color == nullptr || *no_color == '\0') &&
         !(term != nullptr && std::string(term) == "dumb");
}

int Analyze(const std::vector<std::string>& argv) {
  Args args;
  std::string error;
  if (!ParseArgs(argv,
                 WithConnectionFlags(
                     {"--offsets", "--deadline", "--features", "--color"}),
                 WithConnectionSwitches({"--json", "--no-progress"}), &args,
                 &error)) {
    return UsageError("analyze", error);
  }
  if (args.help) {
    std::cout << Usage(kAnalyzeUsage);
    return kExitOk;
  }
  v1::AnalyzeRequest request;
  if (!RequestFromArgs(args, &request, &error)) {
    return UsageError("analyze", error);
  }
  std::chrono::milliseconds deadline;
  if (!ParseDeadline(args, 30000, &deadline, &error)) {
    return UsageError("analyze", error);
  }
  bool color_ok = true;
  ReportOptions report;
  report.color = UseColor(args.Get("--color", "auto"), &color_ok);
  if (!color_ok) {
    return UsageError("analyze",
                      "--color: expected auto, always or never, got \"" +
                          args.Get("--color", "") + "\"");
  }
  report.features.insert(request.features().begin(), request.features().end());
  if (args.positional.empty()) {
    return UsageError("analyze", "no input: give FILE, DIR or - for stdin");
  }

  // Every path is checked before anything is sent, so a typo in the last
  // one is a usage error, not a half-done run.
  std::vector<std::string> paths;
  if (!ExpandInputs(args.positional, &paths, &error)) {
    return UsageError("analyze", error);
  }

  ChannelOptions connection;
  std::shared_ptr<grpc::Channel> channel =
      ChannelFromArgs("analyze", args, &connection);
  if (channel == nullptr) return kExitUsage;
  auto stub = v1::ArticleAnalyzerService::NewStub(channel);
  const bool json = args.Has("--json");
  ProgressBar progress(
      paths.size() > 1 && !args.Has("--no-progress") && isatty(STDERR_FILENO),
      paths.size());
  int exit_code = kExitOk;
  for (size_t i = 0; i < paths.size(); ++i) {
    const std::string& name = paths[i];
    progress.Show(i, name);
    std::string text;
    if (!ReadInput(name, &text)) {  // Gone or unreadable since it was listed.
      progress.Clear();
      std::cerr << "khabar-client: " << name << ": cannot read\n";
      exit_code = kExitRpcError;
      continue;
    }
    request.mutable_article()->set_id(name);
    request.mutable_article()->set_text(std::move(text));
    grpc::ClientContext context;
    PrepareContext(connection, &context);
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    v1::AnalyzeResponse response;
    grpc::Status status;
    {
      // Text that is not UTF-8 is sent as is, for the server to refuse
      // with the byte offset; protobuf would also log about it here.
      google::protobuf::LogSilencer silence;
      status = stub->Analyze(&context, request, &response);
    }
    progress.Clear();
    if (!status.ok()) {
      exit_code = RpcError(name, status);
      continue;
    }
    if (json) {
      std::cout << JsonLine(response) << "\n";
    } else {
      std::cout << (i > 0 ? "\n" : "") << FormatReport(name, response, report);
    }
    std::cout.flush();
  }
  progress.Clear();
  return exit_code;
}

int Batch(const std::vector<std::string>& argv) {
  Args args;
  std::string error;
  if (!ParseArgs(
          argv,
          WithConnectionFlags({"--out", "--concurrency", "--streams",
                               "--max-attempts", "--offsets", "--features"}),
          {"--no-progress"}, &args, &error)) {
    return UsageError("batch", error);
  }
  if (args.help) {
    std::cout << Usage(kBatchUsage);
    return kExitOk;
  }
  BatchOptions options;
  options.out_path = args.Get("--out", "");
  if (options.out_path.empty()) {
    return UsageError("batch", "--out FILE is required");
  }
  if (!RequestFromArgs(args, &options.request, &error) ||
      !PositiveFlag(args, "--concurrency", 16, &options.concurrency, &error) ||
      !PositiveFlag(args, "--streams", 0, &options.streams, &error) ||
      !PositiveFlag(args, "--max-attempts", 5, &options.max_attempts, &error)) {
    return UsageError("batch", error);
  }
  if (args.positional.empty()) {
    return UsageError("batch", "no input: give FILE or DIR");
  }
  if (!ExpandInputs(args.positional, &options.paths, &error)) {
    return UsageError("batch", error);
  }
  options.progress = !args.Has("--no-progress") && isatty(STDERR_FILENO);
  std::shared_ptr<grpc::Channel> channel =
      ChannelFromArgs("batch", args, &options.connection);
  if (channel == nullptr) return kExitUsage;
  return RunBatch(options, channel);
}

// A duration flag in seconds (fractions allowed), or `fallback`.
bool SecondsFlag(const Args& args, const std::string& flag, double fallback,
                 bool allow_zero, std::chrono::milliseconds* value,
                 std::string* error) {
  double seconds = fallback;
  if (args.values.count(flag) > 0 &&
      (!absl::SimpleAtod(args.values.at(flag), &seconds) || seconds < 0 ||
       (seconds == 0 && !allow_zero))) {
    *error = flag + ": expected a number of seconds, got \"" +
             args.values.at(flag) + "\"";
    return false;
  }
  *value = std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
  return true;
}

int Bench(const std::vector<std::string>& argv) {
  Args args;
  std::string error;
  if (!ParseArgs(argv,
                 WithConnectionFlags({"--concurrency", "--duration", "--warmup",
                                      "--rate", "--deadline", "--offsets",
                                      "--features", "--io-scheduling"}),
                 WithConnectionSwitches({"--json"}), &args, &error)) {
    return UsageError("bench", error);
  }
  if (args.help) {
    std::cout << Usage(kBenchUsage);
    return kExitOk;
  }
  BenchOptions options;
  options.json = args.Has("--json");
  if (!RequestFromArgs(args, &options.request, &error) ||
      !PositiveFlag(args, "--concurrency", 8, &options.concurrency, &error) ||
      !SecondsFlag(args, "--duration", 10, false, &options.duration, &error) ||
      !SecondsFlag(args, "--warmup", 1, true, &options.warmup, &error) ||
      !ParseDeadline(args, 30000, &options.deadline, &error)) {
    return UsageError("bench", error);
  }
  if (args.Has("--rate") &&
      (!absl::SimpleAtod(args.Get("--rate", ""), &options.rate) ||
       options.rate <= 0)) {
    return UsageError("bench", "--rate: expected calls per second, got \"" +
                                   args.Get("--rate", "") + "\"");
  }
  const std::string scheduling = args.Get("--io-scheduling", "normal");
  if (scheduling != "batch" && scheduling != "normal") {
    return UsageError("bench",
                      "--io-scheduling: expected batch or normal, "
                      "got \"" +
                          scheduling + "\"");
  }
  options.batch_io_threads = scheduling == "batch";
  if (args.positional.empty()) {
    return UsageError("bench", "no input: give FILE or DIR");
  }
  std::vector<std::string> paths;
  if (!ExpandInputs(args.positional, &paths, &error)) {
    return UsageError("bench", error);
  }
  for (const std::string& path : paths) {
    std::string text;
    if (!ReadInput(path, &text))
      return UsageError("bench", "cannot read " + path);
    options.texts.push_back(std::move(text));
  }
  std::shared_ptr<grpc::Channel> channel =
      ChannelFromArgs("bench", args, &options.connection);
  if (channel == nullptr) return kExitUsage;
  return RunBench(options, channel);
}

int Health(const std::vector<std::string>& argv) {
  Args args;
  std::string error;
  if (!ParseArgs(argv, WithConnectionFlags({"--service", "--deadline"}),
                 WithConnectionSwitches({}), &args, &error)) {
    return UsageError("health", error);
  }
  if (args.help) {
    std::cout << Usage(kHealthUsage);
    return kExitOk;
  }
  if (!args.positional.empty()) {
    return UsageError("health", "unexpected argument " + args.positional[0]);
  }
  std::chrono::milliseconds deadline;
  if (!ParseDeadline(args, 5000, &deadline, &error)) {
    return UsageError("health", error);
  }
  ChannelOptions connection;
  std::shared_ptr<grpc::Channel> channel =
      ChannelFromArgs("health", args, &connection);
  if (channel == nullptr) return kExitUsage;
  int serving = kUnknown;
  grpc::Status status = CheckHealth(
      channel, args.Get("--service", kServiceName), deadline, &serving);
  if (!status.ok()) return RpcError("", status);
  std::cout << ServingStatusName(serving) << "\n";
  return serving == kServing ? kExitOk : kExitRpcError;
}

int Info(const std::vector<std::string>& argv) {
  Args args;
  std::string error;
  if (!ParseArgs(argv, WithConnectionFlags({"--deadline"}),
                 WithConnectionSwitches({"--json"}), &args, &error)) {
    return UsageError("info", error);
  }
  if (args.help) {
    std::cout << Usage(kInfoUsage);
    return kExitOk;
  }
  if (!args.positional.empty()) {
    return UsageError("info", "unexpected argument " + args.positional[0]);
  }
  std::chrono::milliseconds deadline;
  if (!ParseDeadline(args, 5000, &deadline, &error)) {
    return UsageError("info", error);
  }
  ChannelOptions connection;
  std::shared_ptr<grpc::Channel> channel =
      ChannelFromArgs("info", args, &connection);
  if (channel == nullptr) return kExitUsage;
  auto stub = v1::ArticleAnalyzerService::NewStub(channel);
  grpc::ClientContext context;
  PrepareContext(connection, &context);
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
  // Debian's abseil is built with mutex deadlock detection on, which gRPC
  // pays for on every lock (a global graph lookup); this is a release binary.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  using namespace khabar::client;  // NOLINT: main only dispatches.
  if (argc < 2) {
    std::cerr << kMainUsage;
    return kExitUsage;
  }
  const std::string command = argv[1];
  const std::vector<std::string> rest(argv + 2, argv + argc);
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << Usage(kMainUsage);
    return kExitOk;
  }
  if (command == "analyze") return Analyze(rest);
  if (command == "batch") return Batch(rest);
  if (command == "bench") return Bench(rest);
  if (command == "health") return Health(rest);
  if (command == "info") return Info(rest);
  return UsageError("", "unknown command \"" + command + "\"");
}
