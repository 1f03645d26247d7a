#include "ner/mentions.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "committed_models.h"
#include "gtest/gtest.h"
#include "ner/ner_model.h"
#include "test_paths.h"
#include "text/tokenizer.h"

namespace khabar {
namespace {

// One sentence, tagged as the analyzer tags an article.
struct Tagged {
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  std::vector<NerSpan> spans;     // The tagger's own output.
  std::vector<Mention> mentions;  // What FindMentions keeps.
};

Tagged Tag(const NerModel& model, const std::string& text) {
  Tagged t;
  auto tokenizer = Tokenizer::Create(testing::CommittedLexicon());
  EXPECT_TRUE(tokenizer.ok());
  const Span all{0, static_cast<int32_t>(text.size())};
  (*tokenizer)->Tokenize(text, all, 0, &t.tokens);
  Sentence sentence;
  sentence.span = all;
  sentence.token_count = static_cast<int32_t>(t.tokens.size());
  t.sentences.push_back(sentence);
  std::vector<std::vector<NerSpan>> by_sentence;
  model.TagDocument(t.tokens, {{0, sentence.token_count}}, &by_sentence);
  t.spans = by_sentence[0];
  t.mentions =
      FindMentions(model, text, t.sentences, t.tokens, nullptr, nullptr);
  return t;
}

// The tagger follows ANERcorp, which calls currencies and الله MISC; the
// mentions, which become the analysis's entities, leave them out.
TEST(FindMentionsTest, CurrenciesAndAllahAreNoEntities) {
  auto model = NerModel::Load(testing::SourceDir() + "/models/ner.model");
  ASSERT_TRUE(model.ok()) << model.status();
  const std::string text =
      "وارتفع سعر الدولار أمام اليورو في بورصة لندن، وقال الرئيس إن الله "
      "وحده يعلم.";
  const Tagged t = Tag(**model, text);
  int misc = 0;
  for (const NerSpan& s : t.spans) misc += s.type == EntityType::kMisc;
  ASSERT_GT(misc, 0) << "the tagger no longer calls any of them MISC";
  bool london = false;
  for (const Mention& m : t.mentions) {
    EXPECT_NE(m.type, EntityType::kMisc) << m.text;
    london |= m.text == "لندن";
  }
  EXPECT_TRUE(london) << "other mentions stay";
}

}  // namespace
}  // namespace khabar
