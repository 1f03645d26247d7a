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
#include <vector>

#include "absl/status/statusor.h"
#include "khabar/analysis.h"
#include "khabar/article.h"
#include "khabar/options.h"

namespace khabar {

class AliasTable;
class EntityLinker;
class KeywordExtractor;
class Lexicon;
class NerModel;
class SentenceSplitter;
class Tokenizer;
class ToneScorer;

// Version of the engine (semantic version).
const char* Version();

// A model or resource an Analyzer loaded.
struct ResourceInfo {
  std::string name;         // "lexicon", "ner".
  std::string version;      // Content fingerprint of the file.
  std::string description;  // What it is and where it came from.
};

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
  // Bit set of the Feature values this analyzer computes (entities only
  // with an NER model, keywords with stopwords, tone with a tone lexicon).
  uint32_t available_features() const;
  // The models and resources loaded, for server info.
  const std::vector<ResourceInfo>& resources() const { return resources_; }

 private:
  friend class AnalysisRun;  // The stages of one Analyze call (analyzer.cc).
  explicit Analyzer(const AnalyzerOptions& options);

  AnalyzerOptions options_;
  std::vector<ResourceInfo> resources_;
  std::unique_ptr<Lexicon> lexicon_;
  std::unique_ptr<NerModel> ner_;
  std::unique_ptr<AliasTable> aliases_;
  std::unique_ptr<EntityLinker> linker_;
  std::unique_ptr<SentenceSplitter> sentence_splitter_;
  std::unique_ptr<Tokenizer> tokenizer_;
  std::unique_ptr<KeywordExtractor> keywords_;
  std::unique_ptr<ToneScorer> tone_;
};

}  // namespace khabar

#endif  // KHABAR_ANALYZER_H_
