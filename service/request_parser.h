// Parses request messages from their wire bytes with useful errors.
//
// Protobuf refuses a proto3 `string` field that is not valid UTF-8, but the
// generated parser only says "failed to parse" (gRPC would answer INTERNAL
// with an empty message). The service therefore takes requests as raw bytes
// and, when parsing fails, finds which field holds invalid UTF-8 and where.
#ifndef KHABAR_SERVICE_REQUEST_PARSER_H_
#define KHABAR_SERVICE_REQUEST_PARSER_H_

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace khabar::service {

// Parses `wire` into `message`. On failure returns INVALID_ARGUMENT, naming
// the field path and byte offset for invalid UTF-8 (e.g. "article.text:
// invalid UTF-8 at byte offset 3").
absl::Status ParseRequest(std::string_view wire,
                          google::protobuf::Message* message);

// Byte offset of the first byte that does not start a well-formed UTF-8
// sequence (overlong forms and surrogates included), or -1 when valid.
int64_t FirstInvalidUtf8(std::string_view text);

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_REQUEST_PARSER_H_
