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
  absl::flat_hash_map<uint64_t, uint32_t> index;
  std::vector<uint32_t> feats;
  std::vector<int64_t> token_offsets;  // Per token, into feats.
  std::vector<int64_t> first_token;    // Per example, into token_offsets.
  NerScratch scratch;
  for (const NerExample& ex : train) {
    const int32_t n = static_cast<int32_t>(ex.tokens.size());
    first_token.push_back(static_cast<int64_t>(token_offsets.size()));
    model->features_->Extract(ex.tokens, 0, n, &scratch,
                              ex.doc.offsets.empty() ? nullptr : &ex.doc);
    for (int32_t i = 0; i < n; ++i) {
      token_offsets.push_back(static_cast<int64_t>(feats.size()));
      for (int32_t f = scratch.offsets[i]; f < scratch.offsets[i + 1]; ++f) {
        auto [it, inserted] = index.try_emplace(
            scratch.features[f], static_cast<uint32_t>(index.size()));
        feats.push_back(it->second);
      }
    }
  }
  token_offsets.push_back(static_cast<int64_t>(feats.size()));
  first_token.push_back(static_cast<int64_t>(token_offsets.size()) - 1);
  const size_t rows = index.size();
  if (log != nullptr) {
    *log << absl::StrFormat(
        "%d training sentences, %d features (%d occurrences), %.1f s\n",
        train.size(), rows, feats.size(),
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
            .count());
  }

  // Weights w and the sums u of c * update (Daume's averaging trick:
  // average = w - u / c).
  std::vector<double> w(rows * L, 0.0), u(rows * L, 0.0);
  std::vector<double> tw((L + 1) * L, 0.0), tu((L + 1) * L, 0.0);
  double c = 1;
  model->index_ = index;
  auto average_into_model = [&]() {
    model->weights_.resize(rows * L);
    for (size_t k = 0; k < rows * L; ++k) {
      model->weights_[k] = static_cast<float>(w[k] - u[k] / c);
    }
    for (int k = 0; k < (L + 1) * L; ++k) {
      model->transitions_[k] = static_cast<float>(tw[k] - tu[k] / c);
    }
  };

  std::vector<float> emissions, transitions((L + 1) * L), lattice;
  std::vector<int32_t> back, predicted;
  uint64_t rng = options.seed;
  double best_f1 = -1;
  int best_epoch = 0;
  std::vector<float> best_weights;
  std::vector<float> best_transitions;
  NerScorer best_scores, last_scores;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    const auto te = std::chrono::steady_clock::now();
    std::vector<int32_t> order;
    const bool use_extra =
        options.extra_epochs < 0 || epoch <= options.extra_epochs;
    for (size_t i = 0; i < train.size(); ++i) {
      if (!train[i].extra || use_extra)
        order.push_back(static_cast<int32_t>(i));
    }
    Shuffle(&order, &rng);
    int64_t wrong = 0, tokens_wrong = 0, tokens = 0;
    for (int32_t e : order) {
      const NerExample& ex = train[e];
      const int32_t n = static_cast<int32_t>(ex.tokens.size());
      if (n == 0) continue;
      const int64_t t_first = first_token[e];
      emissions.assign(static_cast<size_t>(n) * L, 0.0f);
      for (int32_t i = 0; i < n; ++i) {
        float* row = emissions.data() + i * L;
        for (int64_t f = token_offsets[t_first + i];
             f < token_offsets[t_first + i + 1]; ++f) {
          const double* wr = w.data() + static_cast<size_t>(feats[f]) * L;
          for (int k = 0; k < L; ++k) row[k] += static_cast<float>(wr[k]);
        }
      }
      if (options.margin != 0) {
        for (int32_t i = 0; i < n; ++i) {
          float* row = emissions.data() + i * L;
          for (int k = 0; k < L; ++k) {
            if (k != ex.labels[i]) row[k] += options.margin;
          }
        }
      }
      for (int k = 0; k < (L + 1) * L; ++k) {
        transitions[k] = static_cast<float>(tw[k]);
      }
      predicted.resize(n);
      NerViterbi(emissions.data(), n, transitions.data(), &lattice, &back,
                 predicted.data());
      tokens += n;
      bool any = false;
      for (int32_t i = 0; i < n; ++i) {
        const int32_t g = ex.labels[i], p = predicted[i];
        const int32_t gp = i == 0 ? L : ex.labels[i - 1];
        const int32_t pp = i == 0 ? L : predicted[i - 1];
        if (g != p) {
          any = true;
          ++tokens_wrong;
          for (int64_t f = token_offsets[t_first + i];
               f < token_offsets[t_first + i + 1]; ++f) {
            const size_t r = static_cast<size_t>(feats[f]) * L;
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
      wrong += any;
      c += 1;
    }
    std::string line = absl::StrFormat(
        "epoch %2d: %d sentences, %d wrong, token error %.2f%%, %.1f s", epoch,
        order.size(), wrong,
        100.0 * tokens_wrong / std::max<int64_t>(1, tokens),
        std::chrono::duration<double>(std::chrono::steady_clock::now() - te)
            .count());
    if (!dev.empty()) {
      average_into_model();
      const NerScorer scores = Evaluate(*model, dev);
      last_scores = scores;
      const PrfCounts& o = scores.overall();
      absl::StrAppendFormat(&line, "; dev P %.2f R %.2f F1 %.2f", o.Precision(),
                            o.Recall(), o.F1());
      if (o.F1() > best_f1) {
        best_f1 = o.F1();
        best_epoch = epoch;
        best_scores = scores;
        if (options.keep_best) {
          best_weights = model->weights_;
          best_transitions.assign(model->transitions_,
                                  model->transitions_ + (L + 1) * L);
        }
      }
    }
    if (log != nullptr) *log << line << std::endl;
  }

  average_into_model();
  int used_epoch = options.epochs;
  if (!options.keep_best) best_scores = last_scores;
  if (options.keep_best && !best_weights.empty()) {
    model->weights_ = std::move(best_weights);
    std::copy(best_transitions.begin(), best_transitions.end(),
              model->transitions_);
    used_epoch = best_epoch;
  }

  // Drop rows that stayed zero (features never in an update).
  {
    absl::flat_hash_map<uint64_t, uint32_t> kept;
    std::vector<float> weights;
    std::vector<std::pair<uint64_t, uint32_t>> items(index.begin(),
                                                     index.end());
    std::sort(items.begin(), items.end());
    for (const auto& [key, row] : items) {
      const float* wr = model->weights_.data() + static_cast<size_t>(row) * L;
      bool nonzero = false;
      for (int k = 0; k < L; ++k) nonzero |= wr[k] != 0;
      if (!nonzero) continue;
      kept.emplace(key, static_cast<uint32_t>(kept.size()));
      weights.insert(weights.end(), wr, wr + L);
    }
    model->index_ = std::move(kept);
    model->weights_ = std::move(weights);
  }

  // Confidence: pick the logistic scale of span margins that best predicts
  // (log loss) whether a dev span is right.
  if (!dev.empty()) {
    std::vector<std::pair<float, bool>> spans;
    std::vector<float> margins;
    for (const NerExample& ex : dev) {
      const int32_t n = static_cast<int32_t>(ex.tokens.size());
      if (n == 0) continue;
      model->Score(ex.tokens, 0, n, &scratch,
                   ex.doc.offsets.empty() ? nullptr : &ex.doc);
      predicted.resize(n);
      margins.resize(n);
      NerViterbi(scratch.scores.data(), n, model->transitions_, &lattice, &back,
                 predicted.data(), margins.data());
      const std::vector<Chunk> gold = ExtractChunks(LabelNames(ex.labels));
      for (const Chunk& ch : ExtractChunks(LabelNames(predicted))) {
        float m = margins[ch.begin];
        for (int32_t i = ch.begin; i < ch.end; ++i) m = std::min(m, margins[i]);
        bool right = false;
        for (const Chunk& g : gold) right |= g == ch;
        spans.emplace_back(m, right);
      }
    }
    double best_loss = 1e300;
    for (double scale = 0.05; scale < 100; scale *= 1.15) {
      double loss = 0;
      for (const auto& [m, right] : spans) {
        const double p = 1.0 / (1.0 + std::exp(-m / scale));
        loss -= std::log(std::max(1e-9, right ? p : 1 - p));
      }
      if (loss < best_loss) {
        best_loss = loss;
        model->confidence_scale_ = static_cast<float>(scale);
      }
    }
  }

  model->description_ = absl::StrFormat(
      "averaged perceptron, %s, %d epochs (seed %d)%s",
      options.data_description, used_epoch, options.seed,
      dev.empty() ? std::string()
                  : absl::StrFormat(", dev P %.2f R %.2f F1 %.2f",
                                    best_scores.overall().Precision(),
                                    best_scores.overall().Recall(),
                                    best_scores.overall().F1()));
  if (options.disabled_groups != 0) {
    absl::StrAppendFormat(&model->description_, ", feature groups off %#x",
                          options.disabled_groups);
  }
  // The checksum Load would report for the saved file.
  const std::string bytes = model->Serialize();
  std::memcpy(&model->checksum_, bytes.data() + bytes.size() - 8, 8);
  return model;
}

}  // namespace khabar
