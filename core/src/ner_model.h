// The NER tagger: a linear model over hashed features with first-order BIO
// label transitions, decoded with Viterbi (see docs/ner.md).
#ifndef KHABAR_CORE_SRC_NER_MODEL_H_
#define KHABAR_CORE_SRC_NER_MODEL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gazetteer.h"
#include "khabar/analysis.h"
#include "ner_features.h"

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
  // entity spans found.
  void Tag(const std::vector<Token>& tokens, int32_t begin, int32_t end,
           std::vector<NerSpan>* out) const;
  // The label ids of tokens[begin, end) (for tools and training).
  void TagLabels(const std::vector<Token>& tokens, int32_t begin, int32_t end,
                 std::vector<int32_t>* labels) const;
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
  void RebuildFeatures();
  // Emission scores of the sentence into scratch->scores.
  void Score(const std::vector<Token>& tokens, int32_t begin, int32_t end,
             NerScratch* scratch) const;

  std::unique_ptr<Gazetteer> gazetteer_;
  std::unique_ptr<WordClusters> clusters_;
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

#endif  // KHABAR_CORE_SRC_NER_MODEL_H_
