#include "text/tokenizer.h"

#include <dirent.h>
#include <time.h>
#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "committed_models.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_paths.h"
#include "text/lexicon.h"

namespace khabar {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

using testing::CommittedLexicon;

std::unique_ptr<Tokenizer> Make(const Lexicon* lexicon) {
  auto tokenizer = Tokenizer::Create(lexicon);
  EXPECT_TRUE(tokenizer.ok()) << tokenizer.status();
  return tokenizer.ok() ? *std::move(tokenizer) : nullptr;
}

std::vector<Token> Tokens(const Tokenizer& tokenizer, std::string_view text) {
  std::vector<Token> out;
  tokenizer.Tokenize(text, Span{0, static_cast<int32_t>(text.size())}, 0, &out);
  return out;
}

std::string Slice(std::string_view text, Span span) {
  return std::string(text.substr(span.begin, span.size()));
}

const char* KindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kWord:
      return "WORD";
    case TokenKind::kNumber:
      return "NUMBER";
    case TokenKind::kPunct:
      return "PUNCT";
    case TokenKind::kLatin:
      return "LATIN";
    case TokenKind::kSymbol:
      return "SYMBOL";
    case TokenKind::kHashtag:
      return "HASHTAG";
  }
  return "?";
}

// "text/KIND" per token.
std::vector<std::string> Kinds(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const Token& t : tokens) out.push_back(t.text + "/" + KindName(t.kind));
  return out;
}

const Token* Find(const std::vector<Token>& tokens, std::string_view text) {
  for (const Token& t : tokens) {
    if (t.text == text) return &t;
  }
  return nullptr;
}

std::vector<std::string> ReadDir(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      const std::string name = e->d_name;
      if (name.size() > 4 && name.substr(name.size() - 4) == ".txt") {
        names.push_back(dir + "/" + name);
      }
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(TokenizerTest, Kinds) {
  auto tokenizer = Make(nullptr);
  ASSERT_NE(tokenizer, nullptr);
  const std::string text =
      "قال مسؤول في CNN إن 3.5% من 1,000 و٢٠٢١ و4000 جندي، T-4 $ € 😀 "
      "(الناتو) «هنا»؟ 5G ١٬٠٠٠ ٣٫٥ e-mail Москва";
  EXPECT_THAT(
      Kinds(Tokens(*tokenizer, text)),
      ElementsAre("قال/WORD", "مسؤول/WORD", "في/WORD", "CNN/LATIN", "إن/WORD",
                  "3.5/NUMBER", "%/SYMBOL", "من/WORD", "1,000/NUMBER",
                  "و٢٠٢١/WORD", "و4000/WORD", "جندي/WORD", "،/PUNCT", "T/LATIN",
                  "-/PUNCT", "4/NUMBER", "$/SYMBOL", "€/SYMBOL", "😀/SYMBOL",
                  "(/PUNCT", "الناتو/WORD", ")/PUNCT", "«/PUNCT", "هنا/WORD",
                  "»/PUNCT", "؟/PUNCT", "5G/LATIN", "١٬٠٠٠/NUMBER",
                  "٣٫٥/NUMBER", "e/LATIN", "-/PUNCT", "mail/LATIN",
                  "Москва/WORD"));
}

TEST(TokenizerTest, NumbersAndNonWordFields) {
  auto tokenizer = Make(nullptr);
  ASSERT_NE(tokenizer, nullptr);
  const std::string text = "عام ٢٠٢١ بنسبة 4000 CNN";
  const std::vector<Token> tokens = Tokens(*tokenizer, text);
  const Token* year = Find(tokens, "٢٠٢١");
  ASSERT_NE(year, nullptr);
  EXPECT_EQ(year->kind, TokenKind::kNumber);
  EXPECT_EQ(year->normalized, "2021");
  EXPECT_EQ(year->base, "2021");
  EXPECT_EQ(year->word, "2021");
  EXPECT_EQ(year->base_span, year->span);
  EXPECT_THAT(year->prefixes, IsEmpty());
  const Token* cnn = Find(tokens, "CNN");
  ASSERT_NE(cnn, nullptr);
  EXPECT_EQ(cnn->normalized, "cnn");
  EXPECT_EQ(Find(tokens, "4000")->kind, TokenKind::kNumber);
}

TEST(TokenizerTest, BlanksMakeNoTokens) {
  auto tokenizer = Make(nullptr);
  ASSERT_NE(tokenizer, nullptr);
  // NBSP, ZWNJ, RLM, a C0 control, tab, CR LF, ideographic space, BOM.
  const std::string text = "أ\u00a0ب \u200c ج\u200f\tد\x01ه\r\nو\u3000ز \ufeff";
  EXPECT_THAT(Kinds(Tokens(*tokenizer, text)),
              ElementsAre("أ/WORD", "ب/WORD", "ج/WORD", "د/WORD", "ه/WORD",
                          "و/WORD", "ز/WORD"));
  EXPECT_THAT(Tokens(*tokenizer, " \n\t \u00a0 "), IsEmpty());
}

TEST(TokenizerTest, Hashtags) {
  auto tokenizer = Make(nullptr);
  ASSERT_NE(tokenizer, nullptr);
  const std::string text = "ارتفعت #أسعار_النفط اليوم #COP27 # وحده";
  EXPECT_THAT(Kinds(Tokens(*tokenizer, text)),
              ElementsAre("ارتفعت/WORD", "#أسعار_النفط/HASHTAG", "اليوم/WORD",
                          "#COP27/HASHTAG", "#/SYMBOL", "وحده/WORD"));
  const std::vector<Token> tokens = Tokens(*tokenizer, text);
  const Token* tag = Find(tokens, "#أسعار_النفط");
  ASSERT_NE(tag, nullptr);
  EXPECT_EQ(tag->normalized, "#اسعار_النفط");
  EXPECT_EQ(tag->base, tag->normalized);
}

// ICU counts tatweel as a letter, so a clitic glued to a quote with it is a
// word of its own, whose base is the (last) clitic.
TEST(TokenizerTest, CliticGluedWithTatweel) {
  auto tokenizer = Make(CommittedLexicon());
  ASSERT_NE(tokenizer, nullptr);
  const std::string text = "أشاد بـ\"خطوات الحكومة\" وبـ»خطوات« أخرى";
  const std::vector<Token> tokens = Tokens(*tokenizer, text);
  EXPECT_THAT(Kinds(tokens),
              ElementsAre("أشاد/WORD", "بـ/WORD", "\"/PUNCT", "خطوات/WORD",
                          "الحكومة/WORD", "\"/PUNCT", "وبـ/WORD", "»/PUNCT",
                          "خطوات/WORD", "«/PUNCT", "أخرى/WORD"));
  const Token* bi = Find(tokens, "بـ");
  ASSERT_NE(bi, nullptr);
  EXPECT_THAT(bi->prefixes, IsEmpty());
  EXPECT_EQ(bi->base, "ب");
  EXPECT_EQ(bi->normalized, "ب");
  EXPECT_EQ(Slice(text, bi->base_span), "بـ");
  const Token* wabi = Find(tokens, "وبـ");
  ASSERT_NE(wabi, nullptr);
  EXPECT_THAT(wabi->prefixes, ElementsAre("و"));
  EXPECT_EQ(wabi->base, "ب");
  EXPECT_EQ(Slice(text, wabi->base_span), "بـ");
}

TEST(TokenizerTest, BaseSpansAreExactBytesOfTheOriginal) {
  auto tokenizer = Make(CommittedLexicon());
  ASSERT_NE(tokenizer, nullptr);
  const std::string text =
      "للكاظمي وَبَغْدَادَ حكومتُهُ لِلْكَاظِمِيّ والكاظـمي بلاده مدينة "
      "بالهجوم";
  const std::vector<Token> tokens = Tokens(*tokenizer, text);
  const std::map<std::string, std::string> expected = {
      {"للكاظمي", "كاظمي"}, {"وَبَغْدَادَ", "بَغْدَادَ"},     {"حكومتُهُ", "حكومتُ"},
      {"لِلْكَاظِمِيّ", "كَاظِمِيّ"}, {"والكاظـمي", "كاظـمي"}, {"بلاده", "بلاد"},
      {"مدينة", "مدينة"},   {"بالهجوم", "هجوم"},
  };
  ASSERT_EQ(tokens.size(), expected.size());
  for (const Token& t : tokens) {
    EXPECT_EQ(Slice(text, t.span), t.text);
    EXPECT_EQ(Slice(text, t.base_span), expected.at(t.text)) << t.text;
  }
  const Token* kazimi = Find(tokens, "لِلْكَاظِمِيّ");
  ASSERT_NE(kazimi, nullptr);
  EXPECT_EQ(kazimi->normalized, "للكاظمي");
  EXPECT_THAT(kazimi->prefixes, ElementsAre("ل", "ال"));
  EXPECT_EQ(kazimi->base, "كاظمي");
  EXPECT_EQ(kazimi->word, "الكاظمي");
  const Token* government = Find(tokens, "حكومتُهُ");
  ASSERT_NE(government, nullptr);
  EXPECT_THAT(government->suffixes, ElementsAre("ه"));
  EXPECT_EQ(government->base, "حكومه");
  // Written ة is no pronoun.
  EXPECT_THAT(Find(tokens, "مدينة")->suffixes, IsEmpty());
}

TEST(TokenizerTest, WordSpansKeepTheWrittenArticleOnly) {
  auto tokenizer = Make(CommittedLexicon());
  ASSERT_NE(tokenizer, nullptr);
  const std::string text = "والكاظمي للكاظمي وبغداد بلينكن بـ الهجمات وَالْعِرَاق";
  const std::map<std::string, std::string> expected = {
      {"والكاظمي", "الكاظمي"}, {"للكاظمي", "كاظمي"}, {"وبغداد", "بغداد"},
      {"بلينكن", "بلينكن"},    {"بـ", "بـ"},         {"الهجمات", "الهجمات"},
      {"وَالْعِرَاق", "الْعِرَاق"},
  };
  const std::vector<Token> tokens = Tokens(*tokenizer, text);
  ASSERT_EQ(tokens.size(), expected.size());
  for (const Token& t : tokens) {
    EXPECT_EQ(Slice(text, t.word_span), expected.at(t.text)) << t.text;
    EXPECT_EQ(t.word_span.end, t.base_span.end) << t.text;
  }
}

TEST(TokenizerTest, RegionAndSentenceIndex) {
  auto tokenizer = Make(CommittedLexicon());
  ASSERT_NE(tokenizer, nullptr);
  const std::string text = "عنوان.\nوقال الوزير لبغداد: نعم.";
  const auto begin = static_cast<int32_t>(text.find("وقال"));
  std::vector<Token> out;
  tokenizer->Tokenize(text, Span{begin, static_cast<int32_t>(text.size())}, 7,
                      &out);
  ASSERT_EQ(out.size(), 6u);
  for (const Token& t : out) {
    EXPECT_EQ(Slice(text, t.span), t.text);
    EXPECT_EQ(t.sentence_index, 7);
  }
  EXPECT_EQ(out[0].span.begin, begin);
  EXPECT_EQ(Slice(text, out[2].base_span), "بغداد");
  // Appends.
  tokenizer->Tokenize(text, Span{0, begin}, 0, &out);
  EXPECT_EQ(out.size(), 8u);
  EXPECT_EQ(out[6].text, "عنوان");
}

// The seed article, with the committed lexicon: words split as a reader
// would split them.
TEST(TokenizerTest, SeedArticleSplits) {
  const std::string path =
      testing::SharedDir() + "/seeds/000_8a377a5b990fa512.txt";
  KHABAR_REQUIRE_SHARED(path);
  const std::string text = testing::ReadFileOrEmpty(path);
  auto tokenizer = Make(CommittedLexicon());
  ASSERT_NE(tokenizer, nullptr);
  const std::vector<Token> tokens = Tokens(*tokenizer, text);
  // Written word -> prefixes + [base] + suffixes, and the base's bytes.
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"بلينكن", "[بلينكن]"},
      {"لبغداد", "ل+[بغداد]"},
      {"بغداد", "[بغداد]"},
      {"للكاظمي", "ل+ال+[كاظمي]"},
      {"والكاظمي", "و+ال+[كاظمي]"},
      {"الكاظمي", "ال+[كاظمي]"},
      {"بالهجوم", "ب+ال+[هجوم]"},
      {"بلاده", "[بلاد]+ه"},
      {"بيانهم", "[بيان]+هم"},
      {"استيائه", "[استياء]+ه"},
      {"وفرنسا", "و+[فرنسا]"},
      {"وبريطانيا", "و+[بريطانيا]"},
      {"وألمانيا", "و+[المانيا]"},
      {"وإيطاليا", "و+[ايطاليا]"},
      {"الولايات", "ال+[ولايات]"},
      {"وأكد", "و+[اكد]"},
      {"وكان", "و+[كان]"},
      {"كما", "[كما]"},
      {"سيوسع", "س+[يوسع]"},
      {"ستدعم", "س+[تدعم]"},
      {"بحثا", "[بحثا]"},
      {"بعيد", "[بعيد]"},
      {"بيان", "[بيان]"},
      {"للتصدي", "ل+ال+[تصدي]"},
      {"للمتطرفين", "ل+ال+[متطرفين]"},
      {"للعراق", "ل+ال+[عراق]"},
      {"لمحاربة", "ل+[محاربه]"},
      {"ومحاسبتها", "و+[محاسبه]+ها"},
      {"بتنفيذه", "ب+[تنفيذ]+ه"},
      {"عملياتها", "[عمليات]+ها"},
      {"بلدانهم", "[بلدان]+هم"},
      {"جنوده", "[جنود]+ه"},
      {"مهامه", "[مهام]+ه"},
      {"بالفيديو", "ب+ال+[فيديو]"},
      {"وتعهّد", "و+[تعهد]"},
      {"وفي", "و+[في]"},
      {"التزامها", "[التزام]+ها"},
      {"الحكومة", "ال+[حكومه]"},
      {"بقيادة", "ب+[قياده]"},
      {"فإن", "ف+[ان]"},
      {"أنه", "[ان]+ه"},
      {"العراق", "ال+[عراق]"},
      {"واحد", "[واحد]"},
  };
  for (const auto& [written, split] : expected) {
    const Token* t = Find(tokens, written);
    ASSERT_NE(t, nullptr) << written;
    std::string s;
    for (const std::string& p : t->prefixes) s += p + "+";
    s += "[" + t->base + "]";
    for (const std::string& p : t->suffixes) s += "+" + p;
    EXPECT_EQ(s, split) << written;
    EXPECT_EQ(Slice(text, t->span), written);
    EXPECT_GE(t->base_span.begin, t->span.begin);
    EXPECT_LE(t->base_span.end, t->span.end);
  }
  EXPECT_EQ(Slice(text, Find(tokens, "للكاظمي")->base_span), "كاظمي");
  EXPECT_EQ(Slice(text, Find(tokens, "ومحاسبتها")->base_span), "محاسبت");
}

// ICU's own segments, trimmed of blanks, with '#' + word merged: what the
// tokenizer's fast path must reproduce.
std::vector<std::pair<Span, std::string>> IcuOracle(std::string_view text) {
  std::vector<std::pair<Span, std::string>> out;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(
      icu::BreakIterator::createWordInstance(icu::Locale("ar"), status));
  UText utext = UTEXT_INITIALIZER;
  utext_openUTF8(&utext, text.data(), static_cast<int64_t>(text.size()),
                 &status);
  it->setText(&utext, status);
  auto blank = [](const icu::UnicodeString& s) {
    for (int32_t i = 0; i < s.length(); ++i) {
      const UChar32 c = s.char32At(i);
      const int8_t type = u_charType(c);
      if (!(u_isUWhiteSpace(c) || type == U_CONTROL_CHAR ||
            type == U_FORMAT_CHAR)) {
        return false;
      }
      if (c > 0xFFFF) ++i;
    }
    return true;
  };
  int32_t start = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE;
       start = end, end = it->next()) {
    const int32_t rule = it->getRuleStatus();
    const std::string piece(text.substr(start, end - start));
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(piece);
    if (blank(u)) continue;
    if (!out.empty() && out.back().second == "#" &&
        out.back().first.end == start && rule >= UBRK_WORD_NONE_LIMIT) {
      out.back().first.end = end;
      out.back().second += piece;
      continue;
    }
    // Trim blanks at both ends.
    int32_t b = start;
    int32_t e = end;
    while (b < e) {
      int32_t n = b;
      UChar32 c;
      U8_NEXT(text.data(), n, e, c);
      if (!blank(icu::UnicodeString(c))) break;
      b = n;
    }
    while (e > b) {
      int32_t p = e;
      UChar32 c;
      U8_PREV(text.data(), b, p, c);
      if (!blank(icu::UnicodeString(c))) break;
      e = p;
    }
    out.push_back({Span{b, e}, std::string(text.substr(b, e - b))});
  }
  utext_close(&utext);
  return out;
}

TEST(TokenizerTest, SameTokensAsIcuOnNewsSamples) {
  const std::string dir = testing::SharedDir() + "/data/news-samples";
  KHABAR_REQUIRE_SHARED(dir);
  auto tokenizer = Make(nullptr);
  ASSERT_NE(tokenizer, nullptr);
  std::vector<std::string> files = ReadDir(dir);
  files.push_back(testing::SharedDir() + "/seeds/000_8a377a5b990fa512.txt");
  ASSERT_GT(files.size(), 10u);
  size_t compared = 0;
  for (const std::string& file : files) {
    const std::string text = testing::ReadFileOrEmpty(file);
    const std::vector<Token> tokens = Tokens(*tokenizer, text);
    const auto oracle = IcuOracle(text);
    ASSERT_EQ(tokens.size(), oracle.size()) << file;
    for (size_t i = 0; i < tokens.size(); ++i) {
      ASSERT_EQ(tokens[i].span, oracle[i].first)
          << file << ": token " << i << " '" << tokens[i].text << "' vs '"
          << oracle[i].second << "'";
    }
    compared += tokens.size();
  }
  EXPECT_GT(compared, 10000u);
}

// Each thread caches word analyses; two tokenizers used in turn on one
// thread must not see each other's.
TEST(TokenizerTest, TokenizersWithAndWithoutLexiconInTurn) {
  auto with = Make(CommittedLexicon());
  auto without = Make(nullptr);
  ASSERT_NE(with, nullptr);
  ASSERT_NE(without, nullptr);
  const std::string text = "وبغداد";
  for (int round = 0; round < 3; ++round) {
    EXPECT_THAT(Tokens(*with, text)[0].prefixes, ElementsAre("و"));
    EXPECT_THAT(Tokens(*without, text)[0].prefixes, IsEmpty());
  }
  // A long run of letters: analysed, not cached.
  std::string arabic;
  for (int i = 0; i < 50; ++i) arabic += "بغداد";
  const std::vector<Token> tokens = Tokens(*with, "و" + arabic);
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].base_span, tokens[0].span);
}

TEST(TokenizerTest, SafeToShareAcrossThreads) {
  const std::string path =
      testing::SharedDir() + "/seeds/000_8a377a5b990fa512.txt";
  KHABAR_REQUIRE_SHARED(path);
  const std::string text = testing::ReadFileOrEmpty(path);
  auto tokenizer = Make(CommittedLexicon());
  ASSERT_NE(tokenizer, nullptr);
  auto flat = [](const std::vector<Token>& tokens) {
    std::string s;
    for (const Token& t : tokens) {
      s += t.text + "|" + t.base + "|" + t.word + "|" +
           std::to_string(t.base_span.begin) + "\n";
    }
    return s;
  };
  const std::string expected = flat(Tokens(*tokenizer, text));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        if (flat(Tokens(*tokenizer, text)) != expected) ++mismatches[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(mismatches, ElementsAre(0, 0, 0, 0));
}

// Not a check: prints how often each clitic is split off the Arabic words
// of the news samples, and the tokenizer's speed there.
TEST(TokenizerTest, ReportSplitsAndSpeedOnNewsSamples) {
  const std::string dir = testing::SharedDir() + "/data/news-samples";
  KHABAR_REQUIRE_SHARED(dir);
  auto tokenizer = Make(CommittedLexicon());
  ASSERT_NE(tokenizer, nullptr);
  std::vector<std::string> texts;
  size_t bytes = 0;
  for (const std::string& file : ReadDir(dir)) {
    texts.push_back(testing::ReadFileOrEmpty(file));
    bytes += texts.back().size();
  }
  std::map<std::string, int> by_clitic;
  int words = 0;
  int split = 0;
  for (const std::string& text : texts) {
    for (const Token& t : Tokens(*tokenizer, text)) {
      if (t.kind != TokenKind::kWord) continue;
      ++words;
      if (!t.prefixes.empty() || !t.suffixes.empty()) ++split;
      for (const std::string& p : t.prefixes) ++by_clitic[p + "-"];
      for (const std::string& s : t.suffixes) ++by_clitic["-" + s];
    }
  }
  std::printf("news samples: %d words, %d split (%.1f%%)\n", words, split,
              100.0 * split / std::max(words, 1));
  for (const auto& [clitic, n] : by_clitic) {
    std::printf("  %-6s %5d (%.1f%% of words)\n", clitic.c_str(), n,
                100.0 * n / std::max(words, 1));
  }
  // Speed in sentence-sized calls (lines), for the record only: this
  // thread's CPU time, as the machine may be busy with other work.
  auto cpu_seconds = [] {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
  };
  std::vector<Token> out;
  const double start = cpu_seconds();
  size_t done = 0;
  while (cpu_seconds() - start < 1.0) {
    for (const std::string& text : texts) {
      out.clear();
      for (size_t pos = 0; pos < text.size();) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        tokenizer->Tokenize(
            text, Span{static_cast<int32_t>(pos), static_cast<int32_t>(eol)}, 0,
            &out);
        pos = eol + 1;
      }
    }
    done += bytes;
  }
  std::printf("tokenizer: %.1f MB/s (one thread's CPU time, lexicon loaded)\n",
              done / (cpu_seconds() - start) / 1e6);
}

}  // namespace
}  // namespace khabar
