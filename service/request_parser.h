// Parses request messages from their wire bytes with useful errors.
//
// Protobuf refuses a proto3 `string` field that is not valid UTF-8, but the
// generated parser only says "failed to parse" (gRPC would answer INTERNAL
// with an empty message). The service therefore takes requests as raw bytes
// and, when parsing fails, finds which field holds invalid UTF-8 and where.
#ifndef KHABAR_SERVICE_REQUEST_PARSER_H_
#define KHABAR_SERVICE_REQUEST_PARSER_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "grpcpp/support/byte_buffer.h"

namespace khabar::service {

// Parses `wire` into `message`. On failure returns INVALID_ARGUMENT, naming
// the field path and byte offset for invalid UTF-8 (e.g. "article.text:
// invalid UTF-8 at byte offset 3"). Field `unnamed_field` of the outermost
// message, when not 0, is left out of the path: an AnalyzeStreamRequest's
// `request` (1), so that a stream's errors name the fields exactly as the
// unary Analyze's do.
absl::Status ParseRequest(std::string_view wire,
                          google::protobuf::Message* message,
                          int unnamed_field = 0);

// What the request log says of an article whose request was not (or could
// not be) parsed: read from the wire bytes of the Article message at `path`
// (field numbers, outermost first) without copying its text or checking
// UTF-8. A request with several such fields keeps the last of each, as
// parsing does.
struct ArticleLogFacts {
  // Article.id and Article.url, at most kMaxLoggedStringBytes + 4 bytes of
  // each (the log cuts them further); empty when absent.
  std::string id;
  std::string url;
  // Bytes of text + headline + subheadline + body; 0 when the article is
  // absent or its bytes do not parse.
  int64_t bytes = 0;
};
ArticleLogFacts FindArticleLogFacts(std::string_view wire,
                                    std::initializer_list<int> path);
// The same from a gRPC message, slice by slice (no copy of the message).
ArticleLogFacts FindArticleLogFacts(const grpc::ByteBuffer& wire,
                                    std::initializer_list<int> path);

// The string field at `path` (field numbers, outermost first) of a
// message's wire bytes, read without parsing the rest: the article id of a
// request that failed to parse, so its error can still name the article.
// Empty when absent, not length-delimited or not valid UTF-8.
std::string FindStringField(std::string_view wire,
                            std::initializer_list<int> path);

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_REQUEST_PARSER_H_
