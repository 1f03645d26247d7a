#include "text/language.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

#include "base/utf8.h"

namespace khabar {
namespace {

struct Counts {
  int64_t letters = 0;
  int64_t arabic = 0;
  int64_t latin = 0;
  int64_t hebrew = 0;
  int64_t cyrillic = 0;
  // Within Arabic script: letters only Arabic uses (ي ك ة ى), only Persian
  // and Urdu use (پ چ ژ گ ک ی), and only Urdu uses (ٹ ڈ ڑ ں ے ھ ہ).
  int64_t arabic_only = 0;
  int64_t persian = 0;
  int64_t urdu = 0;
};

// Class of each code point of the Arabic block U+0600..U+06FF.
enum ArabicClass : uint8_t {
  kNotLetter,
  kSharedLetter,  // Used by Arabic, Persian and Urdu alike.
  kArabicOnly,    // ي ك ة ى: Persian and Urdu write ی ک instead.
  kPersian,       // پ چ ژ گ ک ی
  kUrdu,          // ٹ ڈ ڑ ں ے ھ ہ
  kNumClasses,
};

const std::array<uint8_t, 256>& ArabicClasses() {
  static const std::array<uint8_t, 256> table = [] {
    std::array<uint8_t, 256> t{};
    for (char32_t c = 0x0600; c <= 0x06FF; ++c) {
      if (IsArabicLetter(c)) t[c - 0x0600] = kSharedLetter;
    }
    for (char32_t c : {0x064A, 0x0643, 0x0629, 0x0649}) {
      t[c - 0x0600] = kArabicOnly;
    }
    for (char32_t c : {0x067E, 0x0686, 0x0698, 0x06AF, 0x06A9, 0x06CC}) {
      t[c - 0x0600] = kPersian;
    }
    for (char32_t c :
         {0x0679, 0x0688, 0x0691, 0x06BA, 0x06D2, 0x06BE, 0x06C1}) {
      t[c - 0x0600] = kUrdu;
    }
    return t;
  }();
  return table;
}

Counts CountLetters(std::string_view text) {
  Counts counts;
  const std::array<uint8_t, 256>& classes = ArabicClasses();
  int64_t arabic[kNumClasses] = {};
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') {
        ++counts.letters;
        ++counts.latin;
      }
      ++i;
      continue;
    }
    // The Arabic block (lead bytes D8..DB), most of an Arabic article, by
    // table: index = code point - U+0600.
    if (b >= 0xD8 && b <= 0xDB && i + 1 < n) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]);
      ++arabic[classes[((b & 0x03) << 6) | (b1 & 0x3F)]];
      i += 2;
      continue;
    }
    int len = 0;
    const char32_t c = DecodeUtf8(text, i, &len);
    i += len;
    if ((U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_L_MASK) == 0) continue;
    ++counts.letters;
    UErrorCode ec = U_ZERO_ERROR;
    switch (uscript_getScript(static_cast<UChar32>(c), &ec)) {
      case USCRIPT_ARABIC:
        ++counts.arabic;
        break;
      case USCRIPT_LATIN:
        ++counts.latin;
        break;
      case USCRIPT_HEBREW:
        ++counts.hebrew;
        break;
      case USCRIPT_CYRILLIC:
        ++counts.cyrillic;
        break;
      default:
        break;
    }
  }
  const int64_t arabic_letters = arabic[kSharedLetter] + arabic[kArabicOnly] +
                                 arabic[kPersian] + arabic[kUrdu];
  counts.letters += arabic_letters;
  counts.arabic += arabic_letters;
  counts.arabic_only = arabic[kArabicOnly];
  counts.persian = arabic[kPersian];
  counts.urdu = arabic[kUrdu];
  return counts;
}

// Tells English from French by their commonest function words.
std::string LatinLanguage(std::string_view text) {
  static constexpr std::array<std::string_view, 24> kEnglish = {
      "the",  "and",  "of",  "to",   "in", "is",   "that", "for",
      "on",   "with", "was", "said", "it", "by",   "as",   "at",
      "from", "are",  "has", "have", "be", "this", "will", "were"};
  static constexpr std::array<std::string_view, 24> kFrench = {
      "le",   "la",   "les", "des", "du",   "et",   "est", "une",
      "dans", "pour", "que", "qui", "sur",  "au",   "aux", "pas",
      "par",  "avec", "ce",  "il",  "elle", "sont", "été", "ont"};
  int english = 0, french = 0;
  std::string word;
  auto score = [&] {
    if (word.empty()) return;
    if (std::find(kEnglish.begin(), kEnglish.end(), word) != kEnglish.end()) {
      ++english;
    }
    if (std::find(kFrench.begin(), kFrench.end(), word) != kFrench.end()) {
      ++french;
    }
    word.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    // ASCII letters and the bytes of non-ASCII characters (é) form words;
    // French elision (l'accord, d'un) ends a word at the apostrophe.
    if (std::isalpha(b) || b >= 0x80) {
      if (word.size() < 8) word.push_back(static_cast<char>(std::tolower(b)));
    } else {
      score();
    }
  }
  score();
  if (english == 0 && french == 0) return "und";
  if (english > french) return "en";
  if (french > english) return "fr";
  return "und";
}

}  // namespace

LanguageGuess DetectLanguage(std::string_view text) {
  LanguageGuess guess;
  const Counts counts = CountLetters(text);
  if (counts.letters > 0) {
    guess.arabic_share = static_cast<double>(counts.arabic) /
                         static_cast<double>(counts.letters);
  }
  // Too little text to say anything.
  if (counts.letters < 3) return guess;
  const auto majority = [&counts](int64_t n) {
    return 2 * n >= counts.letters;
  };
  if (majority(counts.arabic)) {
    // Persian and Urdu write ی ک where Arabic writes ي ك; a few Persian
    // letters in foreign names do not outweigh those.
    const int64_t other = counts.persian + counts.urdu;
    if (other >= 2 && other > counts.arabic_only) {
      guess.language =
          counts.urdu >= 2 && 50 * counts.urdu >= counts.arabic ? "ur" : "fa";
    } else {
      guess.language = "ar";
      guess.supported = true;
    }
  } else if (majority(counts.latin)) {
    guess.language = LatinLanguage(text);
  } else if (majority(counts.hebrew)) {
    guess.language = "he";
  } else if (majority(counts.cyrillic)) {
    guess.language = "ru";
  }
  return guess;
}

}  // namespace khabar
