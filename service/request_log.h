// One line per request on stderr, for operators.
#ifndef KHABAR_SERVICE_REQUEST_LOG_H_
#define KHABAR_SERVICE_REQUEST_LOG_H_

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

#include "grpcpp/support/status.h"

namespace khabar::service {

enum class LogFormat { kText, kJson, kNone };

struct RequestLogEntry {
  std::string_view rpc;         // "Analyze", "AnalyzeStream", ...
  std::string_view article_id;  // As sent; may be empty.
  int64_t bytes = 0;            // Article bytes (request bytes if unparsed).
  grpc::Status status;
  int64_t latency_micros = 0;
};

// Thread-safe. Text lines look like
//   2026-01-02T03:04:05.123456Z Analyze id="a.txt" bytes=812 status=OK
//   latency_us=950
// (one line); JSON lines carry the same keys. Article ids are escaped, so a
// caller cannot forge log lines.
class RequestLogger {
 public:
  explicit RequestLogger(LogFormat format, std::FILE* out = stderr)
      : format_(format), out_(out) {}

  void Log(const RequestLogEntry& entry) const;
  // The line Log writes, without the newline.
  std::string Format(const RequestLogEntry& entry) const;

 private:
  LogFormat format_;
  std::FILE* out_;
  mutable std::mutex mu_;
};

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_REQUEST_LOG_H_
