// The NER tagger: a linear model over hashed features with first-order BIO
// label transitions, decoded with Viterbi (see docs/ner.md).
#ifndef KHABAR_CORE_SRC_NER_NER_MODEL_H_
#define KHABAR_CORE_SRC_NER_NER_MODEL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "khabar/analysis.h"
#include "khabar/cancellation.h"
#include "khabar/executor.h"
#include "ner/gazetteer.h"
#include "ner/ner_features.h"

namespace khabar {

// Token indices [begin, end) into the vector given to NerModel::Tag.
struct NerSpan {
  int32_t begin;
  int32_t end;
  EntityType type;
  double confidence;
};

// Labels: O, then B-/I- for PERS, LOC, ORG, MISC.
constexpr int kNerLabels = 9;
const char* NerLabelName(int label);
// -1 when the tag is not one of the nine.
int NerLabelId(std::string_view tag);

// Best label sequence under BIO constraints (no I-X after O, B-Y, I-Y or at
// the start). emissions: n x kNerLabels; transitions: (kNerLabels + 1) x
// kNerLabels, the last row from the sentence start. `lattice`/`back` are
// scratch. When `margins` is not null it gets, per position, the score of
// the best path minus that of the best path with another label there.
void NerViterbi(const float* emissions, int32_t n, const float* transitions,
                std::vector<float>* lattice, std::vector<int32_t>* back,
                int32_t* labels, float* margins = nullptr);

// Immutable after loading; Tag is thread-safe.
class NerModel {
 public:
  // NOT_FOUND when the file cannot be opened, INVALID_ARGUMENT (naming what
  // is wrong) when it is not a valid model.
  static absl::StatusOr<std::unique_ptr<NerModel>> Load(
      const std::string& path);
  static absl::StatusOr<std::unique_ptr<NerModel>> FromBytes(
      std::string_view bytes);

  // Tags tokens[begin, end) (one sentence, core tokens) and appends the
  // entity spans found. A two-stage model takes the sentence as its whole
  // document; prefer TagDocument.
  void Tag(const std::vector<Token>& tokens, int32_t begin, int32_t end,
           std::vector<NerSpan>* out) const;
  // Tags every sentence [first, second) of tokens, one document (an
  // article): a two-stage model's second pass sees how the first pass
  // labelled the same bases elsewhere in it. (*out)[s] gets the spans of
  // sentence s (cleared first). Stops early, leaving the rest untagged, once
  // `cancellation` says so. With an `executor`, each pass over a long
  // document runs in two halves side by side when it has an idle thread;
  // the spans are the same either way.
  void TagDocument(const std::vector<Token>& tokens,
                   const std::vector<std::pair<int32_t, int32_t>>& sentences,
                   std::vector<std::vector<NerSpan>>* out,
                   const Cancellation* cancellation = nullptr,
                   Executor* executor = nullptr) const;
  // The label ids of tokens[begin, end) (for tools and training); the
  // sentence is its own document.
  void TagLabels(const std::vector<Token>& tokens, int32_t begin, int32_t end,
                 std::vector<int32_t>* labels) const;
  // First-pass labels (those of the only pass of a one-stage model).
  void FirstPassLabels(const std::vector<Token>& tokens, int32_t begin,
                       int32_t end, std::vector<int32_t>* labels) const;
  // Second-pass labels given the sentence's document features (a one-stage
  // model ignores `doc`).
  void TagLabelsWithDoc(const std::vector<Token>& tokens, int32_t begin,
                        int32_t end, const NerDocFeatures* doc,
                        std::vector<int32_t>* labels) const;
  // Second-pass features of tokens[begin, end) from `context` (which holds
  // the document's first-pass labels) and the sentence's `first` labels.
  void DocFeatures(const NerDocContext& context,
                   const std::vector<Token>& tokens, int32_t begin, int32_t end,
                   const int32_t* first, NerDocFeatures* out) const;
  bool two_stage() const { return first_ != nullptr; }
  // Subtracted from the O score of every token by the second (or only)
  // pass: trades precision for recall (tuned on dev).
  float o_bias() const { return o_bias_; }
  void set_o_bias(float bias);
  // Adds `delta` to the second (or only) pass's score of `label` at every
  // token (the weight of the bias feature, so the file format is
  // unchanged): a per-type recall/precision trade-off, tuned on dev.
  void AddLabelBias(int label, float delta);
  // Sentences either side that made a training "document" (corpora without
  // article boundaries, e.g. CoNLL files); 0 for one-stage models.
  int32_t doc_window() const { return doc_window_; }
  std::string Description() const;

  absl::Status Save(const std::string& path) const;
  std::string Serialize() const;

  size_t feature_count() const { return index_.size(); }
  // Replaces the training description (tools); keeps the checksum current.
  void set_description(const std::string& description);
  const Gazetteer& gazetteer() const { return *gazetteer_; }

 private:
  friend class NerTrainer;
  NerModel();
  struct Weights {
    // Feature hash -> row of weights (kNerLabels floats); empty once merged
    // (MergeFirstPass: rows are those of NerModel::index_).
    absl::flat_hash_map<uint64_t, uint32_t> index;
    std::vector<float> weights;
    float transitions[(kNerLabels + 1) * kNerLabels] = {0};
    float o_bias = 0;
  };
  void RebuildFeatures();
  // Emission scores of the sentence into scratch->scores: the second (or
  // only) pass, or the first pass when `first_pass`.
  void Score(const std::vector<Token>& tokens, int32_t begin, int32_t end,
             NerScratch* scratch, const NerDocFeatures* doc = nullptr,
             bool first_pass = false) const;
  // Viterbi over scratch->scores; appends spans with confidences.
  void Spans(int32_t begin, int32_t n, NerScratch* scratch,
             std::vector<NerSpan>* out) const;
  // What TagDocument's two passes share, per token of the document.
  struct DocumentScratch;
  // TagDocument of a one-stage model: each sentence scored and decoded.
  void TagSentences(const std::vector<Token>& tokens,
                    const std::vector<std::pair<int32_t, int32_t>>& sentences,
                    std::vector<std::vector<NerSpan>>* out) const;
  // TagDocument's first pass over sentences [from, to): labels into
  // document->first, feature rows into `half`; false when cancelled.
  bool FirstPassHalf(const std::vector<Token>& tokens,
                     const std::vector<std::pair<int32_t, int32_t>>& sentences,
                     size_t from, size_t to, const Cancellation* cancellation,
                     DocumentScratch* document,
                     std::vector<uint32_t>* half) const;
  // TagDocument's second pass over sentences [from, to), from the first
  // pass's `rows` and the document features: spans into (*out)[s].
  void SecondPassHalf(const std::vector<Token>& tokens,
                      const std::vector<std::pair<int32_t, int32_t>>& sentences,
                      size_t from, size_t to, const Cancellation* cancellation,
                      const DocumentScratch& document,
                      const std::vector<uint32_t>& rows,
                      std::vector<std::vector<NerSpan>>* out) const;
  // Makes `first` (trained without document features) this model's first
  // pass; `window` as doc_window().
  void SetFirstPass(NerModel&& first, int32_t window);
  // Moves the first pass's rows into index_ (first_->weights aligned with
  // weights_), so that one lookup serves both passes.
  void MergeFirstPass();

  std::unique_ptr<Gazetteer> gazetteer_;
  std::unique_ptr<WordClusters> clusters_;
  std::unique_ptr<NerLexiconStats> lexicon_;
  std::unique_ptr<Weights> first_;
  int32_t doc_window_ = 0;
  float o_bias_ = 0;
  std::unique_ptr<NerFeatures> features_;
  uint32_t disabled_groups_ = 0;
  // Feature hash -> row of weights_ (kNerLabels floats).
  absl::flat_hash_map<uint64_t, uint32_t> index_;
  std::vector<float> weights_;
  float transitions_[(kNerLabels + 1) * kNerLabels] = {0};
  // Confidence of a span: logistic(min margin over its tokens / scale).
  float confidence_scale_ = 1;
  std::string description_;
  uint64_t checksum_ = 0;
};

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_NER_NER_MODEL_H_
