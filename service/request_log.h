// One line per request on stderr, for operators.
#ifndef KHABAR_SERVICE_REQUEST_LOG_H_
#define KHABAR_SERVICE_REQUEST_LOG_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "absl/synchronization/mutex.h"
#include "grpcpp/support/status.h"

namespace khabar::service {

enum class LogFormat { kText, kJson, kNone };

// Caller strings (the article's id and url) are cut to this many bytes in a
// log line, at a UTF-8 character boundary, and "…" marks the cut.
inline constexpr size_t kMaxLoggedStringBytes = 256;

struct RequestLogEntry {
  std::string_view rpc;         // "Analyze", "AnalyzeStream", ...
  std::string_view article_id;  // As sent; may be empty.
  // Article bytes (text, or headline + subheadline + body) when known, else
  // 0: a request refused before its article could be read.
  int64_t bytes = 0;
  grpc::Status status;
  int64_t latency_micros = 0;
  std::string_view url;  // Article.url as sent; may be empty.
  // Size of the request message on the wire; 0 when not received (a call
  // refused at its start).
  int64_t request_bytes = 0;
};

// Thread-safe. Text lines look like
//   2026-01-02T03:04:05.123456Z Analyze id="a.txt" url="https://..."
//   bytes=812 request_bytes=870 status=OK latency_us=950
// (one line); JSON lines carry the same keys, and both add error="..." when
// the status is not OK. Ids and urls are escaped, so a caller cannot forge
// log lines, and cut to kMaxLoggedStringBytes.
class RequestLogger {
 public:
  explicit RequestLogger(LogFormat format, std::FILE* out = stderr)
      : format_(format), out_(out) {}

  void Log(const RequestLogEntry& entry) const;
  // The line Log writes, without the newline.
  std::string Format(const RequestLogEntry& entry) const;

 private:
  const LogFormat format_;
  std::FILE* const out_;
  mutable absl::Mutex mu_;  // One line at a time on out_.
};

// `s` when it has at most `max_bytes` bytes; else its longest prefix of
// whole UTF-8 characters within `max_bytes`, followed by "…".
std::string CutForLog(std::string_view s,
                      size_t max_bytes = kMaxLoggedStringBytes);

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_REQUEST_LOG_H_
