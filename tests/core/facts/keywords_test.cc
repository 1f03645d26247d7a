// Keywords: counts on bases, stopwords, phrases, scores; the seed article.
#include "facts/keywords.h"

#include <string>
#include <vector>

#include "committed_models.h"
#include "facts_test_util.h"
#include "gtest/gtest.h"
#include "khabar/analyzer.h"
#include "khabar/cancellation.h"
#include "test_paths.h"

namespace khabar {
namespace {

std::vector<Keyword> KeywordsOf(const std::string& text) {
  AnalyzerOptions options;
  options.lexicon_path = testing::SourceDir() + "/models/lexicon.tsv";
  options.stopwords_path = testing::SourceDir() + "/models/stopwords_ar.txt";
  static const Analyzer* analyzer = [&] {
    auto created = Analyzer::Create(options);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? created->release() : nullptr;
  }();
  Article article;
  article.text = text;
  auto analysis = analyzer->Analyze(article, AnalyzeOptions());
  EXPECT_TRUE(analysis.ok());
  return analysis.ok() ? analysis->keywords : std::vector<Keyword>();
}

const Keyword* Find(const std::vector<Keyword>& keywords,
                    const std::string& normalized) {
  for (const Keyword& k : keywords) {
    if (k.normalized == normalized) return &k;
  }
  return nullptr;
}

TEST(KeywordsTest, CliticsDoNotSplitCounts) {
  auto keywords = KeywordsOf(
      "اجتمع وزراء الحلف في بروكسل. وقرر الحلف توسيع مهمته، وأعلن أمين "
      "الحلف أن للحلف دورا أكبر. وتعهد الحلف بدعم العراق.");
  const Keyword* alliance = Find(keywords, "حلف");
  ASSERT_NE(alliance, nullptr);
  EXPECT_EQ(alliance->count, 5);
  EXPECT_EQ(alliance->text, "الحلف");
  EXPECT_EQ(keywords.front().normalized, "حلف");
  EXPECT_DOUBLE_EQ(keywords.front().score, 1.0);
}

TEST(KeywordsTest, StopwordsAreNotKeywords) {
  auto keywords = KeywordsOf("في في من من على على إلى إلى التي التي.");
  EXPECT_TRUE(keywords.empty());
}

TEST(KeywordsTest, RepeatedPhrasesAndSubsumption) {
  auto keywords = KeywordsOf(
      "أعلنت الأمم المتحدة خطة جديدة. ورحبت الأمم المتحدة بالخطة. "
      "وقالت الأمم المتحدة إن الخطة تبدأ غدا.");
  const Keyword* un = Find(keywords, "امم متحده");
  ASSERT_NE(un, nullptr);
  EXPECT_EQ(un->count, 3);
  EXPECT_EQ(un->text, "الأمم المتحدة");
  // Each word always occurs inside the phrase: only the phrase is kept.
  EXPECT_EQ(Find(keywords, "امم"), nullptr);
}

TEST(KeywordsTest, SubsumptionTakesWholeWordsOnly) {
  // "سلام" is the start of "سلامه" in the phrase, not one of its words: it
  // stays, though its count equals the phrase's.
  auto keywords = KeywordsOf(
      "تحدث الوزير عن سلامة الطرق. ودعا إلى سلام دائم. وشدد على سلامة "
      "الطرق. وقال إن سلام المنطقة أولوية.");
  const Keyword* phrase = Find(keywords, "سلامه طرق");
  ASSERT_NE(phrase, nullptr);
  EXPECT_EQ(phrase->count, 2);
  const Keyword* peace = Find(keywords, "سلام");
  ASSERT_NE(peace, nullptr);
  EXPECT_EQ(peace->count, 2);
  EXPECT_EQ(Find(keywords, "طرق"), nullptr);  // A whole word of the phrase.
}

TEST(KeywordsTest, SeedArticle) {
  const std::string path =
      testing::SharedDir() + "/seeds/000_8a377a5b990fa512.txt";
  KHABAR_REQUIRE_SHARED(path);
  auto keywords = KeywordsOf(testing::ReadFileOrEmpty(path));
  ASSERT_GE(keywords.size(), 5u);
  // The alliance, Iraq's prime minister, Blinken and Erbil lead.
  std::vector<std::string> top;
  for (size_t i = 0; i < 6; ++i) top.push_back(keywords[i].normalized);
  for (const char* expected : {"حلف", "كاظمي", "بلينكن", "اربيل"}) {
    EXPECT_NE(std::find(top.begin(), top.end(), expected), top.end())
        << expected;
  }
  for (size_t i = 1; i < keywords.size(); ++i) {
    EXPECT_LE(keywords[i].score, keywords[i - 1].score);
  }
}

TEST(KeywordsTest, StopwordFileErrors) {
  EXPECT_FALSE(
      KeywordExtractor::Create("/nonexistent/stopwords", nullptr).ok());
  auto extractor = KeywordExtractor::Create(
      testing::SourceDir() + "/models/stopwords_ar.txt", nullptr);
  ASSERT_TRUE(extractor.ok());
  // 119 lines upstream; spelling variants share a matching form.
  EXPECT_EQ((*extractor)->stopword_count(), 88u);
}

TEST(KeywordsTest, StopsWhenCancelled) {
  auto extractor = KeywordExtractor::Create(
      testing::SourceDir() + "/models/stopwords_ar.txt", nullptr);
  ASSERT_TRUE(extractor.ok());
  testing::Tokenized t = testing::TokenizeOneSentence(
      "الانتخابات البرلمانية العراقية. الانتخابات البرلمانية العراقية.");
  ASSERT_FALSE((*extractor)->Extract(t.text, t.sentences, t.tokens).empty());
  Cancellation cancelled;
  cancelled.Cancel();
  EXPECT_TRUE((*extractor)
                  ->Extract(t.text, t.sentences, t.tokens, 10, &cancelled)
                  .empty());
}

}  // namespace
}  // namespace khabar
