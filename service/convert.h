// Conversions between the v1 API messages and the engine's types. No
// analysis happens here: only field-by-field mapping.
#ifndef KHABAR_SERVICE_CONVERT_H_
#define KHABAR_SERVICE_CONVERT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/repeated_field.h"
#include "khabar/analysis.h"
#include "khabar/article.h"
#include "khabar/options.h"
#include "khabar/v1/analyzer.pb.h"

namespace khabar::service {

// Bounds on an article's caller strings (ValidateRequest): ids and urls
// are echoed and logged, the source is copied into the response, the hint
// is a BCP-47 tag.
inline constexpr size_t kMaxIdBytes = 256;
inline constexpr size_t kMaxUrlBytes = 8 << 10;
inline constexpr size_t kMaxSourceBytes = 256;
inline constexpr size_t kMaxLanguageHintBytes = 64;
// Article.published_at must lie in 0001-01-01T00:00:00Z ..
// 9999-12-31T23:59:59.999999999Z, the range RFC 3339 and
// google.protobuf.Timestamp allow.
inline constexpr int64_t kMinPublishedAtSeconds = -62135596800;
inline constexpr int64_t kMaxPublishedAtSeconds = 253402300799;

// The one message for an article with nothing to analyse: no article, none
// of text/headline/subheadline/body, or only white space and invisible
// characters.
inline constexpr char kEmptyTextMessage[] =
    "article.text: no visible text to analyse (empty, or only white space "
    "and invisible characters)";

// OK when `value` has at most `max_bytes` bytes and no control character
// (C0, NUL included, DEL, C1); else INVALID_ARGUMENT naming `field`
// ("article.id: 300 bytes; the limit is 256 bytes"). `value` is valid UTF-8.
absl::Status ValidateCallerString(const char* field, std::string_view value,
                                  size_t max_bytes);

// Checks a request before the engine sees it: an article is present, not
// empty, and sent either whole or in parts; its id, url, source and
// language hint are within their limits and hold no control character
// (C0, DEL, C1, NUL included); published_at is within the range above.
// Every error is INVALID_ARGUMENT and its message starts with the field
// ("article.id: ...").
absl::Status ValidateRequest(const v1::AnalyzeRequest& request);

// The engine's view of an article; it points into `article`, which must
// outlive it.
Article ArticleFromProto(const v1::Article& article);

// The engine's bit of each v1::Feature but FEATURE_UNSPECIFIED, in the
// order of the enum (a static_assert in convert.cc keeps it complete).
struct FeatureBit {
  v1::Feature feature;
  uint32_t bit;
};
inline constexpr FeatureBit kFeatureBits[] = {
    {v1::FEATURE_STRUCTURE, kFeatureStructure},
    {v1::FEATURE_SENTENCES, kFeatureSentences},
    {v1::FEATURE_TOKENS, kFeatureTokens},
    {v1::FEATURE_ENTITIES, kFeatureEntities},
    {v1::FEATURE_QUOTES, kFeatureQuotes},
    {v1::FEATURE_QUANTITIES, kFeatureQuantities},
    {v1::FEATURE_DATES, kFeatureDates},
    {v1::FEATURE_EVENTS, kFeatureEvents},
    {v1::FEATURE_KEYWORDS, kFeatureKeywords},
    {v1::FEATURE_TONE, kFeatureTone},
};

// The engine's bit for `feature`; 0 for FEATURE_UNSPECIFIED and values this
// server does not know.
uint32_t FeatureToBit(int feature);

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
