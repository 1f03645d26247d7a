// The analysis engine. Create one Analyzer at start-up and share it: it is
// immutable and safe to use from any number of threads at once.
//
//   auto analyzer = khabar::Analyzer::Create(options);
//   if (!analyzer.ok()) ...
//   absl::StatusOr<khabar::Analysis> result =
//       (*analyzer)->Analyze(article, khabar::AnalyzeOptions());
#ifndef KHABAR_ANALYZER_H_
#define KHABAR_ANALYZER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "khabar/analysis.h"
#include "khabar/article.h"
#include "khabar/options.h"

namespace khabar {

class Lexicon;
class SentenceSplitter;
class Tokenizer;

// Version of the engine (semantic version).
const char* Version();

class Analyzer {
 public:
  // Loads resources (lexicon) and builds the ICU break iterators. Fails with
  // NOT_FOUND / INVALID_ARGUMENT when a resource cannot be read.
  static absl::StatusOr<std::unique_ptr<Analyzer>> Create(
      const AnalyzerOptions& options);

  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Analyses one article. Errors: INVALID_ARGUMENT for empty or malformed
  // input (the message says what and at which byte), RESOURCE_EXHAUSTED
  // when the article exceeds options().max_article_bytes.
  absl::StatusOr<Analysis> Analyze(const Article& article,
                                   const AnalyzeOptions& options) const;

  const AnalyzerOptions& options() const { return options_; }
  // Describes the loaded lexicon ("none" when built-in rules only).
  std::string LexiconDescription() const;

 private:
  explicit Analyzer(const AnalyzerOptions& options);

  AnalyzerOptions options_;
  std::unique_ptr<Lexicon> lexicon_;
  std::unique_ptr<SentenceSplitter> sentence_splitter_;
  std::unique_ptr<Tokenizer> tokenizer_;
};

}  // namespace khabar

#endif  // KHABAR_ANALYZER_H_
