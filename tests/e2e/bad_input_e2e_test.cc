// Hostile and odd input through the real khabar-server binary: every case
// gets a clear error status or a sane result, never a crash or a hang, and
// the server still answers a normal article afterwards. Deadlines are
// generous (a sanitizer build is several times slower); nothing asserts
// timing.
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "e2e/e2e_util.h"
#include "gmock/gmock.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/unknown_field_set.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "khabar/v1/analyzer.grpc.pb.h"
#include "khabar/v1/analyzer.pb.h"
#include "test_paths.h"

namespace khabar {
namespace {

using ::testing::HasSubstr;

constexpr char kMethod[] = "/khabar.v1.ArticleAnalyzerService/Analyze";
constexpr char kNormalArticle[] =
    "وزراء المياه العرب يتفقون في عمّان على خطة لمواجهة الجفاف\n\n"
    "وقال وزير المياه الأردني سامر الخطيب في مؤتمر صحفي إن الخطة مهمة، "
    "مضيفاً أن بلاده ستستضيف الأمانة الفنية في عمّان.\n";

std::chrono::system_clock::time_point Deadline(int seconds) {
  return std::chrono::system_clock::now() + std::chrono::seconds(seconds);
}

// Length of valid UTF-8 `text` in `unit`.
int UnitLength(const std::string& text, v1::OffsetUnit unit) {
  if (unit != v1::OFFSET_UNIT_UTF16_CODE_UNITS &&
      unit != v1::OFFSET_UNIT_CODE_POINTS) {
    return static_cast<int>(text.size());
  }
  int n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) == 0x80) continue;
    n += (unit == v1::OFFSET_UNIT_UTF16_CODE_UNITS && c >= 0xF0) ? 2 : 1;
  }
  return n;
}

// A successful response is sane: in the unit asked for, its length is the
// text's, every span lies inside the text, token and sentence ranges stay
// inside the token list, and in UTF-8 bytes tokens are the text they point
// at.
void ExpectSane(const std::string& text, v1::OffsetUnit unit,
                const v1::AnalyzeResponse& response) {
  const v1::OffsetUnit expected_unit =
      unit == v1::OFFSET_UNIT_UNSPECIFIED ? v1::OFFSET_UNIT_UTF8_BYTES : unit;
  EXPECT_EQ(response.offset_unit(), expected_unit);
  const int length = UnitLength(text, expected_unit);
  EXPECT_EQ(response.text_length(), length);
  int bad_spans = 0;
  auto check = [&](const v1::Span& span, const char* what) {
    if (span.begin() < 0 || span.begin() > span.end() || span.end() > length) {
      if (bad_spans++ < 5) {
        ADD_FAILURE() << what << " span [" << span.begin() << ", " << span.end()
                      << ") outside [0, " << length << "]";
      }
    }
  };
  const v1::Structure& structure = response.structure();
  check(structure.source_span(), "source");
  check(structure.headline_span(), "headline");
  check(structure.subheadline_span(), "subheadline");
  for (const v1::Span& span : structure.paragraphs()) check(span, "paragraph");
  const int tokens = response.tokens_size();
  for (const v1::Sentence& sentence : response.sentences()) {
    check(sentence.span(), "sentence");
  }
  for (const v1::Token& token : response.tokens()) {
    check(token.span(), "token");
    if (expected_unit == v1::OFFSET_UNIT_UTF8_BYTES &&
        token.span().end() <= length && token.span().begin() >= 0 &&
        token.span().begin() <= token.span().end()) {
      EXPECT_EQ(text.substr(token.span().begin(),
                            token.span().end() - token.span().begin()),
                token.text());
    }
  }
  for (const v1::Entity& entity : response.entities()) {
    for (const v1::Mention& mention : entity.mentions()) {
      check(mention.span(), "mention");
    }
  }
  for (const v1::Quote& quote : response.quotes()) check(quote.span(), "quote");
  for (const v1::Quantity& quantity : response.quantities()) {
    check(quantity.span(), "quantity");
  }
  for (const v1::TimeExpression& date : response.dates()) {
    check(date.span(), "date");
  }
  for (const v1::EventCount& event : response.events()) {
    check(event.span(), "event");
  }
  for (const v1::Warning& warning : response.warnings()) {
    check(warning.span(), "warning");
  }
  EXPECT_GE(tokens, 0);
}

// AnalyzeRequest{article{text: `text`}} encoded by hand, so any bytes at
// all can go in the string field.
std::string RawTextRequest(const std::string& text, int field = 2) {
  google::protobuf::UnknownFieldSet article;
  article.AddLengthDelimited(1, "raw");
  if (field != 2) article.AddLengthDelimited(3, "عنوان");
  article.AddLengthDelimited(field, text);
  std::string article_bytes;
  article.SerializeToString(&article_bytes);
  google::protobuf::UnknownFieldSet request;
  request.AddLengthDelimited(1, article_bytes);
  std::string bytes;
  request.SerializeToString(&bytes);
  return bytes;
}

class BadInputE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start())
        << "first line: \"" << server_.first_line() << "\"\n"
        << server_.Log();
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(-1);
    args.SetMaxSendMessageSize(-1);
    channel_ = grpc::CreateCustomChannel(
        server_.address(), grpc::InsecureChannelCredentials(), args);
    stub_ = v1::ArticleAnalyzerService::NewStub(channel_);
  }

  grpc::Status Analyze(const v1::AnalyzeRequest& request,
                       v1::AnalyzeResponse* response, int seconds = 60) {
    grpc::ClientContext context;
    context.set_deadline(Deadline(seconds));
    return stub_->Analyze(&context, request, response);
  }

  grpc::Status AnalyzeText(const std::string& text, v1::OffsetUnit unit,
                           v1::AnalyzeResponse* response, int seconds = 60) {
    v1::AnalyzeRequest request;
    request.mutable_article()->set_id("case");
    request.mutable_article()->set_text(text);
    request.set_offset_unit(unit);
    return Analyze(request, response, seconds);
  }

  // Sends hand-encoded request bytes to Analyze.
  grpc::Status AnalyzeRaw(const std::string& bytes) {
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request(&slice, 1);
    grpc::ByteBuffer response;
    grpc::ClientContext context;
    context.set_deadline(Deadline(60));
    grpc::GenericStub stub(channel_);
    std::promise<grpc::Status> done;
    stub.UnaryCall(&context, kMethod, grpc::StubOptions(), &request, &response,
                   [&done](grpc::Status s) { done.set_value(s); });
    return done.get_future().get();
  }

  // The server still analyses a normal article, finds entities in it, and
  // exits 0 on SIGTERM (a sanitizer report at exit would make it fail).
  void ExpectHealthyAndStop() {
    v1::AnalyzeResponse response;
    grpc::Status status =
        AnalyzeText(kNormalArticle, v1::OFFSET_UNIT_UTF8_BYTES, &response);
    ASSERT_TRUE(status.ok()) << status.error_message() << "\n" << server_.Log();
    ExpectSane(kNormalArticle, v1::OFFSET_UNIT_UTF8_BYTES, response);
    EXPECT_GT(response.entities_size(), 0);
    EXPECT_EQ(response.language(), "ar");
    // A sync client does not poll an idle channel, so the server's GOAWAY
    // would go unanswered and SIGTERM would wait out the drain grace: close
    // the channel first.
    stub_.reset();
    channel_.reset();
    EXPECT_EQ(server_.Stop(), 0) << server_.Log();
  }

  e2e::ServerProcess server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::ArticleAnalyzerService::Stub> stub_;
};

TEST_F(BadInputE2eTest, InvalidUtf8NamesFieldAndOffset) {
  const std::string kh = "خبر";  // 6 bytes.
  struct Case {
    std::string name;
    std::string text;
    int offset;
  };
  const std::vector<Case> cases = {
      {"at start", "\xff" + kh, 0},
      {"in the middle", kh + " \xfe " + kh, 7},
      {"truncated at the end", kh + " \xd8", 7},
      {"lone continuation byte", kh + "\x80", 6},
      {"overlong NUL (C0 80)", kh + "\xc0\x80", 6},
      {"overlong slash (C0 AF)", "a\xc0\xaf", 1},
      {"overlong three bytes (E0 80 80)", kh + "\xe0\x80\x80" + kh, 6},
      {"overlong four bytes (F0 80 80 80)", "ab\xf0\x80\x80\x80", 2},
      {"high surrogate (ED A0 80)", kh + "\xed\xa0\x80", 6},
      {"low surrogate (ED BF BF)", "x\xed\xbf\xbfy", 1},
      {"above U+10FFFF (F4 90 80 80)", "\xf4\x90\x80\x80", 0},
      {"five-byte form (F8 88 80 80 80)", kh + "\xf8\x88\x80\x80\x80", 6},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    grpc::Status status = AnalyzeRaw(RawTextRequest(c.text));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(
        status.error_message(),
        absl::StrCat("article.text: invalid UTF-8 at byte offset ", c.offset));
  }
  // In a part: the field named is the part's, the offset is into it.
  grpc::Status status = AnalyzeRaw(RawTextRequest(kh + "\xed\xa0\x80", 5));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "article.body: invalid UTF-8 at byte offset 6");
  // Not a protobuf message at all.
  status = AnalyzeRaw("\xff\xff\xff\xff");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_FALSE(status.error_message().empty());
  ExpectHealthyAndStop();
}

TEST_F(BadInputE2eTest, NulBytesNameTheirOffset) {
  const std::string kh = "خبر";
  const std::vector<std::pair<std::string, int>> cases = {
      {std::string("\0", 1) + kh, 0},
      {kh + std::string("\0", 1) + kh, 6},
      {kh + std::string("\0\0", 2), 6},
  };
  for (const auto& [text, offset] : cases) {
    SCOPED_TRACE(offset);
    v1::AnalyzeResponse response;
    grpc::Status status =
        AnalyzeText(text, v1::OFFSET_UNIT_UNSPECIFIED, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(
        status.error_message(),
        HasSubstr(absl::StrCat("NUL character at byte offset ", offset)));
  }
  v1::AnalyzeRequest request;
  request.mutable_article()->set_headline(kh);
  request.mutable_article()->set_body(kh + std::string("\0", 1));
  v1::AnalyzeResponse response;
  grpc::Status status = Analyze(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "article.body: NUL character at byte offset 6");
  ExpectHealthyAndStop();
}

TEST_F(BadInputE2eTest, OversizedAndPathologicalTokens) {
  // 1 MiB exactly (the default limit) of one letter: a single token.
  std::string token;
  while (token.size() < (size_t{1} << 20)) token += "ب";
  ASSERT_EQ(token.size(), size_t{1} << 20);
  v1::AnalyzeResponse response;
  grpc::Status status =
      AnalyzeText(token, v1::OFFSET_UNIT_UTF16_CODE_UNITS, &response, 300);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ExpectSane(token, v1::OFFSET_UNIT_UTF16_CODE_UNITS, response);
  EXPECT_EQ(response.tokens_size(), 1);

  // One byte over the limit.
  status = AnalyzeText(token + "x", v1::OFFSET_UNIT_UNSPECIFIED, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(), HasSubstr("limit is 1048576 bytes"));

  // 1 MiB of ASCII letters without a space.
  const std::string latin(size_t{1} << 20, 'a');
  status = AnalyzeText(latin, v1::OFFSET_UNIT_UTF8_BYTES, &response, 300);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ExpectSane(latin, v1::OFFSET_UNIT_UTF8_BYTES, response);

  // Thousands of combining marks (fatha) on one letter, then words.
  std::string marks = "ب";
  for (int i = 0; i < 5000; ++i) marks += "\u064e";
  marks += " قال الوزير في بغداد.";
  for (v1::OffsetUnit unit :
       {v1::OFFSET_UNIT_UTF8_BYTES, v1::OFFSET_UNIT_UTF16_CODE_UNITS,
        v1::OFFSET_UNIT_CODE_POINTS}) {
    SCOPED_TRACE(unit);
    status = AnalyzeText(marks, unit, &response, 120);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ExpectSane(marks, unit, response);
  }
  ExpectHealthyAndStop();
}

TEST_F(BadInputE2eTest, OddButValidTextIsAnalysedSanely) {
  std::string punctuation;
  for (int i = 0; i < 200; ++i) punctuation += "!؟،؛«»...---()[]\"'*";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"only punctuation", punctuation},
      {"bidi overrides and isolates",
       "قال \u202eالوزير\u202c إن \u2067بغداد\u2069 \u202dabc\u202c "
       "\u200fعاصمة\u200e العراق \u202a\u202b\u202e"},
      {"emoji with ZWJ sequences",  // Family, rainbow flag, JO flag,
                                    // technologist, stray ZWJs.
       "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466 عائلة في "
       "بغداد \U0001F3F3\uFE0F\u200D\U0001F308 و\U0001F1EF\U0001F1F4 الأردن "
       "\U0001F469\U0001F3FD\u200D\U0001F4BB\u200D\u200D "
       "\U0001F9D1\u200D\U0001F680\u200D\u200D"},
      {"Persian, Urdu, Hebrew and Latin",
       "تهران پایتخت ایران است. یہ اردو میں خبر ہے۔ "
       "ירושלים היא עיר. The minister said: «قال الوزير» في گیلان ۱۲۳ ٤٥٦."},
      {"a scraped HTML page",
       "<!DOCTYPE html><html><head><title>خبر &amp; تقرير</title>"
       "<script>var s = \"<p>\" + '&lt;'; if (a < b && c > d) {}</script>"
       "<style>p{color:red}</style></head><body><nav>الرئيسية | أخبار</nav>"
       "<h1>الكاظمي يزور واشنطن</h1><p>قال&nbsp;الوزير &quot;إن الزيارة "
       "مهمة&quot; &#1575;&#x644; &#128512; &bogus; &#xZZ;</p>"
       "<!-- تعليق --></body></html>"},
      {"controls, CR and a BOM",
       "\xef\xbb\xbfعنوان\r\n\r\nنص\x01فيه\x7f تحكم\u0085 "
       "و\u00a0مسافة\x1b[0m.\r"},
      {"only combining marks and format characters",
       "\u064e\u064f\u0650\u0651\u200d\u200c\u2060\ufeff\u064e"},
      {"tatweel and presentation forms", "ــــــ ﻻ ﷲ ﷺ ﴾بغداد﴿ كـــتـــاب"},
  };
  for (const auto& [name, text] : cases) {
    for (v1::OffsetUnit unit :
         {v1::OFFSET_UNIT_UTF8_BYTES, v1::OFFSET_UNIT_UTF16_CODE_UNITS,
          v1::OFFSET_UNIT_CODE_POINTS}) {
      SCOPED_TRACE(absl::StrCat(name, ", unit ", unit));
      v1::AnalyzeResponse response;
      grpc::Status status = AnalyzeText(text, unit, &response);
      ASSERT_TRUE(status.ok()) << status.error_message();
      ExpectSane(text, unit, response);
    }
  }
  ExpectHealthyAndStop();
}

TEST_F(BadInputE2eTest, StreamAnswersEveryArticleWithItsOwnStatus) {
  struct Case {
    std::string id;
    std::string text;
    grpc::StatusCode code;
    std::string message;
  };
  std::string over_limit;
  while (over_limit.size() <= (size_t{1} << 20)) over_limit += "خبر ";
  const std::vector<Case> cases = {
      {"good-1", kNormalArticle, grpc::StatusCode::OK, ""},
      {"bad-utf8", "خبر\xed\xa0\x80", grpc::StatusCode::INVALID_ARGUMENT,
       "article.text: invalid UTF-8 at byte offset 6"},
      {"good-2", "قال الوزير إن الزيارة مهمة.", grpc::StatusCode::OK, ""},
      {"bad-nul", std::string("خبر\0", 7), grpc::StatusCode::INVALID_ARGUMENT,
       "NUL character at byte offset 6"},
      {"bad-empty", " \n\t ", grpc::StatusCode::INVALID_ARGUMENT, "empty"},
      {"bad-size", over_limit, grpc::StatusCode::RESOURCE_EXHAUSTED,
       "limit is 1048576 bytes"},
      {"good-3",
       "\U0001F468\u200D\U0001F469\u200D\U0001F467 عائلة \u202eفي\u202c بغداد",
       grpc::StatusCode::OK, ""},
      {"bad-overlong", "a\xc0\xaf", grpc::StatusCode::INVALID_ARGUMENT,
       "article.text: invalid UTF-8 at byte offset 1"},
      {"good-4", kNormalArticle, grpc::StatusCode::OK, ""},
  };
  std::map<std::string, const Case*> by_id;
  for (const Case& c : cases) by_id[c.id] = &c;

  std::vector<v1::AnalyzeStreamResponse> responses;
  {
    // Scoped: the call (held by its context) lets the channel go before the
    // server stops.
    grpc::ClientContext context;
    context.set_deadline(Deadline(300));
    auto stream = stub_->AnalyzeStream(&context);
    {
      // Invalid UTF-8 is sent on purpose; protobuf logs it when serializing.
      google::protobuf::LogSilencer silence;
      for (const Case& c : cases) {
        v1::AnalyzeStreamRequest request;
        request.mutable_request()->mutable_article()->set_id(c.id);
        request.mutable_request()->mutable_article()->set_text(c.text);
        ASSERT_TRUE(stream->Write(request));
      }
    }
    ASSERT_TRUE(stream->WritesDone());
    v1::AnalyzeStreamResponse response;
    while (stream->Read(&response)) responses.push_back(response);
    grpc::Status status = stream->Finish();
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Matched by index and article_id, not by arrival order.
  ASSERT_EQ(responses.size(), cases.size());
  std::map<int, const v1::AnalyzeStreamResponse*> by_index;
  for (const v1::AnalyzeStreamResponse& r : responses) {
    EXPECT_TRUE(by_index.emplace(r.index(), &r).second)
        << "index " << r.index() << " answered twice";
  }
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    SCOPED_TRACE(c.id);
    auto it = by_index.find(static_cast<int>(i));
    ASSERT_NE(it, by_index.end()) << "no response for index " << i;
    const v1::AnalyzeStreamResponse& r = *it->second;
    ASSERT_EQ(by_id.count(r.article_id()), 1u) << r.article_id();
    EXPECT_EQ(r.article_id(), c.id);
    EXPECT_EQ(r.status().code(), static_cast<int>(c.code))
        << r.status().message();
    if (c.code == grpc::StatusCode::OK) {
      ASSERT_TRUE(r.has_response());
      EXPECT_EQ(r.response().article_id(), c.id);
      ExpectSane(c.text, v1::OFFSET_UNIT_UTF8_BYTES, r.response());
      EXPECT_GT(r.response().tokens_size(), 0);
    } else {
      EXPECT_FALSE(r.has_response());
      EXPECT_THAT(r.status().message(), HasSubstr(c.message));
    }
  }
  ExpectHealthyAndStop();
}

}  // namespace
}  // namespace khabar
