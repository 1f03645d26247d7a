// Shared by the libFuzzer targets: the analyzer loaded once from models/,
// and the invariants every successful analysis must keep.
#ifndef KHABAR_TESTS_FUZZ_FUZZ_UTIL_H_
#define KHABAR_TESTS_FUZZ_FUZZ_UTIL_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "khabar/analysis.h"
#include "khabar/analyzer.h"

namespace khabar::fuzz {

// Prints `what` and aborts, so libFuzzer records the input as a crash.
[[noreturn]] inline void Fail(const std::string& what) {
  std::fprintf(stderr, "fuzz invariant violated: %s\n", what.c_str());
  std::abort();
}

// The models directory: $KHABAR_MODELS_DIR, else the checkout's models/
// (KHABAR_SOURCE_DIR is set by CMake).
inline std::string ModelsDir() {
  if (const char* env = std::getenv("KHABAR_MODELS_DIR")) return env;
  return std::string(KHABAR_SOURCE_DIR) + "/models";
}

// The analyzer the server runs: every model of models/ loaded, the default
// 1 MiB article limit. Created on first use and never freed.
inline const Analyzer& SharedAnalyzer() {
  static const Analyzer* analyzer = [] {
    const std::string dir = ModelsDir();
    AnalyzerOptions options;
    options.lexicon_path = dir + "/lexicon.tsv";
    options.ner_model_path = dir + "/ner.model";
    options.stopwords_path = dir + "/stopwords_ar.txt";
    options.tone_lexicon_path = dir + "/tone_lexicon.tsv";
    auto created = Analyzer::Create(options);
    if (!created.ok()) {
      Fail("cannot load the models from " + dir + ": " +
           std::string(created.status().message()));
    }
    return created->release();
  }();
  return *analyzer;
}

// Length of valid UTF-8 `text` in `unit`.
inline int64_t UnitLength(std::string_view text, OffsetUnit unit) {
  if (unit == OffsetUnit::kUtf8Bytes) return static_cast<int64_t>(text.size());
  int64_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) == 0x80) continue;  // Continuation byte.
    n += (unit == OffsetUnit::kUtf16CodeUnits && c >= 0xF0) ? 2 : 1;
  }
  return n;
}

// Checks what a caller relies on in a successful analysis of `text` (the
// analysed text: the article's text, or its parts joined by "\n"): every
// span lies inside the text, and, in UTF-8 bytes, tokens and mentions are
// the text they point at; token ranges stay inside the token list when
// tokens were asked for (`features`; otherwise they index tokens the caller
// did not get, as the API documents).
inline void CheckAnalysis(std::string_view text, OffsetUnit unit,
                          uint32_t features, const Analysis& analysis) {
  const int64_t length = UnitLength(text, unit);
  if (analysis.text_length != length) {
    Fail("text_length " + std::to_string(analysis.text_length) +
         " != " + std::to_string(length));
  }
  auto check = [length](const Span& span, const char* what) {
    if (span.begin < 0 || span.begin > span.end || span.end > length) {
      Fail(std::string(what) + " span [" + std::to_string(span.begin) + ", " +
           std::to_string(span.end) + ") outside [0, " +
           std::to_string(length) + "]");
    }
  };
  auto slice = [text](const Span& span) {
    return text.substr(static_cast<size_t>(span.begin),
                       static_cast<size_t>(span.size()));
  };
  const bool bytes = unit == OffsetUnit::kUtf8Bytes;
  const Structure& structure = analysis.structure;
  check(structure.source_span, "source");
  check(structure.headline_span, "headline");
  check(structure.subheadline_span, "subheadline");
  for (const Span& span : structure.paragraphs) check(span, "paragraph");
  for (const Boilerplate& chrome : structure.boilerplate) {
    check(chrome.span, "boilerplate");
  }
  const bool with_tokens = (features & kFeatureTokens) != 0;
  const int64_t tokens = static_cast<int64_t>(analysis.tokens.size());
  for (const Sentence& sentence : analysis.sentences) {
    check(sentence.span, "sentence");
    if (sentence.first_token < 0 || sentence.token_count < 0 ||
        (with_tokens &&
         int64_t{sentence.first_token} + sentence.token_count > tokens)) {
      Fail("sentence token range outside the token list");
    }
  }
  for (const Token& token : analysis.tokens) {
    check(token.span, "token");
    check(token.base_span, "token base");
    check(token.word_span, "token word");
    if (bytes && slice(token.span) != token.text) {
      Fail("token text \"" + token.text + "\" is not its span's text");
    }
  }
  for (const Entity& entity : analysis.entities) {
    // Every entity is named somewhere, if only by an adjective.
    if (entity.mentions.empty())
      Fail("entity " + entity.id + " without mentions");
    for (const Mention& mention : entity.mentions) {
      check(mention.span, "mention");
      if (mention.first_token < 0 || mention.first_token > mention.end_token ||
          (with_tokens && mention.end_token > tokens)) {
        Fail("mention token range outside the token list");
      }
      if (bytes && slice(mention.span) != mention.text) {
        Fail("mention text \"" + mention.text + "\" is not its span's text");
      }
    }
    for (const Role& role : entity.roles) check(role.span, "role");
    for (const EntityAttribute& attribute : entity.attributes) {
      check(attribute.span, "attribute");
    }
  }
  // Quotes never nest (quotes.h): their text adds up to at most twice the
  // article, so the response stays linear however the marks are placed.
  size_t quoted_bytes = 0;
  for (const Quote& quote : analysis.quotes) {
    check(quote.span, "quote");
    check(quote.speaker_span, "quote speaker");
    check(quote.cue_span, "quote cue");
    quoted_bytes += quote.text.size();
  }
  if (quoted_bytes > 2 * text.size()) {
    Fail("quotes hold " + std::to_string(quoted_bytes) + " bytes of a " +
         std::to_string(text.size()) + "-byte text");
  }
  for (const Quantity& quantity : analysis.quantities) {
    check(quantity.span, "quantity");
  }
  for (const TimeExpression& date : analysis.dates) check(date.span, "date");
  for (const EventCount& event : analysis.events) check(event.span, "event");
  for (const Warning& warning : analysis.warnings) {
    check(warning.span, "warning");
  }
}

}  // namespace khabar::fuzz

#endif  // KHABAR_TESTS_FUZZ_FUZZ_UTIL_H_
