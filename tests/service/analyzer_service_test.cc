// The real server, started in-process on a free port with a real Analyzer,
// called through the generated stub.
#include "analyzer_service.h"

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "convert.h"
#include "gmock/gmock.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/unknown_field_set.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "handlers.h"
#include "khabar/analyzer.h"
#include "khabar/v1/analyzer.grpc.pb.h"
#include "server.h"
#include "test_paths.h"

namespace khabar::service {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// Wire bytes of a message or an UnknownFieldSet.
template <typename T>
std::string Bytes(const T& message) {
  std::string bytes;
  message.SerializeToString(&bytes);
  return bytes;
}

// Outlet line, headline, deck, two paragraphs; an emoji makes UTF-16 and
// code-point offsets differ.
constexpr char kArticle[] =
    "صحيفة الاختبار\n"
    "\n"
    "وزير الخارجية يزور بغداد لبحث التعاون 😀\n"
    "\n"
    "الزيارة تأتي بعد أسبوع من الهجمات على أربيل\n"
    "\n"
    "قال الوزير إن الزيارة مهمة للبلدين. وأضاف أن بغداد شريك أساسي.\n"
    "\n"
    "وكان الوزير قد التقى نظيره في عمّان الأسبوع الماضي.\n";

std::u32string ToCodePoints(const std::string& s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::string FromCodePoints(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::u16string ToUtf16(const std::string& s) {
  std::u16string out;
  for (char32_t c : ToCodePoints(s)) {
    if (c < 0x10000) {
      out.push_back(static_cast<char16_t>(c));
    } else {
      c -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (c >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (c & 0x3FF)));
    }
  }
  return out;
}

std::string FromUtf16(const std::u16string& s) {
  std::u32string cps;
  for (size_t i = 0; i < s.size(); ++i) {
    char32_t c = s[i];
    if (c >= 0xD800 && c < 0xDC00 && i + 1 < s.size()) {
      c = 0x10000 + ((c - 0xD800) << 10) + (s[++i] - 0xDC00);
    }
    cps.push_back(c);
  }
  return FromCodePoints(cps);
}

// Slices `text` by `span` in `unit`, back to UTF-8.
std::string Slice(const std::string& text, const v1::Span& span,
                  v1::OffsetUnit unit) {
  EXPECT_LE(span.begin(), span.end());
  EXPECT_GE(span.begin(), 0);
  switch (unit) {
    case v1::OFFSET_UNIT_UTF16_CODE_UNITS: {
      std::u16string u = ToUtf16(text);
      if (span.end() > static_cast<int>(u.size())) return "<out of range>";
      return FromUtf16(u.substr(span.begin(), span.end() - span.begin()));
    }
    case v1::OFFSET_UNIT_CODE_POINTS: {
      std::u32string u = ToCodePoints(text);
      if (span.end() > static_cast<int>(u.size())) return "<out of range>";
      return FromCodePoints(u.substr(span.begin(), span.end() - span.begin()));
    }
    default:
      if (span.end() > static_cast<int>(text.size())) return "<out of range>";
      return text.substr(span.begin(), span.end() - span.begin());
  }
}

int UnitLength(const std::string& text, v1::OffsetUnit unit) {
  switch (unit) {
    case v1::OFFSET_UNIT_UTF16_CODE_UNITS:
      return static_cast<int>(ToUtf16(text).size());
    case v1::OFFSET_UNIT_CODE_POINTS:
      return static_cast<int>(ToCodePoints(text).size());
    default:
      return static_cast<int>(text.size());
  }
}

std::shared_ptr<const Analyzer> MakeAnalyzer(size_t max_article_bytes) {
  AnalyzerOptions options;
  options.max_article_bytes = max_article_bytes;
  const std::string lexicon =
      khabar::testing::SourceDir() + "/models/lexicon.tsv";
  if (khabar::testing::PathExists(lexicon)) options.lexicon_path = lexicon;
  options.ner_model_path = khabar::testing::SourceDir() + "/models/ner.model";
  absl::StatusOr<std::unique_ptr<Analyzer>> analyzer =
      Analyzer::Create(options);
  EXPECT_TRUE(analyzer.ok()) << analyzer.status();
  if (!analyzer.ok()) return nullptr;
  return std::shared_ptr<const Analyzer>(*std::move(analyzer));
}

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer(size_t{1} << 20, 2); }

  void StartServer(size_t max_article_bytes, int threads,
                   int64_t max_message_bytes = 0) {
    stub_.reset();
    server_.reset();
    std::shared_ptr<const Analyzer> analyzer = MakeAnalyzer(max_article_bytes);
    ASSERT_NE(analyzer, nullptr);
    ServerOptions options;
    options.listen_address = "127.0.0.1:0";
    options.threads = threads;
    options.max_message_bytes = max_message_bytes;
    options.log_format = LogFormat::kNone;
    absl::StatusOr<std::unique_ptr<KhabarServer>> server =
        KhabarServer::Start(analyzer, options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_GT(server_->port(), 0);
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(-1);
    channel_ = grpc::CreateCustomChannel(
        server_->address(), grpc::InsecureChannelCredentials(), args);
    stub_ = v1::ArticleAnalyzerService::NewStub(channel_);
  }

  grpc::Status Analyze(
      const v1::AnalyzeRequest& request, v1::AnalyzeResponse* response,
      std::chrono::microseconds timeout = std::chrono::seconds(30)) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + timeout);
    // Invalid UTF-8 is sent on purpose in some tests; protobuf logs it.
    google::protobuf::LogSilencer silence;
    return stub_->Analyze(&context, request, response);
  }

  static v1::AnalyzeRequest TextRequest(
      const std::string& text,
      v1::OffsetUnit unit = v1::OFFSET_UNIT_UNSPECIFIED) {
    v1::AnalyzeRequest request;
    request.mutable_article()->set_id("test-article");
    request.mutable_article()->set_text(text);
    request.set_offset_unit(unit);
    return request;
  }

  std::unique_ptr<KhabarServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::ArticleAnalyzerService::Stub> stub_;
};

TEST_F(ServiceTest, AnalyzesSeedArticle) {
  const std::string path =
      khabar::testing::SharedDir() + "/seeds/000_8a377a5b990fa512.txt";
  KHABAR_REQUIRE_SHARED(path);
  const std::string text = khabar::testing::ReadFileOrEmpty(path);
  v1::AnalyzeResponse response;
  grpc::Status status = Analyze(TextRequest(text), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();

  EXPECT_EQ(response.article_id(), "test-article");
  EXPECT_EQ(response.language(), "ar");
  EXPECT_TRUE(response.language_supported());
  EXPECT_EQ(response.offset_unit(), v1::OFFSET_UNIT_UTF8_BYTES);
  EXPECT_EQ(response.text_length(), static_cast<int>(text.size()));
  EXPECT_EQ(response.structure().source(), "الوطن");
  EXPECT_THAT(response.structure().headline(), HasSubstr("بلينكن يعبّر لبغداد"));
  EXPECT_EQ(Slice(text, response.structure().headline_span(),
                  v1::OFFSET_UNIT_UTF8_BYTES),
            response.structure().headline());
  EXPECT_GT(response.structure().paragraphs_size(), 10);
  EXPECT_GT(response.sentences_size(), 10);
  EXPECT_GT(response.tokens_size(), 500);
  EXPECT_GT(response.timing().stages_size(), 0);
  for (const v1::Token& token : response.tokens()) {
    ASSERT_EQ(Slice(text, token.span(), v1::OFFSET_UNIT_UTF8_BYTES),
              token.text());
  }
  bool kazimi = false;
  for (const v1::Entity& entity : response.entities()) {
    kazimi |= entity.type() == v1::ENTITY_TYPE_PERSON &&
              entity.name() == "مصطفى الكاظمي";
    // Only a country named by an adjective alone has no mention.
    if (entity.mentions_size() == 0) {
      EXPECT_FALSE(entity.links().iso_3166().empty()) << entity.name();
    }
    for (const v1::Mention& mention : entity.mentions()) {
      EXPECT_EQ(Slice(text, mention.span(), v1::OFFSET_UNIT_UTF8_BYTES),
                mention.text());
    }
  }
  EXPECT_TRUE(kazimi);
}

class OffsetUnitTest : public ServiceTest,
                       public ::testing::WithParamInterface<v1::OffsetUnit> {};

TEST_P(OffsetUnitTest, SpansSliceTheTextInEveryUnit) {
  const v1::OffsetUnit unit = GetParam();
  const std::string text = kArticle;
  v1::AnalyzeResponse response;
  grpc::Status status = Analyze(TextRequest(text, unit), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();

  const v1::OffsetUnit used =
      unit == v1::OFFSET_UNIT_UNSPECIFIED ? v1::OFFSET_UNIT_UTF8_BYTES : unit;
  EXPECT_EQ(response.offset_unit(), used);
  EXPECT_EQ(response.text_length(), UnitLength(text, used));
  ASSERT_FALSE(response.structure().headline().empty());
  EXPECT_EQ(Slice(text, response.structure().headline_span(), used),
            response.structure().headline());
  ASSERT_GT(response.sentences_size(), 0);
  for (const v1::Sentence& sentence : response.sentences()) {
    EXPECT_EQ(Slice(text, sentence.span(), used), sentence.text());
  }
  ASSERT_GT(response.tokens_size(), 0);
  bool saw_emoji = false;
  for (const v1::Token& token : response.tokens()) {
    EXPECT_EQ(Slice(text, token.span(), used), token.text());
    EXPECT_LE(token.span().end(), response.text_length());
    saw_emoji |= token.text() == "😀";
  }
  EXPECT_TRUE(saw_emoji);
}

INSTANTIATE_TEST_SUITE_P(AllUnits, OffsetUnitTest,
                         ::testing::Values(v1::OFFSET_UNIT_UNSPECIFIED,
                                           v1::OFFSET_UNIT_UTF8_BYTES,
                                           v1::OFFSET_UNIT_UTF16_CODE_UNITS,
                                           v1::OFFSET_UNIT_CODE_POINTS));

TEST_F(ServiceTest, StructuredInputSpansPointIntoJoinedParts) {
  v1::AnalyzeRequest request;
  const std::string headline = "وزير الخارجية يزور بغداد";
  const std::string subheadline = "";
  const std::string body =
      "قال الوزير إن الزيارة مهمة. وأضاف أن بغداد شريك أساسي.\n"
      "وكان الوزير قد التقى نظيره.";
  request.mutable_article()->set_headline(headline);
  request.mutable_article()->set_body(body);
  request.mutable_article()->set_source("صحيفة الاختبار");
  request.set_offset_unit(v1::OFFSET_UNIT_UTF16_CODE_UNITS);
  v1::AnalyzeResponse response;
  grpc::Status status = Analyze(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();

  const std::string joined = headline + "\n" + subheadline + "\n" + body;
  const auto unit = v1::OFFSET_UNIT_UTF16_CODE_UNITS;
  EXPECT_EQ(response.text_length(), UnitLength(joined, unit));
  EXPECT_EQ(response.structure().headline(), headline);
  EXPECT_EQ(response.structure().headline_span().begin(), 0);
  EXPECT_EQ(Slice(joined, response.structure().headline_span(), unit),
            headline);
  EXPECT_EQ(response.structure().source(), "صحيفة الاختبار");
  ASSERT_GT(response.tokens_size(), 0);
  for (const v1::Token& token : response.tokens()) {
    EXPECT_EQ(Slice(joined, token.span(), unit), token.text());
  }
}

TEST_F(ServiceTest, EmptyArticleIsInvalidArgument) {
  v1::AnalyzeResponse response;
  grpc::Status status = Analyze(TextRequest(""), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), kEmptyTextMessage);

  status = Analyze(v1::AnalyzeRequest(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  status = Analyze(TextRequest(" \n\t\n"), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ServiceTest, TextAndPartsAreExclusive) {
  v1::AnalyzeRequest request = TextRequest(kArticle);
  request.mutable_article()->set_headline("عنوان");
  v1::AnalyzeResponse response;
  grpc::Status status = Analyze(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "article.text and article.headline/subheadline/body are "
            "exclusive");
}

TEST_F(ServiceTest, InvalidUtf8NamesFieldAndOffset) {
  v1::AnalyzeResponse response;
  grpc::Status status = Analyze(TextRequest("abc\xff\xfe"), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "article.text: invalid UTF-8 at byte offset 3");

  v1::AnalyzeRequest request;
  request.mutable_article()->set_headline("عنوان");
  request.mutable_article()->set_body("نص \xd8");  // Truncated sequence.
  status = Analyze(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "article.body: invalid UTF-8 at byte offset 5");
}

TEST_F(ServiceTest, NulCharacterIsInvalidArgument) {
  v1::AnalyzeResponse response;
  grpc::Status status =
      Analyze(TextRequest(std::string("نص\0نص", 9)), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("NUL"));
}

TEST_F(ServiceTest, UnknownOffsetUnitIsInvalidArgument) {
  v1::AnalyzeRequest request = TextRequest(kArticle);
  request.set_offset_unit(static_cast<v1::OffsetUnit>(42));
  v1::AnalyzeResponse response;
  grpc::Status status = Analyze(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("offset_unit"));
}

TEST_F(ServiceTest, ArticleOverLimitIsResourceExhausted) {
  StartServer(/*max_article_bytes=*/64, /*threads=*/1);
  v1::AnalyzeResponse response;
  grpc::Status status = Analyze(TextRequest(kArticle), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);

  status = Analyze(TextRequest("خبر قصير"), &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(ServiceTest, RequestOverMessageLimitIsResourceExhausted) {
  // The service refuses it before it waits for a thread.
  StartServer(size_t{1} << 20, /*threads=*/1, /*max_message_bytes=*/256);
  v1::AnalyzeResponse response;
  grpc::Status status = Analyze(TextRequest(kArticle), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(),
              HasSubstr("the limit is 256 bytes (ServerLimits.max_message_"
                        "bytes, --max-message-bytes)"));
}

TEST_F(ServiceTest, ExpiredDeadlineIsDeadlineExceeded) {
  // gRPC keeps deadlines in whole milliseconds, so a 1 us deadline can last
  // up to 1 ms: the article must take longer than that to analyse.
  std::string text;
  while (text.size() < 100000) text += kArticle;
  v1::AnalyzeResponse response;
  grpc::Status status =
      Analyze(TextRequest(text), &response, std::chrono::microseconds(1));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
}

TEST_F(ServiceTest, FeaturesFilterTheResponse) {
  v1::AnalyzeRequest request = TextRequest(kArticle);
  request.add_features(v1::FEATURE_TOKENS);
  v1::AnalyzeResponse response;
  grpc::Status status = Analyze(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_GT(response.tokens_size(), 0);
  EXPECT_THAT(response.sentences(), IsEmpty());
  EXPECT_FALSE(response.has_structure());

  request.clear_features();
  request.add_features(v1::FEATURE_SENTENCES);
  request.add_features(v1::FEATURE_ENTITIES);
  request.add_features(static_cast<v1::Feature>(77));
  response.Clear();
  status = Analyze(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_GT(response.sentences_size(), 0);
  EXPECT_THAT(response.tokens(), IsEmpty());
  std::vector<std::string> warnings;
  for (const v1::Warning& warning : response.warnings()) {
    if (warning.code() == v1::WARNING_CODE_FEATURE_UNAVAILABLE) {
      warnings.push_back(warning.message());
    }
  }
  // Entities are available (the server has an NER model); the unknown
  // feature number is the only one reported.
  EXPECT_THAT(warnings, ElementsAre(HasSubstr("77")));
}

TEST_F(ServiceTest, GetServerInfo) {
  grpc::ClientContext context;
  v1::GetServerInfoResponse info;
  grpc::Status status =
      stub_->GetServerInfo(&context, v1::GetServerInfoRequest(), &info);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(info.version(), ServerVersion());
  EXPECT_FALSE(info.version().empty());
  EXPECT_THAT(info.supported_languages(), ElementsAre("ar"));
  EXPECT_THAT(info.features(),
              ElementsAre(v1::FEATURE_STRUCTURE, v1::FEATURE_SENTENCES,
                          v1::FEATURE_TOKENS, v1::FEATURE_ENTITIES,
                          v1::FEATURE_QUOTES, v1::FEATURE_QUANTITIES,
                          v1::FEATURE_DATES, v1::FEATURE_EVENTS));
  // aliases.tsv and places.tsv are found beside the lexicon.
  ASSERT_EQ(info.models_size(), 4);
  EXPECT_EQ(info.models(0).name(), "lexicon");
  EXPECT_EQ(info.models(1).name(), "ner");
  EXPECT_EQ(info.models(2).name(), "aliases");
  EXPECT_EQ(info.models(3).name(), "places");
  for (const v1::ModelInfo& model : info.models()) {
    EXPECT_FALSE(model.description().empty());
    EXPECT_THAT(model.version(), ::testing::StartsWith("fnv1a64:"));
  }
  EXPECT_EQ(info.limits().max_article_bytes(), 1 << 20);
  EXPECT_EQ(info.limits().max_message_bytes(), server_->max_message_bytes());
  EXPECT_GE(info.limits().max_message_bytes(), 4 << 20);
  // The defaults: 40 times the article limit, a 30 s stream idle timeout,
  // keepalive every minute, clients' pings at most every 10 s.
  EXPECT_EQ(info.limits().max_response_bytes(), 40 << 20);
  EXPECT_EQ(info.limits().max_response_bytes(), server_->max_response_bytes());
  EXPECT_EQ(info.limits().stream_idle_timeout_ms(), 30000);
  EXPECT_EQ(info.limits().keepalive_time_ms(), 60000);
  EXPECT_EQ(info.limits().keepalive_timeout_ms(), 20000);
  EXPECT_EQ(info.limits().keepalive_min_ping_interval_ms(), 10000);
  EXPECT_TRUE(info.limits().keepalive_permit_without_calls());
}

TEST_F(ServiceTest, AnalyzeStreamAnswersEachArticleInOrder) {
  grpc::ClientContext context;
  auto stream = stub_->AnalyzeStream(&context);
  const std::vector<std::string> texts = {kArticle, "", "abc\xff",
                                          "خبر قصير عن بغداد."};
  {
    google::protobuf::LogSilencer silence;  // The invalid UTF-8 one.
    for (size_t i = 0; i < texts.size(); ++i) {
      v1::AnalyzeStreamRequest request;
      request.mutable_request()->mutable_article()->set_id(
          absl::StrCat("a", i));
      request.mutable_request()->mutable_article()->set_text(texts[i]);
      ASSERT_TRUE(stream->Write(request));
    }
  }
  ASSERT_TRUE(stream->WritesDone());
  std::vector<v1::AnalyzeStreamResponse> responses;
  v1::AnalyzeStreamResponse response;
  while (stream->Read(&response)) responses.push_back(response);
  grpc::Status status = stream->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();

  ASSERT_EQ(responses.size(), texts.size());
  for (size_t i = 0; i < responses.size(); ++i) {
    EXPECT_EQ(responses[i].index(), static_cast<int>(i));
  }
  EXPECT_EQ(responses[0].article_id(), "a0");
  EXPECT_EQ(responses[0].status().code(), 0);
  EXPECT_GT(responses[0].response().tokens_size(), 0);
  EXPECT_EQ(responses[1].article_id(), "a1");
  EXPECT_EQ(responses[1].status().code(),
            static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_FALSE(responses[1].has_response());
  EXPECT_EQ(responses[2].status().code(),
            static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_THAT(responses[2].status().message(),
              HasSubstr("invalid UTF-8 at byte offset 3"));
  EXPECT_EQ(responses[3].status().code(), 0);
  EXPECT_EQ(responses[3].response().article_id(), "a3");
}

// Calls a unary method with hand-encoded bytes (no generated code for it
// is installed).
grpc::Status RawUnaryCall(const std::shared_ptr<grpc::Channel>& channel,
                          const std::string& method,
                          const std::string& request_bytes,
                          std::string* response_bytes) {
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  grpc::GenericStub stub(channel);
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                 [&done](grpc::Status s) { done.set_value(s); });
  grpc::Status status = done.get_future().get();
  std::vector<grpc::Slice> slices;
  if (status.ok() && response.Dump(&slices).ok()) {
    for (const grpc::Slice& s : slices) {
      response_bytes->append(reinterpret_cast<const char*>(s.begin()),
                             s.size());
    }
  }
  return status;
}

TEST_F(ServiceTest, HealthCheckIsServing) {
  google::protobuf::UnknownFieldSet request;
  request.AddLengthDelimited(1, kServiceName);
  std::string response_bytes;
  grpc::Status status = RawUnaryCall(channel_, "/grpc.health.v1.Health/Check",
                                     Bytes(request), &response_bytes);
  ASSERT_TRUE(status.ok()) << status.error_message();
  google::protobuf::UnknownFieldSet response;
  ASSERT_TRUE(response.ParseFromString(response_bytes));
  ASSERT_EQ(response.field_count(), 1);
  EXPECT_EQ(response.field(0).number(), 1);
  EXPECT_EQ(response.field(0).varint(), 1u);  // SERVING.
}

TEST_F(ServiceTest, RawRequestWithInvalidUtf8IsInvalidArgument) {
  // AnalyzeRequest{article{text: "ok\xC0\xAF"}}: an overlong "/".
  google::protobuf::UnknownFieldSet article;
  article.AddLengthDelimited(2, "ok\xC0\xAF");
  google::protobuf::UnknownFieldSet request;
  request.AddLengthDelimited(1, Bytes(article));
  std::string response;
  grpc::Status status =
      RawUnaryCall(channel_, "/khabar.v1.ArticleAnalyzerService/Analyze",
                   Bytes(request), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "article.text: invalid UTF-8 at byte offset 2");

  status = RawUnaryCall(channel_, "/khabar.v1.ArticleAnalyzerService/Analyze",
                        "\xff\xff\xff", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

// Lists services through server reflection (grpc.reflection.v1alpha),
// with hand-encoded messages.
class ReflectionLister
    : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  explicit ReflectionLister(const std::shared_ptr<grpc::Channel>& channel)
      : stub_(channel) {
    google::protobuf::UnknownFieldSet request;
    request.AddLengthDelimited(7, "*");  // list_services
    slice_ = grpc::Slice(Bytes(request));
    request_ = grpc::ByteBuffer(&slice_, 1);
    context_.set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(10));
    stub_.PrepareBidiStreamingCall(
        &context_,
        "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
        grpc::StubOptions(), this);
    StartWrite(&request_);
    StartRead(&response_);
    StartCall();
  }

  void OnWriteDone(bool ok) override {
    if (ok) StartWritesDone();
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    std::vector<grpc::Slice> slices;
    if (response_.Dump(&slices).ok()) {
      for (const grpc::Slice& s : slices) {
        bytes_.append(reinterpret_cast<const char*>(s.begin()), s.size());
      }
    }
    StartRead(&response_);
  }
  void OnDone(const grpc::Status& status) override { done_.set_value(status); }

  // Service names from ServerReflectionResponse.list_services_response
  // (field 6) -> service (1) -> name (1).
  std::vector<std::string> Await(grpc::Status* status) {
    *status = done_.get_future().get();
    std::vector<std::string> names;
    google::protobuf::UnknownFieldSet response;
    if (!response.ParseFromString(bytes_)) return names;
    for (int i = 0; i < response.field_count(); ++i) {
      if (response.field(i).number() != 6) continue;
      google::protobuf::UnknownFieldSet list;
      list.ParseFromString(response.field(i).length_delimited());
      for (int j = 0; j < list.field_count(); ++j) {
        google::protobuf::UnknownFieldSet service;
        service.ParseFromString(list.field(j).length_delimited());
        if (service.field_count() > 0) {
          names.push_back(service.field(0).length_delimited());
        }
      }
    }
    return names;
  }

 private:
  grpc::GenericStub stub_;
  grpc::ClientContext context_;
  grpc::Slice slice_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
  std::string bytes_;
  std::promise<grpc::Status> done_;
};

TEST_F(ServiceTest, ReflectionListsTheServices) {
  ReflectionLister lister(channel_);
  grpc::Status status;
  std::vector<std::string> services = lister.Await(&status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(services, ::testing::Contains(kServiceName));
  EXPECT_THAT(services, ::testing::Contains("grpc.health.v1.Health"));
}

TEST_F(ServiceTest, GracefulShutdownFinishesCallsInFlight) {
  StartServer(size_t{8} << 20, /*threads=*/1);
  // Big enough that several queued calls are still running when Shutdown
  // starts.
  std::string big;
  while (big.size() < (size_t{1} << 20)) big += kArticle;
  constexpr int kCalls = 4;
  std::vector<std::future<grpc::Status>> calls;
  for (int i = 0; i < kCalls; ++i) {
    calls.push_back(std::async(std::launch::async, [this, &big] {
      v1::AnalyzeResponse response;
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() +
                           std::chrono::seconds(60));
      return stub_->Analyze(&context, TextRequest(big), &response);
    }));
  }
  // Only calls whose 1 MiB request has fully arrived are in flight; gRPC
  // drops one still uploading at shutdown (UNAVAILABLE, which clients
  // retry). A fixed sleep lost that race on a loaded sanitizer run.
  auto arrived = [&] {
    int finished = 0;
    for (auto& call : calls) {
      if (call.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
        ++finished;
    }
    return server_->active_calls() + finished;
  };
  while (arrived() < kCalls) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  server_->Shutdown(std::chrono::seconds(60));
  for (auto& call : calls) {
    grpc::Status status = call.get();
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  // Nothing is accepted afterwards.
  v1::AnalyzeResponse response;
  EXPECT_EQ(Analyze(TextRequest(kArticle), &response).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(ServiceTest, ShutdownPastGraceCancelsWhatIsLeft) {
  StartServer(size_t{8} << 20, /*threads=*/1);
  std::string big;
  while (big.size() < (size_t{1} << 20)) big += kArticle;
  std::vector<std::future<grpc::Status>> calls;
  for (int i = 0; i < 6; ++i) {
    calls.push_back(std::async(std::launch::async, [this, &big] {
      v1::AnalyzeResponse response;
      grpc::ClientContext context;
      return stub_->Analyze(&context, TextRequest(big), &response);
    }));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto start = std::chrono::steady_clock::now();
  server_->Shutdown(std::chrono::milliseconds(0));
  // Queued calls are skipped once cancelled, so shutdown does not wait for
  // all six analyses. Under ASan/UBSan one 1 MiB analysis alone takes
  // seconds (six take half a minute or more), so the bound is wider there.
#ifdef KHABAR_SANITIZED
  constexpr auto kBound = std::chrono::seconds(20);
#else
  constexpr auto kBound = std::chrono::seconds(5);
#endif
  EXPECT_LT(std::chrono::steady_clock::now() - start, kBound);
  for (auto& call : calls) call.get();
}

}  // namespace
}  // namespace khabar::service
