// What each RPC does, free of gRPC plumbing so it reads (and tests) like
// plain functions: validate, convert, call the engine, convert back.
#ifndef KHABAR_SERVICE_HANDLERS_H_
#define KHABAR_SERVICE_HANDLERS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/arena.h"
#include "khabar/analyzer.h"
#include "khabar/cancellation.h"
#include "khabar/executor.h"
#include "khabar/v1/analyzer.pb.h"

namespace khabar::service {

// The fully qualified service name, as health checks and reflection know it.
inline constexpr char kServiceName[] = "khabar.v1.ArticleAnalyzerService";

// Analyses request.article() as the server sends it: *response gets every
// field but the tokens, which are appended to *tokens_wire already in wire
// format (see AppendTokensWire); the serialized *response followed by
// *tokens_wire is the whole AnalyzeResponse. Errors come from validation
// (INVALID_ARGUMENT) or the engine (INVALID_ARGUMENT, RESOURCE_EXHAUSTED;
// DEADLINE_EXCEEDED or CANCELLED once `cancellation` says stop). The
// analysis may borrow idle threads of `executor` (AnalyzeOptions::executor).
absl::Status AnalyzeArticle(const Analyzer& analyzer,
                            const v1::AnalyzeRequest& request,
                            v1::AnalyzeResponse* response,
                            std::string* tokens_wire,
                            const Cancellation* cancellation = nullptr,
                            Executor* executor = nullptr);

// The same with the tokens parsed into *response too, for callers that want
// one message (tests, fuzzers, benchmarks of the message path).
absl::Status AnalyzeArticle(const Analyzer& analyzer,
                            const v1::AnalyzeRequest& request,
                            v1::AnalyzeResponse* response);

// Arena settings for one request and its response: a 3 KB article's
// response is ~30 KB of small messages, so large blocks from the start
// save most of the mallocs of protobuf's default (256 B growing to 8 KB).
google::protobuf::ArenaOptions ResponseArenaOptions();

// The limits a server enforces beyond the analyzer's own, as
// GetServerInfo reports them (v1::ServerLimits says what each means).
struct ServiceLimits {
  int64_t max_message_bytes = 0;
  int64_t max_response_bytes = 0;
  int max_concurrent_calls = 0;
  int max_concurrent_streams = 0;
  int stream_window = 0;
  int64_t stream_idle_timeout_ms = 0;  // 0: streams may idle forever.
  int64_t keepalive_time_ms = 0;
  int64_t keepalive_timeout_ms = 0;
  int64_t keepalive_min_ping_interval_ms = 0;
  bool keepalive_permit_without_calls = false;
};

// Describes this server; computed once at start-up.
v1::GetServerInfoResponse BuildServerInfo(const Analyzer& analyzer,
                                          const ServiceLimits& limits);

// Version of the server (KHABAR_VERSION from CMake).
const char* ServerVersion();

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_HANDLERS_H_
