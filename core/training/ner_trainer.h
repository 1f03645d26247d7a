// Training of the NER model: averaged structured perceptron (Collins 2002)
// with Viterbi decoding under BIO constraints. Deterministic for a seed.
#ifndef KHABAR_CORE_TRAINING_NER_TRAINER_H_
#define KHABAR_CORE_TRAINING_NER_TRAINER_H_

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "khabar/analysis.h"
#include "ner/gazetteer.h"
#include "ner/ner_features.h"
#include "ner/ner_model.h"
#include "training/conll.h"

namespace khabar {

class Tokenizer;

// One training or evaluation sentence.
struct NerExample {
  std::vector<Token> tokens;
  std::vector<int32_t> labels;  // NerLabelId per token.
  bool extra = false;           // Auxiliary data (see extra_epochs).
  // Second-pass features (empty: none), see NerTrainer::SetDocFeatures.
  NerDocFeatures doc;
};

// Tokens for the sentence's words (TokensForWords) and label ids of its
// tags (BIO repaired first; unknown tags become O).
NerExample MakeNerExample(const Tokenizer& tokenizer,
                          const ConllSentence& sentence);

struct NerTrainOptions {
  int epochs = 15;
  uint64_t seed = 1;
  uint32_t disabled_groups = 0;  // NerFeatureGroup bits.
  // With dev data: keep the weights of the epoch with the best dev F1
  // (else those of the last epoch).
  bool keep_best = true;
  // Examples marked `extra` are used in the first `extra_epochs` epochs
  // only (-1: in all), so the main data has the last word.
  int extra_epochs = -1;
  // Cost-augmented decoding while training: every label but the gold one
  // gets this much added to its score, so an update also follows a correct
  // labelling that won by less than the margin (0: plain perceptron).
  float margin = 0;
  // Stored in the model description ("ANERcorp CAMeL train (90%)").
  std::string data_description;
  // Lexicon statistics to bake into the model (may be null: none).
  const NerLexiconStats* lexicon = nullptr;
};

class NerTrainer {
 public:
  // `log` (may be null) gets one line per epoch.
  static absl::StatusOr<std::unique_ptr<NerModel>> Train(
      const std::vector<NerExample>& train, const std::vector<NerExample>& dev,
      Gazetteer gazetteer, WordClusters clusters,
      const NerTrainOptions& options, std::ostream* log);

  // The mean of models trained alike with different seeds (same features,
  // gazetteer and clusters; those of the first are kept): one linear model
  // whose weights average out the shuffling order.
  static std::unique_ptr<NerModel> Average(
      std::vector<std::unique_ptr<NerModel>> models,
      const std::string& description);

  // Entity-level scores of `model` on `examples` (with their doc features
  // when they have them; see TagCorpus for a two-stage model).
  static NerScorer Evaluate(const NerModel& model,
                            const std::vector<NerExample>& examples);

  // Sets each example's second-pass features from first-pass labels
  // (`first`, per example); the document of example i is examples
  // [i - window, i + window] (corpora without article boundaries).
  static void SetDocFeatures(const NerModel& model, int32_t window,
                             const std::vector<std::vector<int32_t>>& first,
                             std::vector<NerExample>* examples);

  // First-pass labels of every example.
  static std::vector<std::vector<int32_t>> FirstPass(
      const NerModel& model, const std::vector<NerExample>& examples);

  // Labels of every example, a two-stage model using its doc_window() of
  // neighbouring examples as the document.
  static std::vector<std::vector<int32_t>> TagCorpus(
      const NerModel& model, const std::vector<NerExample>& examples);
  static NerScorer EvaluateCorpus(const NerModel& model,
                                  const std::vector<NerExample>& examples);

  // Makes `first` (trained without doc features) the first pass of
  // `second` (trained with them), with the training window.
  static void Combine(NerModel* second, std::unique_ptr<NerModel> first,
                      int32_t window);

 private:
  // The spans `model` finds in `dev`, each with its smallest Viterbi margin
  // and whether it is right: what the confidence scale is fitted to. The
  // other arguments are buffers to reuse.
  static std::vector<std::pair<float, bool>> DevSpanMargins(
      const NerModel& model, const std::vector<NerExample>& dev,
      NerScratch* scratch, std::vector<float>* lattice,
      std::vector<int32_t>* back, std::vector<int32_t>* predicted);
};

}  // namespace khabar

#endif  // KHABAR_CORE_TRAINING_NER_TRAINER_H_
