// Keywords: the article's key phrases of one to three words.
#ifndef KHABAR_CORE_SRC_FACTS_KEYWORDS_H_
#define KHABAR_CORE_SRC_FACTS_KEYWORDS_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "khabar/analysis.h"
#include "khabar/cancellation.h"

namespace khabar {

class Lexicon;

// Immutable and thread-safe.
//
// Candidates are runs of one to three content words inside a sentence
// (no stopword, number or punctuation inside or at either end), counted on
// token bases so clitics do not split counts (الحلف، للحلف، والحلف: حلف).
// Score: weighted frequency (a headline occurrence counts 3, a deck or
// first-paragraph one 2) times the mean IDF-like rarity of its words in
// the background lexicon, log((count(في) + 1) / (count(word) + 1)), في
// being the corpus's most frequent word; times 1 + (n - 1) / 2 for an
// n-word phrase, which must occur at least twice to count. A
// phrase inside a longer one with the same count is dropped. Scores are
// scaled so the best keyword has 1.
class KeywordExtractor {
 public:
  // `stopwords_path`: one word a line, '#' comments (models/stopwords_ar.txt).
  // `lexicon` may be null (rarity then 1 for every word); it must outlive
  // the extractor. NOT_FOUND when the file cannot be read.
  static absl::StatusOr<std::unique_ptr<KeywordExtractor>> Create(
      const std::string& stopwords_path, const Lexicon* lexicon);
  // From a word list (matching forms are taken here).
  static std::unique_ptr<KeywordExtractor> FromStopwords(
      const std::vector<std::string>& stopwords, const Lexicon* lexicon);

  // The best `max_keywords` keywords, best first; none once `cancellation`
  // (may be null) says stop.
  std::vector<Keyword> Extract(
      std::string_view text, const std::vector<Sentence>& sentences,
      const std::vector<Token>& tokens, size_t max_keywords = 10,
      const Cancellation* cancellation = nullptr) const;

  size_t stopword_count() const { return stopwords_.size(); }

 private:
  KeywordExtractor() = default;
  bool IsStopword(const Token& token) const;
  double Rarity(const Token& token) const;

  absl::flat_hash_set<std::string> stopwords_;
  const Lexicon* lexicon_ = nullptr;
  double reference_count_ = 0;
};

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_FACTS_KEYWORDS_H_
