// Tokens of a text for the numbers, quantities, dates and events tests.
#ifndef KHABAR_TESTS_CORE_FACTS_TEST_UTIL_H_
#define KHABAR_TESTS_CORE_FACTS_TEST_UTIL_H_

#include <memory>
#include <string>
#include <vector>

#include "committed_models.h"
#include "gtest/gtest.h"
#include "khabar/analysis.h"
#include "text/tokenizer.h"

namespace khabar::testing {

// One sentence: the whole text.
struct Tokenized {
  std::string text;
  std::vector<Sentence> sentences;
  std::vector<Token> tokens;
};

inline Tokenized TokenizeOneSentence(const std::string& text) {
  static const Tokenizer* tokenizer = [] {
    auto created = Tokenizer::Create(CommittedLexicon());
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? created->release() : nullptr;
  }();
  Tokenized out;
  out.text = text;
  Sentence sentence;
  sentence.span = {0, static_cast<int32_t>(text.size())};
  tokenizer->Tokenize(out.text, sentence.span, 0, &out.tokens);
  sentence.token_count = static_cast<int32_t>(out.tokens.size());
  out.sentences.push_back(sentence);
  return out;
}

}  // namespace khabar::testing

#endif  // KHABAR_TESTS_CORE_FACTS_TEST_UTIL_H_
