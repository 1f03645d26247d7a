// Reading the unlabelled corpus for the resource builders (lexicon,
// clusters): plain text on stdin, tokenized line by line by the engine's own
// tokenizer so that the resources match what the engine sees.
#ifndef KHABAR_TOOLS_CORPUS_H_
#define KHABAR_TOOLS_CORPUS_H_

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/utf8.h"
#include "khabar/analysis.h"
#include "text/tokenizer.h"

namespace khabar::tools {

// True for a non-empty form made only of Arabic letters.
inline bool IsArabicWord(std::string_view form) {
  if (form.empty()) return false;
  for (size_t i = 0; i < form.size();) {
    int len = 1;
    if (!IsArabicLetter(DecodeUtf8(form, i, &len))) return false;
    i += len;
  }
  return true;
}

// Calls `on_line` with the tokens of every non-empty line of `in`, read in
// large blocks. False when reading failed.
inline bool ForEachTokenizedLine(
    const Tokenizer& tokenizer, std::FILE* in,
    const std::function<void(const std::vector<Token>&)>& on_line) {
  std::vector<Token> tokens;
  std::string buffer;
  std::vector<char> block(1 << 22);
  bool eof = false;
  while (!eof) {
    const size_t n = std::fread(block.data(), 1, block.size(), in);
    if (n == 0) eof = true;
    buffer.append(block.data(), n);
    // Whole lines only, except at the end of the input.
    const size_t last_newline = buffer.rfind('\n');
    const size_t usable = eof ? buffer.size()
                          : last_newline == std::string::npos
                              ? 0
                              : last_newline + 1;
    for (size_t pos = 0; pos < usable;) {
      size_t eol = buffer.find('\n', pos);
      if (eol == std::string::npos || eol > usable) eol = usable;
      if (eol > pos) {
        tokens.clear();
        tokenizer.Tokenize(
            buffer, Span{static_cast<int32_t>(pos), static_cast<int32_t>(eol)},
            0, &tokens);
        on_line(tokens);
      }
      pos = eol + 1;
    }
    buffer.erase(0, std::min(usable, buffer.size()));
  }
  return std::ferror(in) == 0;
}

}  // namespace khabar::tools

#endif  // KHABAR_TOOLS_CORPUS_H_
