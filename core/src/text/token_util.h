// Small predicates over tokens (khabar/analysis.h's Token) that the NER,
// entity and fact stages share: clitics, matching forms, kinds. Inline:
// they run per token on the stages' hot paths.
#ifndef KHABAR_CORE_SRC_TEXT_TOKEN_UTIL_H_
#define KHABAR_CORE_SRC_TEXT_TOKEN_UTIL_H_

#include <algorithm>
#include <string_view>

#include "khabar/analysis.h"

namespace khabar {

// True when `prefix` (matching form: و ف ب ل ك س ال) is one of the token's
// proclitics, wherever it stands among them.
inline bool HasPrefix(const Token& token, std::string_view prefix) {
  return std::find(token.prefixes.begin(), token.prefixes.end(), prefix) !=
         token.prefixes.end();
}

// True when the token's base (matching form, every clitic and the article
// off) is `base`.
inline bool IsBase(const Token& token, std::string_view base) {
  return token.base == base;
}

// True when the token's stand-alone word (matching form, clitics off, the
// article kept or restored) is `word`.
inline bool IsWordForm(const Token& token, std::string_view word) {
  return token.word == word;
}

// True for a word of any script, a number or a hashtag: not punctuation or
// a symbol.
inline bool IsWordLike(const Token& token) {
  return token.kind == TokenKind::kWord || token.kind == TokenKind::kLatin ||
         token.kind == TokenKind::kNumber || token.kind == TokenKind::kHashtag;
}

// True for an Arabic or Latin comma token («،» or «,»).
inline bool IsComma(const Token& token) {
  return token.text == "\xD8\x8C" /* ، */ || token.text == ",";
}

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_TEXT_TOKEN_UTIL_H_
