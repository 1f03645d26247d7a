// Conversions between the v1 API messages and the engine's types. No
// analysis happens here: only field-by-field mapping.
#ifndef KHABAR_SERVICE_CONVERT_H_
#define KHABAR_SERVICE_CONVERT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/repeated_field.h"
#include "khabar/analysis.h"
#include "khabar/article.h"
#include "khabar/options.h"
#include "khabar/v1/analyzer.pb.h"

namespace khabar::service {

// Checks the shape of a request before the engine sees it: an article is
// present, not empty, and sent either whole or in parts.
absl::Status ValidateRequest(const v1::AnalyzeRequest& request);

// The engine's view of an article; it points into `article`, which must
// outlive it.
Article ArticleFromProto(const v1::Article& article);

// Requested features as the engine's bit set. Empty (or nothing but
// FEATURE_UNSPECIFIED and unknown values) means all. Values this server does
// not know are appended to *unknown so the response can say so.
uint32_t FeaturesFromProto(const google::protobuf::RepeatedField<int>& features,
                           std::vector<int>* unknown);

// OFFSET_UNIT_UNSPECIFIED means UTF-8 bytes; an unknown value is an error
// because every span would be in a unit the caller cannot know.
absl::StatusOr<OffsetUnit> OffsetUnitFromProto(int unit);
v1::OffsetUnit OffsetUnitToProto(OffsetUnit unit);

// Fills `response` from the engine's result (article_id is not touched),
// moving its strings, all but the tokens: those are appended to
// *tokens_wire as AnalyzeResponse.tokens in wire format (AppendTokensWire).
// The serialized `response` followed by *tokens_wire is the whole message.
// `features` is the bit set that was asked for: Structure is only set when
// it was, as the API promises.
void AnalysisToProto(Analysis&& analysis, uint32_t features,
                     v1::AnalyzeResponse* response, std::string* tokens_wire);

// Appends `tokens` to *out as repeated AnalyzeResponse.tokens (field 7), in
// protobuf wire format, byte for byte as the generated serializer would
// write them. Wire bytes may follow a message's other fields in any order,
// so the server sends them after the rest of the response: a long article
// has ~100k tokens, and building them as messages cost more than the rest
// of the response together.
void AppendTokensWire(const std::vector<Token>& tokens, std::string* out);

// Appends the tag and length of length-delimited field `field` holding
// `size` bytes: what nests already-serialized bytes (a response and its
// tokens) in an outer message.
void AppendLengthDelimitedHeader(int field, size_t size, std::string* out);

// Human name of a feature for messages ("tokens").
std::string FeatureName(v1::Feature feature);

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_CONVERT_H_
