// libFuzzer target: khabar::Analyzer::Analyze on arbitrary bytes, with the
// models of models/ loaded (NER, entity stages, keywords, tone all run).
//
// Input: byte 0 chooses the call, the rest is the article.
//   bits 0-1  offset unit: 0 UTF-8 bytes, 1 UTF-16 code units, 2 code
//             points (3 is bytes too)
//   bit 2     structured: the rest is headline \x1F subheadline \x1F body
//   bit 3     published_at set (relative dates resolve)
//   bit 4     a language hint ("ar")
//   bit 5     only some features: byte 1 is the feature bit set (0: all)
// Errors are fine (INVALID_ARGUMENT, RESOURCE_EXHAUSTED); any other status,
// a crash, a sanitizer report or a broken invariant (fuzz_util.h) is a bug.
// The analysis may borrow a spare thread (AnalyzeOptions::executor); an
// input long enough for it to be lent is analysed again alone, and the two
// must agree.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "analysis_summary.h"
#include "fuzz_util.h"
#include "khabar/analyzer.h"
#include "khabar/executor.h"

// Loads the models before the first input, so their loading time does
// not count against that input (-timeout, slow-unit reports).
khabar::SpareThreads& Spare() {
  static auto* spare = new khabar::SpareThreads(1);
  return *spare;
}

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  khabar::fuzz::SharedAnalyzer();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const khabar::Analyzer& analyzer = khabar::fuzz::SharedAnalyzer();
  const uint8_t flags = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);

  khabar::AnalyzeOptions options;
  options.executor = &Spare();
  switch (flags & 3) {
    case 1:
      options.offset_unit = khabar::OffsetUnit::kUtf16CodeUnits;
      break;
    case 2:
      options.offset_unit = khabar::OffsetUnit::kCodePoints;
      break;
    default:
      options.offset_unit = khabar::OffsetUnit::kUtf8Bytes;
  }
  if ((flags & 0x20) && !rest.empty()) {
    const uint32_t features = static_cast<uint8_t>(rest[0]) |
                              (static_cast<uint32_t>(flags >> 6) << 8);
    if (features != 0) options.features = features;
    rest.remove_prefix(1);
  }

  khabar::Article article;
  std::string joined;  // What spans point into.
  if (flags & 4) {
    const size_t a = rest.find('\x1F');
    const size_t b = a == std::string_view::npos ? a : rest.find('\x1F', a + 1);
    if (a == std::string_view::npos) {
      article.body = rest;
    } else {
      article.headline = rest.substr(0, a);
      if (b == std::string_view::npos) {
        article.body = rest.substr(a + 1);
      } else {
        article.subheadline = rest.substr(a + 1, b - a - 1);
        article.body = rest.substr(b + 1);
      }
    }
    joined = std::string(article.headline) + "\n" +
             std::string(article.subheadline) + "\n" +
             std::string(article.body);
  } else {
    article.text = rest;
  }
  if (flags & 8) article.published_at = 1700000000;  // 2023-11-14 UTC.
  if (flags & 0x10) article.language_hint = "ar";

  absl::StatusOr<khabar::Analysis> analysis =
      analyzer.Analyze(article, options);
  if (!analysis.ok()) {
    const absl::StatusCode code = analysis.status().code();
    if (code != absl::StatusCode::kInvalidArgument &&
        code != absl::StatusCode::kResourceExhausted) {
      khabar::fuzz::Fail("unexpected status " + analysis.status().ToString());
    }
    return 0;
  }
  if (analysis->offset_unit != options.offset_unit) {
    khabar::fuzz::Fail("offset_unit differs from the one asked for");
  }
  khabar::fuzz::CheckAnalysis(article.is_structured() ? joined : article.text,
                              options.offset_unit, options.features, *analysis);
  // Long enough for the tagger to split (NerModel::TagDocument).
  if (analysis->tokens.size() >= 200) {
    options.executor = nullptr;
    absl::StatusOr<khabar::Analysis> alone = analyzer.Analyze(article, options);
    if (!alone.ok() || khabar::testing::DescribeAnalysis(*alone) !=
                           khabar::testing::DescribeAnalysis(*analysis)) {
      khabar::fuzz::Fail("a lent thread changed the analysis");
    }
  }
  return 0;
}
