// Helpers for the entity-stage tests: tokenize a sentence with the
// committed lexicon and make mentions over chosen words, as FindMentions
// does.
#ifndef KHABAR_TESTS_CORE_ENTITY_TEST_UTIL_H_
#define KHABAR_TESTS_CORE_ENTITY_TEST_UTIL_H_

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "committed_models.h"
#include "gtest/gtest.h"
#include "khabar/analysis.h"
#include "text/tokenizer.h"

namespace khabar::testing {

inline std::vector<Token> TokenizeText(const std::string& text) {
  static const Tokenizer* tokenizer = [] {
    auto created = Tokenizer::Create(CommittedLexicon());
    EXPECT_TRUE(created.ok());
    return created.ok() ? created->release() : nullptr;
  }();
  std::vector<Token> tokens;
  tokenizer->Tokenize(text, {0, static_cast<int32_t>(text.size())}, 0, &tokens);
  return tokens;
}

// A mention over the `count` tokens starting at the first token whose
// text is `first_text` at or after token `from`.
inline Mention MentionAt(std::string_view text,
                         const std::vector<Token>& tokens,
                         const std::string& first_text, int32_t count,
                         EntityType type, int32_t from = 0) {
  Mention m;
  for (int32_t i = from; i < static_cast<int32_t>(tokens.size()); ++i) {
    if (tokens[i].text != first_text) continue;
    m.first_token = i;
    m.end_token = i + count;
    m.span = {tokens[i].word_span.begin,
              std::max(tokens[i].word_span.begin,
                       tokens[i + count - 1].base_span.end)};
    m.text = std::string(text.substr(m.span.begin, m.span.size()));
    m.type = type;
    m.confidence = 0.9;
    return m;
  }
  ADD_FAILURE() << "no token " << first_text;
  return m;
}

}  // namespace khabar::testing

#endif  // KHABAR_TESTS_CORE_ENTITY_TEST_UTIL_H_
