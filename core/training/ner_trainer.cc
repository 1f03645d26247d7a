#include "training/ner_trainer.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <utility>

#include "absl/strings/str_format.h"
#include "ner/ner_hash.h"

namespace khabar {
namespace {

constexpr int L = kNerLabels;

std::vector<std::string> LabelNames(const std::vector<int32_t>& labels) {
  std::vector<std::string> out;
  out.reserve(labels.size());
  for (int32_t l : labels) out.emplace_back(NerLabelName(l));
  return out;
}

// Deterministic on every platform (std::shuffle is not).
void Shuffle(std::vector<int32_t>* v, uint64_t* state) {
  for (size_t i = v->size(); i > 1; --i) {
    *state += 0x9e3779b97f4a7c15ULL;
    const size_t j = NerMix(*state) % i;
    std::swap((*v)[i - 1], (*v)[j]);
  }
}

}  // namespace

NerExample MakeNerExample(const Tokenizer& tokenizer,
                          const ConllSentence& sentence) {
  NerExample ex;
  ex.tokens = TokensForWords(tokenizer, sentence.tokens);
  std::vector<std::string> tags = sentence.tags;
  RepairBio(&tags);
  ex.labels.reserve(tags.size());
  for (const std::string& t : tags)
    ex.labels.push_back(std::max(0, NerLabelId(t)));
  return ex;
}

std::unique_ptr<NerModel> NerTrainer::Average(
    std::vector<std::unique_ptr<NerModel>> models,
    const std::string& description) {
  std::unique_ptr<NerModel> out = std::move(models[0]);
  if (models.size() > 1) {
    const float scale = 1.0f / static_cast<float>(models.size());
    absl::flat_hash_map<uint64_t, uint32_t> index;
    std::vector<float> weights;
    float transitions[(L + 1) * L] = {0};
    auto add = [&](const NerModel& m) {
      for (const auto& [key, row] : m.index_) {
        auto [it, inserted] =
            index.try_emplace(key, static_cast<uint32_t>(index.size()));
        if (inserted) weights.resize(weights.size() + L, 0.0f);
        for (int k = 0; k < L; ++k) {
          weights[static_cast<size_t>(it->second) * L + k] +=
              scale * m.weights_[static_cast<size_t>(row) * L + k];
        }
      }
      for (int k = 0; k < (L + 1) * L; ++k) {
        transitions[k] += scale * m.transitions_[k];
      }
    };
    add(*out);
    for (size_t i = 1; i < models.size(); ++i) add(*models[i]);
    // Rows in key order so that the result does not depend on hash order.
    std::vector<std::pair<uint64_t, uint32_t>> items(index.begin(),
                                                     index.end());
    std::sort(items.begin(), items.end());
    out->index_.clear();
    out->weights_.clear();
    for (const auto& [key, row] : items) {
      out->index_.emplace(key, static_cast<uint32_t>(out->index_.size()));
      out->weights_.insert(out->weights_.end(),
                           weights.begin() + static_cast<size_t>(row) * L,
                           weights.begin() + static_cast<size_t>(row + 1) * L);
    }
    std::copy(transitions, transitions + (L + 1) * L, out->transitions_);
  }
  out->description_ = description;
  const std::string bytes = out->Serialize();
  std::memcpy(&out->checksum_, bytes.data() + bytes.size() - 8, 8);
  return out;
}

NerScorer NerTrainer::Evaluate(const NerModel& model,
                               const std::vector<NerExample>& examples) {
  NerScorer scorer;
  std::vector<int32_t> predicted;
  for (const NerExample& ex : examples) {
    const int32_t n = static_cast<int32_t>(ex.tokens.size());
    if (!ex.doc.offsets.empty()) {
      model.TagLabelsWithDoc(ex.tokens, 0, n, &ex.doc, &predicted);
    } else {
      model.TagLabels(ex.tokens, 0, n, &predicted);
    }
    scorer.Add(LabelNames(ex.labels), LabelNames(predicted));
  }
  return scorer;
}

namespace {

// Calls fn(i, context) for every example i, context holding the first-pass
// labels of examples [i - window, i + window].
template <typename Fn>
void ForEachWindow(const std::vector<NerExample>& examples,
                   const std::vector<std::vector<int32_t>>& first,
                   int32_t window, Fn fn) {
  NerDocContext context;
  const int32_t n = static_cast<int32_t>(examples.size());
  auto add = [&](int32_t j, int sign) {
    context.Add(examples[j].tokens, 0,
                static_cast<int32_t>(examples[j].tokens.size()),
                first[j].data(), sign);
  };
  int32_t hi = -1;  // Examples [lo, hi] are in the context.
  for (int32_t i = 0; i < n; ++i) {
    while (hi < std::min(n - 1, i + window)) add(++hi, 1);
    if (i - window - 1 >= 0) add(i - window - 1, -1);
    fn(i, context);
  }
}

}  // namespace

void NerTrainer::SetDocFeatures(const NerModel& model, int32_t window,
                                const std::vector<std::vector<int32_t>>& first,
                                std::vector<NerExample>* examples) {
  ForEachWindow(*examples, first, window,
                [&](int32_t i, const NerDocContext& context) {
                  NerExample& ex = (*examples)[i];
                  model.DocFeatures(context, ex.tokens, 0,
                                    static_cast<int32_t>(ex.tokens.size()),
                                    first[i].data(), &ex.doc);
                });
}

std::vector<std::vector<int32_t>> NerTrainer::FirstPass(
    const NerModel& model, const std::vector<NerExample>& examples) {
  std::vector<std::vector<int32_t>> out(examples.size());
  for (size_t i = 0; i < examples.size(); ++i) {
    model.FirstPassLabels(examples[i].tokens, 0,
                          static_cast<int32_t>(examples[i].tokens.size()),
                          &out[i]);
  }
  return out;
}

std::vector<std::vector<int32_t>> NerTrainer::TagCorpus(
    const NerModel& model, const std::vector<NerExample>& examples) {
  const std::vector<std::vector<int32_t>> first = FirstPass(model, examples);
  if (!model.two_stage()) return first;
  std::vector<std::vector<int32_t>> out(examples.size());
  NerDocFeatures doc;
  ForEachWindow(examples, first, model.doc_window(),
                [&](int32_t i, const NerDocContext& context) {
                  const NerExample& ex = examples[i];
                  const int32_t n = static_cast<int32_t>(ex.tokens.size());
                  model.DocFeatures(context, ex.tokens, 0, n, first[i].data(),
                                    &doc);
                  model.TagLabelsWithDoc(ex.tokens, 0, n, &doc, &out[i]);
                });
  return out;
}

NerScorer NerTrainer::EvaluateCorpus(const NerModel& model,
                                     const std::vector<NerExample>& examples) {
  const std::vector<std::vector<int32_t>> labels = TagCorpus(model, examples);
  NerScorer scorer;
  for (size_t i = 0; i < examples.size(); ++i) {
    scorer.Add(LabelNames(examples[i].labels), LabelNames(labels[i]));
  }
  return scorer;
}

void NerTrainer::Combine(NerModel* second, std::unique_ptr<NerModel> first,
                         int32_t window) {
  second->SetFirstPass(std::move(*first), window);
  const std::string bytes = second->Serialize();
  std::memcpy(&second->checksum_, bytes.data() + bytes.size() - 8, 8);
}

namespace {

// The training tokens' features as rows of the weight matrix, looked up
// once so that the epochs hash nothing.
struct IndexedCorpus {
  absl::flat_hash_map<uint64_t, uint32_t> index;  // Feature -> row.
  std::vector<uint32_t> feats;
  std::vector<int64_t> token_offsets;  // Per token, into feats.
  std::vector<int64_t> first_token;    // Per example, into token_offsets.
};

// Extracts the features of every training token and gives each distinct
// feature a row, in order of first occurrence.
void IndexFeatures(const NerFeatures& features,
                   const std::vector<NerExample>& train, NerScratch* scratch,
                   IndexedCorpus* corpus) {
  absl::flat_hash_map<uint64_t, uint32_t>& index = corpus->index;
  std::vector<uint32_t>& feats = corpus->feats;
  std::vector<int64_t>& token_offsets = corpus->token_offsets;
  std::vector<int64_t>& first_token = corpus->first_token;
  for (const NerExample& ex : train) {
    const int32_t n = static_cast<int32_t>(ex.tokens.size());
    first_token.push_back(static_cast<int64_t>(token_offsets.size()));
    features.Extract(ex.tokens, 0, n, scratch,
                     ex.doc.offsets.empty() ? nullptr : &ex.doc);
    for (int32_t i = 0; i < n; ++i) {
      token_offsets.push_back(static_cast<int64_t>(feats.size()));
      for (int32_t f = scratch->offsets[i]; f < scratch->offsets[i + 1]; ++f) {
        auto [it, inserted] = index.try_emplace(
            scratch->features[f], static_cast<uint32_t>(index.size()));
        feats.push_back(it->second);
      }
    }
  }
  token_offsets.push_back(static_cast<int64_t>(feats.size()));
  first_token.push_back(static_cast<int64_t>(token_offsets.size()) - 1);
}

// Weights w and the sums u of c * update (Daume's averaging trick:
// average = w - u / c), of the emissions and of the transitions (tw, tu).
struct Perceptron {
  explicit Perceptron(size_t rows)
      : w(rows * L, 0.0),
        u(rows * L, 0.0),
        tw((L + 1) * L, 0.0),
        tu((L + 1) * L, 0.0) {}

  // The averaged weights, as a model's `rows` weight rows and transitions.
  void AverageInto(size_t rows, std::vector<float>* weights,
                   float* transitions) const {
    weights->resize(rows * L);
    for (size_t k = 0; k < rows * L; ++k) {
      (*weights)[k] = static_cast<float>(w[k] - u[k] / c);
    }
    for (int k = 0; k < (L + 1) * L; ++k) {
      transitions[k] = static_cast<float>(tw[k] - tu[k] / c);
    }
  }

  std::vector<double> w, u;
  std::vector<double> tw, tu;
  double c = 1;
};

// Buffers of the decoding of one sentence, reused from one to the next.
struct DecodeBuffers {
  std::vector<float> emissions;
  std::vector<float> transitions = std::vector<float>((L + 1) * L);
  std::vector<float> lattice;
  std::vector<int32_t> back, predicted;
};

// How an epoch went, for its log line.
struct EpochErrors {
  int64_t wrong = 0;         // Sentences with a wrong label.
  int64_t tokens_wrong = 0;  // Tokens with a wrong label.
  int64_t tokens = 0;
};

// The examples of an epoch, shuffled; the extra ones only in the epochs
// that use them.
std::vector<int32_t> EpochOrder(const std::vector<NerExample>& train,
                                const NerTrainOptions& options, int epoch,
                                uint64_t* rng) {
  std::vector<int32_t> order;
  const bool use_extra =
      options.extra_epochs < 0 || epoch <= options.extra_epochs;
  for (size_t i = 0; i < train.size(); ++i) {
    if (!train[i].extra || use_extra) order.push_back(static_cast<int32_t>(i));
  }
  Shuffle(&order, rng);
  return order;
}

// The emission scores of the example's n tokens (from token t_first of the
// corpus) under the current weights, every wrong label raised by `margin`.
void ScoreExample(const NerExample& ex, int32_t n, int64_t t_first,
                  const IndexedCorpus& corpus, const std::vector<double>& w,
                  float margin, std::vector<float>* emissions) {
  emissions->assign(static_cast<size_t>(n) * L, 0.0f);
  for (int32_t i = 0; i < n; ++i) {
    float* row = emissions->data() + i * L;
    for (int64_t f = corpus.token_offsets[t_first + i];
         f < corpus.token_offsets[t_first + i + 1]; ++f) {
      const double* wr = w.data() + static_cast<size_t>(corpus.feats[f]) * L;
      for (int k = 0; k < L; ++k) row[k] += static_cast<float>(wr[k]);
    }
  }
  if (margin != 0) {
    for (int32_t i = 0; i < n; ++i) {
      float* row = emissions->data() + i * L;
      for (int k = 0; k < L; ++k) {
        if (k != ex.labels[i]) row[k] += margin;
      }
    }
  }
}

// One perceptron step on example e: decodes it with the current weights
// and moves them from the predicted labelling towards the gold one.
void TrainOnExample(const NerExample& ex, int32_t e,
                    const IndexedCorpus& corpus, float margin,
                    Perceptron* perceptron, DecodeBuffers* buffers,
                    EpochErrors* errors) {
  const int32_t n = static_cast<int32_t>(ex.tokens.size());
  if (n == 0) return;
  const int64_t t_first = corpus.first_token[e];
  ScoreExample(ex, n, t_first, corpus, perceptron->w, margin,
               &buffers->emissions);
  for (int k = 0; k < (L + 1) * L; ++k) {
    buffers->transitions[k] = static_cast<float>(perceptron->tw[k]);
  }
  std::vector<int32_t>& predicted = buffers->predicted;
  predicted.resize(n);
  NerViterbi(buffers->emissions.data(), n, buffers->transitions.data(),
             &buffers->lattice, &buffers->back, predicted.data());
  errors->tokens += n;
  std::vector<double>& w = perceptron->w;
  std::vector<double>& u = perceptron->u;
  std::vector<double>& tw = perceptron->tw;
  std::vector<double>& tu = perceptron->tu;
  const double c = perceptron->c;
  bool any = false;
  for (int32_t i = 0; i < n; ++i) {
    const int32_t g = ex.labels[i], p = predicted[i];
    const int32_t gp = i == 0 ? L : ex.labels[i - 1];
    const int32_t pp = i == 0 ? L : predicted[i - 1];
    if (g != p) {
      any = true;
      ++errors->tokens_wrong;
      for (int64_t f = corpus.token_offsets[t_first + i];
           f < corpus.token_offsets[t_first + i + 1]; ++f) {
        const size_t r = static_cast<size_t>(corpus.feats[f]) * L;
        w[r + g] += 1;
        u[r + g] += c;
        w[r + p] -= 1;
        u[r + p] -= c;
      }
    }
    if (g != p || gp != pp) {
      tw[gp * L + g] += 1;
      tu[gp * L + g] += c;
      tw[pp * L + p] -= 1;
      tu[pp * L + p] -= c;
    }
  }
  errors->wrong += any;
  perceptron->c += 1;
}

// The epoch with the best dev F1 so far and, to keep it, its weights.
struct BestEpoch {
  double f1 = -1;
  int epoch = 0;
  std::vector<float> weights;
  std::vector<float> transitions;
  NerScorer scores;
};

// Makes `epoch` the best when its dev `scores` beat the best so far,
// copying its averaged weights and transitions when `keep_weights`.
void RecordIfBest(int epoch, const NerScorer& scores, bool keep_weights,
                  const std::vector<float>& weights, const float* transitions,
                  BestEpoch* best) {
  const PrfCounts& o = scores.overall();
  if (o.F1() > best->f1) {
    best->f1 = o.F1();
    best->epoch = epoch;
    best->scores = scores;
    if (keep_weights) {
      best->weights = weights;
      best->transitions.assign(transitions, transitions + (L + 1) * L);
    }
  }
}

// Drops the weight rows that stayed zero (features never in an update),
// renumbering the rest in key order.
void DropZeroRows(const absl::flat_hash_map<uint64_t, uint32_t>& index,
                  absl::flat_hash_map<uint64_t, uint32_t>* model_index,
                  std::vector<float>* model_weights) {
  absl::flat_hash_map<uint64_t, uint32_t> kept;
  std::vector<float> weights;
  std::vector<std::pair<uint64_t, uint32_t>> items(index.begin(), index.end());
  std::sort(items.begin(), items.end());
  for (const auto& [key, row] : items) {
    const float* wr = model_weights->data() + static_cast<size_t>(row) * L;
    bool nonzero = false;
    for (int k = 0; k < L; ++k) nonzero |= wr[k] != 0;
    if (!nonzero) continue;
    kept.emplace(key, static_cast<uint32_t>(kept.size()));
    weights.insert(weights.end(), wr, wr + L);
  }
  *model_index = std::move(kept);
  *model_weights = std::move(weights);
}

// Sets *scale to the logistic scale of span margins with the least log
// loss in predicting whether each span is right.
void FitConfidenceScale(const std::vector<std::pair<float, bool>>& spans,
                        float* scale) {
  double best_loss = 1e300;
  for (double s = 0.05; s < 100; s *= 1.15) {
    double loss = 0;
    for (const auto& [m, right] : spans) {
      const double p = 1.0 / (1.0 + std::exp(-m / s));
      loss -= std::log(std::max(1e-9, right ? p : 1 - p));
    }
    if (loss < best_loss) {
      best_loss = loss;
      *scale = static_cast<float>(s);
    }
  }
}

// The model's description: how it was trained and its dev scores.
std::string TrainedDescription(const NerTrainOptions& options, int used_epoch,
                               bool with_dev, const NerScorer& best_scores) {
  std::string description = absl::StrFormat(
      "averaged perceptron, %s, %d epochs (seed %d)%s",
      options.data_description, used_epoch, options.seed,
      !with_dev ? std::string()
                : absl::StrFormat(", dev P %.2f R %.2f F1 %.2f",
                                  best_scores.overall().Precision(),
                                  best_scores.overall().Recall(),
                                  best_scores.overall().F1()));
  if (options.disabled_groups != 0) {
    absl::StrAppendFormat(&description, ", feature groups off %#x",
                          options.disabled_groups);
  }
  return description;
}

}  // namespace

std::vector<std::pair<float, bool>> NerTrainer::DevSpanMargins(
    const NerModel& model, const std::vector<NerExample>& dev,
    NerScratch* scratch, std::vector<float>* lattice,
    std::vector<int32_t>* back, std::vector<int32_t>* predicted) {
  std::vector<std::pair<float, bool>> spans;
  std::vector<float> margins;
  for (const NerExample& ex : dev) {
    const int32_t n = static_cast<int32_t>(ex.tokens.size());
    if (n == 0) continue;
    model.Score(ex.tokens, 0, n, scratch,
                ex.doc.offsets.empty() ? nullptr : &ex.doc);
    predicted->resize(n);
    margins.resize(n);
    NerViterbi(scratch->scores.data(), n, model.transitions_, lattice, back,
               predicted->data(), margins.data());
    const std::vector<Chunk> gold = ExtractChunks(LabelNames(ex.labels));
    for (const Chunk& ch : ExtractChunks(LabelNames(*predicted))) {
      float m = margins[ch.begin];
      for (int32_t i = ch.begin; i < ch.end; ++i) m = std::min(m, margins[i]);
      bool right = false;
      for (const Chunk& g : gold) right |= g == ch;
      spans.emplace_back(m, right);
    }
  }
  return spans;
}

absl::StatusOr<std::unique_ptr<NerModel>> NerTrainer::Train(
    const std::vector<NerExample>& train, const std::vector<NerExample>& dev,
    Gazetteer gazetteer, WordClusters clusters, const NerTrainOptions& options,
    std::ostream* log) {
  if (train.empty()) {
    return absl::InvalidArgumentError("no training sentences");
  }
  const auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<NerModel> model(new NerModel());
  *model->gazetteer_ = std::move(gazetteer);
  *model->clusters_ = std::move(clusters);
  if (options.lexicon != nullptr) *model->lexicon_ = *options.lexicon;
  model->disabled_groups_ = options.disabled_groups;
  model->RebuildFeatures();

  // Features of every training token, as indices into the weight rows.
  NerScratch scratch;
  IndexedCorpus corpus;
  IndexFeatures(*model->features_, train, &scratch, &corpus);
  const size_t rows = corpus.index.size();
  if (log != nullptr) {
    *log << absl::StrFormat(
        "%d training sentences, %d features (%d occurrences), %.1f s\n",
        train.size(), rows, corpus.feats.size(),
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
            .count());
  }

  Perceptron perceptron(rows);
  model->index_ = corpus.index;
  auto average_into_model = [&]() {
    perceptron.AverageInto(rows, &model->weights_, model->transitions_);
  };

  DecodeBuffers buffers;
  uint64_t rng = options.seed;
  BestEpoch best;
  NerScorer last_scores;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    const auto te = std::chrono::steady_clock::now();
    const std::vector<int32_t> order = EpochOrder(train, options, epoch, &rng);
    EpochErrors errors;
    for (int32_t e : order) {
      TrainOnExample(train[e], e, corpus, options.margin, &perceptron, &buffers,
                     &errors);
    }
    std::string line = absl::StrFormat(
        "epoch %2d: %d sentences, %d wrong, token error %.2f%%, %.1f s", epoch,
        order.size(), errors.wrong,
        100.0 * errors.tokens_wrong / std::max<int64_t>(1, errors.tokens),
        std::chrono::duration<double>(std::chrono::steady_clock::now() - te)
            .count());
    if (!dev.empty()) {
      average_into_model();
      const NerScorer scores = Evaluate(*model, dev);
      last_scores = scores;
      const PrfCounts& o = scores.overall();
      absl::StrAppendFormat(&line, "; dev P %.2f R %.2f F1 %.2f", o.Precision(),
                            o.Recall(), o.F1());
      RecordIfBest(epoch, scores, options.keep_best, model->weights_,
                   model->transitions_, &best);
    }
    if (log != nullptr) *log << line << std::endl;
  }

  average_into_model();
  int used_epoch = options.epochs;
  if (!options.keep_best) best.scores = last_scores;
  if (options.keep_best && !best.weights.empty()) {
    model->weights_ = std::move(best.weights);
    std::copy(best.transitions.begin(), best.transitions.end(),
              model->transitions_);
    used_epoch = best.epoch;
  }

  // Drop rows that stayed zero (features never in an update).
  DropZeroRows(corpus.index, &model->index_, &model->weights_);

  // Confidence: pick the logistic scale of span margins that best predicts
  // (log loss) whether a dev span is right.
  if (!dev.empty()) {
    FitConfidenceScale(DevSpanMargins(*model, dev, &scratch, &buffers.lattice,
                                      &buffers.back, &buffers.predicted),
                       &model->confidence_scale_);
  }

  model->description_ =
      TrainedDescription(options, used_epoch, !dev.empty(), best.scores);
  // The checksum Load would report for the saved file.
  const std::string bytes = model->Serialize();
  std::memcpy(&model->checksum_, bytes.data() + bytes.size() - 8, 8);
  return model;
}

}  // namespace khabar
