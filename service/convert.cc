#include "convert.h"

#include <cstddef>
#include <cstring>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "khabar/check.h"

namespace khabar::service {
namespace {

// Every span the engine returns is a half-open range, never negative; that
// it ends within the text is checked over the whole response
// (CheckSpansWithin).
void DcheckSpan(const Span& span) {
  KHABAR_DCHECK(span.begin >= 0 && span.begin <= span.end,
                absl::StrCat("span [", span.begin, ", ", span.end, ")"));
}

void SpanToProto(const Span& span, v1::Span* out) {
  DcheckSpan(span);
  out->set_begin(span.begin);
  out->set_end(span.end);
}

v1::BoilerplateKind BoilerplateKindToProto(BoilerplateKind kind) {
  switch (kind) {
    case BoilerplateKind::kRelated:
      return v1::BOILERPLATE_KIND_RELATED;
    case BoilerplateKind::kNavigation:
      return v1::BOILERPLATE_KIND_NAVIGATION;
    case BoilerplateKind::kShare:
      return v1::BOILERPLATE_KIND_SHARE;
    case BoilerplateKind::kPromo:
      return v1::BOILERPLATE_KIND_PROMO;
    case BoilerplateKind::kSeparator:
      return v1::BOILERPLATE_KIND_SEPARATOR;
    case BoilerplateKind::kOther:
      return v1::BOILERPLATE_KIND_OTHER;
  }
  return v1::BOILERPLATE_KIND_UNSPECIFIED;
}

v1::SentenceSection SectionToProto(SentenceSection section) {
  switch (section) {
    case SentenceSection::kHeadline:
      return v1::SENTENCE_SECTION_HEADLINE;
    case SentenceSection::kSubheadline:
      return v1::SENTENCE_SECTION_SUBHEADLINE;
    case SentenceSection::kBody:
      return v1::SENTENCE_SECTION_BODY;
    case SentenceSection::kDateline:
      return v1::SENTENCE_SECTION_DATELINE;
  }
  return v1::SENTENCE_SECTION_UNSPECIFIED;
}

v1::EntityType EntityTypeToProto(EntityType type) {
  switch (type) {
    case EntityType::kPerson:
      return v1::ENTITY_TYPE_PERSON;
    case EntityType::kOrganization:
      return v1::ENTITY_TYPE_ORGANIZATION;
    case EntityType::kLocation:
      return v1::ENTITY_TYPE_LOCATION;
    case EntityType::kMisc:
      return v1::ENTITY_TYPE_MISC;
  }
  return v1::ENTITY_TYPE_UNSPECIFIED;
}

v1::MentionKind MentionKindToProto(MentionKind kind) {
  switch (kind) {
    case MentionKind::kFullName:
      return v1::MENTION_KIND_FULL_NAME;
    case MentionKind::kPartialName:
      return v1::MENTION_KIND_PARTIAL_NAME;
    case MentionKind::kAlias:
      return v1::MENTION_KIND_ALIAS;
    case MentionKind::kAcronym:
      return v1::MENTION_KIND_ACRONYM;
    case MentionKind::kNominal:
      return v1::MENTION_KIND_NOMINAL;
    case MentionKind::kAdjective:
      return v1::MENTION_KIND_ADJECTIVE;
  }
  return v1::MENTION_KIND_UNSPECIFIED;
}

void EntityToProto(Entity* entity, v1::Entity* out) {
  out->set_id(std::move(entity->id));
  out->set_name(std::move(entity->name));
  out->set_type(EntityTypeToProto(entity->type));
  out->set_salience(entity->salience);
  for (Mention& mention : entity->mentions) {
    v1::Mention* m = out->add_mentions();
    SpanToProto(mention.span, m->mutable_span());
    m->set_text(std::move(mention.text));
    m->set_kind(MentionKindToProto(mention.kind));
    m->set_sentence_index(mention.sentence_index);
    m->set_confidence(mention.confidence);
  }
  for (std::string& alias : entity->aliases) {
    out->add_aliases(std::move(alias));
  }
  for (Role& role : entity->roles) {
    v1::Role* r = out->add_roles();
    r->set_text(std::move(role.text));
    SpanToProto(role.span, r->mutable_span());
    r->set_related_entity_id(std::move(role.related_entity_id));
  }
  if (!entity->links.iso_3166.empty() || !entity->links.english_name.empty() ||
      !entity->links.romanized.empty()) {
    v1::EntityLinks* links = out->mutable_links();
    links->set_iso_3166(std::move(entity->links.iso_3166));
    links->set_english_name(std::move(entity->links.english_name));
    links->set_romanized(std::move(entity->links.romanized));
  }
  for (EntityAttribute& attribute : entity->attributes) {
    v1::EntityAttribute* a = out->add_attributes();
    a->set_text(std::move(attribute.text));
    SpanToProto(attribute.span, a->mutable_span());
    a->set_related_entity_id(std::move(attribute.related_entity_id));
  }
}

void QuoteToProto(Quote* quote, v1::Quote* out) {
  SpanToProto(quote->span, out->mutable_span());
  out->set_text(std::move(quote->text));
  out->set_direct(quote->direct);
  out->set_speaker_entity_id(std::move(quote->speaker_entity_id));
  out->set_speaker_text(std::move(quote->speaker_text));
  SpanToProto(quote->speaker_span, out->mutable_speaker_span());
  out->set_cue(std::move(quote->cue));
  SpanToProto(quote->cue_span, out->mutable_cue_span());
}

v1::QuantityKind QuantityKindToProto(QuantityKind kind) {
  switch (kind) {
    case QuantityKind::kCardinal:
      return v1::QUANTITY_KIND_CARDINAL;
    case QuantityKind::kMoney:
      return v1::QUANTITY_KIND_MONEY;
    case QuantityKind::kPercent:
      return v1::QUANTITY_KIND_PERCENT;
    case QuantityKind::kMeasure:
      return v1::QUANTITY_KIND_MEASURE;
    case QuantityKind::kOrdinal:
      return v1::QUANTITY_KIND_ORDINAL;
  }
  return v1::QUANTITY_KIND_UNSPECIFIED;
}

void QuantityToProto(Quantity* quantity, v1::Quantity* out) {
  SpanToProto(quantity->span, out->mutable_span());
  out->set_text(std::move(quantity->text));
  out->set_kind(QuantityKindToProto(quantity->kind));
  out->set_value(quantity->value);
  out->set_value_max(quantity->value_max);
  out->set_unit(std::move(quantity->unit));
  out->set_object(std::move(quantity->object));
  out->set_approximate(quantity->approximate);
}

v1::TimeKind TimeKindToProto(TimeKind kind) {
  switch (kind) {
    case TimeKind::kDate:
      return v1::TIME_KIND_DATE;
    case TimeKind::kTime:
      return v1::TIME_KIND_TIME;
    case TimeKind::kDuration:
      return v1::TIME_KIND_DURATION;
    case TimeKind::kRelative:
      return v1::TIME_KIND_RELATIVE;
  }
  return v1::TIME_KIND_UNSPECIFIED;
}

v1::EventType EventTypeToProto(EventType type) {
  switch (type) {
    case EventType::kKill:
      return v1::EVENT_TYPE_KILL;
    case EventType::kWound:
      return v1::EVENT_TYPE_WOUND;
    case EventType::kArrest:
      return v1::EVENT_TYPE_ARREST;
    case EventType::kMissing:
      return v1::EVENT_TYPE_MISSING;
    case EventType::kDisplace:
      return v1::EVENT_TYPE_DISPLACE;
    case EventType::kKidnap:
      return v1::EVENT_TYPE_KIDNAP;
    case EventType::kAttack:
      return v1::EVENT_TYPE_ATTACK;
  }
  return v1::EVENT_TYPE_UNSPECIFIED;
}

void EventToProto(EventCount* event, v1::EventCount* out) {
  SpanToProto(event->span, out->mutable_span());
  out->set_text(std::move(event->text));
  out->set_type(EventTypeToProto(event->type));
  out->set_count(event->count);
  out->set_approximate(event->approximate);
  out->set_object(std::move(event->object));
  out->set_location_entity_id(std::move(event->location_entity_id));
}

v1::ToneLabel ToneLabelToProto(ToneLabel label) {
  switch (label) {
    case ToneLabel::kNegative:
      return v1::TONE_LABEL_NEGATIVE;
    case ToneLabel::kNeutral:
      return v1::TONE_LABEL_NEUTRAL;
    case ToneLabel::kPositive:
      return v1::TONE_LABEL_POSITIVE;
    case ToneLabel::kMixed:
      return v1::TONE_LABEL_MIXED;
  }
  return v1::TONE_LABEL_UNSPECIFIED;
}

v1::TokenKind TokenKindToProto(TokenKind kind) {
  switch (kind) {
    case TokenKind::kWord:
      return v1::TOKEN_KIND_WORD;
    case TokenKind::kNumber:
      return v1::TOKEN_KIND_NUMBER;
    case TokenKind::kPunct:
      return v1::TOKEN_KIND_PUNCT;
    case TokenKind::kLatin:
      return v1::TOKEN_KIND_LATIN;
    case TokenKind::kSymbol:
      return v1::TOKEN_KIND_SYMBOL;
    case TokenKind::kHashtag:
      return v1::TOKEN_KIND_HASHTAG;
  }
  return v1::TOKEN_KIND_UNSPECIFIED;
}

v1::WarningCode WarningCodeToProto(WarningCode code) {
  switch (code) {
    case WarningCode::kLanguageUnsupported:
      return v1::WARNING_CODE_LANGUAGE_UNSUPPORTED;
    case WarningCode::kLanguageHintMismatch:
      return v1::WARNING_CODE_LANGUAGE_HINT_MISMATCH;
    case WarningCode::kControlCharacters:
      return v1::WARNING_CODE_CONTROL_CHARACTERS;
    case WarningCode::kFeatureUnavailable:
      return v1::WARNING_CODE_FEATURE_UNAVAILABLE;
    case WarningCode::kNotNfc:
      return v1::WARNING_CODE_NOT_NFC;
  }
  return v1::WARNING_CODE_UNSPECIFIED;
}

void StructureToProto(Structure* structure, v1::Structure* out) {
  out->set_source(std::move(structure->source));
  SpanToProto(structure->source_span, out->mutable_source_span());
  out->set_headline(std::move(structure->headline));
  SpanToProto(structure->headline_span, out->mutable_headline_span());
  out->set_subheadline(std::move(structure->subheadline));
  SpanToProto(structure->subheadline_span, out->mutable_subheadline_span());
  out->set_dateline(std::move(structure->dateline));
  SpanToProto(structure->dateline_span, out->mutable_dateline_span());
  out->mutable_paragraphs()->Reserve(
      static_cast<int>(structure->paragraphs.size()));
  for (const Span& span : structure->paragraphs) {
    SpanToProto(span, out->add_paragraphs());
  }
  for (Boilerplate& chrome : structure->boilerplate) {
    v1::Boilerplate* b = out->add_boilerplate();
    SpanToProto(chrome.span, b->mutable_span());
    b->set_kind(BoilerplateKindToProto(chrome.kind));
    b->set_text(std::move(chrome.text));
  }
}

// Protobuf wire format, written by hand for the tokens only: they are most
// of a response (~500 per 3 KB article, each with three spans and up to
// seven strings), and building them as messages cost more than the rest of
// the response together. Fields go in field-number order, proto3 defaults
// omitted, exactly as the generated serializer writes them.
namespace wire {

constexpr uint32_t kLengthDelimited = 2;
constexpr uint32_t kVarint = 0;

size_t VarintSize(uint64_t value) {
  size_t size = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++size;
  }
  return size;
}

// int32 goes on the wire sign-extended to 64 bits, as protobuf does.
uint64_t Int32Bits(int32_t value) {
  return static_cast<uint64_t>(static_cast<int64_t>(value));
}

size_t TagSize(int field) {
  return VarintSize(static_cast<uint32_t>(field) << 3);
}

size_t Int32FieldSize(int field, int32_t value) {
  return value == 0 ? 0 : TagSize(field) + VarintSize(Int32Bits(value));
}

size_t StringFieldSize(int field, const std::string& value) {
  return value.empty()
             ? 0
             : TagSize(field) + VarintSize(value.size()) + value.size();
}

size_t SpanBodySize(const Span& span) {
  return Int32FieldSize(v1::Span::kBeginFieldNumber, span.begin) +
         Int32FieldSize(v1::Span::kEndFieldNumber, span.end);
}

// A span is always present (the message API sets it even when empty).
size_t SpanFieldSize(int field, const Span& span) {
  const size_t body = SpanBodySize(span);
  return TagSize(field) + VarintSize(body) + body;
}

size_t TokenBodySize(const Token& token) {
  using T = v1::Token;
  size_t size =
      SpanFieldSize(T::kSpanFieldNumber, token.span) +
      StringFieldSize(T::kTextFieldNumber, token.text) +
      StringFieldSize(T::kNormalizedFieldNumber, token.normalized) +
      StringFieldSize(T::kBaseFieldNumber, token.base) +
      Int32FieldSize(T::kKindFieldNumber,
                     static_cast<int32_t>(TokenKindToProto(token.kind))) +
      Int32FieldSize(T::kSentenceIndexFieldNumber, token.sentence_index) +
      SpanFieldSize(T::kBaseSpanFieldNumber, token.base_span) +
      StringFieldSize(T::kWordFieldNumber, token.word) +
      SpanFieldSize(T::kWordSpanFieldNumber, token.word_span);
  // Repeated strings keep their empty elements.
  for (const std::string& prefix : token.prefixes) {
    size += TagSize(T::kPrefixesFieldNumber) + VarintSize(prefix.size()) +
            prefix.size();
  }
  for (const std::string& suffix : token.suffixes) {
    size += TagSize(T::kSuffixesFieldNumber) + VarintSize(suffix.size()) +
            suffix.size();
  }
  return size;
}

// Writes at a cursor into a buffer already sized by the *Size functions.
class Writer {
 public:
  explicit Writer(char* at) : at_(at) {}
  char* at() const { return at_; }

  void Varint(uint64_t value) {
    while (value >= 0x80) {
      *at_++ = static_cast<char>(value | 0x80);
      value >>= 7;
    }
    *at_++ = static_cast<char>(value);
  }
  void Tag(int field, uint32_t wire_type) {
    Varint((static_cast<uint32_t>(field) << 3) | wire_type);
  }
  void Int32Field(int field, int32_t value) {
    if (value == 0) return;
    Tag(field, kVarint);
    Varint(Int32Bits(value));
  }
  void Bytes(int field, const std::string& value) {
    Tag(field, kLengthDelimited);
    Varint(value.size());
    std::memcpy(at_, value.data(), value.size());
    at_ += value.size();
  }
  void StringField(int field, const std::string& value) {
    if (!value.empty()) Bytes(field, value);
  }
  void SpanField(int field, const Span& span) {
    DcheckSpan(span);
    Tag(field, kLengthDelimited);
    Varint(SpanBodySize(span));
    Int32Field(v1::Span::kBeginFieldNumber, span.begin);
    Int32Field(v1::Span::kEndFieldNumber, span.end);
  }
  void TokenBody(const Token& token) {
    using T = v1::Token;
    SpanField(T::kSpanFieldNumber, token.span);
    StringField(T::kTextFieldNumber, token.text);
    StringField(T::kNormalizedFieldNumber, token.normalized);
    for (const std::string& prefix : token.prefixes) {
      Bytes(T::kPrefixesFieldNumber, prefix);
    }
    StringField(T::kBaseFieldNumber, token.base);
    for (const std::string& suffix : token.suffixes) {
      Bytes(T::kSuffixesFieldNumber, suffix);
    }
    Int32Field(T::kKindFieldNumber,
               static_cast<int32_t>(TokenKindToProto(token.kind)));
    Int32Field(T::kSentenceIndexFieldNumber, token.sentence_index);
    SpanField(T::kBaseSpanFieldNumber, token.base_span);
    StringField(T::kWordFieldNumber, token.word);
    SpanField(T::kWordSpanFieldNumber, token.word_span);
  }

 private:
  char* at_;
};

}  // namespace wire

}  // namespace

// C1 controls are U+0080..U+009F, C2 80..C2 9F in UTF-8.
absl::Status ValidateCallerString(const char* field, std::string_view value,
                                  size_t max_bytes) {
  if (value.size() > max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", value.size(),
                                                   " bytes; the limit is ",
                                                   max_bytes, " bytes"));
  }
  for (size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    int code = -1;
    if (c < 0x20 || c == 0x7F) {
      code = c;
    } else if (c == 0xC2 && i + 1 < value.size() &&
               static_cast<unsigned char>(value[i + 1]) <= 0x9F) {
      code = static_cast<unsigned char>(value[i + 1]);
    }
    if (code >= 0) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: control character U+%04X at byte offset %d", field, code, i));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateRequest(const v1::AnalyzeRequest& request) {
  const v1::Article& article = request.article();  // Default when absent.
  const bool structured = !article.headline().empty() ||
                          !article.subheadline().empty() ||
                          !article.body().empty();
  if (!article.text().empty() && structured) {
    return absl::InvalidArgumentError(
        "article.text and article.headline/subheadline/body are exclusive");
  }
  if (article.text().empty() && !structured) {
    return absl::InvalidArgumentError(kEmptyTextMessage);
  }
  for (const auto& [field, value, limit] :
       {std::make_tuple("article.id", &article.id(), kMaxIdBytes),
        std::make_tuple("article.url", &article.url(), kMaxUrlBytes),
        std::make_tuple("article.source", &article.source(), kMaxSourceBytes),
        std::make_tuple("article.language_hint", &article.language_hint(),
                        kMaxLanguageHintBytes)}) {
    if (absl::Status status = ValidateCallerString(field, *value, limit);
        !status.ok()) {
      return status;
    }
  }
  if (article.has_published_at()) {
    const int64_t seconds = article.published_at().seconds();
    const int32_t nanos = article.published_at().nanos();
    if (seconds < kMinPublishedAtSeconds || seconds > kMaxPublishedAtSeconds) {
      return absl::InvalidArgumentError(absl::StrCat(
          "article.published_at: ", seconds,
          " seconds is outside 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z "
          "(",
          kMinPublishedAtSeconds, " .. ", kMaxPublishedAtSeconds, ")"));
    }
    if (nanos < 0 || nanos > 999999999) {
      return absl::InvalidArgumentError(absl::StrCat(
          "article.published_at: nanos ", nanos, " is outside 0 .. 999999999"));
    }
  }
  return absl::OkStatus();
}

Article ArticleFromProto(const v1::Article& article) {
  Article out;
  out.text = article.text();
  out.headline = article.headline();
  out.subheadline = article.subheadline();
  out.body = article.body();
  out.source = article.source();
  out.language_hint = article.language_hint();
  if (article.has_published_at()) {
    out.published_at = article.published_at().seconds();
  }
  return out;
}

// Every v1::Feature but UNSPECIFIED has its bit, in enum order, and the
// bits are the engine's whole set: a feature added to the proto or the
// engine fails the build until kFeatureBits maps it.
constexpr bool FeatureBitsAreComplete() {
  uint32_t all = 0;
  int expected = v1::FEATURE_UNSPECIFIED + 1;
  for (const FeatureBit& entry : kFeatureBits) {
    if (static_cast<int>(entry.feature) != expected++ || entry.bit == 0 ||
        (all & entry.bit) != 0) {
      return false;
    }
    all |= entry.bit;
  }
  return expected == v1::Feature_ARRAYSIZE && all == kAllFeatures;
}
static_assert(FeatureBitsAreComplete(),
              "kFeatureBits must map every v1::Feature onto its own engine "
              "bit, in enum order, and cover kAllFeatures");

uint32_t FeatureToBit(int feature) {
  for (const FeatureBit& entry : kFeatureBits) {
    if (static_cast<int>(entry.feature) == feature) return entry.bit;
  }
  return 0;
}

uint32_t FeaturesFromProto(const google::protobuf::RepeatedField<int>& features,
                           std::vector<int>* unknown) {
  uint32_t bits = 0;
  for (int feature : features) {
    if (feature == v1::FEATURE_UNSPECIFIED) continue;
    if (const uint32_t bit = FeatureToBit(feature); bit != 0) {
      bits |= bit;
    } else {
      unknown->push_back(feature);
    }
  }
  return bits == 0 ? kAllFeatures : bits;
}

absl::StatusOr<OffsetUnit> OffsetUnitFromProto(int unit) {
  switch (unit) {
    case v1::OFFSET_UNIT_UNSPECIFIED:
    case v1::OFFSET_UNIT_UTF8_BYTES:
      return OffsetUnit::kUtf8Bytes;
    case v1::OFFSET_UNIT_UTF16_CODE_UNITS:
      return OffsetUnit::kUtf16CodeUnits;
    case v1::OFFSET_UNIT_CODE_POINTS:
      return OffsetUnit::kCodePoints;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("offset_unit: ", unit, " is not known to this server"));
}

v1::OffsetUnit OffsetUnitToProto(OffsetUnit unit) {
  switch (unit) {
    case OffsetUnit::kUtf8Bytes:
      return v1::OFFSET_UNIT_UTF8_BYTES;
    case OffsetUnit::kUtf16CodeUnits:
      return v1::OFFSET_UNIT_UTF16_CODE_UNITS;
    case OffsetUnit::kCodePoints:
      return v1::OFFSET_UNIT_CODE_POINTS;
  }
  return v1::OFFSET_UNIT_UTF8_BYTES;
}

void AppendTokensWire(const std::vector<Token>& tokens, std::string* out) {
  constexpr int kField = v1::AnalyzeResponse::kTokensFieldNumber;
  std::vector<size_t> body_sizes;
  body_sizes.reserve(tokens.size());
  size_t total = 0;
  for (const Token& token : tokens) {
    body_sizes.push_back(wire::TokenBodySize(token));
    total += wire::TagSize(kField) + wire::VarintSize(body_sizes.back()) +
             body_sizes.back();
  }
  const size_t start = out->size();
  out->resize(start + total);
  wire::Writer writer(out->data() + start);
  for (size_t i = 0; i < tokens.size(); ++i) {
    writer.Tag(kField, wire::kLengthDelimited);
    writer.Varint(body_sizes[i]);
    [[maybe_unused]] const char* body = writer.at();
    writer.TokenBody(tokens[i]);
    KHABAR_DCHECK(writer.at() - body == static_cast<ptrdiff_t>(body_sizes[i]),
                  absl::StrCat("token ", i, ": wrote ", writer.at() - body,
                               " bytes, sized ", body_sizes[i]));
  }
  KHABAR_DCHECK(writer.at() == out->data() + out->size(),
                "the tokens' wire bytes do not fill what was sized");
}

void AppendLengthDelimitedHeader(int field, size_t size, std::string* out) {
  const size_t start = out->size();
  out->resize(start + wire::TagSize(field) + wire::VarintSize(size));
  wire::Writer writer(out->data() + start);
  writer.Tag(field, wire::kLengthDelimited);
  writer.Varint(size);
}

#if KHABAR_DCHECK_IS_ON
namespace {

// Every v1::Span anywhere in `message` ends within `length`.
void CheckSpansWithin(const google::protobuf::Message& message, int32_t length,
                      const std::string& path) {
  if (const auto* span = dynamic_cast<const v1::Span*>(&message)) {
    KHABAR_DCHECK(span->begin() >= 0 && span->begin() <= span->end() &&
                      span->end() <= length,
                  absl::StrCat(path, " [", span->begin(), ", ", span->end(),
                               ") is not within [0, ", length, "]"));
    return;
  }
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    if (field->cpp_type() !=
        google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      continue;
    }
    const std::string name = absl::StrCat(path, ".", field->name());
    if (field->is_repeated()) {
      const int n = reflection->FieldSize(message, field);
      for (int i = 0; i < n; ++i) {
        CheckSpansWithin(reflection->GetRepeatedMessage(message, field, i),
                         length, absl::StrCat(name, "[", i, "]"));
      }
    } else {
      CheckSpansWithin(reflection->GetMessage(message, field), length, name);
    }
  }
}

}  // namespace
#endif  // KHABAR_DCHECK_IS_ON

void AnalysisToProto(Analysis&& analysis, uint32_t features,
                     v1::AnalyzeResponse* response, std::string* tokens_wire) {
#if KHABAR_DCHECK_IS_ON
  for (const Token& token : analysis.tokens) {
    KHABAR_DCHECK(
        token.span.end <= analysis.text_length &&
            token.base_span.end <= analysis.text_length &&
            token.word_span.end <= analysis.text_length,
        absl::StrCat("token [", token.span.begin, ", ", token.span.end,
                     ") past the text's ", analysis.text_length));
  }
  // Sentences index the tokens, which are only sent when asked for.
  for (const Sentence& sentence : analysis.sentences) {
    if ((features & kFeatureTokens) == 0) break;
    KHABAR_DCHECK(
        sentence.first_token >= 0 && sentence.token_count >= 0 &&
            static_cast<size_t>(sentence.first_token) +
                    static_cast<size_t>(sentence.token_count) <=
                analysis.tokens.size(),
        absl::StrCat("sentence tokens ", sentence.first_token, " + ",
                     sentence.token_count, " of ", analysis.tokens.size()));
  }
#endif
  response->set_language(analysis.language);
  response->set_language_supported(analysis.language_supported);
  response->set_offset_unit(OffsetUnitToProto(analysis.offset_unit));
  response->set_text_length(analysis.text_length);
  if (features & kFeatureStructure) {
    StructureToProto(&analysis.structure, response->mutable_structure());
  }

  response->mutable_sentences()->Reserve(
      static_cast<int>(analysis.sentences.size()));
  for (Sentence& sentence : analysis.sentences) {
    v1::Sentence* s = response->add_sentences();
    SpanToProto(sentence.span, s->mutable_span());
    s->set_text(std::move(sentence.text));
    s->set_paragraph_index(sentence.paragraph_index);
    s->set_first_token(sentence.first_token);
    s->set_token_count(sentence.token_count);
    s->set_section(SectionToProto(sentence.section));
    s->set_tone(sentence.tone);
  }

  AppendTokensWire(analysis.tokens, tokens_wire);

  response->mutable_entities()->Reserve(
      static_cast<int>(analysis.entities.size()));
  for (Entity& entity : analysis.entities) {
    EntityToProto(&entity, response->add_entities());
  }

  for (Quote& quote : analysis.quotes) {
    QuoteToProto(&quote, response->add_quotes());
  }
  for (Quantity& quantity : analysis.quantities) {
    QuantityToProto(&quantity, response->add_quantities());
  }
  for (TimeExpression& date : analysis.dates) {
    v1::TimeExpression* d = response->add_dates();
    SpanToProto(date.span, d->mutable_span());
    d->set_text(std::move(date.text));
    d->set_kind(TimeKindToProto(date.kind));
    d->set_value(std::move(date.value));
  }
  for (EventCount& event : analysis.events) {
    EventToProto(&event, response->add_events());
  }
  for (Keyword& keyword : analysis.keywords) {
    v1::Keyword* k = response->add_keywords();
    k->set_text(std::move(keyword.text));
    k->set_normalized(std::move(keyword.normalized));
    k->set_score(keyword.score);
    k->set_count(keyword.count);
  }
  if (analysis.has_tone) {
    v1::Tone* tone = response->mutable_tone();
    tone->set_score(analysis.tone.score);
    tone->set_label(ToneLabelToProto(analysis.tone.label));
    tone->set_positive(analysis.tone.positive);
    tone->set_negative(analysis.tone.negative);
  }

  for (Warning& warning : analysis.warnings) {
    v1::Warning* w = response->add_warnings();
    w->set_code(WarningCodeToProto(warning.code));
    w->set_message(std::move(warning.message));
    SpanToProto(warning.span, w->mutable_span());
  }

  v1::Timing* timing = response->mutable_timing();
  timing->set_total_micros(analysis.total_micros);
  for (StageTiming& stage : analysis.timing) {
    v1::StageTiming* t = timing->add_stages();
    t->set_stage(std::move(stage.stage));
    t->set_micros(stage.micros);
  }
#if KHABAR_DCHECK_IS_ON
  CheckSpansWithin(*response, response->text_length(), "response");
#endif
}

std::string FeatureName(v1::Feature feature) {
  std::string name = v1::Feature_Name(feature);
  if (name.empty()) return absl::StrCat(static_cast<int>(feature));
  // "FEATURE_TOKENS" -> "tokens".
  return absl::AsciiStrToLower(name.substr(sizeof("FEATURE_") - 1));
}

}  // namespace khabar::service
