// The shipped model (models/ner.model) on the seed article: the persons,
// places and organizations of its first paragraphs.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "committed_models.h"
#include "gtest/gtest.h"
#include "ner/ner_model.h"
#include "test_paths.h"
#include "text/sentence_splitter.h"
#include "text/tokenizer.h"

namespace khabar {
namespace {

TEST(NerSeedTest, ShippedModelFindsTheSeedArticlesEntities) {
  const std::string seed =
      testing::SharedDir() + "/seeds/000_8a377a5b990fa512.txt";
  KHABAR_REQUIRE_SHARED(seed);
  auto model = NerModel::Load(testing::SourceDir() + "/models/ner.model");
  ASSERT_TRUE(model.ok()) << model.status();
  auto tokenizer = Tokenizer::Create(testing::CommittedLexicon());
  ASSERT_TRUE(tokenizer.ok());
  auto splitter = SentenceSplitter::Create();
  ASSERT_TRUE(splitter.ok());

  // The headline, deck and first body paragraphs (up to the Washington one).
  const std::string all = testing::ReadFileOrEmpty(seed);
  const size_t cut = all.find("واشنطن");
  ASSERT_NE(cut, std::string::npos);
  const std::string text = all.substr(0, all.find('\n', cut));

  std::vector<Span> sentences;
  (*splitter)->Split(text, Span{0, static_cast<int32_t>(text.size())},
                     &sentences);
  // One document, as the service tags it (both passes of the model).
  std::vector<Token> tokens;
  std::vector<std::pair<int32_t, int32_t>> ranges;
  for (size_t i = 0; i < sentences.size(); ++i) {
    const int32_t begin = static_cast<int32_t>(tokens.size());
    (*tokenizer)
        ->Tokenize(text, sentences[i], static_cast<int32_t>(i), &tokens);
    ranges.emplace_back(begin, static_cast<int32_t>(tokens.size()));
  }
  std::vector<std::vector<NerSpan>> by_sentence;
  (*model)->TagDocument(tokens, ranges, &by_sentence);
  ASSERT_EQ(by_sentence.size(), ranges.size());
  std::vector<NerSpan> spans;
  for (const auto& s : by_sentence)
    spans.insert(spans.end(), s.begin(), s.end());
  std::vector<EntityType> type_of(tokens.size(), EntityType::kMisc);
  std::vector<bool> inside(tokens.size(), false);
  for (const NerSpan& s : spans) {
    ASSERT_LT(s.begin, s.end);
    ASSERT_LE(s.end, static_cast<int32_t>(tokens.size()));
    for (int32_t i = s.begin; i < s.end; ++i) {
      inside[i] = true;
      type_of[i] = s.type;
    }
  }
  // Each name (by its stand-alone form) must be found, inside a mention of
  // the right type, at least once; no occurrence may get another type.
  // (Not every occurrence: a linear model misses some, e.g. a headline's
  // first word.)
  const std::vector<std::pair<std::string, EntityType>> expected = {
      {"بلينكن", EntityType::kPerson},      {"الكاظمي", EntityType::kPerson},
      {"اربيل", EntityType::kLocation},     {"بغداد", EntityType::kLocation},
      {"واشنطن", EntityType::kLocation},    {"العراق", EntityType::kLocation},
      {"الناتو", EntityType::kOrganization}};
  for (const auto& [word, type] : expected) {
    int found = 0, right = 0;
    std::string misses;
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (tokens[i].word != word) continue;
      ++found;
      if (inside[i] && type_of[i] == type) {
        ++right;
      } else if (inside[i]) {
        misses += " " + tokens[i].text + "@" + std::to_string(i);
      }
    }
    EXPECT_GT(found, 0) << word;
    EXPECT_GT(right, 0) << word;
    EXPECT_TRUE(misses.empty()) << word << " with another type:" << misses;
  }
}

}  // namespace
}  // namespace khabar
