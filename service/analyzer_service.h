// The gRPC face of the engine: khabar.v1.ArticleAnalyzerService on the
// callback API.
//
// Analyze and AnalyzeStream take their requests as raw bytes (gRPC's
// WithRawCallbackMethod_*) so that a proto3 string holding invalid UTF-8
// comes back as INVALID_ARGUMENT naming the field and byte offset instead
// of the opaque INTERNAL that failed deserialization gives. Work runs on a
// WorkerPool, never on gRPC's own threads. Calls and streams beyond the
// ServiceLimits are refused with RESOURCE_EXHAUSTED, as are requests over
// max_message_bytes and responses over max_response_bytes; a call's
// deadline and cancellation reach into the engine, which stops at once; a
// stream idle for stream_idle_timeout_ms is ended. Every refusal is logged.
#ifndef KHABAR_SERVICE_ANALYZER_SERVICE_H_
#define KHABAR_SERVICE_ANALYZER_SERVICE_H_

#include <atomic>
#include <cstdint>
#include <memory>

#include "grpcpp/grpcpp.h"
#include "handlers.h"
#include "khabar/analyzer.h"
#include "khabar/v1/analyzer.grpc.pb.h"
#include "request_log.h"
#include "security.h"
#include "worker_pool.h"

namespace khabar::service {

using AnalyzerServiceBase =
    v1::ArticleAnalyzerService::WithRawCallbackMethod_Analyze<
        v1::ArticleAnalyzerService::WithRawCallbackMethod_AnalyzeStream<
            v1::ArticleAnalyzerService::WithCallbackMethod_GetServerInfo<
                v1::ArticleAnalyzerService::Service>>>;

class IdleStreams;

class AnalyzerService final : public AnalyzerServiceBase {
 public:
  // `pool` and `logger` must outlive every call, i.e. the grpc::Server.
  // With limits.stream_idle_timeout_ms, a thread ends idle streams.
  AnalyzerService(std::shared_ptr<const Analyzer> analyzer, WorkerPool* pool,
                  const RequestLogger* logger, const ServiceLimits& limits);
  ~AnalyzerService() override;

  // Every method refuses calls `auth` rejects (none when it is null or
  // never set). Set before the server starts; must outlive it.
  void set_authenticator(const TokenAuthenticator* auth) { auth_ = auth; }

  // Whether the gRPC threads that run this service's callbacks switch to
  // SCHED_BATCH (ServerOptions::batch_io_threads): they only hand calls to
  // the workers, and at saturation that spared ~10 context switches per
  // call (docs/performance.md). Set before the server starts.
  void set_batch_io_threads(bool batch) { batch_io_threads_ = batch; }
  // Whether analyses may borrow the pool's idle threads
  // (ServerOptions::lend_idle_threads). Set before the server starts.
  void set_lend_idle_threads(bool lend) { lend_idle_threads_ = lend; }

  // Analyze calls whose request has fully arrived and that are not done yet.
  int active_calls() const { return active_calls_.load(); }

  grpc::ServerUnaryReactor* Analyze(grpc::CallbackServerContext* context,
                                    const grpc::ByteBuffer* request,
                                    grpc::ByteBuffer* response) override;

  grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>* AnalyzeStream(
      grpc::CallbackServerContext* context) override;

  grpc::ServerUnaryReactor* GetServerInfo(
      grpc::CallbackServerContext* context,
      const v1::GetServerInfoRequest* request,
      v1::GetServerInfoResponse* response) override;

 private:
  std::shared_ptr<const Analyzer> analyzer_;
  WorkerPool* pool_;
  const RequestLogger* logger_;
  const ServiceLimits limits_;
  const v1::GetServerInfoResponse info_;
  std::atomic<int> active_calls_{0};
  std::atomic<int> active_streams_{0};
  const TokenAuthenticator* auth_ = nullptr;
  bool batch_io_threads_ = false;
  bool lend_idle_threads_ = false;
  // Ends AnalyzeStream calls idle for limits_.stream_idle_timeout_ms; null
  // when that is 0.
  const std::unique_ptr<IdleStreams> idle_streams_;
};

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_ANALYZER_SERVICE_H_
