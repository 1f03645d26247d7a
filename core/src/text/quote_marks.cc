#include "text/quote_marks.h"

#include <unicode/uchar.h>

#include <algorithm>

namespace khabar {
namespace quote_marks_internal {

CharClass ClassifySlow(char32_t c) {
  switch (c) {
    case 0x00A0:
      return CharClass::kSpace;
    case 0x0085:
    case 0x2028:
    case 0x2029:
      return CharClass::kLineBreak;
    case 0x00AB:
    case 0x00BB:
    case 0x2039:
    case 0x203A:
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
      return CharClass::kQuote;
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
      return CharClass::kApostrophe;
    case 0x2026:
      return CharClass::kEllipsis;
    case 0x060C:
    case 0x061B:
      return CharClass::kContinuation;
    case 0x0640:
      return CharClass::kMark;
    default:
      break;
  }
  if (IsInvisibleControl(c)) return CharClass::kSpace;
  if (u_hasBinaryProperty(c, UCHAR_S_TERM)) return CharClass::kFinal;
  if (u_isUWhiteSpace(c)) return CharClass::kSpace;
  if (u_isdigit(c)) return CharClass::kDigit;
  if (u_isUAlphabetic(c)) {
    const int8_t type = u_charType(c);
    return (type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK)
               ? CharClass::kMark
               : CharClass::kLetter;
  }
  const int8_t type = u_charType(c);
  if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK ||
      type == U_COMBINING_SPACING_MARK) {
    return CharClass::kMark;
  }
  if (u_hasBinaryProperty(c, UCHAR_QUOTATION_MARK)) {
    return CharClass::kApostrophe;
  }
  if (type == U_START_PUNCTUATION) return CharClass::kOpenBracket;
  if (type == U_END_PUNCTUATION) return CharClass::kCloseBracket;
  return CharClass::kOther;
}

}  // namespace quote_marks_internal

namespace {

// How a quote character reads by its glyph alone.
enum class Glyph : uint8_t { kOpen, kClose, kEither };

void QuoteInfo(char32_t c, QuoteType* type, Glyph* glyph) {
  switch (c) {
    case 0x00AB:
      *type = QuoteType::kGuillemet;
      *glyph = Glyph::kOpen;
      return;
    case 0x00BB:
      *type = QuoteType::kGuillemet;
      *glyph = Glyph::kClose;
      return;
    case 0x2039:
      *type = QuoteType::kSingleGuillemet;
      *glyph = Glyph::kOpen;
      return;
    case 0x203A:
      *type = QuoteType::kSingleGuillemet;
      *glyph = Glyph::kClose;
      return;
    case 0x201C:
    case 0x201E:
    case 0x201F:
      *type = QuoteType::kCurly;
      *glyph = Glyph::kOpen;
      return;
    case 0x201D:
      *type = QuoteType::kCurly;
      *glyph = Glyph::kClose;
      return;
    case '(':
      *type = QuoteType::kParen;
      *glyph = Glyph::kOpen;
      return;
    case ')':
      *type = QuoteType::kParen;
      *glyph = Glyph::kClose;
      return;
    case '[':
      *type = QuoteType::kBracket;
      *glyph = Glyph::kOpen;
      return;
    case ']':
      *type = QuoteType::kBracket;
      *glyph = Glyph::kClose;
      return;
    default:
      *type = QuoteType::kDouble;
      *glyph = Glyph::kEither;
      return;
  }
}

// What may stand before an opening quote: nothing, space, a bracket, a
// colon, or a clitic's tatweel (بـ«...»).
bool OpensBefore(char32_t prev, CharClass k) {
  return prev == 0 || k == CharClass::kSpace || k == CharClass::kLineBreak ||
         k == CharClass::kOpenBracket || prev == 0x0640 || prev == ':';
}

// What may stand after a closing quote: nothing, space, punctuation.
bool ClosesBefore(char32_t next, CharClass k) {
  return next == 0 || k == CharClass::kSpace || k == CharClass::kLineBreak ||
         k == CharClass::kDot || k == CharClass::kFinal ||
         k == CharClass::kEllipsis || k == CharClass::kContinuation ||
         k == CharClass::kCloseBracket || k == CharClass::kQuote ||
         k == CharClass::kApostrophe;
}

}  // namespace

bool QuotePairer::Add(std::string_view text, int32_t end, int32_t pos,
                      int32_t len, char32_t c, CharClass cls, char32_t prev,
                      CharClass prev_cls, QuotePair* pair) {
  QuoteType type;
  Glyph glyph;
  QuoteInfo(c, &type, &glyph);
  if (cls == CharClass::kQuote) {
    // Context decides first: mis-turned guillemets (بـ»...») and ASCII
    // quotes have no reliable glyph.
    char32_t next = 0;
    CharClass next_cls = CharClass::kSpace;
    if (pos + len < end) {
      int next_len;
      next = DecodeUtf8(text, pos + len, &next_len);
      next_cls = ClassifyChar(next);
    }
    const bool opens = OpensBefore(prev, prev_cls);
    const bool closes = ClosesBefore(next, next_cls);
    if (opens && !closes) {
      glyph = Glyph::kOpen;
    } else if (closes && !opens) {
      glyph = Glyph::kClose;
    } else if (glyph == Glyph::kEither) {
      const bool any_open =
          std::any_of(open_.begin(), open_.end(),
                      [&](const Open& q) { return q.type == type; });
      glyph = any_open ? Glyph::kClose : Glyph::kOpen;
    }
  } else if (glyph == Glyph::kEither) {
    glyph = Glyph::kOpen;
  }
  if (glyph == Glyph::kOpen) {
    open_.push_back(Open{type, pos, len});
    return false;
  }
  for (size_t k = open_.size(); k > 0; --k) {
    if (open_[k - 1].type == type) {
      *pair =
          QuotePair{type, open_[k - 1].pos, pos + len, open_[k - 1].len, len};
      open_.resize(k - 1);
      return true;
    }
  }
  return false;
}

std::vector<QuotePair> PairQuotes(std::string_view text, Span region) {
  std::vector<QuotePair> pairs;
  const int32_t size = static_cast<int32_t>(text.size());
  const int32_t begin = std::clamp(region.begin, 0, size);
  const int32_t end = std::clamp(region.end, begin, size);
  QuotePairer pairer;
  char32_t prev = 0;
  CharClass prev_cls = CharClass::kSpace;
  for (int32_t i = begin; i < end;) {
    int len;
    const char32_t c = DecodeUtf8(text, i, &len);
    const CharClass cls = ClassifyChar(c);
    if (cls == CharClass::kLineBreak) {
      pairer.Clear();
    } else if (cls == CharClass::kQuote || cls == CharClass::kOpenBracket ||
               cls == CharClass::kCloseBracket) {
      QuotePair pair;
      if (pairer.Add(text, end, i, len, c, cls, prev, prev_cls, &pair)) {
        pairs.push_back(pair);
      }
    }
    prev = c;
    prev_cls = cls;
    i += len;
  }
  return pairs;
}

}  // namespace khabar
