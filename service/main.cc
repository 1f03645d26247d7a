// khabar-server: serves khabar.v1.ArticleAnalyzerService over gRPC.
//
// Prints "listening on HOST:PORT" (the bound port) as the first stdout line,
// logs one line per request on stderr, and drains gracefully on SIGTERM or
// SIGINT, then exits 0. Exit 2: bad flags (unreadable TLS or token files
// included) or --lexicon; 1: cannot start.
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "handlers.h"
#include "khabar/analyzer.h"
#include "security.h"
#include "server.h"

namespace {

constexpr char kUsage[] = R"(Usage: khabar-server [FLAGS]

Serves khabar.v1.ArticleAnalyzerService (plus grpc.health.v1.Health and
server reflection) over gRPC: plaintext, or TLS with --tls-cert and
--tls-key. The first line on stdout is
"listening on HOST:PORT" with the bound port; requests are logged on stderr,
one line each. SIGTERM or SIGINT stops accepting calls, lets calls in flight
finish for --shutdown-grace-ms, and exits 0.

Flags (--flag=VALUE or --flag VALUE):
  --listen ADDR             Address to listen on; port 0 picks a free port.
                            Default: 127.0.0.1:50051
  --max-article-bytes N     Largest article accepted, in UTF-8 bytes; larger
                            ones get RESOURCE_EXHAUSTED. Default: 1048576
  --max-message-bytes N     Largest request message accepted, in bytes;
                            larger ones get RESOURCE_EXHAUSTED (in a stream,
                            that article alone; over 4 x N, gRPC refuses the
                            message and ends the stream). Default: the
                            larger of 4 MiB and max-article-bytes + 64 KiB
  --max-response-bytes N    Largest response message sent, in bytes; a
                            larger response gets RESOURCE_EXHAUSTED, saying
                            to ask for fewer features (tokens are most of a
                            response; with every feature it is about 9
                            times a news article, up to about 36 times for
                            text of one-character tokens). Clients must
                            accept messages this large. Default: the larger
                            of 4 MiB and 40 x max-article-bytes (40 MiB)
  --threads N               Threads running analyses; gRPC's own I/O threads
                            are extra. 0 = one per CPU. Default: 0
  --max-concurrent-calls N  Analyze calls running or queued at once; more
                            get RESOURCE_EXHAUSTED. Default: 128
  --max-concurrent-streams N
                            AnalyzeStream calls open at once; more get
                            RESOURCE_EXHAUSTED. Default: 32
  --stream-window N         Articles of one stream read and not yet
                            answered; the server reads no further until the
                            oldest is answered. 0 = twice --threads, which
                            keeps every thread busy. Default: 0
  --stream-idle-timeout-ms N
                            End an AnalyzeStream with DEADLINE_EXCEEDED
                            ("stream idle for N ms") when for N ms it has
                            sent no request, no response to it could be
                            sent, and none of its articles was being
                            analysed, freeing its slot. 0 = never.
                            Default: 30000
  --keepalive-time-ms N     Ping each connection after N ms (gRPC
                            keepalive) and close it when the ping is not
                            answered in --keepalive-timeout-ms, ending the
                            calls of clients that are gone. 0 = no pings.
                            Default: 60000
  --keepalive-timeout-ms N  How long a keepalive ping may go unanswered.
                            Default: 20000
  --keepalive-min-ping-interval-ms N
                            Clients may send keepalive pings at most every
                            N ms while no data flows; after two pings
                            sooner the connection is closed (GOAWAY
                            too_many_pings). Default: 10000
  --keepalive-permit-without-calls on|off
                            Whether clients may ping a connection that has
                            no call. Default: on
  --max-connection-age-ms N Close each client connection after N ms (calls
                            in flight get as long again to finish), so that
                            clients balancing over DNS re-resolve and find
                            new replicas. 0 = never. Default: 0
  --io-scheduling MODE      batch: gRPC's I/O threads run under SCHED_BATCH,
                            so that network events wait for a free core or
                            the next tick instead of preempting analyses
                            (more throughput when every core is busy);
                            normal: the kernel's default. Default: batch
  --lend-idle-threads on|off
                            on: an analysis borrows an analysis thread that
                            is idle, to tag entities and run the stages that
                            do not need them side by side; cuts latency below
                            peak load, and at peak no thread is idle. Same
                            results either way. Default: on
  --lexicon PATH            Word-frequency lexicon for clitic splitting.
                            Default: models/lexicon.tsv, looked up beside the
                            binary's source tree (BIN/../../models) and then
                            in the current directory; when it is missing the
                            server warns and runs with built-in rules. An
                            explicit PATH must exist; --lexicon= (empty) runs
                            with built-in rules and no warning.
  --model PATH              Named-entity model (khabar-ner). Default:
                            models/ner.model, looked up like the lexicon;
                            when it is missing the server warns and returns
                            no entities. An explicit PATH must exist;
                            --model= (empty) runs without entities.
  --shutdown-grace-ms N     How long calls in flight may run after SIGTERM
                            before they are cancelled. Default: 5000
  --log-format FORMAT       Request log on stderr: text, json or none.
                            Default: text
  --tls-cert FILE           Serve TLS with this PEM certificate chain (the
                            server's certificate first). Needs --tls-key.
  --tls-key FILE            PEM private key of --tls-cert.
  --tls-client-ca FILE      Mutual TLS: require a client certificate signed
                            by this PEM CA and refuse connections without
                            one. Needs --tls-cert.
  --auth-token-file FILE    Require "authorization: Bearer TOKEN" metadata on
                            ArticleAnalyzerService calls, TOKEN being the
                            file's one line (a trailing newline is dropped);
                            others get UNAUTHENTICATED. Health and
                            reflection stay open for probes. Use with TLS:
                            over plaintext the token travels in clear.
  --version                 Print the version and exit.
  --help                    Print this help and exit.
)";

struct Flags {
  std::string listen = "127.0.0.1:50051";
  int64_t max_article_bytes = int64_t{1} << 20;
  int64_t max_message_bytes = 0;
  int64_t max_response_bytes = 0;
  int threads = 0;
  int max_concurrent_calls =
      khabar::service::ServerOptions().max_concurrent_calls;
  int max_concurrent_streams =
      khabar::service::ServerOptions().max_concurrent_streams;
  int stream_window = 0;
  int64_t max_connection_age_ms = 0;
  int64_t stream_idle_timeout_ms =
      khabar::service::ServerOptions().stream_idle_timeout_ms;
  int64_t keepalive_time_ms =
      khabar::service::ServerOptions().keepalive_time_ms;
  int64_t keepalive_timeout_ms =
      khabar::service::ServerOptions().keepalive_timeout_ms;
  int64_t keepalive_min_ping_interval_ms =
      khabar::service::ServerOptions().keepalive_min_ping_interval_ms;
  bool keepalive_permit_without_calls =
      khabar::service::ServerOptions().keepalive_permit_without_calls;
  bool batch_io_threads = true;
  bool lend_idle_threads = true;
  bool lexicon_set = false;
  std::string lexicon;
  bool model_set = false;
  std::string model;
  int64_t shutdown_grace_ms = 5000;
  khabar::service::LogFormat log_format = khabar::service::LogFormat::kText;
  khabar::service::SecurityFiles security;
};

[[noreturn]] void UsageError(const std::string& message) {
  std::fprintf(stderr, "khabar-server: %s (see --help)\n", message.c_str());
  std::exit(2);
}

int64_t ParseInt(std::string_view flag, const std::string& value, int64_t min,
                 int64_t max) {
  int64_t n = 0;
  if (!absl::SimpleAtoi(value, &n) || n < min || n > max) {
    UsageError(
        absl::StrFormat("%s: expected an integer in [%d, %d], got \"%s\"", flag,
                        min, max, value));
  }
  return n;
}

// True for `yes`, false for `no`; anything else is a usage error.
bool ParseChoice(const std::string& flag, const std::string& value,
                 const char* yes, const char* no) {
  if (value != yes && value != no) {
    UsageError(absl::StrFormat("%s must be %s or %s, not \"%s\"", flag, yes, no,
                               value));
  }
  return value == yes;
}

const std::string& NonEmpty(const std::string& flag, const std::string& value) {
  if (value.empty()) UsageError(flag + " must not be empty");
  return value;
}

// The log format a --log-format value names; anything else is a usage error.
khabar::service::LogFormat ParseLogFormat(const std::string& format) {
  if (format == "text") return khabar::service::LogFormat::kText;
  if (format == "json") return khabar::service::LogFormat::kJson;
  if (format == "none") return khabar::service::LogFormat::kNone;
  UsageError("--log-format: expected text, json or none, got \"" + format +
             "\"");
}

// Sets the flag `name` from the value take_value() gives (read only by flags
// that take one); an unknown flag is a usage error.
void SetFlag(const std::string& name,
             absl::FunctionRef<const std::string&()> take_value, Flags* flags) {
  if (name == "--listen") {
    flags->listen = take_value();
    if (flags->listen.empty()) UsageError("--listen must not be empty");
  } else if (name == "--max-article-bytes") {
    flags->max_article_bytes = ParseInt(name, take_value(), 1, INT_MAX);
  } else if (name == "--max-message-bytes") {
    flags->max_message_bytes = ParseInt(name, take_value(), 0, INT_MAX);
  } else if (name == "--max-response-bytes") {
    flags->max_response_bytes = ParseInt(name, take_value(), 0, INT_MAX);
  } else if (name == "--stream-idle-timeout-ms") {
    flags->stream_idle_timeout_ms =
        ParseInt(name, take_value(), 0, int64_t{INT_MAX});
  } else if (name == "--keepalive-time-ms") {
    flags->keepalive_time_ms =
        ParseInt(name, take_value(), 0, int64_t{INT_MAX});
  } else if (name == "--keepalive-timeout-ms") {
    flags->keepalive_timeout_ms =
        ParseInt(name, take_value(), 1, int64_t{INT_MAX});
  } else if (name == "--keepalive-min-ping-interval-ms") {
    flags->keepalive_min_ping_interval_ms =
        ParseInt(name, take_value(), 0, int64_t{INT_MAX});
  } else if (name == "--keepalive-permit-without-calls") {
    flags->keepalive_permit_without_calls =
        ParseChoice(name, take_value(), "on", "off");
  } else if (name == "--threads") {
    flags->threads = static_cast<int>(ParseInt(name, take_value(), 0, 1024));
  } else if (name == "--max-concurrent-calls") {
    flags->max_concurrent_calls =
        static_cast<int>(ParseInt(name, take_value(), 1, 1 << 20));
  } else if (name == "--max-concurrent-streams") {
    flags->max_concurrent_streams =
        static_cast<int>(ParseInt(name, take_value(), 1, 1 << 20));
  } else if (name == "--stream-window") {
    flags->stream_window =
        static_cast<int>(ParseInt(name, take_value(), 0, 1 << 16));
  } else if (name == "--max-connection-age-ms") {
    flags->max_connection_age_ms =
        ParseInt(name, take_value(), 0, int64_t{INT_MAX});
  } else if (name == "--io-scheduling") {
    flags->batch_io_threads =
        ParseChoice(name, take_value(), "batch", "normal");
  } else if (name == "--lend-idle-threads") {
    flags->lend_idle_threads = ParseChoice(name, take_value(), "on", "off");
  } else if (name == "--lexicon") {
    flags->lexicon = take_value();
    flags->lexicon_set = true;
  } else if (name == "--model") {
    flags->model = take_value();
    flags->model_set = true;
  } else if (name == "--shutdown-grace-ms") {
    flags->shutdown_grace_ms =
        ParseInt(name, take_value(), 0, int64_t{24} * 3600 * 1000);
  } else if (name == "--log-format") {
    flags->log_format = ParseLogFormat(take_value());
  } else if (name == "--tls-cert") {
    flags->security.tls_cert = NonEmpty(name, take_value());
  } else if (name == "--tls-key") {
    flags->security.tls_key = NonEmpty(name, take_value());
  } else if (name == "--tls-client-ca") {
    flags->security.tls_client_ca = NonEmpty(name, take_value());
  } else if (name == "--auth-token-file") {
    flags->security.auth_token = NonEmpty(name, take_value());
  } else {
    UsageError("unknown flag " + name);
  }
}

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    }
    if (arg == "--version") {
      std::printf("khabar-server %s\n", khabar::service::ServerVersion());
      std::exit(0);
    }
    if (arg.rfind("--", 0) != 0) UsageError("unexpected argument " + arg);
    std::string name = arg;
    std::string value;
    bool has_value = false;
    if (size_t eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    auto take_value = [&]() -> const std::string& {
      if (!has_value) {
        if (i + 1 >= argc) UsageError(name + " needs a value");
        value = argv[++i];
        has_value = true;
      }
      return value;
    };
    SetFlag(name, take_value, &flags);
  }
  if (flags.max_message_bytes > 0 &&
      flags.max_message_bytes < flags.max_article_bytes) {
    std::fprintf(stderr,
                 "khabar-server: warning: --max-message-bytes is below "
                 "--max-article-bytes; large articles are refused for their "
                 "message size "
                 "(also RESOURCE_EXHAUSTED)\n");
  }
  return flags;
}

bool Readable(const std::string& path) {
  std::ifstream in(path);
  return in.good();
}

std::string ExecutableDir() {
  char buf[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0) return ".";
  std::string path(buf, static_cast<size_t>(n));
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

// A default model file: the checkout's models/ when run from build/bin,
// else ./models. Empty when neither exists.
std::string DefaultModelFile(const std::string& name) {
  for (const std::string& candidate :
       {ExecutableDir() + "/../../models/" + name, "models/" + name}) {
    if (Readable(candidate)) return candidate;
  }
  return "";
}

// Resolves a model flag into *path: the explicit value (which must exist
// unless empty) or the default file. False after printing an error.
bool ResolveModel(const char* flag, bool set, const std::string& value,
                  const std::string& default_name, const char* missing_effect,
                  std::string* path) {
  if (set) {
    if (!value.empty() && !Readable(value)) {
      std::fprintf(stderr, "khabar-server: %s %s: cannot read file\n", flag,
                   value.c_str());
      return false;
    }
    *path = value;
    return true;
  }
  *path = DefaultModelFile(default_name);
  if (path->empty()) {
    std::fprintf(stderr, "khabar-server: warning: models/%s not found; %s\n",
                 default_name.c_str(), missing_effect);
  }
  return true;
}

// Blocks SIGTERM and SIGINT and returns that set: before any thread starts,
// so every thread inherits the mask and only WaitForStopSignal sees them.
sigset_t BlockStopSignals() {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  return stop_signals;
}

// Reads the certificates and the token (a failure is a usage error) and
// warns about a token without TLS.
khabar::service::SecurityOptions LoadSecurity(const Flags& flags) {
  absl::StatusOr<khabar::service::SecurityOptions> security =
      khabar::service::LoadSecurityOptions(flags.security);
  if (!security.ok()) UsageError(std::string(security.status().message()));
  if (!security->auth_token.empty() && !security->tls()) {
    std::fprintf(stderr,
                 "khabar-server: warning: --auth-token-file without TLS: the "
                 "token travels in clear text\n");
  }
  return *std::move(security);
}

// The analyzer's options: the article limit and the model files (warns of
// missing default files); false after an error about an explicit file.
bool MakeAnalyzerOptions(const Flags& flags,
                         khabar::AnalyzerOptions* analyzer_options) {
  analyzer_options->max_article_bytes =
      static_cast<size_t>(flags.max_article_bytes);
  if (!ResolveModel("--lexicon", flags.lexicon_set, flags.lexicon,
                    "lexicon.tsv", "clitics are split by built-in rules only",
                    &analyzer_options->lexicon_path) ||
      !ResolveModel("--model", flags.model_set, flags.model, "ner.model",
                    "no entities are returned",
                    &analyzer_options->ner_model_path)) {
    return false;
  }
  // Keywords and tone resources: no flags; found beside the other models.
  analyzer_options->stopwords_path = DefaultModelFile("stopwords_ar.txt");
  analyzer_options->tone_lexicon_path = DefaultModelFile("tone_lexicon.tsv");
  if (analyzer_options->stopwords_path.empty()) {
    std::fprintf(stderr,
                 "khabar-server: warning: models/stopwords_ar.txt not found; "
                 "no keywords are returned\n");
  }
  if (analyzer_options->tone_lexicon_path.empty()) {
    std::fprintf(stderr,
                 "khabar-server: warning: models/tone_lexicon.tsv not found; "
                 "no tone is returned\n");
  }
  return true;
}

// The server's options from the flags and the loaded security settings.
khabar::service::ServerOptions MakeServerOptions(
    const Flags& flags, khabar::service::SecurityOptions security) {
  khabar::service::ServerOptions options;
  options.listen_address = flags.listen;
  options.max_message_bytes = flags.max_message_bytes;
  options.max_response_bytes = flags.max_response_bytes;
  options.stream_idle_timeout_ms = flags.stream_idle_timeout_ms;
  options.keepalive_time_ms = flags.keepalive_time_ms;
  options.keepalive_timeout_ms = flags.keepalive_timeout_ms;
  options.keepalive_min_ping_interval_ms = flags.keepalive_min_ping_interval_ms;
  options.keepalive_permit_without_calls = flags.keepalive_permit_without_calls;
  options.threads = flags.threads;
  options.max_concurrent_calls = flags.max_concurrent_calls;
  options.max_concurrent_streams = flags.max_concurrent_streams;
  options.stream_window = flags.stream_window;
  options.max_connection_age_ms = flags.max_connection_age_ms;
  options.batch_io_threads = flags.batch_io_threads;
  options.lend_idle_threads = flags.lend_idle_threads;
  options.log_format = flags.log_format;
  options.security = std::move(security);
  return options;
}

// Logs the startup line (version, models, limits, security) on stderr, then
// prints "listening on HOST:PORT" on stdout.
void AnnounceServer(const khabar::Analyzer& analyzer,
                    const khabar::service::KhabarServer& server,
                    const Flags& flags,
                    const khabar::service::ServerOptions& options) {
  std::string resources;
  for (const khabar::ResourceInfo& r : analyzer.resources()) {
    resources += " " + r.name + " " + r.version + ";";
  }
  if (resources.empty()) resources = " no models;";
  std::fprintf(
      stderr,
      "khabar-server %s:%s %d analysis threads; max "
      "article %lld bytes; max message %lld bytes; max response %lld bytes; "
      "max %d calls, %d streams of window %d, idle after %lld ms; %s\n",
      khabar::service::ServerVersion(), resources.c_str(), server.threads(),
      static_cast<long long>(flags.max_article_bytes),
      static_cast<long long>(server.max_message_bytes()),
      static_cast<long long>(server.max_response_bytes()),
      server.limits().max_concurrent_calls,
      server.limits().max_concurrent_streams, server.limits().stream_window,
      static_cast<long long>(server.limits().stream_idle_timeout_ms),
      khabar::service::DescribeSecurity(options.security).c_str());
  std::printf("listening on %s\n", server.address().c_str());
  std::fflush(stdout);
}

// Waits for SIGTERM or SIGINT, then lets calls in flight finish for up to
// the grace period and stops the server.
void WaitForStopSignal(const sigset_t& stop_signals, int64_t shutdown_grace_ms,
                       khabar::service::KhabarServer* server) {
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  std::fprintf(stderr,
               "khabar-server: %s received; draining for up to %lld ms\n",
               signal_number == SIGTERM ? "SIGTERM" : "SIGINT",
               static_cast<long long>(shutdown_grace_ms));
  server->Shutdown(std::chrono::milliseconds(shutdown_grace_ms));
  std::fprintf(stderr, "khabar-server: stopped\n");
}

}  // namespace

int main(int argc, char** argv) {
  // Debian's abseil is built with mutex deadlock detection on, which gRPC
  // pays for on every lock (a global graph lookup); this is a release binary.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  const Flags flags = ParseFlags(argc, argv);
  const sigset_t stop_signals = BlockStopSignals();

  // Certificates and the token are read before the slow model loading, so
  // a typo fails at once.
  khabar::service::SecurityOptions security = LoadSecurity(flags);

  khabar::AnalyzerOptions analyzer_options;
  if (!MakeAnalyzerOptions(flags, &analyzer_options)) return 2;
  absl::StatusOr<std::unique_ptr<khabar::Analyzer>> analyzer =
      khabar::Analyzer::Create(analyzer_options);
  if (!analyzer.ok()) {
    std::fprintf(stderr, "khabar-server: cannot start the analyzer: %s\n",
                 analyzer.status().ToString().c_str());
    return flags.lexicon_set ? 2 : 1;
  }
  std::shared_ptr<const khabar::Analyzer> shared_analyzer =
      *std::move(analyzer);

  const khabar::service::ServerOptions options =
      MakeServerOptions(flags, std::move(security));
  absl::StatusOr<std::unique_ptr<khabar::service::KhabarServer>> server =
      khabar::service::KhabarServer::Start(shared_analyzer, options);
  if (!server.ok()) {
    std::fprintf(stderr, "khabar-server: %s\n",
                 std::string(server.status().message()).c_str());
    return 1;
  }
  AnnounceServer(*shared_analyzer, **server, flags, options);
  WaitForStopSignal(stop_signals, flags.shutdown_grace_ms, server->get());
  return 0;
}
