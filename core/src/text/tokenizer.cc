// Tokens from ICU word breaks over UTF-8, then kinds, matching forms and
// clitic splits.
//
// Kinds: WORD (letters of any script but Latin-only), LATIN (Latin letters,
// digits allowed: CNN, 5G; "T-4" is LATIN, PUNCT, NUMBER as ICU breaks it),
// NUMBER (digits with ICU's separators: 3.5, 1,000, ٢٠٢١), HASHTAG ('#' and
// the word glued to it; ICU keeps underscores inside words), SYMBOL (Unicode
// symbols, %, emoji), PUNCT (the rest). Whitespace, controls and invisible
// format characters (NBSP, ZWNJ alone) make no tokens.
//
// A clitic glued to the next word with tatweel (بـ"خطوات, وبـ«...») is a
// WORD of its own: ICU counts tatweel as a letter. Its last clitic is its
// base (بـ: base ب) and any before it are prefixes (وبـ: و + ب).
#include "text/tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/rbbi.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "base/utf8.h"
#include "text/clitics.h"
#include "text/normalizer.h"

namespace khabar {
namespace {

constexpr char32_t kTatweel = 0x0640;
constexpr char32_t kTehMarbuta = 0x0629;

// Characters that make no token: Unicode White_Space, every control (Cc)
// and format character (Cf, the invisible controls among them). Wider than
// IsSpaceOrControl (base/utf8.h), and needs ICU, so it stays here.
bool IsSpaceControlOrFormat(char32_t c) {
  if (c < 0x80) return c <= 0x20 || c == 0x7F;
  if (IsInvisibleControl(c)) return true;
  const auto type = static_cast<UCharCategory>(u_charType(c));
  return type == U_CONTROL_CHAR || type == U_FORMAT_CHAR || u_isUWhiteSpace(c);
}

bool IsSymbol(char32_t c) {
  switch (c) {
    case '%':
    case '#':
    case '@':
    case '&':
    case 0x066A:  // ٪
    case 0x2030:  // ‰
    case 0x2031:  // ‱
    case 0x0609:  // ؉
    case 0x060A:  // ؊
      return true;
    default:
      break;
  }
  const auto type = static_cast<UCharCategory>(u_charType(c));
  return type == U_MATH_SYMBOL || type == U_CURRENCY_SYMBOL ||
         type == U_MODIFIER_SYMBOL || type == U_OTHER_SYMBOL;
}

// What a token's characters are made of.
struct Content {
  bool latin = false;  // Latin letters.
  bool other = false;  // Letters of other scripts (Arabic included).
  bool digit = false;
  bool ascii = true;
  bool clitic_letters_only = true;  // Only و ف ب ل ك س (and marks).
  bool ends_in_tatweel = false;
  bool ends_in_teh_marbuta = false;
};

// Per-character flags for ASCII and the Arabic block, so that scanning a
// token rarely decodes or asks ICU.
enum : uint8_t {
  kLatin = 1,
  kOther = 2,
  kDigit = 4,
  kClitic = 8,
  kIgnored = 16,  // Marks and tatweel: no effect on the kind.
};

struct ScanTables {
  uint8_t ascii[128] = {};
  uint8_t arabic[256] = {};  // U+0600..U+06FF.

  ScanTables() {
    for (int c = 'a'; c <= 'z'; ++c) ascii[c] = ascii[c - 32] = kLatin;
    for (int c = '0'; c <= '9'; ++c) ascii[c] = kDigit;
    for (char32_t c = 0x0600; c < 0x0700; ++c) {
      uint8_t& f = arabic[c - 0x0600];
      if (IsArabicLetter(c)) f = kOther;
      if (u_isdigit(c)) f = kDigit;
      if (IsArabicMark(c) || c == kTatweel || IsInvisibleControl(c)) {
        f = kIgnored;
      }
    }
    for (char32_t c : {0x0648, 0x0641, 0x0628, 0x0644, 0x0643, 0x0633}) {
      arabic[c - 0x0600] |= kClitic;  // و ف ب ل ك س
    }
  }
};

Content Scan(std::string_view s) {
  static const ScanTables* const tables = new ScanTables();
  Content c;
  uint8_t all = 0;
  bool clitics_only = true;
  char32_t last = 0;  // Last character other than a mark.
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      all |= tables->ascii[b];
      clitics_only = false;
      last = b;
      ++i;
      continue;
    }
    c.ascii = false;
    if ((b == 0xD8 || b == 0xD9 || b == 0xDA || b == 0xDB) &&
        i + 1 < s.size()) {
      const char32_t ch = 0x0600 | ((b & 0x03) << 6) |
                          (static_cast<unsigned char>(s[i + 1]) & 0x3F);
      const uint8_t f = tables->arabic[ch - 0x0600];
      i += 2;
      if (f & kIgnored) {
        if (ch == kTatweel) last = ch;
        continue;
      }
      all |= f;
      clitics_only = clitics_only && (f & kClitic);
      last = ch;
      continue;
    }
    int len = 1;
    const char32_t ch = DecodeUtf8(s, i, &len);
    i += len;
    if (IsArabicMark(ch) || IsInvisibleControl(ch)) continue;
    last = ch;
    clitics_only = false;
    if (u_isdigit(ch)) {
      all |= kDigit;
    } else if (u_isalpha(ch)) {
      all |= uscript_getScript(ch, nullptr) == USCRIPT_LATIN ? kLatin : kOther;
    }
  }
  c.latin = all & kLatin;
  c.other = all & kOther;
  c.digit = all & kDigit;
  c.clitic_letters_only = clitics_only;
  c.ends_in_tatweel = last == kTatweel;
  c.ends_in_teh_marbuta = last == kTehMarbuta;
  return c;
}

// Words repeat (Zipf): each thread remembers the analyses of the words it
// has seen, up to this many, then starts over.
constexpr size_t kMaxCachedWords = 1 << 13;
// Longer runs of letters are rare and would only bloat the cache.
constexpr size_t kMaxCachedWordBytes = 64;

// A word's matching form and split, with the base's bounds as byte offsets
// into the word as written.
struct WordAnalysis {
  std::string normalized;
  CliticSplit split;
};

// Scratch space reused by every call on a thread.
struct Scratch {
  std::unique_ptr<icu::BreakIterator> iterator;
  std::string matching;
  std::vector<int32_t> offsets;
  // Analyses by the word as written, valid for the tokenizer whose id is
  // `cache_owner`.
  absl::flat_hash_map<std::string, WordAnalysis> cache;
  uint64_t cache_owner = 0;
};

std::atomic<uint64_t> next_tokenizer_id{1};

}  // namespace

struct Tokenizer::Impl {
  explicit Impl(const Lexicon* lexicon) : splitter(lexicon) {}

  // The matching form and split of a word as written.
  WordAnalysis Analyze(std::string_view word, const Content& content,
                       Scratch* scratch) const;

  // Appends the token text[begin, end) (already trimmed) to *out.
  void AddToken(std::string_view text, int32_t begin, int32_t end,
                TokenKind kind, const Content& content, int32_t sentence,
                Scratch* scratch, std::vector<Token>* out) const;

  CliticSplitter splitter;
  // Tells this tokenizer's cached splits from another's (which may have
  // had the same address).
  const uint64_t id = next_tokenizer_id.fetch_add(1);
  // Never used directly: each thread iterates with its own clone (ICU
  // iterators carry position state).
  std::unique_ptr<icu::BreakIterator> prototype;
};

void Tokenizer::Impl::AddToken(std::string_view text, int32_t begin,
                               int32_t end, TokenKind kind,
                               const Content& content, int32_t sentence,
                               Scratch* scratch,
                               std::vector<Token>* out) const {
  const std::string_view token_text = text.substr(begin, end - begin);
  Token& token = out->emplace_back();
  token.span = {begin, end};
  token.base_span = token.span;
  token.word_span = token.span;
  token.text.assign(token_text);
  token.kind = kind;
  token.sentence_index = sentence;
  if (kind != TokenKind::kWord) {
    if (content.ascii) {
      // The matching form of ASCII is its lower case.
      token.normalized.resize(token_text.size());
      for (size_t i = 0; i < token_text.size(); ++i) {
        const char ch = token_text[i];
        token.normalized[i] = ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
      }
    } else {
      AppendMatchingForm(token_text, &token.normalized);
    }
    token.base = token.normalized;
    token.word = token.normalized;
    return;
  }
  if (token_text.size() > kMaxCachedWordBytes) {
    WordAnalysis analysis = Analyze(token_text, content, scratch);
    token.normalized = std::move(analysis.normalized);
    token.prefixes = std::move(analysis.split.prefixes);
    token.suffixes = std::move(analysis.split.suffixes);
    token.base = std::move(analysis.split.base);
    token.word = std::move(analysis.split.word);
    token.base_span = {begin + analysis.split.base_begin,
                       begin + analysis.split.base_end};
    token.word_span = {begin + analysis.split.word_begin,
                       begin + analysis.split.base_end};
    return;
  }
  if (scratch->cache_owner != id) {
    scratch->cache.clear();
    scratch->cache_owner = id;
  }
  auto it = scratch->cache.find(
      absl::string_view(token_text.data(), token_text.size()));
  if (it == scratch->cache.end()) {
    if (scratch->cache.size() >= kMaxCachedWords) scratch->cache.clear();
    it = scratch->cache
             .emplace(token_text, Analyze(token_text, content, scratch))
             .first;
  }
  const WordAnalysis& analysis = it->second;
  token.normalized = analysis.normalized;
  token.prefixes = analysis.split.prefixes;
  token.suffixes = analysis.split.suffixes;
  token.base = analysis.split.base;
  token.word = analysis.split.word;
  token.base_span = {begin + analysis.split.base_begin,
                     begin + analysis.split.base_end};
  token.word_span = {begin + analysis.split.word_begin,
                     begin + analysis.split.base_end};
}

WordAnalysis Tokenizer::Impl::Analyze(std::string_view word,
                                      const Content& content,
                                      Scratch* scratch) const {
  WordAnalysis analysis;
  std::string& matching = scratch->matching;
  std::vector<int32_t>& offsets = scratch->offsets;
  matching.clear();
  offsets.clear();
  AppendMatchingForm(word, &matching, &offsets);
  analysis.normalized = matching;
  // Where the matching form's byte `i` came from; the word's end past it.
  const auto size = static_cast<int32_t>(word.size());
  auto source = [&](size_t i) {
    return i < offsets.size() ? offsets[i] : size;
  };
  CliticSplit& split = analysis.split;
  if (content.ends_in_tatweel && content.clitic_letters_only &&
      matching.size() >= 2 && matching.size() <= 6) {
    // Clitics glued with tatweel: the last is the base.
    const size_t last = matching.size() - 2;
    for (size_t i = 0; i < last; i += 2) {
      split.prefixes.emplace_back(matching.substr(i, 2));
    }
    split.base = matching.substr(last);
    split.word = split.base;
    split.base_begin = source(last);
    split.word_begin = split.base_begin;
    split.base_end = size;
    return analysis;
  }
  split = splitter.Split(matching, content.ends_in_teh_marbuta);
  const int32_t base_end = split.base_end;
  split.base_begin = source(split.base_begin);
  split.word_begin = source(split.word_begin);
  split.base_end = base_end >= static_cast<int32_t>(matching.size())
                       ? size
                       : source(base_end);
  return analysis;
}

absl::StatusOr<std::unique_ptr<Tokenizer>> Tokenizer::Create(
    const Lexicon* lexicon) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> prototype(
      icu::BreakIterator::createWordInstance(icu::Locale("ar"), status));
  if (U_FAILURE(status) || prototype == nullptr) {
    return absl::InternalError(
        std::string("cannot create the ICU word break iterator: ") +
        u_errorName(status));
  }
  std::unique_ptr<Tokenizer> tokenizer(new Tokenizer());
  tokenizer->impl_ = std::make_unique<Impl>(lexicon);
  tokenizer->impl_->prototype = std::move(prototype);
  return tokenizer;
}

Tokenizer::~Tokenizer() = default;

namespace {

bool IsAsciiBlank(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Punctuation that ICU always makes a segment of its own at the edge of a
// space-delimited chunk (nothing to join with on its outer side); returns
// its byte length, or 0.
int EdgePunctuation(std::string_view s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    switch (b) {
      case '!':
      case '"':
      case '\'':
      case '(':
      case ')':
      case '*':
      case ',':
      case '-':
      case '.':
      case '/':
      case ':':
      case ';':
      case '?':
      case '[':
      case ']':
      case '{':
      case '}':
      case '%':
        return 1;
      default:
        return 0;
    }
  }
  int len = 1;
  switch (DecodeUtf8(s, i, &len)) {
    case 0x00AB:  // «
    case 0x00BB:  // »
    case 0x060C:  // ،
    case 0x061B:  // ؛
    case 0x061F:  // ؟
    case 0x2013:  // –
    case 0x2014:  // —
    case 0x2018:  // ‘
    case 0x2019:  // ’
    case 0x201C:  // “
    case 0x201D:  // ”
    case 0x2026:  // …
      return len;
    default:
      return 0;
  }
}

// Arabic code point at s[i] (two bytes, U+0600..U+06FF), or 0.
char32_t Arabic(std::string_view s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0xD8 || b > 0xDB || i + 1 >= s.size()) return 0;
  return 0x0600 | ((b & 0x03) << 6) |
         (static_cast<unsigned char>(s[i + 1]) & 0x3F);
}

// The middle of a chunk the fast path understands: letters of one word.
struct Core {
  size_t begin = 0;
  size_t end = 0;
  TokenKind kind = TokenKind::kWord;
  Content content;
};

// Recognizes a space-delimited chunk of the form P* CORE? P*, P edge
// punctuation and CORE a run of Arabic letters (tashkeel and tatweel after
// the first), of ASCII letters or of digits. ICU's word rules make exactly
// one segment of each (WB4, WB5, WB8; nothing on the chunk's outer sides
// to join punctuation with), so the fast path yields ICU's tokens without
// running ICU over most of the text; the tests compare the two.
bool FastChunk(std::string_view s, size_t begin, size_t end, Core* core) {
  size_t i = begin;
  while (i < end) {
    const int len = EdgePunctuation(s, i);
    if (len == 0) break;
    i += len;
  }
  core->begin = core->end = i;
  if (i < end) {
    const auto b = static_cast<unsigned char>(s[i]);
    Content& c = core->content;
    c = Content();
    if (const char32_t first = Arabic(s, i);
        first != 0 && IsArabicLetter(first)) {
      core->kind = TokenKind::kWord;
      c.other = true;
      c.ascii = false;
      char32_t last = 0;
      for (char32_t ch; i < end && (ch = Arabic(s, i)) != 0; i += 2) {
        if (IsArabicLetter(ch)) {
          last = ch;
          switch (ch) {
            case 0x0648:
            case 0x0641:
            case 0x0628:
            case 0x0644:
            case 0x0643:
            case 0x0633:
              break;
            default:
              c.clitic_letters_only = false;
          }
        } else if (ch == kTatweel) {
          last = ch;
        } else if (!((ch >= 0x064B && ch <= 0x065F) || ch == 0x0670)) {
          break;
        }
      }
      c.ends_in_tatweel = last == kTatweel;
      c.ends_in_teh_marbuta = last == kTehMarbuta;
    } else if (b < 0x80 && ((b | 0x20) >= 'a' && (b | 0x20) <= 'z')) {
      core->kind = TokenKind::kLatin;
      c.latin = true;
      c.clitic_letters_only = false;
      while (i < end && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')) ++i;
    } else if (b >= '0' && b <= '9') {
      core->kind = TokenKind::kNumber;
      c.digit = true;
      c.clitic_letters_only = false;
      while (i < end && s[i] >= '0' && s[i] <= '9') ++i;
    }
    core->end = i;
  }
  while (i < end) {
    const int len = EdgePunctuation(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

Content AsciiContent(bool ascii) {
  Content c;
  c.ascii = ascii;
  return c;
}

TokenKind KindOf(std::string_view piece, const Content& content) {
  if (content.other) return TokenKind::kWord;
  if (content.latin) return TokenKind::kLatin;
  if (content.digit) return TokenKind::kNumber;
  int len = 1;
  return IsSymbol(DecodeUtf8(piece, 0, &len)) ? TokenKind::kSymbol
                                              : TokenKind::kPunct;
}

}  // namespace

void Tokenizer::Tokenize(std::string_view text, Span region,
                         int32_t sentence_index,
                         std::vector<Token>* out) const {
  if (region.empty()) return;
  // One iterator per thread, cloned once: a clone per call (about 0.2 us)
  // would add some 5% to a sentence. Every tokenizer's rules are the same
  // (Arabic word breaks), so a clone made from any of them serves all.
  thread_local Scratch scratch;
  const std::string_view part = text.substr(region.begin, region.size());
  const auto add = [&](size_t b, size_t e, TokenKind kind,
                       const Content& content) {
    impl_->AddToken(text, region.begin + static_cast<int32_t>(b),
                    region.begin + static_cast<int32_t>(e), kind, content,
                    sentence_index, &scratch, out);
  };
  const auto add_punctuation = [&](size_t b, size_t e) {
    for (size_t i = b; i < e;) {
      const int len = EdgePunctuation(part, i);
      add(i, i + len, part[i] == '%' ? TokenKind::kSymbol : TokenKind::kPunct,
          AsciiContent(len == 1));
      i += len;
    }
  };
  UText utext = UTEXT_INITIALIZER;
  bool icu_ready = false;
  const size_t n = part.size();
  size_t pos = 0;
  while (pos < n) {
    while (pos < n && IsAsciiBlank(part[pos])) ++pos;
    if (pos == n) break;
    size_t chunk_end = pos;
    while (chunk_end < n && !IsAsciiBlank(part[chunk_end])) ++chunk_end;
    Core core;
    if (FastChunk(part, pos, chunk_end, &core)) {
      add_punctuation(pos, core.begin);
      if (core.end > core.begin)
        add(core.begin, core.end, core.kind, core.content);
      add_punctuation(core.end, chunk_end);
      pos = chunk_end;
      continue;
    }
    // Anything else: ICU's segments within the chunk (a chunk starts after
    // a space and ends before one, both ICU boundaries).
    if (!icu_ready) {
      if (scratch.iterator == nullptr) {
        scratch.iterator.reset(impl_->prototype->clone());
      }
      UErrorCode status = U_ZERO_ERROR;
      utext_openUTF8(&utext, part.data(), static_cast<int64_t>(n), &status);
      scratch.iterator->setText(&utext, status);
      if (U_FAILURE(status)) break;
      icu_ready = true;
    }
    icu::BreakIterator& it = *scratch.iterator;
    int32_t start = static_cast<int32_t>(pos);
    int32_t end = it.following(start);
    const auto limit = static_cast<int32_t>(chunk_end);
    while (end != icu::BreakIterator::DONE && start < limit) {
      end = std::min(end, limit);
      const int32_t rule = it.getRuleStatus();
      // Trim blanks (a format character sticks to what precedes it).
      int32_t b = start;
      int32_t e = end;
      while (b < e) {
        int len = 1;
        if (!IsSpaceControlOrFormat(DecodeUtf8(part, b, &len))) break;
        b += len;
      }
      while (e > b) {
        int32_t p = e - 1;
        while (p > b && (static_cast<unsigned char>(part[p]) & 0xC0) == 0x80) {
          --p;
        }
        int len = 1;
        if (!IsSpaceControlOrFormat(DecodeUtf8(part, p, &len))) break;
        e = p;
      }
      if (b < e && rule < UBRK_WORD_NONE_LIMIT && e - b == 1 &&
          part[b] == '#' && e == end && end < limit) {
        // A hashtag: '#' and the word right after it.
        const int32_t next = it.next();
        if (next != icu::BreakIterator::DONE && next <= limit &&
            it.getRuleStatus() >= UBRK_WORD_NONE_LIMIT) {
          add(b, next, TokenKind::kHashtag, Scan(part.substr(end, next - end)));
          start = next;
          end = it.next();
          continue;
        }
        add(b, e, TokenKind::kSymbol, Content());
        start = end;
        end = next;
        continue;
      }
      if (b < e) {
        const std::string_view piece = part.substr(b, e - b);
        const Content content = Scan(piece);
        add(b, e, KindOf(piece, content), content);
      }
      start = end;
      end = it.next();
    }
    pos = chunk_end;
  }
  if (icu_ready) utext_close(&utext);
}

}  // namespace khabar
