#include "text/clitics.h"

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
#include "text/normalizer.h"

namespace khabar {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// "و+ب+[base]+ه" for readable failures.
std::string Show(const CliticSplit& split) {
  std::string s;
  for (const std::string& p : split.prefixes) s += p + "+";
  s += "[" + split.base + "]";
  for (const std::string& p : split.suffixes) s += "+" + p;
  return s + " word=" + split.word;
}

// Splits `written` (any spelling) as the tokenizer does: matching form, and
// the teh marbuta flag from the last letter.
CliticSplit SplitWritten(const CliticSplitter& splitter,
                         const std::string& written) {
  const bool teh_marbuta =
      written.size() >= 2 && written.compare(written.size() - 2, 2, "ة") == 0;
  return splitter.Split(MatchingForm(written), teh_marbuta);
}

// The base's bytes within the matching form.
std::string BaseSpan(const std::string& written, const CliticSplit& split) {
  return MatchingForm(written).substr(split.base_begin,
                                      split.base_end - split.base_begin);
}

using testing::CommittedLexicon;

TEST(CliticsTest, WithoutLexiconOnlyArticleFormsSplit) {
  const CliticSplitter splitter(nullptr);
  struct Case {
    std::string written;
    std::vector<std::string> prefixes;
    std::string base;
    std::string word;
  };
  const Case cases[] = {
      {"والكاظمي", {"و", "ال"}, "كاظمي", "الكاظمي"},
      {"للكاظمي", {"ل", "ال"}, "كاظمي", "الكاظمي"},
      {"بالهجوم", {"ب", "ال"}, "هجوم", "الهجوم"},
      {"فالحكومة", {"ف", "ال"}, "حكومه", "الحكومه"},
      {"كالعادة", {"ك", "ال"}, "عاده", "العاده"},
      {"وبالتالي", {"و", "ب", "ال"}, "تالي", "التالي"},
      {"وللمرة", {"و", "ل", "ال"}, "مره", "المره"},
      {"الولايات", {"ال"}, "ولايات", "الولايات"},
      // Everything else stays whole.
      {"وبغداد", {}, "وبغداد", "وبغداد"},
      {"لبغداد", {}, "لبغداد", "لبغداد"},
      {"بلاده", {}, "بلاده", "بلاده"},
      {"وأكد", {}, "واكد", "واكد"},
      {"سيوسع", {}, "سيوسع", "سيوسع"},
      {"بلينكن", {}, "بلينكن", "بلينكن"},
      // Listed words and too-short bases.
      {"الله", {}, "الله", "الله"},
      {"التي", {}, "التي", "التي"},
      {"إليه", {}, "اليه", "اليه"},
      {"والد", {}, "والد", "والد"},
  };
  for (const Case& c : cases) {
    const CliticSplit split = SplitWritten(splitter, c.written);
    EXPECT_EQ(split.prefixes, c.prefixes) << c.written << ": " << Show(split);
    EXPECT_EQ(split.base, c.base) << c.written << ": " << Show(split);
    EXPECT_EQ(split.word, c.word) << c.written << ": " << Show(split);
    EXPECT_THAT(split.suffixes, IsEmpty()) << c.written;
  }
}

TEST(CliticsTest, BaseRangeIndexesTheMatchingForm) {
  const CliticSplitter splitter(nullptr);
  const CliticSplit split = splitter.Split(MatchingForm("للكاظمي"));
  EXPECT_EQ(BaseSpan("للكاظمي", split), "كاظمي");
  const CliticSplit whole = splitter.Split(MatchingForm("بغداد"));
  EXPECT_EQ(whole.base_begin, 0);
  EXPECT_EQ(whole.base_end, static_cast<int32_t>(MatchingForm("بغداد").size()));
}

TEST(CliticsTest, NonArabicAndShortInputStaysWhole) {
  const CliticSplitter splitter(nullptr);
  for (const std::string s : {"", "و", "ال", "cnn", "كوفيد19", "بـ"}) {
    const std::string m = MatchingForm(s);
    const CliticSplit split = splitter.Split(m);
    EXPECT_THAT(split.prefixes, IsEmpty()) << s;
    EXPECT_EQ(split.base, m) << s;
    EXPECT_EQ(split.word, m) << s;
  }
}

// The mechanism on a hand-made lexicon: a rest wins when the whole word is
// not far more frequent than clitic + rest would be.
TEST(CliticsTest, SmallLexiconDecidesByCounts) {
  const auto lexicon = Lexicon::FromCounts({
      {"بغداد", 500},  {"وبغداد", 30},  {"لبغداد", 6},   {"كان", 14000},
      {"ان", 100000},  {"وليد", 250},   {"ليد", 10},     {"الوليد", 300},
      {"وقال", 18000}, {"قال", 9600},   {"بلاد", 130},   {"البلاد", 3000},
      {"بلاده", 3000}, {"بلادها", 250}, {"بلادهم", 300}, {"مدين", 7},
      {"مدينه", 6000}, {"كبير", 3600},  {"الكبير", 900}, {"كبيره", 3600},
  });
  const CliticSplitter splitter(lexicon.get());
  EXPECT_EQ(Show(splitter.Split("بغداد")), "[بغداد] word=بغداد");
  EXPECT_EQ(Show(splitter.Split("وبغداد")), "و+[بغداد] word=بغداد");
  EXPECT_EQ(Show(splitter.Split("لبغداد")), "ل+[بغداد] word=بغداد");
  EXPECT_EQ(Show(splitter.Split("كان")), "[كان] word=كان");
  // A lexeme takes clitics itself (الوليد); و + a verb never does.
  EXPECT_EQ(Show(splitter.Split("وليد")), "[وليد] word=وليد");
  // و + a sentence-opening verb: more frequent than the verb, but nothing
  // ever stands in front of it.
  EXPECT_EQ(Show(splitter.Split("وقال")), "و+[قال] word=قال");
  EXPECT_EQ(Show(splitter.Split("بلاده")), "[بلاد]+ه word=بلاد");
  // ة (written) is no pronoun; ه may be.
  EXPECT_EQ(Show(splitter.Split("كبيره", /*final_teh_marbuta=*/true)),
            "[كبيره] word=كبيره");
  EXPECT_EQ(Show(splitter.Split("كبيره")), "[كبير]+ه word=كبير");
  EXPECT_EQ(Show(splitter.Split("مدينه")), "[مدينه] word=مدينه");
}

// A feminine plural pronoun is split only where the stem takes the
// masculine one at least as often: كوهن (Cohen) is no كو + هن.
TEST(CliticsTest, FemininePluralPronounNeedsItsMasculineCounterpart) {
  const auto lexicon = Lexicon::FromCounts({
      {"كو", 45},
      {"كوهن", 5},
      {"كوه", 9},
      {"من", 90000},
      {"لهم", 9000},
      {"لهن", 90},
      {"بيت", 2000},
      {"البيت", 3000},
      {"بيتكم", 40},
      {"بيتكن", 3},
      {"كوهين", 313},
  });
  const CliticSplitter splitter(lexicon.get());
  EXPECT_EQ(Show(splitter.Split("كوهن")), "[كوهن] word=كوهن");
  EXPECT_EQ(Show(splitter.Split("منهن")), "[من]+هن word=من");
  EXPECT_EQ(Show(splitter.Split("بيتكن")), "[بيت]+كن word=بيت");
}

struct Expected {
  const char* written;
  const char* split;      // As Show() prints it.
  const char* base_span;  // The base's letters in the matching form.
};

class CommittedLexiconTest : public ::testing::TestWithParam<Expected> {};

TEST_P(CommittedLexiconTest, Splits) {
  ASSERT_NE(CommittedLexicon(), nullptr);
  const CliticSplitter splitter(CommittedLexicon());
  const Expected& e = GetParam();
  const CliticSplit split = SplitWritten(splitter, e.written);
  EXPECT_EQ(Show(split), e.split) << e.written;
  EXPECT_EQ(BaseSpan(e.written, split), e.base_span) << e.written;
}

INSTANTIATE_TEST_SUITE_P(
    RequiredExamples, CommittedLexiconTest,
    ::testing::Values(
        // Names and words that merely start with a clitic letter.
        Expected{"بلينكن", "[بلينكن] word=بلينكن", "بلينكن"},
        Expected{"كوهن", "[كوهن] word=كوهن", "كوهن"},
        Expected{"ترامب", "[ترامب] word=ترامب", "ترامب"},
        Expected{"بغداد", "[بغداد] word=بغداد", "بغداد"},
        Expected{"لبنان", "[لبنان] word=لبنان", "لبنان"},
        Expected{"فرنسا", "[فرنسا] word=فرنسا", "فرنسا"},
        Expected{"سوريا", "[سوريا] word=سوريا", "سوريا"},
        Expected{"بريطانيا", "[بريطانيا] word=بريطانيا", "بريطانيا"},
        Expected{"كما", "[كما] word=كما", "كما"},
        Expected{"كان", "[كان] word=كان", "كان"},
        Expected{"لكن", "[لكن] word=لكن", "لكن"},
        Expected{"وليد", "[وليد] word=وليد", "وليد"},
        Expected{"بيان", "[بيان] word=بيان", "بيان"},
        Expected{"بلاد", "[بلاد] word=بلاد", "بلاد"},
        Expected{"بحثا", "[بحثا] word=بحثا", "بحثا"},
        Expected{"بعيد", "[بعيد] word=بعيد", "بعيد"},
        Expected{"بين", "[بين] word=بين", "بين"},
        Expected{"فقط", "[فقط] word=فقط", "فقط"},
        Expected{"وكالة", "[وكاله] word=وكاله", "وكاله"},
        Expected{"فكرة", "[فكره] word=فكره", "فكره"},
        Expected{"عربي", "[عربي] word=عربي", "عربي"},
        Expected{"تلك", "[تلك] word=تلك", "تلك"},
        Expected{"هناك", "[هناك] word=هناك", "هناك"},
        Expected{"بنك", "[بنك] word=بنك", "بنك"},
        // Proclitics.
        Expected{"وبغداد", "و+[بغداد] word=بغداد", "بغداد"},
        Expected{"لبغداد", "ل+[بغداد] word=بغداد", "بغداد"},
        Expected{"ولبنان", "و+[لبنان] word=لبنان", "لبنان"},
        Expected{"للبنان", "ل+[لبنان] word=لبنان", "لبنان"},
        Expected{"وفرنسا", "و+[فرنسا] word=فرنسا", "فرنسا"},
        Expected{"وبريطانيا", "و+[بريطانيا] word=بريطانيا", "بريطانيا"},
        Expected{"ولكن", "و+[لكن] word=لكن", "لكن"},
        Expected{"وأكد", "و+[اكد] word=اكد", "اكد"},
        Expected{"وأضاف", "و+[اضاف] word=اضاف", "اضاف"},
        Expected{"وقال", "و+[قال] word=قال", "قال"},
        Expected{"سيوسع", "س+[يوسع] word=يوسع", "يوسع"},
        Expected{"ستكون", "س+[تكون] word=تكون", "تكون"},
        Expected{"لكرة", "ل+[كره] word=كره", "كره"},
        // The article, kept, elided after ل, or part of the word.
        Expected{"للكاظمي", "ل+ال+[كاظمي] word=الكاظمي", "كاظمي"},
        Expected{"والكاظمي", "و+ال+[كاظمي] word=الكاظمي", "كاظمي"},
        Expected{"بالهجوم", "ب+ال+[هجوم] word=الهجوم", "هجوم"},
        Expected{"الولايات", "ال+[ولايات] word=الولايات", "ولايات"},
        Expected{"للجدل", "ل+ال+[جدل] word=الجدل", "جدل"},
        Expected{"وللمرة", "و+ل+ال+[مره] word=المره", "مره"},
        Expected{"وبالتالي", "و+ب+ال+[تالي] word=التالي", "تالي"},
        Expected{"للجنة", "ل+ال+[لجنه] word=اللجنه", "لجنه"},
        Expected{"المانيا", "[المانيا] word=المانيا", "المانيا"},
        Expected{"لألمانيا", "ل+[المانيا] word=المانيا", "المانيا"},
        Expected{"التزام", "[التزام] word=التزام", "التزام"},
        Expected{"الله", "[الله] word=الله", "الله"},
        Expected{"التي", "[التي] word=التي", "التي"},
        // Pronouns, with ة, ى and ء restored in the stand-alone word.
        Expected{"بلاده", "[بلاد]+ه word=بلاد", "بلاد"},
        Expected{"بيانهم", "[بيان]+هم word=بيان", "بيان"},
        Expected{"حكومته", "[حكومه]+ه word=حكومه", "حكومت"},
        Expected{"مستواه", "[مستوي]+ه word=مستوي", "مستوا"},
        Expected{"أبناؤهم", "[ابناء]+هم word=ابناء", "ابناؤ"},
        Expected{"التزامها", "[التزام]+ها word=التزام", "التزام"},
        Expected{"إليه", "[الي]+ه word=الي", "الي"},
        Expected{"والده", "[والد]+ه word=والد", "والد"},
        Expected{"المهم", "ال+[مهم] word=المهم", "مهم"},
        Expected{"مدينة", "[مدينه] word=مدينه", "مدينه"},
        Expected{"مدينته", "[مدينه]+ه word=مدينه", "مدينت"}));

TEST(CliticsTest, SafeToShareAcrossThreads) {
  ASSERT_NE(CommittedLexicon(), nullptr);
  const CliticSplitter splitter(CommittedLexicon());
  const std::vector<std::string> words = {"وبغداد", "للكاظمي", "بلاده",
                                          "حكومته", "بلينكن",  "وأضاف"};
  std::vector<std::string> expected;
  for (const std::string& w : words) {
    expected.push_back(Show(SplitWritten(splitter, w)));
  }
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 500; ++round) {
        for (size_t i = 0; i < words.size(); ++i) {
          if (Show(SplitWritten(splitter, words[i])) != expected[i]) {
            ++mismatches[t];
          }
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(mismatches, ElementsAre(0, 0, 0, 0));
}

}  // namespace
}  // namespace khabar
