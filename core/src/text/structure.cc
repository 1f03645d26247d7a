#include "text/structure.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "base/match.h"
#include "base/utf8.h"
#include "text/quote_marks.h"

namespace khabar {
namespace {

// ---- Characters -------------------------------------------------------------

bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsDigit(char32_t c) {
  return IsAsciiDigit(c) || (c >= 0x0660 && c <= 0x0669) ||
         (c >= 0x06F0 && c <= 0x06F9);
}

// A character that continues a word, so a pattern ending before it would
// match only part of a word ("شارك" must not match "شاركت").
bool IsWordChar(char32_t c) {
  return IsArabicLetter(c) || IsArabicMark(c) || c == 0x0640 || IsDigit(c) ||
         IsAsciiAlpha(c) ||
         (c >= 0x00C0 && c < 0x0600 && c != 0x00D7 && c != 0x00F7);
}

// Marks that end a sentence; a line ending in one reads as prose.
bool IsFinalMark(char32_t c) {
  return c == '.' || c == '!' || c == '?' || c == 0x061F || c == 0x2026 ||
         c == 0x06D4;
}

// Marks after which a line goes on: it is not a headline or a deck.
bool IsContinuationMark(char32_t c) {
  return c == 0x060C || c == ',' || c == ':' || c == 0x061B || c == ';';
}

// Characters of separator lines ("-----", "* * *", "━━━").
bool IsSeparatorChar(char32_t c) {
  return c == '-' || c == '_' || c == '=' || c == '*' || c == '.' || c == '~' ||
         c == 0x2013 || c == 0x2014 || c == 0x2022 || c == 0x00B7 ||
         c == 0x2026 || (c >= 0x2500 && c <= 0x257F);
}

// Start of the code point that ends just before `pos` (pos > 0).
size_t PrevCharStart(std::string_view text, size_t pos) {
  size_t p = pos - 1;
  while (p > 0 && pos - p < 4 &&
         (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80) {
    --p;
  }
  return p;
}

// Trims blanks off [*begin, *end).
void Trim(std::string_view text, size_t* begin, size_t* end) {
  size_t b = *begin;
  size_t e = *end;
  while (b < e) {
    int len;
    if (!IsSpaceOrControlExceptLineSeparators(DecodeUtf8(text, b, &len))) break;
    b += len;
  }
  while (e > b) {
    const size_t p = PrevCharStart(text, e);
    int len;
    if (!IsSpaceOrControlExceptLineSeparators(DecodeUtf8(text, p, &len))) break;
    e = p;
  }
  *begin = b;
  *end = e;
}

// ---- Matching form for chrome patterns --------------------------------------

// Folds one code point: alef forms to ا, ى to ي, ة to ه, Latin to lower
// case; tashkeel, tatweel and invisible controls give 0 (dropped). Kept
// local so that this stage does not depend on the normalizer's tables.
char32_t FoldForMatch(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
  switch (c) {
    case 0x0622:
    case 0x0623:
    case 0x0625:
    case 0x0671:
      return 0x0627;
    case 0x0649:
      return 0x064A;
    case 0x0629:
      return 0x0647;
    case 0x0640:
      return 0;
    default:
      break;
  }
  if (IsArabicMark(c) || IsInvisibleControl(c)) return 0;
  return c;
}

// Folds `s` into buf (at most `cap` bytes): blank runs become one space,
// "…" becomes "...". Returns the folded length; *complete tells whether
// the whole of `s` fitted.
size_t Fold(std::string_view s, char* buf, size_t cap, bool* complete) {
  size_t n = 0;
  bool space = false;
  size_t i = 0;
  while (i < s.size()) {
    int len;
    const char32_t c = DecodeUtf8(s, i, &len);
    i += len;
    if (IsSpaceOrControlExceptLineSeparators(c) && !IsInvisibleControl(c)) {
      space = n > 0;
      continue;
    }
    const char32_t f = c == 0x2026 ? U'.' : FoldForMatch(c);
    if (f == 0) continue;
    char tmp[8];
    size_t m = 0;
    if (space) tmp[m++] = ' ';
    if (f < 0x80) {
      tmp[m++] = static_cast<char>(f);
    } else if (f < 0x800) {
      tmp[m++] = static_cast<char>(0xC0 | (f >> 6));
      tmp[m++] = static_cast<char>(0x80 | (f & 0x3F));
    } else {
      // Folding keeps whatever else it meets: copy the original bytes.
      std::memcpy(tmp + m, s.data() + i - len, len);
      m += len;
    }
    if (c == 0x2026) {
      tmp[m++] = '.';
      tmp[m++] = '.';
    }
    space = false;
    if (n + m > cap) {
      *complete = false;
      return n;
    }
    std::memcpy(buf + n, tmp, m);
    n += m;
  }
  *complete = true;
  return n;
}

std::string FoldString(std::string_view s) {
  std::string out(s.size() * 2 + 4, '\0');
  bool complete;
  out.resize(Fold(s, out.data(), out.size(), &complete));
  return out;
}

// ---- Chrome patterns (data) -------------------------------------------------

enum class Match : uint8_t {
  kExact,   // The whole line (trailing ":" "." etc. aside).
  kPrefix,  // The line starts with it, at a word boundary.
};

struct ChromePattern {
  const char* text;
  BoilerplateKind kind;
  Match match;
  // Longest line, in bytes, that may still be chrome: a long paragraph that
  // merely starts with the words is content.
  int max_bytes;
  // A bare related-links head ("مقالات ذات صلة") is followed by a list of
  // linked headlines; those lines are chrome too.
  bool opens_list;
};

constexpr BoilerplateKind kRel = BoilerplateKind::kRelated;
constexpr BoilerplateKind kNav = BoilerplateKind::kNavigation;
constexpr BoilerplateKind kShr = BoilerplateKind::kShare;
constexpr BoilerplateKind kPro = BoilerplateKind::kPromo;
constexpr BoilerplateKind kOth = BoilerplateKind::kOther;

constexpr ChromePattern kChromePatterns[] = {
    // Related links: a head alone, or a head and the linked title.
    {"مقالات ذات صلة", kRel, Match::kPrefix, 300, true},
    {"مواضيع ذات صلة", kRel, Match::kPrefix, 300, true},
    {"موضوعات ذات صلة", kRel, Match::kPrefix, 300, true},
    {"أخبار ذات صلة", kRel, Match::kPrefix, 300, true},
    {"قصص ذات صلة", kRel, Match::kPrefix, 300, true},
    {"روابط ذات صلة", kRel, Match::kPrefix, 300, true},
    {"اقرأ أيضا", kRel, Match::kPrefix, 300, true},
    {"اقرأ كذلك", kRel, Match::kPrefix, 300, true},
    {"اقرأ المزيد", kRel, Match::kPrefix, 300, true},
    {"اقرأ..", kRel, Match::kPrefix, 300, false},
    {"اقرأ:", kRel, Match::kPrefix, 300, false},
    {"أيضا..", kRel, Match::kPrefix, 300, false},
    {"شاهد أيضا", kRel, Match::kPrefix, 300, true},
    {"طالع أيضا", kRel, Match::kPrefix, 300, true},
    {"للمزيد:", kRel, Match::kPrefix, 300, false},
    {"للمزيد..", kRel, Match::kPrefix, 300, false},
    {"للمزيد من الأخبار", kRel, Match::kPrefix, 120, false},
    {"المزيد من الأخبار", kRel, Match::kPrefix, 120, false},
    {"المزيد من المقالات", kRel, Match::kPrefix, 120, false},
    {"المزيد من", kRel, Match::kPrefix, 40, false},
    {"المزيد", kRel, Match::kExact, 20, false},
    // Navigation.
    {"زر الذهاب إلى الأعلى", kNav, Match::kPrefix, 80, false},
    {"الذهاب إلى الأعلى", kNav, Match::kPrefix, 80, false},
    {"العودة إلى الأعلى", kNav, Match::kPrefix, 80, false},
    {"العودة للأعلى", kNav, Match::kPrefix, 80, false},
    {"إلى الأعلى", kNav, Match::kExact, 40, false},
    {"الصفحة الرئيسية", kNav, Match::kPrefix, 100, false},
    {"الرئيسية", kNav, Match::kPrefix, 100, false},
    {"التالي", kNav, Match::kExact, 20, false},
    {"السابق", kNav, Match::kExact, 20, false},
    {"المقال التالي", kNav, Match::kPrefix, 200, false},
    {"المقال السابق", kNav, Match::kPrefix, 200, false},
    // Share and follow.
    {"شارك", kShr, Match::kExact, 20, false},
    {"شارك المقال", kShr, Match::kExact, 40, false},
    {"شارك الخبر", kShr, Match::kExact, 40, false},
    {"شارك القصة", kShr, Match::kExact, 40, false},
    {"شارك هذا المقال", kShr, Match::kExact, 40, false},
    {"شارك هذا الخبر", kShr, Match::kExact, 40, false},
    {"شارك على فيسبوك", kShr, Match::kExact, 60, false},
    {"شارك على تويتر", kShr, Match::kExact, 60, false},
    {"شارك عبر واتساب", kShr, Match::kExact, 60, false},
    {"شاركها", kShr, Match::kExact, 20, false},
    {"مشاركة", kShr, Match::kExact, 20, false},
    {"تابعونا", kShr, Match::kPrefix, 150, false},
    {"تابعنا", kShr, Match::kPrefix, 150, false},
    {"تابعوا", kShr, Match::kPrefix, 100, false},
    {"طباعة", kShr, Match::kExact, 20, false},
    // App, notification and newsletter promotions.
    {"يمكنكم استلام إشعارات", kPro, Match::kPrefix, 300, false},
    {"يمكنكم تسلم إشعارات", kPro, Match::kPrefix, 300, false},
    {"يمكنكم تلقي إشعارات", kPro, Match::kPrefix, 300, false},
    {"حمل تطبيق", kPro, Match::kPrefix, 200, false},
    {"حملوا تطبيق", kPro, Match::kPrefix, 200, false},
    {"نزل تطبيق", kPro, Match::kPrefix, 200, false},
    {"اشترك في النشرة", kPro, Match::kPrefix, 200, false},
    {"اشترك في قناتنا", kPro, Match::kPrefix, 200, false},
    {"اشترك الآن", kPro, Match::kPrefix, 100, false},
    {"سجل الآن", kPro, Match::kPrefix, 100, false},
    // Copyright.
    {"جميع الحقوق محفوظة", kOth, Match::kPrefix, 200, false},
    {"كل الحقوق محفوظة", kOth, Match::kPrefix, 200, false},
    {"حقوق النشر محفوظة", kOth, Match::kPrefix, 200, false},
    {"©", kOth, Match::kPrefix, 200, false},
    {"copyright", kOth, Match::kPrefix, 200, false},
    {"all rights reserved", kOth, Match::kPrefix, 200, false},
};

// Well-known outlets: a first line naming one is the source even where the
// generic rule is unsure (digits, four words).
constexpr const char* kKnownOutlets[] = {
    "الوطن",
    "الجزيرة",
    "الجزيرة نت",
    "العربية",
    "العربية نت",
    "الشرق الأوسط",
    "بي بي سي عربي",
    "بي بي سي",
    "BBC عربي",
    "BBC Arabic",
    "سكاي نيوز عربية",
    "سكاي نيوز",
    "فرانس 24",
    "فرانس24",
    "France 24",
    "CNN بالعربية",
    "CNN عربي",
    "CNN Arabic",
    "سي إن إن",
    "الحياة",
    "النهار",
    "اليوم السابع",
    "الأهرام",
    "القدس العربي",
    "العربي الجديد",
    "رويترز",
    "Reuters",
    "الخليج",
    "البيان",
    "الرياض",
    "عكاظ",
    "الشروق",
    "المصري اليوم",
    "الوفد",
    "الدستور",
    "الأخبار",
    "الرأي",
    "الغد",
    "القبس",
    "الأنباء",
    "الجريدة",
    "الأيام",
    "الصباح",
    "هسبريس",
    "روسيا اليوم",
    "آر تي عربي",
    "RT Arabic",
    "سبوتنيك",
    "الاتحاد",
    "المدن",
    "عنب بلدي",
    "الأناضول",
    "وكالة الأناضول",
    "فرانس برس",
    "عربي 21",
    "عربي21",
    "إندبندنت عربية",
    "مصراوي",
    "الجمهورية",
    "الشرق",
};

// Function words and labels: a short first line holding one is a headline
// ("زلزال في تركيا", "عاجل"), not an outlet's name.
constexpr const char* kHeadlineWords[] = {
    "في",    "من",     "إلى",   "الى",   "على",   "عن",   "مع",    "بعد",
    "قبل",   "لا",     "لم",    "لن",    "هل",    "ما",   "كيف",   "متى",
    "لماذا", "أين",    "هذا",   "هذه",   "إن",    "أن",   "أو",    "ثم",
    "حتى",   "عند",    "ضد",    "عاجل",  "خاص",   "حصري", "فيديو", "بالفيديو",
    "صور",   "بالصور", "تقرير", "تحديث", "مباشر",
};

struct FoldedPattern {
  std::string text;
  const ChromePattern* source;
  bool ends_in_word;  // Needs a word boundary after it.
};

struct Tables {
  std::vector<FoldedPattern> chrome;
  // First code points of the folded patterns: most lines start otherwise
  // and are rejected without folding.
  std::vector<char32_t> first_chars;
  // Bytes of folded text that decide every prefix pattern (boundary
  // character included), and the longest line an exact pattern accepts.
  size_t prefix_fold_bytes = 0;
  size_t longest_exact_line = 0;
  std::vector<std::string> outlets;
  std::vector<std::string> headline_words;
  size_t longest_chrome_line = 0;
};

const Tables& GetTables() {
  static const Tables* tables = [] {
    auto* t = new Tables;
    for (const ChromePattern& p : kChromePatterns) {
      FoldedPattern f;
      f.text = FoldString(p.text);
      f.source = &p;
      const size_t last = PrevCharStart(f.text, f.text.size());
      int len;
      f.ends_in_word = IsWordChar(DecodeUtf8(f.text, last, &len));
      const char32_t first = DecodeUtf8(f.text, 0, &len);
      if (std::find(t->first_chars.begin(), t->first_chars.end(), first) ==
          t->first_chars.end()) {
        t->first_chars.push_back(first);
      }
      t->prefix_fold_bytes = std::max(t->prefix_fold_bytes, f.text.size() + 4);
      if (p.match == Match::kExact) {
        t->longest_exact_line =
            std::max<size_t>(t->longest_exact_line, p.max_bytes);
      }
      t->longest_chrome_line =
          std::max<size_t>(t->longest_chrome_line, p.max_bytes);
      t->chrome.push_back(std::move(f));
    }
    for (const char* o : kKnownOutlets) t->outlets.push_back(FoldString(o));
    for (const char* w : kHeadlineWords) {
      t->headline_words.push_back(FoldString(w));
    }
    return t;
  }();
  return *tables;
}

// Longest folded prefix looked at; covers every exact pattern's line.
constexpr size_t kFoldCap = 128;

// Chrome kind of a trimmed line; false for content.
bool MatchChrome(std::string_view line, BoilerplateKind* kind,
                 bool* opens_list) {
  const Tables& t = GetTables();
  if (line.size() > t.longest_chrome_line) return false;
  // Leading tatweel and marks fold away; skip them to find the first
  // character that folding keeps.
  size_t i = 0;
  char32_t first = 0;
  while (i < line.size() && first == 0) {
    int len;
    first = FoldForMatch(DecodeUtf8(line, i, &len));
    i += len;
  }
  if (std::find(t.first_chars.begin(), t.first_chars.end(), first) ==
      t.first_chars.end()) {
    return false;
  }
  char buf[kFoldCap];
  bool complete;
  const size_t cap =
      line.size() <= t.longest_exact_line ? kFoldCap : t.prefix_fold_bytes;
  const size_t n = Fold(line, buf, std::min(cap, kFoldCap), &complete);
  const std::string_view folded(buf, n);
  // The whole line without trailing punctuation, for exact patterns.
  std::string_view bare = folded;
  while (!bare.empty() && std::strchr(" :.!-|/", bare.back()) != nullptr) {
    bare.remove_suffix(1);
  }
  for (const FoldedPattern& p : t.chrome) {
    if (line.size() > static_cast<size_t>(p.source->max_bytes)) continue;
    if (!StartsWith(folded, p.text)) continue;
    if (p.source->match == Match::kExact) {
      if (!complete || bare != p.text) continue;
    } else if (p.ends_in_word && folded.size() > p.text.size()) {
      int len;
      if (IsWordChar(DecodeUtf8(folded, p.text.size(), &len))) continue;
    }
    *kind = p.source->kind;
    // Only a bare head introduces a list of links.
    *opens_list = p.source->opens_list && complete && bare == p.text;
    return true;
  }
  return false;
}

bool IsSeparatorLine(std::string_view line) {
  size_t i = 0;
  while (i < line.size()) {
    int len;
    const char32_t c = DecodeUtf8(line, i, &len);
    if (!IsSeparatorChar(c) && !IsSpaceOrControlExceptLineSeparators(c)) {
      return false;
    }
    i += len;
  }
  return true;
}

// ---- Line shape -------------------------------------------------------------

// Last code point of the line before closing quotes, brackets and blanks.
char32_t LastMark(std::string_view line) {
  size_t e = line.size();
  while (e > 0) {
    const size_t p = PrevCharStart(line, e);
    int len;
    const char32_t c = DecodeUtf8(line, p, &len);
    if (!IsTrailingCloser(c) && !IsSpaceOrControlExceptLineSeparators(c)) {
      return c;
    }
    e = p;
  }
  return 0;
}

int CountWords(std::string_view line) {
  int words = 0;
  bool in_word = false;
  size_t i = 0;
  while (i < line.size()) {
    int len;
    const char32_t c = DecodeUtf8(line, i, &len);
    const bool blank = IsSpaceOrControlExceptLineSeparators(c);
    if (!blank && !in_word) ++words;
    in_word = !blank;
    i += len;
  }
  return words;
}

std::string Slice(std::string_view text, Span span) {
  return std::string(text.substr(span.begin, span.size()));
}

// A wire dateline near the start of a line: "دبي، ... (CNN)-- ",
// "باريس (أ ف ب) - ". Byte offsets into the line; found false when none.
struct Dateline {
  bool found = false;
  size_t open = 0;    // The "(".
  size_t close = 0;   // The ")".
  size_t dashes = 0;  // Past the dashes.
  size_t end = 0;     // Past the spaces after them.
};

Dateline FindDateline(std::string_view line) {
  const size_t limit = std::min<size_t>(line.size(), 200);
  for (size_t open = 0; open < limit; ++open) {
    if (line[open] != '(') continue;
    const size_t close = line.find(')', open + 1);
    if (close == std::string_view::npos || close - open > 40) return {};
    size_t i = close + 1;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    // Dashes: "-", "--", "–", "—".
    size_t end = i;
    while (end < line.size()) {
      if (line[end] == '-') {
        ++end;
        continue;
      }
      int len;
      const char32_t c = DecodeUtf8(line, end, &len);
      if (c != 0x2013 && c != 0x2014) break;
      end += len;
    }
    if (end > i) {
      const size_t dashes = end;
      while (end < line.size() && (line[end] == ' ' || line[end] == '\t')) {
        ++end;
      }
      return {true, open, close, dashes, end};
    }
    open = close;
  }
  return {};
}

bool HasDateline(std::string_view line) { return FindDateline(line).found; }

// «أنقرة، تركيا (CNN)-- قال...»: the first paragraph's dateline names the
// source (when the text named none) and is no body text: the paragraph
// starts after it. Its places are the dateline; the source in brackets and
// the dashes are boilerplate.
void TakeDateline(std::string_view text, Structure* out) {
  if (out->paragraphs.empty()) return;
  Span& first = out->paragraphs.front();
  const std::string_view line = text.substr(first.begin, first.size());
  const Dateline d = FindDateline(line);
  // The places before the source: a few words at most.
  if (!d.found || CountWords(line.substr(0, d.open)) > 5) return;
  size_t b = d.open + 1;
  size_t e = d.close;
  while (b < e && line[b] == ' ') ++b;
  while (e > b && line[e - 1] == ' ') --e;
  if (b == e) return;
  if (out->source.empty()) {
    out->source = std::string(line.substr(b, e - b));
    out->source_span = {first.begin + static_cast<int32_t>(b),
                        first.begin + static_cast<int32_t>(e)};
  }
  // The places, without the spaces and commas before the bracket.
  size_t places_end = d.open;
  while (places_end > 0) {
    const char c = line[places_end - 1];
    if (c == ' ' || c == '\t' || c == ',') {
      --places_end;
    } else if (places_end >= 2 &&
               line.substr(places_end - 2, 2) == "\xD8\x8C") {  // ،
      places_end -= 2;
    } else {
      break;
    }
  }
  if (places_end > 0) {
    out->dateline_span = {first.begin,
                          first.begin + static_cast<int32_t>(places_end)};
    out->dateline = Slice(text, out->dateline_span);
  }
  const Span chrome = {first.begin + static_cast<int32_t>(d.open),
                       first.begin + static_cast<int32_t>(d.dashes)};
  out->boilerplate.push_back(
      Boilerplate{chrome, BoilerplateKind::kOther, Slice(text, chrome)});
  std::sort(out->boilerplate.begin(), out->boilerplate.end(),
            [](const Boilerplate& a, const Boilerplate& b) {
              return a.span.begin < b.span.begin;
            });
  first.begin += static_cast<int32_t>(d.end);
  if (first.empty()) out->paragraphs.erase(out->paragraphs.begin());
}

// Longest first line taken as a headline: a longer one is a paragraph of a
// text that has no headline.
constexpr size_t kMaxHeadlineBytes = 600;
// A deck is one or two clauses; a longer line is the lead paragraph.
constexpr size_t kMaxDeckBytes = 320;
constexpr int kMinDeckWords = 5;
// Longest outlet name line.
constexpr size_t kMaxOutletBytes = 60;

bool LooksLikeHeadline(std::string_view line) {
  if (line.size() > 400) return false;
  const char32_t last = LastMark(line);
  if (last == '.' || IsContinuationMark(last)) return false;
  return CountWords(line) >= 2 && !HasDateline(line);
}

bool LooksLikeDeck(std::string_view line) {
  if (line.size() > kMaxDeckBytes) return false;
  const char32_t last = LastMark(line);
  if (IsFinalMark(last) || IsContinuationMark(last)) return false;
  return CountWords(line) >= kMinDeckWords && !HasDateline(line);
}

// The generic shape of an outlet's name: one to three words of letters, no
// digits, no punctuation, no function words; a name of several words holds
// no word shaped like a present tense verb (ي/ت + stem), which would make it
// a short headline ("ترامب يزور السعودية"), and starts with the article
// ("القدس العربي") unless a deck follows the headline (`deck_follows`),
// which names like "صدى البلد" need.
bool LooksLikeOutletName(std::string_view line, int words, bool deck_follows) {
  if (words < 1 || words > 3 || line.size() > kMaxOutletBytes) return false;
  size_t i = 0;
  while (i < line.size()) {
    int len;
    const char32_t c = DecodeUtf8(line, i, &len);
    i += len;
    if (IsSpaceOrControlExceptLineSeparators(c) || c == '-' || c == '&' ||
        c == '\'') {
      continue;
    }
    if (IsDigit(c) || !IsWordChar(c)) return false;
  }
  const Tables& t = GetTables();
  const std::string folded = FoldString(line);
  size_t start = 0;
  for (int w = 0; start <= folded.size(); ++w) {
    size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    const std::string_view word(folded.data() + start, end - start);
    start = end + 1;
    for (const std::string& h : t.headline_words) {
      if (word == h) return false;
    }
    if (words == 1) continue;
    const bool definite = StartsWith(word, "\xD8\xA7\xD9\x84");  // ال
    if (w == 0 && !definite && !deck_follows) return false;
    if (w > 0 && word.size() >= 8 &&
        (StartsWith(word, "\xD9\x8A") ||   // ي
         StartsWith(word, "\xD8\xAA"))) {  // ت
      return false;
    }
  }
  return true;
}

bool IsKnownOutlet(std::string_view line) {
  if (line.size() > kMaxOutletBytes) return false;
  const std::string folded = FoldString(line);
  for (const std::string& o : GetTables().outlets) {
    if (folded == o) return true;
  }
  return false;
}

// ---- Layout -----------------------------------------------------------------

struct Line {
  Span span;
  bool chrome = false;
  BoilerplateKind kind = BoilerplateKind::kOther;
};

// Finds line breaks (\n, \r\n, \r, U+2028, U+2029) with memchr, which
// scans far faster than a byte loop; each byte is searched for at most once.
class LineBreakFinder {
 public:
  LineBreakFinder(std::string_view text, size_t end)
      : data_(text.data()), end_(end) {}

  // The next break at or after `pos`: its position, and its length in
  // *len; end with *len = 0 when there is none.
  size_t Next(size_t pos, size_t* len) {
    Refresh(&lf_, '\n', pos);
    Refresh(&cr_, '\r', pos);
    for (;;) {
      Refresh(&e2_, '\xE2', pos);
      if (e2_ >= end_ || e2_ >= std::min(lf_, cr_)) break;
      if (e2_ + 2 < end_ &&
          static_cast<unsigned char>(data_[e2_ + 1]) == 0x80 &&
          (static_cast<unsigned char>(data_[e2_ + 2]) == 0xA8 ||
           static_cast<unsigned char>(data_[e2_ + 2]) == 0xA9)) {
        *len = 3;
        return e2_;
      }
      pos = e2_ + 1;
    }
    if (cr_ < lf_) {
      *len = (cr_ + 1 == lf_) ? 2 : 1;
      return cr_;
    }
    if (lf_ < end_) {
      *len = 1;
      return lf_;
    }
    *len = 0;
    return end_;
  }

 private:
  static constexpr size_t kUnknown = static_cast<size_t>(-1);

  // Moves *next to the first `byte` at or after pos.
  void Refresh(size_t* next, char byte, size_t pos) {
    if (*next != kUnknown && *next >= pos) return;
    if (*next == end_) return;
    const void* hit =
        pos < end_ ? std::memchr(data_ + pos, byte, end_ - pos) : nullptr;
    *next = hit == nullptr
                ? end_
                : static_cast<size_t>(static_cast<const char*>(hit) - data_);
  }

  const char* data_;
  size_t end_;
  size_t lf_ = kUnknown;
  size_t cr_ = kUnknown;
  size_t e2_ = kUnknown;
};

// Splits text[begin, end) into trimmed, non-blank lines and tells chrome
// from content, in one pass over the bytes.
void LayoutLines(std::string_view text, size_t begin, size_t end,
                 std::vector<Line>* lines) {
  bool in_link_list = false;
  auto emit = [&](size_t b, size_t e) {
    Trim(text, &b, &e);
    if (b >= e) return;
    const std::string_view s = text.substr(b, e - b);
    Line line;
    line.span = {static_cast<int32_t>(b), static_cast<int32_t>(e)};
    bool opens_list = false;
    if (IsSeparatorLine(s)) {
      line.chrome = true;
      line.kind = BoilerplateKind::kSeparator;
    } else if (MatchChrome(s, &line.kind, &opens_list)) {
      line.chrome = true;
    } else if (in_link_list && s.size() <= 250 && !IsFinalMark(LastMark(s))) {
      // A linked headline under a related-links head.
      line.chrome = true;
      line.kind = BoilerplateKind::kRelated;
    }
    in_link_list = opens_list || (in_link_list && line.chrome);
    lines->push_back(line);
  };
  LineBreakFinder breaks(text, end);
  size_t pos = begin;
  for (;;) {
    size_t len;
    const size_t brk = breaks.Next(pos, &len);
    emit(pos, brk);
    if (len == 0) break;
    pos = brk + len;
  }
}

void AddBody(std::string_view text, const std::vector<Line>& lines,
             size_t first, const std::vector<bool>& used, Structure* out) {
  for (size_t i = first; i < lines.size(); ++i) {
    if (used[i]) continue;
    const Line& line = lines[i];
    if (line.chrome) {
      out->boilerplate.push_back(
          Boilerplate{line.span, line.kind, Slice(text, line.span)});
    } else {
      out->paragraphs.push_back(line.span);
    }
  }
}

}  // namespace

Structure DetectStructure(std::string_view text) {
  Structure out;
  std::vector<Line> lines;
  lines.reserve(32);
  LayoutLines(text, 0, text.size(), &lines);

  std::vector<size_t> content;  // Indices of the first content lines.
  for (size_t i = 0; i < lines.size() && content.size() < 4; ++i) {
    if (!lines[i].chrome) content.push_back(i);
  }
  auto line_text = [&](size_t k) {
    return text.substr(lines[content[k]].span.begin,
                       lines[content[k]].span.size());
  };
  std::vector<bool> used(lines.size(), false);
  size_t k = 0;
  // Outlet: a name line, then a headline, then at least one more line.
  if (content.size() >= 3 && line_text(0).size() <= kMaxOutletBytes &&
      LooksLikeHeadline(line_text(1))) {
    const std::string_view first = line_text(0);
    const int words = CountWords(first);
    const bool deck_follows =
        content.size() >= 4 && LooksLikeDeck(line_text(2));
    if (IsKnownOutlet(first) ||
        (LooksLikeOutletName(first, words, deck_follows) &&
         CountWords(line_text(1)) > words)) {
      out.source_span = lines[content[0]].span;
      out.source = std::string(first);
      used[content[0]] = true;
      k = 1;
    }
  }
  if (k < content.size() && line_text(k).size() <= kMaxHeadlineBytes) {
    out.headline_span = lines[content[k]].span;
    out.headline = std::string(line_text(k));
    used[content[k]] = true;
    ++k;
    // A deck needs a body after it.
    if (k + 1 < content.size() && LooksLikeDeck(line_text(k))) {
      out.subheadline_span = lines[content[k]].span;
      out.subheadline = std::string(line_text(k));
      used[content[k]] = true;
    }
  }
  AddBody(text, lines, 0, used, &out);
  TakeDateline(text, &out);
  return out;
}

Structure LayoutStructured(std::string_view text, size_t headline_bytes,
                           size_t subheadline_bytes) {
  Structure out;
  const size_t n = text.size();
  size_t hb = 0;
  size_t he = std::min(headline_bytes, n);
  size_t sb = std::min(he + 1, n);
  size_t se = std::min(sb + subheadline_bytes, n);
  const size_t body = std::min(se + 1, n);
  Trim(text, &hb, &he);
  Trim(text, &sb, &se);
  if (hb < he) {
    out.headline_span = {static_cast<int32_t>(hb), static_cast<int32_t>(he)};
    out.headline = Slice(text, out.headline_span);
  }
  if (sb < se) {
    out.subheadline_span = {static_cast<int32_t>(sb), static_cast<int32_t>(se)};
    out.subheadline = Slice(text, out.subheadline_span);
  }
  std::vector<Line> lines;
  LayoutLines(text, body, n, &lines);
  AddBody(text, lines, 0, std::vector<bool>(lines.size(), false), &out);
  return out;
}

}  // namespace khabar
