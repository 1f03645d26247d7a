// What each RPC does, free of gRPC plumbing so it reads (and tests) like
// plain functions: validate, convert, call the engine, convert back.
#ifndef KHABAR_SERVICE_HANDLERS_H_
#define KHABAR_SERVICE_HANDLERS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "khabar/analyzer.h"
#include "khabar/v1/analyzer.pb.h"

namespace khabar::service {

// The fully qualified service name, as health checks and reflection know it.
inline constexpr char kServiceName[] = "khabar.v1.ArticleAnalyzerService";

// Analyses request.article() into *response. Errors come from validation
// (INVALID_ARGUMENT) or the engine (INVALID_ARGUMENT, RESOURCE_EXHAUSTED).
absl::Status AnalyzeArticle(const Analyzer& analyzer,
                            const v1::AnalyzeRequest& request,
                            v1::AnalyzeResponse* response);

// Describes this server; computed once at start-up.
v1::GetServerInfoResponse BuildServerInfo(const Analyzer& analyzer,
                                          int64_t max_message_bytes);

// Version of the server (KHABAR_VERSION from CMake).
const char* ServerVersion();

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_HANDLERS_H_
