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

// The default response limit per byte of the largest article: with every
// feature a response is about 9 times a news article and up to about 36
// times text made of one-character tokens (tokens are most of it;
// docs/errors.md): 40 leaves every article within the size limit its
// whole response.
inline constexpr int64_t kResponseBytesPerArticleByte = 40;

struct ServerOptions {
  // gRPC address; port 0 picks a free port (see KhabarServer::port()).
  std::string listen_address = "127.0.0.1:50051";
  // Largest request message accepted, in bytes; the service refuses a
  // larger one itself (RESOURCE_EXHAUSTED, logged; in a stream that article
  // alone), gRPC one over four times this (not logged; a stream ends). 0:
  // the larger of 4 MiB and the analyzer's max_article_bytes plus 64 KiB
  // for the rest of the request.
  int64_t max_message_bytes = 0;
  // Largest response message sent, in bytes (gRPC's max send message
  // size); a larger response fails with RESOURCE_EXHAUSTED and advice.
  // 0: kResponseBytesPerArticleByte times max_article_bytes, at least
  // 4 MiB, at most INT_MAX.
  int64_t max_response_bytes = 0;
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
  // An AnalyzeStream that sends no request, and to which no response could
  // be sent, for this long while no analysis of it runs is ended with
  // DEADLINE_EXCEEDED, freeing its slot. 0: never.
  int64_t stream_idle_timeout_ms = 30000;
  // gRPC keepalive: the server pings a connection after this long without
  // a ping (GRPC_ARG_KEEPALIVE_TIME_MS) and closes it when the ping is not
  // answered within keepalive_timeout_ms, so that the calls of a client
  // that vanished end. 0: no pings from the server.
  int64_t keepalive_time_ms = 60000;
  int64_t keepalive_timeout_ms = 20000;
  // Keepalive enforcement: clients may ping at most this often while no
  // data is sent (GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS);
  // more often counts a strike, and after two strikes the server closes the
  // connection (GOAWAY too_many_pings).
  int64_t keepalive_min_ping_interval_ms = 10000;
  // Whether clients may ping on a connection without calls
  // (GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS).
  bool keepalive_permit_without_calls = true;
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
  int64_t max_response_bytes() const { return limits_.max_response_bytes; }
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
