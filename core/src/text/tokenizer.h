// Tokens: ICU word breaks, token kinds, matching forms and clitic splits.
#ifndef KHABAR_CORE_SRC_TEXT_TOKENIZER_H_
#define KHABAR_CORE_SRC_TEXT_TOKENIZER_H_

#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "khabar/analysis.h"
#include "khabar/span.h"

namespace khabar {

class Lexicon;

// Immutable and thread-safe.
class Tokenizer {
 public:
  // `lexicon` may be null; it must outlive the tokenizer. INTERNAL when ICU
  // cannot build its word break rules.
  static absl::StatusOr<std::unique_ptr<Tokenizer>> Create(
      const Lexicon* lexicon);
  ~Tokenizer();

  // Appends the tokens of text[region] to *out with byte spans into `text`
  // and the given sentence index. Whitespace and control characters make
  // no tokens. Hashtags (#أسعار_النفط) are one token; a clitic glued with
  // tatweel (بـ"...") is its own token.
  void Tokenize(std::string_view text, Span region, int32_t sentence_index,
                std::vector<Token>* out) const;

 private:
  Tokenizer() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_TEXT_TOKENIZER_H_
