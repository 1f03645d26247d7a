// Builds, starts and stops the gRPC server around one shared Analyzer.
// khabar-server's main() and the in-process tests both start it here.
#ifndef KHABAR_SERVICE_SERVER_H_
#define KHABAR_SERVICE_SERVER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"
#include "handlers.h"
#include "khabar/analyzer.h"
#include "request_log.h"
#include "security.h"

namespace khabar::service {

class AnalyzerService;
class WorkerPool;

struct ServerOptions {
  // gRPC address; port 0 picks a free port (see KhabarServer::port()).
  std::string listen_address = "127.0.0.1:50051";
  // Largest request gRPC accepts, in bytes. 0: the larger of 4 MiB and the
  // analyzer's max_article_bytes plus 64 KiB for the rest of the request.
  int64_t max_message_bytes = 0;
  // Threads that run analyses. 0: one per CPU.
  int threads = 0;
  // Analyze calls running or queued at once; more get RESOURCE_EXHAUSTED.
  // Each holds its request (up to max_message_bytes) while it waits, so
  // the default bounds queued requests of the largest articles to 128 MiB.
  int max_concurrent_calls = 128;
  // AnalyzeStream calls open at once; more get RESOURCE_EXHAUSTED.
  int max_concurrent_streams = 32;
  // Articles of one stream read and not yet answered. 0: twice the threads,
  // so that one stream keeps every thread busy.
  int stream_window = 0;
  // Connections are closed (GOAWAY, calls in flight finish) after this
  // long, so that clients re-resolve DNS and find new replicas. 0: never.
  int64_t max_connection_age_ms = 0;
  // gRPC's I/O threads run under SCHED_BATCH (Linux), so that a network
  // event does not preempt an analysis while every core is busy: more
  // throughput at saturation; an idle core still serves them at once.
  bool batch_io_threads = true;
  // An analysis may borrow an idle analysis thread (khabar::Executor): its
  // entity tagger and the stages that do not need entities then run in two
  // parts side by side. Lower latency below peak load; the same results.
  bool lend_idle_threads = true;
  LogFormat log_format = LogFormat::kText;
  // TLS, mutual TLS and the bearer token (security.h); default plaintext
  // and open.
  SecurityOptions security;
};

class KhabarServer {
 public:
  // Starts serving ArticleAnalyzerService, grpc.health.v1.Health (the
  // service reports SERVING) and server reflection, over TLS when
  // options.security has a certificate.
  static absl::StatusOr<std::unique_ptr<KhabarServer>> Start(
      std::shared_ptr<const Analyzer> analyzer, const ServerOptions& options);

  // Shuts down with no grace if Shutdown() was not called.
  ~KhabarServer();
  KhabarServer(const KhabarServer&) = delete;
  KhabarServer& operator=(const KhabarServer&) = delete;

  // The bound port (the real one when the options asked for 0).
  int port() const { return port_; }
  // listen_address with the bound port, e.g. "127.0.0.1:40123".
  const std::string& address() const { return address_; }
  int64_t max_message_bytes() const { return limits_.max_message_bytes; }
  // The limits in force (defaults resolved).
  const ServiceLimits& limits() const { return limits_; }
  int threads() const;
  // Analyze calls being served now (AnalyzerService::active_calls).
  int active_calls() const;

  // Stops accepting calls, lets calls in flight finish for up to `grace`,
  // then cancels the rest. A unary call whose request is still arriving is
  // not yet in flight: gRPC drops it and its client sees UNAVAILABLE. Returns
  // when every call is done. Thread-safe; later calls return at once.
  void Shutdown(std::chrono::milliseconds grace);

 private:
  KhabarServer() = default;

  std::unique_ptr<RequestLogger> logger_;
  std::unique_ptr<WorkerPool> pool_;
  std::unique_ptr<TokenAuthenticator> authenticator_;
  std::unique_ptr<AnalyzerService> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::string address_;
  ServiceLimits limits_;
  std::mutex shutdown_mu_;
  bool shut_down_ = false;
};

// "HOST:PORT" for a gRPC listen address with its port replaced by `port`
// ("[::]:0" -> "[::]:40123"); unix: addresses are returned as they are.
std::string AddressWithPort(const std::string& listen_address, int port);

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_SERVER_H_
