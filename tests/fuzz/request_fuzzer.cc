// libFuzzer target: what khabar-server does with the raw bytes of one
// Analyze message: ParseRequest (with its invalid-UTF-8 diagnosis), then
// AnalyzeArticle with the models of models/, then the response serialized
// as the server sends it and parsed back as a client would.
//
// Errors are fine when they are INVALID_ARGUMENT or RESOURCE_EXHAUSTED; any
// other status, a crash, a sanitizer report, a response a client cannot
// parse or a span outside the text is a bug.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "fuzz_util.h"
#include "google/protobuf/stubs/logging.h"
#include "handlers.h"
#include "khabar/v1/analyzer.pb.h"
#include "request_parser.h"

namespace {

bool ExpectedError(const absl::Status& status) {
  return status.code() == absl::StatusCode::kInvalidArgument ||
         status.code() == absl::StatusCode::kResourceExhausted;
}

void CheckSpan(const khabar::v1::Span& span, int64_t length, const char* what) {
  if (span.begin() < 0 || span.begin() > span.end() || span.end() > length) {
    khabar::fuzz::Fail(std::string(what) + " span outside the text");
  }
}

}  // namespace

// Loads the models before the first input, so their loading time does
// not count against that input (-timeout, slow-unit reports).
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  khabar::fuzz::SharedAnalyzer();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const khabar::Analyzer& analyzer = khabar::fuzz::SharedAnalyzer();
  const std::string_view wire(reinterpret_cast<const char*>(data), size);

  khabar::v1::AnalyzeRequest request;
  absl::Status status = khabar::service::ParseRequest(wire, &request);
  if (!status.ok()) {
    if (status.code() != absl::StatusCode::kInvalidArgument ||
        status.message().empty()) {
      khabar::fuzz::Fail("ParseRequest: " + status.ToString());
    }
    return 0;
  }
  khabar::v1::AnalyzeResponse response;
  status = khabar::service::AnalyzeArticle(analyzer, request, &response);
  if (!status.ok()) {
    if (!ExpectedError(status)) {
      khabar::fuzz::Fail("AnalyzeArticle: " + status.ToString());
    }
    return 0;
  }

  // The server serializes the response; a client must be able to parse it
  // (protobuf refuses a string field that is not valid UTF-8).
  std::string bytes;
  if (!response.SerializeToString(&bytes)) {
    khabar::fuzz::Fail("response does not serialize");
  }
  khabar::v1::AnalyzeResponse parsed;
  {
    google::protobuf::LogSilencer silence;
    if (!parsed.ParseFromString(bytes)) {
      khabar::fuzz::Fail("a client cannot parse the response");
    }
  }

  const khabar::v1::Article& article = request.article();
  const std::string text = article.text().empty() ? article.headline() + "\n" +
                                                        article.subheadline() +
                                                        "\n" + article.body()
                                                  : article.text();
  khabar::OffsetUnit unit = khabar::OffsetUnit::kUtf8Bytes;
  if (response.offset_unit() == khabar::v1::OFFSET_UNIT_UTF16_CODE_UNITS) {
    unit = khabar::OffsetUnit::kUtf16CodeUnits;
  } else if (response.offset_unit() == khabar::v1::OFFSET_UNIT_CODE_POINTS) {
    unit = khabar::OffsetUnit::kCodePoints;
  }
  const int64_t length = khabar::fuzz::UnitLength(text, unit);
  if (response.text_length() != length) {
    khabar::fuzz::Fail("text_length differs from the text's length");
  }
  for (const khabar::v1::Sentence& sentence : response.sentences()) {
    CheckSpan(sentence.span(), length, "sentence");
  }
  for (const khabar::v1::Token& token : response.tokens()) {
    CheckSpan(token.span(), length, "token");
    if (unit == khabar::OffsetUnit::kUtf8Bytes &&
        text.compare(
            static_cast<size_t>(token.span().begin()),
            static_cast<size_t>(token.span().end() - token.span().begin()),
            token.text()) != 0) {
      khabar::fuzz::Fail("token text is not its span's text");
    }
  }
  for (const khabar::v1::Entity& entity : response.entities()) {
    for (const khabar::v1::Mention& mention : entity.mentions()) {
      CheckSpan(mention.span(), length, "mention");
    }
  }
  return 0;
}
