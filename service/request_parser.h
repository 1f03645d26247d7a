// Parses request messages from their wire bytes with useful errors.
//
// Protobuf refuses a proto3 `string` field that is not valid UTF-8, but the
// generated parser only says "failed to parse" (gRPC would answer INTERNAL
// with an empty message). The service therefore takes requests as raw bytes
// and, when parsing fails, finds which field holds invalid UTF-8 and where.
#ifndef KHABAR_SERVICE_REQUEST_PARSER_H_
#define KHABAR_SERVICE_REQUEST_PARSER_H_

#include <initializer_list>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace khabar::service {

// Parses `wire` into `message`. On failure returns INVALID_ARGUMENT, naming
// the field path and byte offset for invalid UTF-8 (e.g. "article.text:
// invalid UTF-8 at byte offset 3").
absl::Status ParseRequest(std::string_view wire,
                          google::protobuf::Message* message);

// The string field at `path` (field numbers, outermost first) of a
// message's wire bytes, read without parsing the rest: the article id of a
// request that failed to parse, so its error can still name the article.
// Empty when absent, not length-delimited or not valid UTF-8.
std::string FindStringField(std::string_view wire,
                            std::initializer_list<int> path);

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_REQUEST_PARSER_H_
