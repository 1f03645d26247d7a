#include "request_log.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "status.h"

namespace khabar::service {
namespace {

// JSON string body: quotes, backslashes and control characters escaped;
// other bytes (Arabic ids) pass through as UTF-8.
std::string JsonEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", c);
        } else {
          out += c;
        }
    }
  }
  return out;
}

}  // namespace

std::string CutForLog(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t end = max_bytes;
  // Back to the start of the character that crosses the cut.
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) {
    --end;
  }
  std::string cut(s.substr(0, end));
  cut += "\u2026";
  return cut;
}

std::string RequestLogger::Format(const RequestLogEntry& entry) const {
  const std::string time = absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::Now(),
                                            absl::UTCTimeZone());
  const std::string code = StatusCodeName(entry.status.error_code());
  const std::string id = CutForLog(entry.article_id);
  const std::string url = CutForLog(entry.url);
  if (format_ == LogFormat::kJson) {
    std::string line = absl::StrFormat(
        R"({"time":"%s","rpc":"%s","id":"%s","url":"%s","bytes":%d,)"
        R"("request_bytes":%d,"status":"%s","latency_us":%d)",
        time, JsonEscape(entry.rpc), JsonEscape(id), JsonEscape(url),
        entry.bytes, entry.request_bytes, code, entry.latency_micros);
    if (!entry.status.ok()) {
      absl::StrAppend(&line, R"(,"error":")",
                      JsonEscape(entry.status.error_message()), "\"");
    }
    return line + "}";
  }
  // Utf8SafeCEscape keeps Arabic readable and escapes quotes and controls.
  std::string line = absl::StrFormat(
      "%s %s id=\"%s\" url=\"%s\" bytes=%d request_bytes=%d status=%s "
      "latency_us=%d",
      time, entry.rpc, absl::Utf8SafeCEscape(id), absl::Utf8SafeCEscape(url),
      entry.bytes, entry.request_bytes, code, entry.latency_micros);
  if (!entry.status.ok()) {
    absl::StrAppend(&line, " error=\"",
                    absl::Utf8SafeCEscape(entry.status.error_message()), "\"");
  }
  return line;
}

void RequestLogger::Log(const RequestLogEntry& entry) const {
  if (format_ == LogFormat::kNone) return;
  std::string line = Format(entry);
  line += '\n';
  absl::MutexLock lock(&mu_);
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

}  // namespace khabar::service
