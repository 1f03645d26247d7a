// Tone: a GDELT-like document tone from an Arabic polarity lexicon
// (models/tone_lexicon.tsv, built by tools/build_tone_lexicon.py).
#ifndef KHABAR_CORE_SRC_FACTS_TONE_H_
#define KHABAR_CORE_SRC_FACTS_TONE_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "khabar/analysis.h"

namespace khabar {

// Immutable and thread-safe.
//
// Each token is looked up by its base (clitics off), then its stand-alone
// word and whole matching form; a negation (لا، لم، لن، ليس، غير، عدم)
// up to three tokens before it in its sentence flips its polarity. With P
// positive and N negative hits (GDELT counts the same way, over words):
//   score = (P - N) / (P + N + 1)  in (-1, 1), the +1 damping a lone hit;
//   positive = P / (P + N), negative = N / (P + N)  (0 when no hits);
//   label: NEUTRAL when hits are under 1% of the words or |score| < 0.2
//   with fewer than two of each; MIXED when |score| < 0.2 otherwise;
//   POSITIVE when score >= 0.2, NEGATIVE when score <= -0.2.
// Per sentence, the same score with its own counts (Sentence::tone).
class ToneScorer {
 public:
  // Reads FORM<TAB>POLARITY[<TAB>...] lines, '#' comments; POLARITY is 1
  // or -1. NOT_FOUND / INVALID_ARGUMENT naming the line.
  static absl::StatusOr<std::unique_ptr<ToneScorer>> Load(
      const std::string& path);
  // From (matching form, polarity) pairs.
  static std::unique_ptr<ToneScorer> FromWords(
      const std::vector<std::pair<std::string, int>>& words);

  // Scores the document and sets each sentence's tone.
  Tone Score(const std::vector<Token>& tokens,
             std::vector<Sentence>* sentences) const;

  size_t size() const { return polarity_.size(); }
  const std::string& description() const { return description_; }

 private:
  ToneScorer() = default;
  int PolarityOf(const Token& token) const;

  absl::flat_hash_map<std::string, int> polarity_;
  std::string description_;
};

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_FACTS_TONE_H_
