// Sentence segmentation: ICU sentence breaks plus Arabic rules.
#ifndef KHABAR_CORE_SRC_TEXT_SENTENCE_SPLITTER_H_
#define KHABAR_CORE_SRC_TEXT_SENTENCE_SPLITTER_H_

#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "khabar/span.h"

namespace khabar {

// Immutable and thread-safe: Split works on its own iterator state.
class SentenceSplitter {
 public:
  // Fails with INTERNAL when ICU cannot build its break rules.
  static absl::StatusOr<std::unique_ptr<SentenceSplitter>> Create();
  ~SentenceSplitter();

  // Appends to *out the sentences of text[region], as byte spans into
  // `text`, trimmed of whitespace, never empty. Rules beyond ICU: ؟ ends a
  // sentence, ؛ does not; a closing quote (» " ” or a mis-turned «) after
  // the final mark stays with its sentence; no break inside «...» unless the
  // quote runs past the end of its paragraph.
  void Split(std::string_view text, Span region, std::vector<Span>* out) const;

 private:
  SentenceSplitter() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_TEXT_SENTENCE_SPLITTER_H_
