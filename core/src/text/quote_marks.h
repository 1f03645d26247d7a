// Character classes and quote pairing shared by the sentence splitter and
// the quotation stage, so both read « » " “ ” the same way: context first
// (scraped text turns guillemets the wrong way: بـ»...»), then the glyph.
// Also the named sets of quote marks and brackets the other stages test
// characters and token texts against (structure, NER features, roles,
// entity grouping, salience).
#ifndef KHABAR_CORE_SRC_TEXT_QUOTE_MARKS_H_
#define KHABAR_CORE_SRC_TEXT_QUOTE_MARKS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/utf8.h"
#include "khabar/span.h"

namespace khabar {

enum class CharClass : uint8_t {
  kOther,         // Symbols, dashes, other punctuation.
  kSpace,         // White space and invisible controls.
  kLineBreak,     // \n \r U+2028 U+2029 U+0085: always ends a sentence.
  kLetter,        // Letters (any script).
  kDigit,         // Digits (any script).
  kMark,          // Word-internal: tashkeel, tatweel, combining marks.
  kFinal,         // ! ? ؟ and other S_TERM characters except '.'.
  kDot,           // '.'
  kEllipsis,      // …
  kContinuation,  // ، ؛ , ; : — the sentence goes on after them.
  kQuote,         // « » " “ ” „ ‹ ›: paired.
  kApostrophe,    // ' ‘ ’ and other quotation marks: not paired.
  kOpenBracket,   // ( [ {
  kCloseBracket,  // ) ] }
};

namespace quote_marks_internal {

struct AsciiTable {
  CharClass cls[128] = {};
  constexpr AsciiTable() {
    for (int c = 0; c < 128; ++c) {
      CharClass k = CharClass::kOther;
      if (c <= 0x20 || c == 0x7F) k = CharClass::kSpace;
      if (c == '\n' || c == '\r') k = CharClass::kLineBreak;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        k = CharClass::kLetter;
      }
      if (c >= '0' && c <= '9') k = CharClass::kDigit;
      if (c == '!' || c == '?') k = CharClass::kFinal;
      if (c == '.') k = CharClass::kDot;
      if (c == ',' || c == ';' || c == ':') k = CharClass::kContinuation;
      if (c == '"') k = CharClass::kQuote;
      if (c == '\'' || c == '`') k = CharClass::kApostrophe;
      if (c == '(' || c == '[' || c == '{') k = CharClass::kOpenBracket;
      if (c == ')' || c == ']' || c == '}') k = CharClass::kCloseBracket;
      cls[c] = k;
    }
  }
};
inline constexpr AsciiTable kAscii;

CharClass ClassifySlow(char32_t c);

}  // namespace quote_marks_internal

// The class of one character; table lookups for ASCII and Arabic letters.
inline CharClass ClassifyChar(char32_t c) {
  if (c < 0x80) return quote_marks_internal::kAscii.cls[c];
  // The Arabic letters and marks, by far the most frequent case.
  if (IsArabicLetter(c)) return CharClass::kLetter;
  if (IsArabicMark(c)) return CharClass::kMark;
  if (c >= 0x0660 && c <= 0x0669) return CharClass::kDigit;
  return quote_marks_internal::ClassifySlow(c);
}

enum class QuoteType : uint8_t {
  kGuillemet,
  kSingleGuillemet,
  kDouble,
  kCurly,
  kParen,
  kBracket
};

// A closed pair: [begin, end) runs from the opening mark to just after the
// closing one.
struct QuotePair {
  QuoteType type = QuoteType::kDouble;
  int32_t begin = 0;
  int32_t end = 0;
  int32_t open_len = 1;  // Bytes of the opening mark.
  int32_t close_len = 1;
};

// Pairs quotes and brackets in text order. Not thread-safe; one per scan.
class QuotePairer {
 public:
  // The quote or bracket `c` (class kQuote, kOpenBracket or kCloseBracket)
  // at text[pos, pos + len), after `prev` (0 at the region's start) and
  // before the region's end `end`. Returns true with *pair set when it
  // closes the innermost open mark of its type; marks left open inside it
  // stay unmatched.
  bool Add(std::string_view text, int32_t end, int32_t pos, int32_t len,
           char32_t c, CharClass cls, char32_t prev, CharClass prev_cls,
           QuotePair* pair);
  // A quote does not run past its line.
  void Clear() { open_.clear(); }

 private:
  struct Open {
    QuoteType type;
    int32_t pos;
    int32_t len;
  };
  std::vector<Open> open_;
};

// Every pair closed in text[region], in order of closing, as the sentence
// splitter pairs them (line breaks reset).
std::vector<QuotePair> PairQuotes(std::string_view text, Span region);

// ---- Named sets of quote marks and brackets ---------------------------------
// The later stages test characters or whole token texts against fixed sets
// rather than pairing; each set is named here once. Sets differ on purpose:
// compare the lists before reusing one.

// « or » (U+00AB, U+00BB).
inline bool IsGuillemet(char32_t c) { return c == 0x00AB || c == 0x00BB; }

// Quotes and brackets that may close a line after its final mark: « » (either
// way: scraped text turns them), " ” ’ ' ) ]. Not “ ‘ or an opening bracket.
inline bool IsTrailingCloser(char32_t c) {
  return IsGuillemet(c) || c == '"' || c == 0x201D || c == 0x2019 ||
         c == '\'' || c == ')' || c == ']';
}

// Quote marks and round brackets taken off a displayed name («الناتو»):
// « » " “ ” ' ( ). Not ’ ‘ or square brackets.
inline bool IsNameWrapper(char32_t c) {
  return IsGuillemet(c) || c == '"' || c == '(' || c == ')' || c == 0x201C ||
         c == 0x201D || c == '\'';
}

// A token text that opens a double quote by its glyph: « or “.
inline bool IsOpeningGuillemetOrCurly(std::string_view text) {
  return text == "«" || text == "“";
}

// A token text that closes a double quote by its glyph: » or ”.
inline bool IsClosingGuillemetOrCurly(std::string_view text) {
  return text == "»" || text == "”";
}

// A token text that may wrap a title phrase: ( ) « » or ".
inline bool IsParenGuillemetOrStraightQuote(std::string_view text) {
  return text == "(" || text == ")" || text == "«" || text == "»" ||
         text == "\"";
}

// A token text that closes a round bracket or a guillemet: ) or ».
inline bool IsClosingParenOrGuillemet(std::string_view text) {
  return text == ")" || text == "»";
}

// The token text that closes `open`: ")" for "(", "»" for "«"; empty for
// any other text.
inline std::string_view ParenOrGuillemetCloser(std::string_view open) {
  if (open == "(") return ")";
  if (open == "«") return "»";
  return {};
}

// True when `text` holds an opening guillemet « anywhere: direct speech.
inline bool ContainsOpeningGuillemet(std::string_view text) {
  return text.find("«") != std::string_view::npos;
}

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_TEXT_QUOTE_MARKS_H_
