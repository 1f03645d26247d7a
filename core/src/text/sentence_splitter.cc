// Sentence splitting in two passes over a region: a scan that finds the
// candidate ends (final marks, hard line breaks) and pairs the quotes, then
// a filter that drops the candidates inside quotes and short ellipses.
//
// Why not ICU's sentence iterator for Arabic: over the news samples it runs
// at about 120 MB/s by itself (this pass: about 380 MB/s), and its breaks
// are wrong for Arabic news in ways that need this pass anyway: it breaks
// inside «... . ...», after "جن.." in quotes, after "لندن..", after "د."
// and after "U.S." before an Arabic word. So the rule pass reads ICU's
// character properties (S_TERM, Quotation_Mark, White_Space) for anything
// outside ASCII and the Arabic block, and ICU's iterator splits only the
// regions with no Arabic letter, where its Latin rules help (a lower-case
// word after a period goes on). Its iterator is cloned once per thread:
// a clone per call measured about 10% slower on paragraph-sized regions.
#include "text/sentence_splitter.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/utf8.h"
#include "text/quote_marks.h"

namespace khabar {
namespace {

// ---- Characters -------------------------------------------------------------

// Classes and quote pairing live in quote_marks.h, shared with the
// quotation stage.
using Cls = CharClass;
inline Cls Classify(char32_t c) { return ClassifyChar(c); }

bool IsWordCls(Cls k) {
  return k == Cls::kLetter || k == Cls::kDigit || k == Cls::kMark;
}

struct Interval {
  int32_t begin;  // The opening quote.
  int32_t end;    // Just after the closing quote.
};

// ---- Candidates -------------------------------------------------------------

struct Candidate {
  int32_t pos;        // Where the sentence would end.
  int32_t words;      // Words before pos in the region.
  int32_t alnum;      // Letters and digits before pos in the region.
  bool hard = false;  // A line break: never dropped.
  bool ellipsis = false;
};

// Latin abbreviations that a period does not end.
bool IsLatinAbbreviation(std::string_view word) {
  static constexpr const char* kAbbreviations[] = {
      "mr",  "mrs",  "ms",  "dr",  "prof", "st",   "jr",  "sr",  "inc", "ltd",
      "co",  "corp", "vs",  "etc", "no",   "gen",  "sen", "rep", "gov", "jan",
      "feb", "mar",  "apr", "aug", "sep",  "sept", "oct", "nov", "dec"};
  if (word.size() < 2 || word.size() > 4) return false;
  char lower[4];
  for (size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    lower[i] = static_cast<char>(c | 0x20);
  }
  const std::string_view w(lower, word.size());
  for (const char* a : kAbbreviations) {
    if (w == a) return true;
  }
  return false;
}

// True when text[begin, dot) ends in a word that a period after it does
// not end: one letter ("د.", "U.S.") or a Latin abbreviation ("Mr.").
bool IsAbbreviationBefore(std::string_view text, int32_t begin, int32_t dot) {
  int32_t start = dot;
  int letters = 0;
  bool latin_only = true;
  while (start > begin) {
    int32_t p = start - 1;
    while (p > begin && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80) {
      --p;
    }
    int len;
    const char32_t c = DecodeUtf8(text, p, &len);
    const Cls k = Classify(c);
    if (k == Cls::kMark) {
      start = p;
      continue;
    }
    if (k != Cls::kLetter) break;
    ++letters;
    latin_only &= c < 0x80;
    start = p;
  }
  if (letters == 0) return false;
  if (letters == 1) return true;
  return latin_only && IsLatinAbbreviation(text.substr(start, dot - start));
}

// Fewest words before an ellipsis for it to end a sentence: "لندن.. إغلاق
// محطات مترو" and "بعد رحيله.. ما لا تعرفه" are one sentence each.
constexpr int32_t kMinWordsBeforeEllipsis = 3;

// The per-thread copy of ICU's iterator (ICU iterators are not
// thread-safe). Tagged with the splitter's id: a splitter created later at
// the same address must not reuse a clone of another's.
struct ThreadIterator {
  uint64_t owner = 0;
  std::unique_ptr<icu::BreakIterator> iterator;
};

std::atomic<uint64_t> next_splitter_id{1};

}  // namespace

struct SentenceSplitter::Impl {
  std::unique_ptr<icu::BreakIterator> prototype;
  uint64_t id = 0;
  mutable std::mutex clone_mutex;

  icu::BreakIterator* ThreadLocalIterator() const {
    thread_local ThreadIterator local;
    if (local.owner != id) {
      std::lock_guard<std::mutex> lock(clone_mutex);
      local.iterator.reset(prototype->clone());
      local.owner = id;
    }
    return local.iterator.get();
  }

  // Breaks from ICU's iterator, as candidates, for text[begin, end).
  void IcuCandidates(std::string_view text, int32_t begin, int32_t end,
                     std::vector<Candidate>* out) const;
};

absl::StatusOr<std::unique_ptr<SentenceSplitter>> SentenceSplitter::Create() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(
      icu::BreakIterator::createSentenceInstance(icu::Locale("ar"), status));
  if (U_FAILURE(status) || it == nullptr) {
    return absl::InternalError(
        absl::StrCat("ICU sentence break iterator: ", u_errorName(status)));
  }
  std::unique_ptr<SentenceSplitter> splitter(new SentenceSplitter());
  splitter->impl_ = std::make_unique<Impl>();
  splitter->impl_->prototype = std::move(it);
  splitter->impl_->id = next_splitter_id.fetch_add(1);
  return splitter;
}

SentenceSplitter::~SentenceSplitter() = default;

void SentenceSplitter::Impl::IcuCandidates(std::string_view text, int32_t begin,
                                           int32_t end,
                                           std::vector<Candidate>* out) const {
  icu::BreakIterator* it = ThreadLocalIterator();
  UErrorCode status = U_ZERO_ERROR;
  UText ut = UTEXT_INITIALIZER;
  utext_openUTF8(&ut, text.data() + begin, end - begin, &status);
  if (U_FAILURE(status)) return;
  it->setText(&ut, status);
  if (U_FAILURE(status)) {
    utext_close(&ut);
    return;
  }
  std::vector<int32_t> breaks;
  for (int32_t b = it->next(); b != icu::BreakIterator::DONE; b = it->next()) {
    // ICU's "ar" rules know no abbreviations: "Mr. Smith" stays together.
    int32_t e = begin + b;
    while (e > begin && (text[e - 1] == ' ' || text[e - 1] == '\t')) --e;
    if (e > begin && text[e - 1] == '.' &&
        IsAbbreviationBefore(text, begin, e - 1)) {
      continue;
    }
    breaks.push_back(begin + b);
  }
  utext_close(&ut);
  // Words and letters before each break, for the filters.
  int32_t words = 0;
  int32_t alnum = 0;
  bool in_word = false;
  size_t k = 0;
  int32_t i = begin;
  while (k < breaks.size()) {
    while (k < breaks.size() && breaks[k] <= i) {
      out->push_back(Candidate{breaks[k], words, alnum});
      ++k;
    }
    if (i >= end) break;
    int len;
    const char32_t c = DecodeUtf8(text, i, &len);
    const Cls cls = Classify(c);
    const bool word = IsWordCls(cls);
    if (word && !in_word) ++words;
    if (cls == Cls::kLetter || cls == Cls::kDigit) ++alnum;
    in_word = word;
    i += len;
  }
}

namespace {

// A run of final marks: "?!", "...", "؟!".
struct MarkRun {
  int32_t end;    // Just after the last mark.
  bool ellipsis;  // An ellipsis character or two dots or more.
  char32_t last;  // The last mark.
  Cls last_cls;
};

// The run of final marks that starts with c (of class cls, len bytes) at i.
MarkRun ReadMarkRun(std::string_view text, int32_t end, int32_t i, int len,
                    char32_t c, Cls cls) {
  int32_t run_end = i + len;
  int dots = cls == Cls::kDot ? 1 : 0;
  bool ellipsis = cls == Cls::kEllipsis;
  char32_t last = c;
  Cls last_cls = cls;
  while (run_end < end) {
    int l;
    const char32_t d = DecodeUtf8(text, run_end, &l);
    const Cls k = Classify(d);
    if (k != Cls::kDot && k != Cls::kFinal && k != Cls::kEllipsis) {
      break;
    }
    dots += k == Cls::kDot;
    ellipsis |= k == Cls::kEllipsis;
    last = d;
    last_cls = k;
    run_end += l;
  }
  ellipsis |= dots >= 2;
  return MarkRun{run_end, ellipsis, last, last_cls};
}

// The closing quotes and brackets after a run of final marks, which stay
// with the marks, and the character after them.
struct Closers {
  int32_t end;        // Just after the last closer (or the marks).
  bool closed_quote;  // There was at least one.
  char32_t next;      // The character after them; 0 at the end.
  Cls next_cls;       // Its class; kSpace at the end.
};

// The closers after marks that end at `from`.
Closers ReadClosers(std::string_view text, int32_t end, int32_t from) {
  int32_t after = from;
  bool closed_quote = false;
  char32_t next = 0;
  Cls next_cls = Cls::kSpace;
  while (after < end) {
    int l;
    next = DecodeUtf8(text, after, &l);
    next_cls = Classify(next);
    if (next_cls != Cls::kQuote && next_cls != Cls::kApostrophe &&
        next_cls != Cls::kCloseBracket) {
      break;
    }
    closed_quote = true;
    after += l;
    next = 0;
    next_cls = Cls::kSpace;
  }
  return Closers{after, closed_quote, next, next_cls};
}

// A quote standing alone after the marks and spaces at `after` ("انتهى. »
// ثم") closes what they end: the end past that quote, else `after`.
int32_t PastLoneQuote(std::string_view text, int32_t end, int32_t after) {
  int32_t j = after;
  int l = 0;
  char32_t d = 0;
  while (j < end && Classify(d = DecodeUtf8(text, j, &l)) == Cls::kSpace) {
    j += l;
  }
  if (j < end && Classify(d) == Cls::kQuote) {
    int l2;
    const int32_t k = j + l;
    const Cls after_quote =
        k < end ? Classify(DecodeUtf8(text, k, &l2)) : Cls::kSpace;
    if (after_quote == Cls::kSpace || after_quote == Cls::kLineBreak) {
      return k;
    }
  }
  return after;
}

// Where the sentence that the final marks `run` (the first of class cls,
// len bytes, at i; prev_cls before it) end would end, closers included;
// -1 when they end none: an abbreviation's period, an ellipsis closing a
// quote, marks inside a word.
int32_t SentenceEndAfterMarks(std::string_view text, int32_t begin, int32_t end,
                              int32_t i, int len, Cls cls, Cls prev_cls,
                              const MarkRun& run) {
  const bool single_dot = cls == Cls::kDot && run.end == i + len;
  // Closing quotes and brackets after the marks stay with them.
  const Closers closers = ReadClosers(text, end, run.end);
  int32_t after = closers.end;
  bool ends = closers.next == 0 || closers.next_cls == Cls::kSpace ||
              closers.next_cls == Cls::kLineBreak;
  if (closers.next_cls == Cls::kSpace) after = PastLoneQuote(text, end, after);
  // A missing space before an Arabic word ("انتهى.وقال").
  if (!ends && !run.ellipsis && IsArabicLetter(closers.next)) ends = true;
  if (single_dot && prev_cls == Cls::kLetter &&
      IsAbbreviationBefore(text, begin, i)) {
    ends = false;
  }
  // An ellipsis closing a quote belongs to the quote ("جن..", "(...)").
  if (run.ellipsis && closers.closed_quote) ends = false;
  return ends ? after : -1;
}

// What pass 1 counted over the whole region.
struct ScanTotals {
  int32_t alnum;  // Letters and digits.
  bool letters;   // Any letter.
  bool arabic;    // Any Arabic letter.
};

// Pass 1: scans the region once, counting its words and letters, pairing
// its quotes into *quoted and finding the candidate ends (final marks,
// hard line breaks) into *candidates.
ScanTotals ScanRegion(std::string_view text, int32_t begin, int32_t end,
                      std::vector<Candidate>* candidates,
                      std::vector<Interval>* quoted) {
  QuotePairer pairer;
  int32_t words = 0;
  int32_t alnum = 0;
  bool arabic = false;
  bool letters = false;
  char32_t prev = 0;
  Cls prev_cls = Cls::kSpace;
  int32_t i = begin;
  while (i < end) {
    // Fast path for the bulk of the text: Arabic letters and spaces.
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 == ' ') {
      prev = ' ';
      prev_cls = Cls::kSpace;
      ++i;
      continue;
    }
    if ((b0 == 0xD8 || b0 == 0xD9) && i + 1 < end) {
      const char32_t c =
          ((b0 & 0x1F) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3F);
      if (IsArabicLetter(c)) {
        if (!IsWordCls(prev_cls)) ++words;
        ++alnum;
        letters = arabic = true;
        prev = c;
        prev_cls = Cls::kLetter;
        i += 2;
        continue;
      }
    }
    int len;
    const char32_t c = DecodeUtf8(text, i, &len);
    const Cls cls = Classify(c);
    switch (cls) {
      case Cls::kLetter:
      case Cls::kDigit:
      case Cls::kMark:
        if (!IsWordCls(prev_cls)) ++words;
        if (cls != Cls::kMark) ++alnum;
        if (cls == Cls::kLetter) {
          letters = true;
          if (!arabic && IsArabicLetter(c)) arabic = true;
        }
        break;
      case Cls::kLineBreak:
        // A quote does not run past its line.
        pairer.Clear();
        candidates->push_back(Candidate{i, words, alnum, true, false});
        break;
      case Cls::kQuote:
      case Cls::kOpenBracket:
      case Cls::kCloseBracket: {
        QuotePair pair;
        if (pairer.Add(text, end, i, len, c, cls, prev, prev_cls, &pair)) {
          quoted->push_back(Interval{pair.begin, pair.end});
        }
        break;
      }
      case Cls::kDot:
      case Cls::kFinal:
      case Cls::kEllipsis: {
        const MarkRun run = ReadMarkRun(text, end, i, len, c, cls);
        const int32_t after =
            SentenceEndAfterMarks(text, begin, end, i, len, cls, prev_cls, run);
        if (after >= 0) {
          candidates->push_back(
              Candidate{after, words, alnum, false, run.ellipsis});
        }
        // The marks themselves need no more scanning; the closers do.
        prev = run.last;
        prev_cls = run.last_cls;
        i = run.end;
        continue;
      }
      default:
        break;
    }
    prev = c;
    prev_cls = cls;
    i += len;
  }
  return ScanTotals{alnum, letters, arabic};
}

// The quoted intervals, sorted, overlapping ones merged.
std::vector<Interval> MergeQuoted(std::vector<Interval>* quoted) {
  std::sort(
      quoted->begin(), quoted->end(),
      [](const Interval& a, const Interval& b) { return a.begin < b.begin; });
  std::vector<Interval> merged;
  for (const Interval& q : *quoted) {
    if (!merged.empty() && q.begin < merged.back().end) {
      merged.back().end = std::max(merged.back().end, q.end);
    } else {
      merged.push_back(q);
    }
  }
  return merged;
}

// The sentences of the pieces between the accepted breaks, trimmed; a
// piece with no letter or digit (a stray quote or mark) joins its neighbour
// instead of standing as a sentence of its own.
class SentenceBuilder {
 public:
  SentenceBuilder(std::string_view text, std::vector<Span>* out)
      : text_(text), out_(out), first_out_(out->size()) {}

  // Adds text[b, e); `junk` when it has no letter or digit.
  void AddPiece(int32_t b, int32_t e, bool junk) {
    int len;
    while (b < e && IsBlankAt(b, &len)) b += len;
    while (e > b) {
      int32_t p = e - 1;
      while (p > b && (static_cast<unsigned char>(text_[p]) & 0xC0) == 0x80) {
        --p;
      }
      if (!IsBlankAt(p, &len)) break;
      e = p;
    }
    if (b >= e) return;
    if (junk) {
      if (out_->size() > first_out_) {
        out_->back().end = e;
      } else {
        if (pending_ < 0) pending_ = b;
        pending_end_ = e;
      }
      return;
    }
    if (pending_ >= 0) {
      b = pending_;
      pending_ = -1;
    }
    out_->push_back(Span{b, e});
  }

  // A region of nothing but marks is still one sentence: no text is lost.
  void Finish() {
    if (pending_ >= 0) out_->push_back(Span{pending_, pending_end_});
  }

 private:
  // Whether the character at pos (*len bytes) is a space or a line break.
  bool IsBlankAt(int32_t pos, int* len) const {
    const Cls k = Classify(DecodeUtf8(text_, pos, len));
    return k == Cls::kSpace || k == Cls::kLineBreak;
  }

  std::string_view text_;
  std::vector<Span>* out_;
  size_t first_out_;
  int32_t pending_ = -1;  // Start of junk waiting for the next sentence.
  int32_t pending_end_ = -1;
};

// Pass 2: the sentences of text[begin, end) between the candidates that
// are not inside a quote (`merged`) nor ellipses after too few words;
// `alnum` counts the region's letters and digits.
void AddSentences(std::string_view text, int32_t begin, int32_t end,
                  const std::vector<Candidate>& candidates,
                  const std::vector<Interval>& merged, int32_t alnum,
                  std::vector<Span>* out) {
  SentenceBuilder sentences(text, out);
  int32_t start = begin;
  int32_t start_words = 0;
  int32_t start_alnum = 0;
  size_t q = 0;
  for (const Candidate& cand : candidates) {
    if (cand.pos <= start || cand.pos >= end) continue;
    if (!cand.hard) {
      while (q < merged.size() && merged[q].end <= cand.pos) ++q;
      if (q < merged.size() && merged[q].begin < cand.pos) continue;
      if (cand.ellipsis && cand.words - start_words < kMinWordsBeforeEllipsis) {
        continue;
      }
    }
    sentences.AddPiece(start, cand.pos, cand.alnum == start_alnum);
    start = cand.pos;
    start_words = cand.words;
    start_alnum = cand.alnum;
  }
  sentences.AddPiece(start, end, alnum == start_alnum);
  sentences.Finish();
}

}  // namespace

void SentenceSplitter::Split(std::string_view text, Span region,
                             std::vector<Span>* out) const {
  const int32_t size = static_cast<int32_t>(text.size());
  const int32_t begin = std::clamp(region.begin, 0, size);
  const int32_t end = std::clamp(region.end, begin, size);
  if (begin >= end) return;

  std::vector<Candidate> candidates;
  std::vector<Interval> quoted;

  // ---- Pass 1: scan. ----
  const ScanTotals totals = ScanRegion(text, begin, end, &candidates, &quoted);
  if (totals.letters && !totals.arabic) {
    candidates.clear();
    impl_->IcuCandidates(text, begin, end, &candidates);
  }

  // ---- Pass 2: drop candidates inside quotes, build the sentences. ----
  const std::vector<Interval> merged = MergeQuoted(&quoted);
  AddSentences(text, begin, end, candidates, merged, totals.alnum, out);
}

}  // namespace khabar
