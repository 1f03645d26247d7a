#include "server.h"

#include <algorithm>
#include <climits>
#include <thread>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "analyzer_service.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "handlers.h"
#include "worker_pool.h"

namespace khabar::service {

std::string AddressWithPort(const std::string& listen_address, int port) {
  if (absl::StartsWith(listen_address, "unix:")) return listen_address;
  const size_t colon = listen_address.rfind(':');
  const size_t bracket = listen_address.rfind(']');
  // "host" without a port, or a bare IPv6 literal in brackets.
  if (colon == std::string::npos ||
      (bracket != std::string::npos && colon < bracket)) {
    return absl::StrCat(listen_address, ":", port);
  }
  return absl::StrCat(listen_address.substr(0, colon), ":", port);
}

absl::StatusOr<std::unique_ptr<KhabarServer>> KhabarServer::Start(
    std::shared_ptr<const Analyzer> analyzer, const ServerOptions& options) {
  if (analyzer == nullptr) {
    return absl::InvalidArgumentError("an analyzer is required");
  }
  std::unique_ptr<KhabarServer> server(new KhabarServer());

  int64_t max_message = options.max_message_bytes;
  if (max_message <= 0) {
    max_message = std::max<int64_t>(
        int64_t{4} << 20,
        static_cast<int64_t>(analyzer->options().max_article_bytes) +
            (int64_t{64} << 10));
  }
  max_message = std::min<int64_t>(max_message, INT_MAX);
  int64_t max_response = options.max_response_bytes;
  if (max_response <= 0) {
    const int64_t article = static_cast<int64_t>(
        std::min<size_t>(analyzer->options().max_article_bytes, INT_MAX));
    max_response = std::max<int64_t>(int64_t{4} << 20,
                                     kResponseBytesPerArticleByte * article);
  }
  max_response = std::min<int64_t>(max_response, INT_MAX);

  int threads = options.threads;
  if (threads <= 0) {
    threads = std::max(1u, std::thread::hardware_concurrency());
  }
  if (options.max_concurrent_calls < 1 || options.max_concurrent_streams < 1 ||
      options.stream_window < 0 || options.stream_idle_timeout_ms < 0 ||
      options.keepalive_time_ms < 0 || options.keepalive_timeout_ms < 0 ||
      options.keepalive_min_ping_interval_ms < 0) {
    return absl::InvalidArgumentError(
        "max_concurrent_calls and max_concurrent_streams must be at least 1, "
        "stream_window, stream_idle_timeout_ms and the keepalive times at "
        "least 0");
  }
  ServiceLimits& limits = server->limits_;
  limits.max_message_bytes = max_message;
  limits.max_response_bytes = max_response;
  limits.max_concurrent_calls = options.max_concurrent_calls;
  limits.max_concurrent_streams = options.max_concurrent_streams;
  limits.stream_window =
      options.stream_window > 0 ? options.stream_window : 2 * threads;
  limits.stream_idle_timeout_ms = options.stream_idle_timeout_ms;
  limits.keepalive_time_ms = options.keepalive_time_ms;
  limits.keepalive_timeout_ms = options.keepalive_timeout_ms;
  limits.keepalive_min_ping_interval_ms =
      options.keepalive_min_ping_interval_ms;
  limits.keepalive_permit_without_calls =
      options.keepalive_permit_without_calls;
  server->logger_ = std::make_unique<RequestLogger>(options.log_format);
  server->pool_ = std::make_unique<WorkerPool>(threads);
  server->service_ = std::make_unique<AnalyzerService>(
      analyzer, server->pool_.get(), server->logger_.get(), limits);
  server->authenticator_ =
      std::make_unique<TokenAuthenticator>(options.security.auth_token);
  server->service_->set_authenticator(server->authenticator_.get());
  server->service_->set_batch_io_threads(options.batch_io_threads);
  server->service_->set_lend_idle_threads(options.lend_idle_threads);

  // Both are process-wide switches read when the server is built.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address,
                           MakeServerCredentials(options.security),
                           &server->port_);
  // gRPC holds a whole message before it checks its size (a 280 MB request
  // to a 1 MB limit raised the server's peak memory by 235 MB all the
  // same), so the service checks max_message itself: the refusal is then
  // logged with the article's id and size, and in a stream only that
  // article fails. gRPC's own limit stays as a backstop at four times that
  // (it also bounds what a compressed message may inflate to).
  builder.SetMaxReceiveMessageSize(
      static_cast<int>(std::min<int64_t>(4 * max_message, INT_MAX)));
  builder.SetMaxSendMessageSize(static_cast<int>(max_response));
  const auto clamp_ms = [](int64_t ms) {
    return static_cast<int>(std::min<int64_t>(ms, INT_MAX));
  };
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS,
                             options.keepalive_time_ms > 0
                                 ? clamp_ms(options.keepalive_time_ms)
                                 : INT_MAX);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                             clamp_ms(options.keepalive_timeout_ms));
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
      clamp_ms(options.keepalive_min_ping_interval_ms));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS,
                             options.keepalive_permit_without_calls ? 1 : 0);
  // gRPC sets SO_REUSEPORT by default, which lets a second server start on
  // a port already in use and silently share its traffic.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  if (options.max_connection_age_ms > 0) {
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                               static_cast<int>(std::min<int64_t>(
                                   options.max_connection_age_ms, INT_MAX)));
    // Calls on an aged connection may finish; a stream gets as long as a
    // connection lives.
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                               static_cast<int>(std::min<int64_t>(
                                   options.max_connection_age_ms, INT_MAX)));
  }
  builder.RegisterService(server->service_.get());
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    // With TLS, gRPC also fails here on a key that does not match the
    // certificate; its own log line says so.
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", options.listen_address,
        options.security.tls() ? " (or the TLS certificate and key do not "
                                 "match)"
                               : ""));
  }
  server->address_ = AddressWithPort(options.listen_address, server->port_);
  server->server_->GetHealthCheckService()->SetServingStatus(kServiceName,
                                                             true);
  return server;
}

KhabarServer::~KhabarServer() { Shutdown(std::chrono::milliseconds(0)); }

int KhabarServer::threads() const { return pool_->size(); }

int KhabarServer::active_calls() const { return service_->active_calls(); }

void KhabarServer::Shutdown(std::chrono::milliseconds grace) {
  std::lock_guard<std::mutex> lock(shutdown_mu_);
  if (shut_down_) return;
  shut_down_ = true;
  if (server_ == nullptr) {  // Start() failed half-way.
    if (pool_ != nullptr) pool_->Stop();
    return;
  }
  // Tell load balancers first, then drain. The pool keeps running while
  // gRPC drains, since in-flight calls finish on it.
  server_->GetHealthCheckService()->SetServingStatus(kServiceName, false);
  server_->Shutdown(std::chrono::system_clock::now() + grace);
  server_->Wait();
  pool_->Stop();
}

}  // namespace khabar::service
