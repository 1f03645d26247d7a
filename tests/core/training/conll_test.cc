#include "training/conll.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace khabar {
namespace {

using Tags = std::vector<std::string>;

TEST(ConllTest, ParsesSentencesAndCleansWikiFaneQuirks) {
  // BOM, CRLF, U+200E before tokens, tabs, runs of blank lines.
  const std::string text =
      "\xEF\xBB\xBF\xE2\x80\x8Eجاء\tO\r\n\xE2\x80\x8Eبغداد\tB-Nation\r\n\r\n"
      "\r\nفي O\nعمان B-LOC\n";
  const std::vector<ConllSentence> s = ParseConll(text);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].tokens, (Tags{"جاء", "بغداد"}));
  EXPECT_EQ(s[0].tags, (Tags{"O", "B-Nation"}));
  EXPECT_EQ(s[1].tokens, (Tags{"في", "عمان"}));
  EXPECT_EQ(s[1].tags, (Tags{"O", "B-LOC"}));
}

TEST(ConllTest, ChunksLikeConllevalWithIAfterO) {
  const Tags tags = {"B-PERS", "I-PERS", "O",     "I-LOC",
                     "I-LOC",  "B-ORG",  "I-LOC", "B-MISC"};
  const std::vector<Chunk> chunks = ExtractChunks(tags);
  ASSERT_EQ(chunks.size(), 5u);
  EXPECT_EQ(chunks[0], (Chunk{0, 2, "PERS"}));
  EXPECT_EQ(chunks[1], (Chunk{3, 5, "LOC"}));  // I- after O starts one.
  EXPECT_EQ(chunks[2], (Chunk{5, 6, "ORG"}));
  EXPECT_EQ(chunks[3], (Chunk{6, 7, "LOC"}));  // Type change starts one.
  EXPECT_EQ(chunks[4], (Chunk{7, 8, "MISC"}));
}

TEST(ConllTest, ScoresMatchHandComputedValues) {
  NerScorer scorer;
  // Gold: PERS[0,2) LOC[3,4) ORG[5,7) (an I- after O).
  // Predicted: PERS[0,2) LOC[3,4) ORG[6,7) MISC[7,8).
  scorer.Add({"B-PERS", "I-PERS", "O", "B-LOC", "O", "I-ORG", "I-ORG", "O"},
             {"B-PERS", "I-PERS", "O", "B-LOC", "O", "O", "I-ORG", "B-MISC"});
  // Gold LOC[1,3) as I- I-; predicted B- I-: the same entity.
  scorer.Add({"O", "I-LOC", "I-LOC"}, {"O", "B-LOC", "I-LOC"});
  const PrfCounts& o = scorer.overall();
  EXPECT_EQ(o.gold, 4);
  EXPECT_EQ(o.predicted, 5);
  EXPECT_EQ(o.correct, 3);
  EXPECT_NEAR(o.Precision(), 60.0, 1e-9);
  EXPECT_NEAR(o.Recall(), 75.0, 1e-9);
  EXPECT_NEAR(o.F1(), 2 * 60.0 * 75.0 / 135.0, 1e-9);
  const PrfCounts& org = scorer.by_type().at("ORG");
  EXPECT_EQ(org.gold, 1);
  EXPECT_EQ(org.predicted, 1);
  EXPECT_EQ(org.correct, 0);
  EXPECT_EQ(scorer.by_type().at("LOC").correct, 2);
  EXPECT_EQ(scorer.by_type().at("MISC").gold, 0);
  EXPECT_NE(scorer.Report().find("overall"), std::string::npos);
}

TEST(ConllTest, RepairBioKeepsChunks) {
  Tags tags = {"I-PERS", "I-PERS", "O", "I-LOC", "B-ORG", "I-LOC"};
  const std::vector<Chunk> before = ExtractChunks(tags);
  RepairBio(&tags);
  EXPECT_EQ(tags, (Tags{"B-PERS", "I-PERS", "O", "B-LOC", "B-ORG", "B-LOC"}));
  const std::vector<Chunk> after = ExtractChunks(tags);
  ASSERT_EQ(before.size(), after.size());
  for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(before[i], after[i]);
}

TEST(ConllTest, MapsWikiFaneClasses) {
  EXPECT_EQ(CoarseWikiFaneTag("B-Politician"), "B-PERS");
  EXPECT_EQ(CoarseWikiFaneTag("I-Nation"), "I-LOC");
  EXPECT_EQ(CoarseWikiFaneTag("B-Population-Center"), "B-LOC");
  EXPECT_EQ(CoarseWikiFaneTag("B-Government"), "B-ORG");
  EXPECT_EQ(CoarseWikiFaneTag("B-Software"), "B-MISC");
  EXPECT_EQ(CoarseWikiFaneTag("B-Group"), "O");
  EXPECT_EQ(CoarseWikiFaneTag("I-PERS"), "I-PERS");
  EXPECT_EQ(CoarseWikiFaneTag("O"), "O");
}

TEST(ConllTest, TagOutputAlignsWithInput) {
  const std::string input =
      "\xEF\xBB\xBF"
      "a X\r\nb\tY\n\n\n  \nc Z extra\nd\n\ne W\n";
  std::vector<std::vector<std::string>> seen;
  const std::string out = TagConllText(
      input, [&](const std::vector<std::string>& words, Tags* tags) {
        seen.push_back(words);
        for (size_t i = 0; i < words.size(); ++i) {
          tags->push_back(i == 0 ? "B-PERS" : "I-PERS");
        }
      });
  EXPECT_EQ(out, "a B-PERS\nb I-PERS\n\n\n\nc B-PERS\nd I-PERS\n\ne B-PERS\n");
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[1], (Tags{"c", "d"}));
}

}  // namespace
}  // namespace khabar
