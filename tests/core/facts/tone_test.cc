// Tone: polarity counts, negation, labels, per-sentence scores, the
// committed lexicon on attack and agreement news and on the seed article.
#include "facts/tone.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "khabar/analyzer.h"
#include "test_paths.h"

namespace khabar {
namespace {

const Analyzer& Engine() {
  static const Analyzer* analyzer = [] {
    AnalyzerOptions options;
    options.lexicon_path = testing::SourceDir() + "/models/lexicon.tsv";
    options.tone_lexicon_path =
        testing::SourceDir() + "/models/tone_lexicon.tsv";
    auto created = Analyzer::Create(options);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? created->release() : nullptr;
  }();
  return *analyzer;
}

Analysis Analyse(const std::string& text) {
  Article article;
  article.text = text;
  auto analysis = Engine().Analyze(article, AnalyzeOptions());
  EXPECT_TRUE(analysis.ok());
  return analysis.ok() ? *analysis : Analysis();
}

TEST(ToneTest, AttacksAreNegative) {
  Analysis a = Analyse(
      "قتل عشرة أشخاص وأصيب عشرون آخرون في هجوم انتحاري استهدف سوقا "
      "شعبيا، وأثار التفجير مخاوف من تصاعد العنف.");
  ASSERT_TRUE(a.has_tone);
  EXPECT_LT(a.tone.score, -0.5);
  EXPECT_EQ(a.tone.label, ToneLabel::kNegative);
  EXPECT_GT(a.tone.negative, a.tone.positive);
  EXPECT_DOUBLE_EQ(a.tone.positive + a.tone.negative, 1.0);
}

TEST(ToneTest, AgreementsArePositive) {
  Analysis a = Analyse(
      "وقع البلدان اتفاقية تعاون لتعزيز الشراكة الاقتصادية، ورحب الوزيران "
      "بالاتفاق الذي يدعم الاستقرار والتنمية في المنطقة.");
  EXPECT_GT(a.tone.score, 0.5);
  EXPECT_EQ(a.tone.label, ToneLabel::kPositive);
}

TEST(ToneTest, NegationFlipsPolarity) {
  auto scorer = ToneScorer::FromWords({{"نجاح", 1}});
  std::vector<Token> tokens(3);
  tokens[0].base = "لم";
  tokens[1].base = "يحقق";
  tokens[2].base = "نجاح";
  std::vector<Sentence> sentences(1);
  sentences[0].token_count = 3;
  Tone tone = scorer->Score(tokens, &sentences);
  EXPECT_LT(tone.score, 0);
  EXPECT_DOUBLE_EQ(tone.negative, 1.0);
  EXPECT_LT(sentences[0].tone, 0);
  tokens[0].base = "قد";
  tone = scorer->Score(tokens, &sentences);
  EXPECT_GT(tone.score, 0);
}

TEST(ToneTest, LabelsAndPerSentenceScores) {
  auto scorer = ToneScorer::FromWords({{"نجاح", 1}, {"فشل", -1}});
  auto make = [](std::vector<std::string> bases, int sentence_count) {
    std::vector<Token> tokens(bases.size());
    for (size_t i = 0; i < bases.size(); ++i) tokens[i].base = bases[i];
    return tokens;
  };
  // Two sentences: nothing, then two of each: MIXED.
  std::vector<Token> tokens = make({"كلمه", "نجاح", "فشل", "نجاح", "فشل"}, 2);
  std::vector<Sentence> sentences(2);
  sentences[0].token_count = 1;
  sentences[1].first_token = 1;
  sentences[1].token_count = 4;
  Tone tone = scorer->Score(tokens, &sentences);
  EXPECT_EQ(tone.label, ToneLabel::kMixed);
  EXPECT_DOUBLE_EQ(tone.score, 0);
  EXPECT_DOUBLE_EQ(sentences[0].tone, 0);
  // No polarity words: NEUTRAL.
  tokens = make({"كلمه", "اخري"}, 1);
  sentences.assign(1, Sentence());
  sentences[0].token_count = 2;
  EXPECT_EQ(scorer->Score(tokens, &sentences).label, ToneLabel::kNeutral);
}

TEST(ToneTest, LexiconFileErrors) {
  EXPECT_FALSE(ToneScorer::Load("/nonexistent/tone.tsv").ok());
  auto loaded =
      ToneScorer::Load(testing::SourceDir() + "/models/tone_lexicon.tsv");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_GT((*loaded)->size(), 150u);
  EXPECT_NE((*loaded)->description().find("SO-PMI"), std::string::npos);
}

TEST(ToneTest, SeedArticleIsNegative) {
  const std::string path =
      testing::SharedDir() + "/seeds/000_8a377a5b990fa512.txt";
  KHABAR_REQUIRE_SHARED(path);
  Analysis a = Analyse(testing::ReadFileOrEmpty(path));
  // Rocket attacks, deaths and terrorism outweigh the cooperation.
  EXPECT_EQ(a.tone.label, ToneLabel::kNegative);
  // The casualty sentence is negative; the praise for the government's
  // reforms positive.
  for (const Sentence& s : a.sentences) {
    if (s.text.find("بمقتل متعاقد") != std::string::npos) {
      EXPECT_LT(s.tone, 0);
    }
    if (s.text.find("وأعرب عن «إعجاب") != std::string::npos) {
      EXPECT_GT(s.tone, 0);
    }
  }
}

}  // namespace
}  // namespace khabar
