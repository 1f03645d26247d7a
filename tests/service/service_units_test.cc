// The service's plain functions: request parsing, conversion, status
// mapping, addresses, the request log.
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "convert.h"
#include "gmock/gmock.h"
#include "google/protobuf/unknown_field_set.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "khabar/utf8.h"
#include "request_log.h"
#include "request_parser.h"
#include "server.h"
#include "status.h"

namespace khabar::service {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Wire bytes of a message or an UnknownFieldSet.
template <typename T>
std::string Bytes(const T& message) {
  std::string bytes;
  message.SerializeToString(&bytes);
  return bytes;
}

TEST(FirstInvalidUtf8Test, FindsTheFirstBadByte) {
  EXPECT_EQ(FirstInvalidUtf8(""), -1);
  EXPECT_EQ(FirstInvalidUtf8("abc"), -1);
  EXPECT_EQ(FirstInvalidUtf8("بغداد 😀"), -1);
  EXPECT_EQ(FirstInvalidUtf8("ab\x80"), 2);            // Lone continuation.
  EXPECT_EQ(FirstInvalidUtf8("\xd8"), 0);              // Truncated.
  EXPECT_EQ(FirstInvalidUtf8("a\xc0\xaf"), 1);         // Overlong "/".
  EXPECT_EQ(FirstInvalidUtf8("\xed\xa0\x80"), 0);      // Surrogate.
  EXPECT_EQ(FirstInvalidUtf8("\xf4\x90\x80\x80"), 0);  // Above U+10FFFF.
  EXPECT_EQ(FirstInvalidUtf8("بغ\xff"), 4);
}

TEST(ParseRequestTest, NamesTheNestedFieldWithInvalidUtf8) {
  google::protobuf::UnknownFieldSet article;
  article.AddLengthDelimited(1, "id-1");
  article.AddLengthDelimited(4, "عنوان \xff");
  google::protobuf::UnknownFieldSet request;
  request.AddLengthDelimited(1, Bytes(article));
  google::protobuf::UnknownFieldSet stream_request;
  stream_request.AddLengthDelimited(1, Bytes(request));

  v1::AnalyzeRequest parsed;
  absl::Status status = ParseRequest(Bytes(request), &parsed);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "article.subheadline: invalid UTF-8 at byte offset 11");

  // A stream names the field as the unary call does: its `request` is
  // left out of the path.
  v1::AnalyzeStreamRequest stream_parsed;
  status = ParseRequest(Bytes(stream_request), &stream_parsed,
                        v1::AnalyzeStreamRequest::kRequestFieldNumber);
  EXPECT_EQ(status.message(),
            "article.subheadline: invalid UTF-8 at byte offset 11");
  status = ParseRequest(Bytes(stream_request), &stream_parsed);
  EXPECT_EQ(status.message(),
            "request.article.subheadline: invalid UTF-8 at byte offset 11");
}

TEST(FindArticleLogFactsTest, ReadsIdUrlAndSizeWithoutParsing) {
  google::protobuf::UnknownFieldSet article;
  article.AddLengthDelimited(1, "a-7");
  article.AddLengthDelimited(2, "نص \xff");  // Not UTF-8: still counted.
  article.AddLengthDelimited(7, "https://example.com/x");
  article.AddVarint(99, 5);  // Unknown fields are skipped.
  google::protobuf::UnknownFieldSet request;
  request.AddLengthDelimited(1, Bytes(article));
  google::protobuf::UnknownFieldSet stream_request;
  stream_request.AddLengthDelimited(1, Bytes(request));

  ArticleLogFacts facts = FindArticleLogFacts(Bytes(request), {1});
  EXPECT_EQ(facts.id, "a-7");
  EXPECT_EQ(facts.url, "https://example.com/x");
  EXPECT_EQ(facts.bytes, 6);
  facts = FindArticleLogFacts(Bytes(stream_request), {1, 1});
  EXPECT_EQ(facts.id, "a-7");
  EXPECT_EQ(facts.bytes, 6);
  grpc::Slice slice(Bytes(stream_request));
  facts = FindArticleLogFacts(grpc::ByteBuffer(&slice, 1), {1, 1});
  EXPECT_EQ(facts.url, "https://example.com/x");

  // A 3 MB id is read only as far as a log line keeps it.
  google::protobuf::UnknownFieldSet long_article;
  long_article.AddLengthDelimited(1, std::string(3 << 20, 'x'));
  google::protobuf::UnknownFieldSet long_request;
  long_request.AddLengthDelimited(1, Bytes(long_article));
  facts = FindArticleLogFacts(Bytes(long_request), {1});
  EXPECT_EQ(facts.id.size(), kMaxLoggedStringBytes + 4);
  EXPECT_EQ(FindArticleLogFacts("\xff\xff", {1}).id, "");
  EXPECT_EQ(FindArticleLogFacts("", {1}).bytes, 0);
}

TEST(ParseRequestTest, ParsesValidAndRefusesGarbage) {
  v1::AnalyzeRequest request;
  request.mutable_article()->set_text("نص");
  request.add_features(v1::FEATURE_TOKENS);
  v1::AnalyzeRequest parsed;
  ASSERT_TRUE(ParseRequest(Bytes(request), &parsed).ok());
  EXPECT_EQ(parsed.article().text(), "نص");

  absl::Status status = ParseRequest("\x0a\x05\x01", &parsed);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
}

TEST(FindStringFieldTest, ReadsTheIdOfARequestThatFailsToParse) {
  // AnalyzeStreamRequest{request{article{id: "a-7", text: "x\xff"}}}.
  google::protobuf::UnknownFieldSet article;
  article.AddLengthDelimited(1, "a-7");
  article.AddLengthDelimited(2, "x\xff");
  google::protobuf::UnknownFieldSet request;
  request.AddLengthDelimited(1, Bytes(article));
  google::protobuf::UnknownFieldSet stream_request;
  stream_request.AddLengthDelimited(1, Bytes(request));
  const std::string wire = Bytes(stream_request);
  v1::AnalyzeStreamRequest parsed;
  ASSERT_FALSE(ParseRequest(wire, &parsed).ok());

  EXPECT_EQ(FindStringField(wire, {1, 1, 1}), "a-7");
  EXPECT_EQ(FindStringField(wire, {1, 1, 5}), "");  // Absent.
  EXPECT_EQ(FindStringField(wire, {1, 1, 2}), "");  // Not valid UTF-8.
  EXPECT_EQ(FindStringField("\xff\xff\xff", {1, 1, 1}), "");
  EXPECT_EQ(FindStringField("", {1}), "");
}

TEST(ConvertTest, ValidateRequest) {
  v1::AnalyzeRequest request;
  EXPECT_EQ(ValidateRequest(request).message(), kEmptyTextMessage);
  request.mutable_article();
  EXPECT_EQ(ValidateRequest(request).message(), kEmptyTextMessage);
  request.mutable_article()->set_body("نص");
  EXPECT_TRUE(ValidateRequest(request).ok());
  request.mutable_article()->set_text("نص");
  EXPECT_THAT(std::string(ValidateRequest(request).message()),
              HasSubstr("exclusive"));
}

TEST(ConvertTest, ValidateRequestBoundsTheCallerStrings) {
  v1::AnalyzeRequest request;
  v1::Article* article = request.mutable_article();
  article->set_text("نص");
  article->set_id(std::string(kMaxIdBytes, 'i'));
  article->set_url(std::string(kMaxUrlBytes, 'u'));
  article->set_source("الوطن");
  article->set_language_hint("ar");
  EXPECT_TRUE(ValidateRequest(request).ok());

  article->set_id(std::string(kMaxIdBytes + 1, 'i'));
  EXPECT_EQ(ValidateRequest(request).message(),
            "article.id: 257 bytes; the limit is 256 bytes");
  article->set_id(std::string("a\0b", 3));
  EXPECT_EQ(ValidateRequest(request).message(),
            "article.id: control character U+0000 at byte offset 1");
  article->set_id("خبر\u0085");  // C1 (NEL).
  EXPECT_EQ(ValidateRequest(request).message(),
            "article.id: control character U+0085 at byte offset 6");
  article->set_id("a\x7f");
  EXPECT_EQ(ValidateRequest(request).message(),
            "article.id: control character U+007F at byte offset 1");
  article->set_id("خبر-1");
  article->set_url(std::string(kMaxUrlBytes + 1, 'u'));
  EXPECT_EQ(ValidateRequest(request).message(),
            "article.url: 8193 bytes; the limit is 8192 bytes");
  article->set_url("https://example.com/\n");
  EXPECT_EQ(ValidateRequest(request).message(),
            "article.url: control character U+000A at byte offset 20");
  article->set_url("https://example.com/خبر?q=1 2");
  EXPECT_TRUE(ValidateRequest(request).ok());
  article->set_language_hint(std::string(65, 'a'));
  EXPECT_THAT(std::string(ValidateRequest(request).message()),
              HasSubstr("article.language_hint: 65 bytes"));
  article->set_language_hint("ar");
  article->set_source("\tالوطن");
  EXPECT_THAT(std::string(ValidateRequest(request).message()),
              HasSubstr("article.source: control character U+0009"));
}

TEST(ConvertTest, ValidateRequestBoundsPublishedAt) {
  v1::AnalyzeRequest request;
  request.mutable_article()->set_text("نص");
  google::protobuf::Timestamp* at =
      request.mutable_article()->mutable_published_at();
  for (int64_t seconds : {kMinPublishedAtSeconds, int64_t{0},
                          int64_t{1700000000}, kMaxPublishedAtSeconds}) {
    at->set_seconds(seconds);
    EXPECT_TRUE(ValidateRequest(request).ok()) << seconds;
  }
  for (int64_t seconds :
       {kMinPublishedAtSeconds - 1, kMaxPublishedAtSeconds + 1,
        std::numeric_limits<int64_t>::min(),
        std::numeric_limits<int64_t>::max()}) {
    at->set_seconds(seconds);
    absl::Status status = ValidateRequest(request);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << seconds;
    EXPECT_THAT(std::string(status.message()),
                HasSubstr(absl::StrCat("article.published_at: ", seconds,
                                       " seconds is outside "
                                       "0001-01-01T00:00:00Z .. "
                                       "9999-12-31T23:59:59Z")));
  }
  at->set_seconds(0);
  at->set_nanos(1000000000);
  EXPECT_THAT(std::string(ValidateRequest(request).message()),
              HasSubstr("article.published_at: nanos 1000000000"));
}

TEST(ConvertTest, EveryFeatureHasItsBit) {
  uint32_t all = 0;
  for (int feature = v1::Feature_MIN; feature <= v1::Feature_MAX; ++feature) {
    const uint32_t bit = FeatureToBit(feature);
    if (feature == v1::FEATURE_UNSPECIFIED) {
      EXPECT_EQ(bit, 0u);
      continue;
    }
    EXPECT_NE(bit, 0u) << feature;
    EXPECT_EQ(all & bit, 0u) << feature;
    all |= bit;
  }
  EXPECT_EQ(all, kAllFeatures);
  EXPECT_EQ(FeatureToBit(v1::FEATURE_TOKENS), kFeatureTokens);
  EXPECT_EQ(FeatureToBit(v1::Feature_MAX + 1), 0u);
}

TEST(ConvertTest, FeaturesFromProto) {
  google::protobuf::RepeatedField<int> features;
  std::vector<int> unknown;
  EXPECT_EQ(FeaturesFromProto(features, &unknown), kAllFeatures);
  features.Add(v1::FEATURE_UNSPECIFIED);
  EXPECT_EQ(FeaturesFromProto(features, &unknown), kAllFeatures);
  features.Add(v1::FEATURE_TOKENS);
  features.Add(v1::FEATURE_TONE);
  EXPECT_EQ(FeaturesFromProto(features, &unknown),
            kFeatureTokens | kFeatureTone);
  EXPECT_THAT(unknown, IsEmpty());
  features.Add(99);
  FeaturesFromProto(features, &unknown);
  EXPECT_EQ(unknown, std::vector<int>{99});
  EXPECT_EQ(FeatureName(v1::FEATURE_QUANTITIES), "quantities");
}

TEST(ConvertTest, OffsetUnits) {
  EXPECT_EQ(*OffsetUnitFromProto(v1::OFFSET_UNIT_UNSPECIFIED),
            OffsetUnit::kUtf8Bytes);
  EXPECT_EQ(*OffsetUnitFromProto(v1::OFFSET_UNIT_UTF16_CODE_UNITS),
            OffsetUnit::kUtf16CodeUnits);
  EXPECT_EQ(*OffsetUnitFromProto(v1::OFFSET_UNIT_CODE_POINTS),
            OffsetUnit::kCodePoints);
  EXPECT_EQ(OffsetUnitFromProto(7).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(OffsetUnitToProto(OffsetUnit::kCodePoints),
            v1::OFFSET_UNIT_CODE_POINTS);
}

TEST(ConvertTest, AnalysisToProto) {
  Analysis analysis;
  analysis.language = "ar";
  analysis.language_supported = true;
  analysis.offset_unit = OffsetUnit::kUtf16CodeUnits;
  analysis.text_length = 40;  // Every span ends within it.
  analysis.structure.source = "الوطن";
  analysis.structure.headline = "عنوان";
  analysis.structure.headline_span = {6, 11};
  analysis.structure.paragraphs = {{12, 20}};
  analysis.structure.boilerplate.push_back(
      {{21, 30}, BoilerplateKind::kNavigation, "زر الذهاب إلى الأعلى"});
  Sentence sentence;
  sentence.span = {6, 11};
  sentence.text = "عنوان";
  sentence.section = SentenceSection::kHeadline;
  sentence.token_count = 1;
  analysis.sentences.push_back(sentence);
  Token token;
  token.span = {0, 6};
  token.text = "وبغداد";
  token.prefixes = {"و"};
  token.base = "بغداد";
  token.base_span = {1, 6};
  token.word = "بغداد";
  token.kind = TokenKind::kWord;
  analysis.tokens.push_back(token);
  analysis.warnings.push_back({WarningCode::kNotNfc, "not NFC", {}});
  analysis.timing.push_back({"input", 5});
  analysis.total_micros = 9;

  v1::AnalyzeResponse response;
  std::string tokens_wire;
  AnalysisToProto(Analysis(analysis), kAllFeatures, &response, &tokens_wire);
  EXPECT_EQ(response.tokens_size(), 0);  // They are in tokens_wire.
  ASSERT_TRUE(response.MergeFromString(tokens_wire));
  EXPECT_EQ(response.language(), "ar");
  EXPECT_TRUE(response.language_supported());
  EXPECT_EQ(response.offset_unit(), v1::OFFSET_UNIT_UTF16_CODE_UNITS);
  EXPECT_EQ(response.text_length(), 40);
  EXPECT_EQ(response.structure().source(), "الوطن");
  EXPECT_EQ(response.structure().headline_span().begin(), 6);
  EXPECT_EQ(response.structure().headline_span().end(), 11);
  ASSERT_EQ(response.structure().boilerplate_size(), 1);
  EXPECT_EQ(response.structure().boilerplate(0).kind(),
            v1::BOILERPLATE_KIND_NAVIGATION);
  ASSERT_EQ(response.sentences_size(), 1);
  EXPECT_EQ(response.sentences(0).section(), v1::SENTENCE_SECTION_HEADLINE);
  ASSERT_EQ(response.tokens_size(), 1);
  EXPECT_EQ(response.tokens(0).prefixes(0), "و");
  EXPECT_EQ(response.tokens(0).base(), "بغداد");
  EXPECT_EQ(response.tokens(0).base_span().begin(), 1);
  EXPECT_EQ(response.tokens(0).kind(), v1::TOKEN_KIND_WORD);
  EXPECT_EQ(response.warnings(0).code(), v1::WARNING_CODE_NOT_NFC);
  EXPECT_EQ(response.timing().total_micros(), 9);
  EXPECT_EQ(response.timing().stages(0).stage(), "input");

  v1::AnalyzeResponse tokens_only;
  tokens_wire.clear();
  AnalysisToProto(std::move(analysis), kFeatureTokens, &tokens_only,
                  &tokens_wire);
  EXPECT_FALSE(tokens_only.has_structure());
}

// The oracle: a token built as a message, field by field.
v1::Token TokenMessage(const Token& token, v1::TokenKind kind) {
  v1::Token out;
  out.mutable_span()->set_begin(token.span.begin);
  out.mutable_span()->set_end(token.span.end);
  out.set_text(token.text);
  out.set_normalized(token.normalized);
  for (const std::string& prefix : token.prefixes) out.add_prefixes(prefix);
  out.set_base(token.base);
  for (const std::string& suffix : token.suffixes) out.add_suffixes(suffix);
  out.set_kind(kind);
  out.set_sentence_index(token.sentence_index);
  out.mutable_base_span()->set_begin(token.base_span.begin);
  out.mutable_base_span()->set_end(token.base_span.end);
  out.set_word(token.word);
  out.mutable_word_span()->set_begin(token.word_span.begin);
  out.mutable_word_span()->set_end(token.word_span.end);
  return out;
}

TEST(ConvertTest, TokensWireIsWhatTheSerializerWrites) {
  std::vector<Token> tokens(4);
  // Clitics, offsets past one varint byte, every string set.
  tokens[0].span = {300, 306};
  tokens[0].text = "وبغدادهم";
  tokens[0].normalized = "وبغدادهم";
  tokens[0].prefixes = {"و", "ب"};
  tokens[0].base = "بغداد";
  tokens[0].suffixes = {"هم"};
  tokens[0].sentence_index = 200;
  tokens[0].base_span = {302, 306};
  tokens[0].word = "بغداد";
  tokens[0].word_span = {302, 2000000};
  // All defaults: the spans are present but empty, the rest omitted.
  tokens[1].kind = TokenKind::kWord;
  // Empty elements of repeated strings are kept; a negative int32 takes
  // ten bytes.
  tokens[2].kind = TokenKind::kHashtag;
  tokens[2].prefixes = {""};
  tokens[2].sentence_index = -1;
  tokens[3].kind = TokenKind::kPunct;
  tokens[3].text = std::string(200, 'x');  // A two-byte length.
  const v1::TokenKind kinds[] = {v1::TOKEN_KIND_WORD, v1::TOKEN_KIND_WORD,
                                 v1::TOKEN_KIND_HASHTAG, v1::TOKEN_KIND_PUNCT};

  v1::AnalyzeResponse expected;
  for (size_t i = 0; i < tokens.size(); ++i) {
    *expected.add_tokens() = TokenMessage(tokens[i], kinds[i]);
  }
  std::string wire = "kept";  // Appended to, not replaced.
  AppendTokensWire(tokens, &wire);
  EXPECT_EQ(wire, "kept" + expected.SerializeAsString());

  v1::AnalyzeResponse parsed;
  ASSERT_TRUE(parsed.ParseFromString(wire.substr(4)));
  ASSERT_EQ(parsed.tokens_size(), 4);
  EXPECT_TRUE(parsed.tokens(1).has_span());
  EXPECT_EQ(parsed.tokens(2).sentence_index(), -1);
  EXPECT_EQ(parsed.tokens(2).prefixes_size(), 1);
  EXPECT_EQ(parsed.tokens(0).word_span().end(), 2000000);

  std::string none;
  AppendTokensWire({}, &none);
  EXPECT_TRUE(none.empty());
}

TEST(ConvertTest, LengthDelimitedHeaderNestsSerializedBytes) {
  v1::AnalyzeResponse inner;
  inner.set_language("ar");
  inner.add_tokens()->set_text(std::string(300, 'x'));  // A 2-byte length.
  const std::string bytes = inner.SerializeAsString();
  v1::AnalyzeStreamResponse expected;
  expected.set_index(3);
  *expected.mutable_response() = inner;

  v1::AnalyzeStreamResponse outer;
  outer.set_index(3);
  std::string wire = outer.SerializeAsString();
  AppendLengthDelimitedHeader(v1::AnalyzeStreamResponse::kResponseFieldNumber,
                              bytes.size(), &wire);
  wire += bytes;
  EXPECT_EQ(wire, expected.SerializeAsString());
}

TEST(StatusTest, CancellationAtTheDeadlineIsTheDeadline) {
  using std::chrono::milliseconds;
  const auto now = std::chrono::system_clock::now();
  const absl::Status cancelled = absl::CancelledError("cancelled");
  // The client's deadline fired a few ms before the server's.
  EXPECT_TRUE(absl::IsDeadlineExceeded(
      NameTheStop(cancelled, now + milliseconds(5), now)));
  EXPECT_TRUE(absl::IsDeadlineExceeded(
      NameTheStop(cancelled, now - milliseconds(5), now)));
  // Well before it, or with no deadline, the caller cancelled.
  EXPECT_TRUE(
      absl::IsCancelled(NameTheStop(cancelled, now + milliseconds(500), now)));
  EXPECT_TRUE(absl::IsCancelled(NameTheStop(
      cancelled, std::chrono::system_clock::time_point::max(), now)));
  // Other statuses pass through.
  EXPECT_TRUE(NameTheStop(absl::OkStatus(), now, now).ok());
  EXPECT_TRUE(absl::IsInvalidArgument(
      NameTheStop(absl::InvalidArgumentError("x"), now, now)));
}

TEST(StatusTest, KeepsCodeAndMessage) {
  grpc::Status status =
      ToGrpcStatus(absl::ResourceExhaustedError("article too large"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(status.error_message(), "article too large");
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::INVALID_ARGUMENT),
            "INVALID_ARGUMENT");
}

TEST(AddressWithPortTest, ReplacesThePort) {
  EXPECT_EQ(AddressWithPort("127.0.0.1:0", 4321), "127.0.0.1:4321");
  EXPECT_EQ(AddressWithPort("[::]:0", 4321), "[::]:4321");
  EXPECT_EQ(AddressWithPort("localhost:50051", 50051), "localhost:50051");
  EXPECT_EQ(AddressWithPort("[::1]", 80), "[::1]:80");
  EXPECT_EQ(AddressWithPort("unix:/tmp/k.sock", 0), "unix:/tmp/k.sock");
}

TEST(RequestLoggerTest, OneEscapedLine) {
  RequestLogger text(LogFormat::kText);
  RequestLogEntry entry;
  entry.rpc = "Analyze";
  entry.article_id = "a\"b\nخبر";
  entry.bytes = 812;
  entry.status = grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad");
  entry.latency_micros = 950;
  entry.url = "https://example.com/x";
  entry.request_bytes = 870;
  const std::string line = text.Format(entry);
  EXPECT_THAT(line, HasSubstr(R"(Analyze id="a\"b\nخبر" )"
                              R"(url="https://example.com/x" bytes=812 )"
                              R"(request_bytes=870)"));
  EXPECT_THAT(line, HasSubstr("status=INVALID_ARGUMENT latency_us=950"));
  EXPECT_EQ(line.find('\n'), std::string::npos);

  RequestLogger json(LogFormat::kJson);
  const std::string json_line = json.Format(entry);
  EXPECT_THAT(json_line, HasSubstr(R"("id":"a\"b\nخبر")"));
  EXPECT_THAT(json_line, HasSubstr(R"("status":"INVALID_ARGUMENT")"));
  EXPECT_THAT(json_line, HasSubstr(R"("latency_us":950)"));
  EXPECT_THAT(json_line, HasSubstr(R"("url":"https://example.com/x")"));
  EXPECT_THAT(json_line, HasSubstr(R"("request_bytes":870)"));

  // A caller's string is cut to kMaxLoggedStringBytes at a character
  // boundary.
  std::string long_id;
  while (long_id.size() < 3000) long_id += "خبر";
  entry.article_id = long_id;
  const std::string cut = text.Format(entry);
  EXPECT_LT(cut.size(), 600u);
  EXPECT_THAT(cut, HasSubstr("\u2026\""));
  EXPECT_EQ(CutForLog(long_id).size(), 256u + 3u);  // 128 letters and "…".
  EXPECT_EQ(CutForLog("x" + long_id).size(), 255u + 3u);  // x, 127 letters.
  EXPECT_EQ(CutForLog("short"), "short");
}

}  // namespace
}  // namespace khabar::service
