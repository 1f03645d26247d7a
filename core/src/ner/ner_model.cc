#include "ner/ner_model.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/parallel.h"
#include "ner/ner_hash.h"

namespace khabar {
namespace {

// A thread's scratch grown for a sentence or a document far longer than
// news has is freed afterwards: otherwise each thread keeps the buffers of
// the largest article it ever saw (tens of MB for 1 MB of text) for good.
constexpr int64_t kKeptSentenceTokens = 2'000;
constexpr int64_t kKeptDocumentTokens = 50'000;  // About 300 KB of text.

// Resets *scratch on destruction when it served more than `keep` tokens.
template <typename Scratch>
class FreeAfterLarge {
 public:
  FreeAfterLarge(Scratch* scratch, int64_t keep)
      : scratch_(scratch), keep_(keep) {}
  ~FreeAfterLarge() {
    if (largest_ > keep_) *scratch_ = Scratch();
  }
  FreeAfterLarge(const FreeAfterLarge&) = delete;
  FreeAfterLarge& operator=(const FreeAfterLarge&) = delete;
  void Saw(int64_t tokens) { largest_ = std::max(largest_, tokens); }

 private:
  Scratch* scratch_;
  int64_t keep_;
  int64_t largest_ = 0;
};

constexpr char kMagic[] = "KHNER004";
constexpr float kForbidden = -1e30f;
// Documents shorter than this are tagged on one thread (TagDocument).
constexpr int32_t kMinTokensToSplit = 200;

const char* const kLabelNames[kNerLabels] = {"O",     "B-PERS", "I-PERS",
                                             "B-LOC", "I-LOC",  "B-ORG",
                                             "I-ORG", "B-MISC", "I-MISC"};

const EntityType kLabelTypes[4] = {EntityType::kPerson, EntityType::kLocation,
                                   EntityType::kOrganization,
                                   EntityType::kMisc};

inline bool IsInside(int label) { return label > 0 && label % 2 == 0; }

// Whether `to` may follow `from` (from == kNerLabels: sentence start).
bool Allowed(int from, int to) {
  if (!IsInside(to)) return true;
  if (from == kNerLabels || from == 0) return false;
  return (from + 1) / 2 == to / 2;  // Same type, B or I.
}

// Adds to `score` the weight rows rows[from, to) of `weights`, prefetching
// the row kAhead places on (up to `limit`, the end of the sentence's rows):
// the model is larger than the caches, and this overlaps the waits.
inline void AddRows(const float* weights, const uint32_t* rows, int64_t from,
                    int64_t to, int64_t limit, float* score) {
  constexpr int64_t kAhead = 8;
  for (int64_t r = from; r < to; ++r) {
    if (r + kAhead < limit) {
      __builtin_prefetch(weights +
                         static_cast<size_t>(rows[r + kAhead]) * kNerLabels);
    }
    const float* row = weights + static_cast<size_t>(rows[r]) * kNerLabels;
    for (int k = 0; k < kNerLabels; ++k) score[k] += row[k];
  }
}

// The sentence at which TagDocument splits the sentences into two halves
// about equal in tokens (`total` in all); sentences.size() when none does.
size_t MiddleSentence(const std::vector<std::pair<int32_t, int32_t>>& sentences,
                      int32_t total) {
  int64_t seen = 0;
  for (size_t s = 0; s < sentences.size(); ++s) {
    if (seen * 2 >= total) return s;
    seen += std::max(0, sentences[s].second - sentences[s].first);
  }
  return sentences.size();
}

}  // namespace

const char* NerLabelName(int label) {
  return label >= 0 && label < kNerLabels ? kLabelNames[label] : "O";
}

int NerLabelId(std::string_view tag) {
  for (int i = 0; i < kNerLabels; ++i) {
    if (tag == kLabelNames[i]) return i;
  }
  return -1;
}

void NerViterbi(const float* e, int32_t n, const float* trans,
                std::vector<float>* lattice, std::vector<int32_t>* back,
                int32_t* labels, float* margins) {
  if (n <= 0) return;
  constexpr int L = kNerLabels;
  lattice->resize(static_cast<size_t>(n) * L * (margins ? 2 : 1));
  back->resize(static_cast<size_t>(n) * L);
  float* alpha = lattice->data();
  int32_t* bp = back->data();
  const float* start = trans + L * L;
  for (int y = 0; y < L; ++y) {
    alpha[y] = Allowed(L, y) ? start[y] + e[y] : kForbidden;
    bp[y] = 0;
  }
  for (int32_t t = 1; t < n; ++t) {
    const float* prev = alpha + (t - 1) * L;
    float* cur = alpha + t * L;
    for (int y = 0; y < L; ++y) {
      float best = kForbidden;
      int32_t arg = 0;
      for (int p = 0; p < L; ++p) {
        if (!Allowed(p, y)) continue;
        const float s = prev[p] + trans[p * L + y];
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      cur[y] = best + e[t * L + y];
      bp[t * L + y] = arg;
    }
  }
  const float* last = alpha + (n - 1) * L;
  int32_t y = 0;
  for (int k = 1; k < L; ++k) {
    if (last[k] > last[y]) y = k;
  }
  for (int32_t t = n - 1; t >= 0; --t) {
    labels[t] = y;
    y = bp[t * L + y];
  }
  if (margins == nullptr) return;
  // Max-marginals: alpha + beta, beta the best continuation after t.
  float* beta = alpha + static_cast<size_t>(n) * L;
  for (int k = 0; k < L; ++k) beta[(n - 1) * L + k] = 0;
  for (int32_t t = n - 2; t >= 0; --t) {
    for (int k = 0; k < L; ++k) {
      float best = kForbidden;
      for (int q = 0; q < L; ++q) {
        if (!Allowed(k, q)) continue;
        const float s =
            trans[k * L + q] + e[(t + 1) * L + q] + beta[(t + 1) * L + q];
        if (s > best) best = s;
      }
      beta[t * L + k] = best;
    }
  }
  for (int32_t t = 0; t < n; ++t) {
    const float chosen = alpha[t * L + labels[t]] + beta[t * L + labels[t]];
    float other = kForbidden;
    for (int k = 0; k < L; ++k) {
      if (k == labels[t]) continue;
      other = std::max(other, alpha[t * L + k] + beta[t * L + k]);
    }
    margins[t] = chosen - other;
  }
}

NerModel::NerModel()
    : gazetteer_(std::make_unique<Gazetteer>()),
      clusters_(std::make_unique<WordClusters>()),
      lexicon_(std::make_unique<NerLexiconStats>()) {
  RebuildFeatures();
}

void NerModel::RebuildFeatures() {
  features_ = std::make_unique<NerFeatures>(gazetteer_.get(), clusters_.get(),
                                            lexicon_.get(), disabled_groups_);
}

void NerModel::SetFirstPass(NerModel&& first, int32_t window) {
  first_ = std::make_unique<Weights>();
  first_->index = std::move(first.index_);
  first_->weights = std::move(first.weights_);
  std::copy(first.transitions_,
            first.transitions_ + (kNerLabels + 1) * kNerLabels,
            first_->transitions);
  first_->o_bias = first.o_bias_;
  doc_window_ = window;
  MergeFirstPass();
}

void NerModel::MergeFirstPass() {
  // One index for both passes: rows of keys only the first pass has get
  // zero second-pass weights; first_->weights is laid out by index_'s rows.
  std::vector<std::pair<uint64_t, uint32_t>> extra;
  for (const auto& [key, row] : first_->index) {
    if (!index_.contains(key)) extra.emplace_back(key, row);
  }
  std::sort(extra.begin(), extra.end());
  for (const auto& [key, row] : extra) {
    index_.emplace(key, static_cast<uint32_t>(index_.size()));
  }
  weights_.resize(index_.size() * kNerLabels, 0.0f);
  std::vector<float> aligned(index_.size() * kNerLabels, 0.0f);
  for (const auto& [key, row] : first_->index) {
    const uint32_t to = index_.at(key);
    std::copy(
        first_->weights.begin() + static_cast<size_t>(row) * kNerLabels,
        first_->weights.begin() + static_cast<size_t>(row + 1) * kNerLabels,
        aligned.begin() + static_cast<size_t>(to) * kNerLabels);
  }
  first_->weights = std::move(aligned);
  first_->index.clear();
}

void NerModel::Score(const std::vector<Token>& tokens, int32_t begin,
                     int32_t end, NerScratch* s, const NerDocFeatures* doc,
                     bool first_pass) const {
  const bool use_first = first_pass && first_ != nullptr;
  features_->Extract(tokens, begin, end, s, use_first ? nullptr : doc);
  const int32_t n = end - begin;
  s->scores.assign(static_cast<size_t>(n) * kNerLabels, 0.0f);
  const absl::flat_hash_map<uint64_t, uint32_t>& index = index_;
  const float* w = use_first ? first_->weights.data() : weights_.data();
  for (int32_t i = 0; i < n; ++i) {
    float* row = s->scores.data() + i * kNerLabels;
    for (int32_t f = s->offsets[i]; f < s->offsets[i + 1]; ++f) {
      auto it = index.find(s->features[f]);
      if (it == index.end()) continue;
      const float* wr = w + static_cast<size_t>(it->second) * kNerLabels;
      for (int k = 0; k < kNerLabels; ++k) row[k] += wr[k];
    }
    row[0] -= use_first ? first_->o_bias : o_bias_;
  }
}

void NerModel::set_o_bias(float bias) {
  o_bias_ = bias;
  set_description(description_);
}

void NerModel::AddLabelBias(int label, float delta) {
  if (label < 0 || label >= kNerLabels || delta == 0) return;
  const uint64_t key = NerFeatures::BiasFeature();
  auto it = index_.find(key);
  if (it == index_.end()) {
    const uint32_t row = static_cast<uint32_t>(index_.size());
    it = index_.emplace(key, row).first;
    weights_.resize(static_cast<size_t>(row + 1) * kNerLabels, 0.0f);
    if (first_ != nullptr && first_->index.empty()) {
      first_->weights.resize(weights_.size(), 0.0f);
    }
  }
  weights_[static_cast<size_t>(it->second) * kNerLabels + label] += delta;
  set_description(description_);
}

void NerModel::FirstPassLabels(const std::vector<Token>& tokens, int32_t begin,
                               int32_t end,
                               std::vector<int32_t>* labels) const {
  thread_local NerScratch scratch;
  labels->assign(std::max(0, end - begin), 0);
  if (end <= begin) return;
  FreeAfterLarge<NerScratch> free(&scratch, kKeptSentenceTokens);
  free.Saw(end - begin);
  Score(tokens, begin, end, &scratch, nullptr, /*first_pass=*/true);
  NerViterbi(scratch.scores.data(), end - begin,
             first_ != nullptr ? first_->transitions : transitions_,
             &scratch.lattice, &scratch.back, labels->data());
}

void NerModel::DocFeatures(const NerDocContext& context,
                           const std::vector<Token>& tokens, int32_t begin,
                           int32_t end, const int32_t* first,
                           NerDocFeatures* out) const {
  context.Features(tokens, begin, end, first, disabled_groups_, out);
}

void NerModel::TagLabelsWithDoc(const std::vector<Token>& tokens, int32_t begin,
                                int32_t end, const NerDocFeatures* doc,
                                std::vector<int32_t>* labels) const {
  thread_local NerScratch scratch;
  labels->assign(std::max(0, end - begin), 0);
  if (end <= begin) return;
  FreeAfterLarge<NerScratch> free(&scratch, kKeptSentenceTokens);
  free.Saw(end - begin);
  Score(tokens, begin, end, &scratch, doc);
  NerViterbi(scratch.scores.data(), end - begin, transitions_, &scratch.lattice,
             &scratch.back, labels->data());
}

void NerModel::TagLabels(const std::vector<Token>& tokens, int32_t begin,
                         int32_t end, std::vector<int32_t>* labels) const {
  if (first_ == nullptr || end <= begin) {
    TagLabelsWithDoc(tokens, begin, end, nullptr, labels);
    return;
  }
  thread_local std::vector<int32_t> first;
  thread_local NerDocContext context;
  thread_local NerDocFeatures doc;
  FreeAfterLarge<std::vector<int32_t>> free_first(&first, kKeptSentenceTokens);
  FreeAfterLarge<NerDocContext> free_context(&context, kKeptSentenceTokens);
  FreeAfterLarge<NerDocFeatures> free_doc(&doc, kKeptSentenceTokens);
  free_first.Saw(end - begin);
  free_context.Saw(end - begin);
  free_doc.Saw(end - begin);
  FirstPassLabels(tokens, begin, end, &first);
  context.Clear();
  context.Add(tokens, begin, end, first.data(), 1);
  DocFeatures(context, tokens, begin, end, first.data(), &doc);
  TagLabelsWithDoc(tokens, begin, end, &doc, labels);
}

// What the two passes of TagDocument share, per token of the document.
struct NerModel::DocumentScratch {
  std::vector<int32_t> first;  // First-pass labels.
  std::vector<uint32_t> rows[2];
  // Per token, its rows in its half's `rows`: [row_begin, row_end).
  std::vector<int64_t> row_begin;
  std::vector<int64_t> row_end;
  NerDocContext context;
};

void NerModel::TagSentences(
    const std::vector<Token>& tokens,
    const std::vector<std::pair<int32_t, int32_t>>& sentences,
    std::vector<std::vector<NerSpan>>* out) const {
  thread_local NerScratch scratch;
  FreeAfterLarge<NerScratch> free(&scratch, kKeptSentenceTokens);
  for (size_t s = 0; s < sentences.size(); ++s) {
    const auto [begin, end] = sentences[s];
    if (end <= begin) continue;
    free.Saw(end - begin);
    Score(tokens, begin, end, &scratch);
    Spans(begin, end - begin, &scratch, &(*out)[s]);
  }
}

bool NerModel::FirstPassHalf(
    const std::vector<Token>& tokens,
    const std::vector<std::pair<int32_t, int32_t>>& sentences, size_t from,
    size_t to, const Cancellation* cancellation, DocumentScratch* document,
    std::vector<uint32_t>* half) const {
  thread_local NerScratch scratch;
  FreeAfterLarge<NerScratch> free(&scratch, kKeptSentenceTokens);
  std::vector<int32_t>& first = document->first;
  std::vector<int64_t>& row_begin = document->row_begin;
  std::vector<int64_t>& row_end = document->row_end;
  const float* w1 = first_->weights.data();
  half->clear();
  for (size_t s = from; s < to; ++s) {
    const auto [begin, end] = sentences[s];
    if (end <= begin) continue;
    if (s % 16 == 15 && Stopped(cancellation)) return false;
    const int32_t n = end - begin;
    free.Saw(n);
    features_->Extract(tokens, begin, end, &scratch);
    // The model is larger than the caches: the sentence's lookups are
    // prefetched first, then resolved, then their rows summed (AddRows),
    // so that the memory waits overlap.
    const int32_t feature_count = scratch.offsets[n];
    for (int32_t f = 0; f < feature_count; ++f) {
      index_.prefetch(scratch.features[f]);
    }
    for (int32_t i = 0; i < n; ++i) {
      row_begin[begin + i] = static_cast<int64_t>(half->size());
      for (int32_t f = scratch.offsets[i]; f < scratch.offsets[i + 1]; ++f) {
        auto it = index_.find(scratch.features[f]);
        if (it != index_.end()) half->push_back(it->second);
      }
      row_end[begin + i] = static_cast<int64_t>(half->size());
    }
    scratch.scores.assign(static_cast<size_t>(n) * kNerLabels, 0.0f);
    const int64_t sentence_end = row_end[end - 1];
    for (int32_t i = 0; i < n; ++i) {
      float* row = scratch.scores.data() + i * kNerLabels;
      AddRows(w1, half->data(), row_begin[begin + i], row_end[begin + i],
              sentence_end, row);
      row[0] -= first_->o_bias;
    }
    NerViterbi(scratch.scores.data(), n, first_->transitions, &scratch.lattice,
               &scratch.back, first.data() + begin);
  }
  return true;
}

void NerModel::SecondPassHalf(
    const std::vector<Token>& tokens,
    const std::vector<std::pair<int32_t, int32_t>>& sentences, size_t from,
    size_t to, const Cancellation* cancellation,
    const DocumentScratch& document, const std::vector<uint32_t>& rows,
    std::vector<std::vector<NerSpan>>* out) const {
  thread_local NerScratch scratch;
  thread_local NerDocFeatures doc;
  FreeAfterLarge<NerScratch> free(&scratch, kKeptSentenceTokens);
  FreeAfterLarge<NerDocFeatures> free_doc(&doc, kKeptSentenceTokens);
  const std::vector<int32_t>& first = document.first;
  const std::vector<int64_t>& row_begin = document.row_begin;
  const std::vector<int64_t>& row_end = document.row_end;
  const float* w2 = weights_.data();
  for (size_t s = from; s < to; ++s) {
    const auto [begin, end] = sentences[s];
    if (end <= begin) continue;
    if (s % 16 == 15 && Stopped(cancellation)) return;
    const int32_t n = end - begin;
    free.Saw(n);
    free_doc.Saw(n);
    DocFeatures(document.context, tokens, begin, end, first.data() + begin,
                &doc);
    for (int32_t f = 0; f < doc.offsets[n]; ++f) {
      index_.prefetch(doc.features[f]);
    }
    scratch.scores.assign(static_cast<size_t>(n) * kNerLabels, 0.0f);
    const int64_t sentence_end = row_end[end - 1];
    for (int32_t i = 0; i < n; ++i) {
      float* row = scratch.scores.data() + i * kNerLabels;
      AddRows(w2, rows.data(), row_begin[begin + i], row_end[begin + i],
              sentence_end, row);
      for (int32_t f = doc.offsets[i]; f < doc.offsets[i + 1]; ++f) {
        auto it = index_.find(doc.features[f]);
        if (it == index_.end()) continue;
        const float* wr = w2 + static_cast<size_t>(it->second) * kNerLabels;
        for (int k = 0; k < kNerLabels; ++k) row[k] += wr[k];
      }
      row[0] -= o_bias_;
    }
    Spans(begin, n, &scratch, &(*out)[s]);
  }
}

void NerModel::TagDocument(
    const std::vector<Token>& tokens,
    const std::vector<std::pair<int32_t, int32_t>>& sentences,
    std::vector<std::vector<NerSpan>>* out, const Cancellation* cancellation,
    Executor* executor) const {
  out->resize(sentences.size());
  for (auto& spans : *out) spans.clear();
  if (first_ == nullptr) {
    TagSentences(tokens, sentences, out);
    return;
  }
  // First pass over every sentence; the weight rows of its features are
  // kept (per token of the document), so that the second pass looks up
  // only the document features. Each pass runs over two halves of the
  // sentences, side by side when `executor` lends a thread; each half keeps
  // its own rows, so the halves share no writes.
  thread_local DocumentScratch this_thread_document;
  // A name of a thread_local means the running thread's copy, so the
  // helper thread reaches this thread's through the reference.
  DocumentScratch& document = this_thread_document;
  const int32_t total = static_cast<int32_t>(tokens.size());
  FreeAfterLarge<DocumentScratch> free(&document, kKeptDocumentTokens);
  free.Saw(total);
  document.first.assign(total, 0);
  document.row_begin.assign(total, 0);
  document.row_end.assign(total, 0);
  document.context.Clear();

  // The halves: sentences [0, mid) and [mid, size), about equal in tokens.
  // Short documents stay whole, where a hand-off would cost more than it
  // saves.
  const size_t size = sentences.size();
  const size_t mid = executor != nullptr && total >= kMinTokensToSplit
                         ? MiddleSentence(sentences, total)
                         : size;
  bool whole[2] = {true, true};
  RunBoth(
      mid < size ? executor : nullptr,
      [&] {
        whole[0] = FirstPassHalf(tokens, sentences, 0, mid, cancellation,
                                 &document, &document.rows[0]);
      },
      [&] {
        whole[1] = FirstPassHalf(tokens, sentences, mid, size, cancellation,
                                 &document, &document.rows[1]);
      });
  if (!whole[0] || !whole[1]) return;
  // In sentence order, as the second pass expects.
  for (const auto& [begin, end] : sentences) {
    if (end > begin) {
      document.context.Add(tokens, begin, end, document.first.data() + begin,
                           1);
    }
  }
  RunBoth(
      mid < size ? executor : nullptr,
      [&] {
        SecondPassHalf(tokens, sentences, 0, mid, cancellation, document,
                       document.rows[0], out);
      },
      [&] {
        SecondPassHalf(tokens, sentences, mid, size, cancellation, document,
                       document.rows[1], out);
      });
}

void NerModel::Tag(const std::vector<Token>& tokens, int32_t begin, int32_t end,
                   std::vector<NerSpan>* out) const {
  if (end <= begin) return;
  if (first_ != nullptr) {
    thread_local std::vector<std::vector<NerSpan>> spans;
    TagDocument(tokens, {{begin, end}}, &spans);
    out->insert(out->end(), spans[0].begin(), spans[0].end());
    return;
  }
  thread_local NerScratch scratch;
  FreeAfterLarge<NerScratch> free(&scratch, kKeptSentenceTokens);
  free.Saw(end - begin);
  Score(tokens, begin, end, &scratch);
  Spans(begin, end - begin, &scratch, out);
}

void NerModel::Spans(int32_t begin, int32_t n, NerScratch* s,
                     std::vector<NerSpan>* out) const {
  thread_local std::vector<float> margins;
  NerScratch& scratch = *s;
  scratch.labels.resize(n);
  margins.resize(n);
  NerViterbi(scratch.scores.data(), n, transitions_, &scratch.lattice,
             &scratch.back, scratch.labels.data(), margins.data());
  const int32_t* labels = scratch.labels.data();
  for (int32_t i = 0; i < n;) {
    if (labels[i] == 0) {
      ++i;
      continue;
    }
    const int type = (labels[i] - 1) / 2;
    int32_t j = i + 1;
    float margin = margins[i];
    while (j < n && IsInside(labels[j]) && (labels[j] - 1) / 2 == type) {
      margin = std::min(margin, margins[j]);
      ++j;
    }
    const double confidence =
        1.0 /
        (1.0 + std::exp(-static_cast<double>(margin) / confidence_scale_));
    out->push_back({begin + i, begin + j, kLabelTypes[type], confidence});
    i = j;
  }
}

void NerModel::set_description(const std::string& description) {
  description_ = description;
  const std::string bytes = Serialize();
  std::memcpy(&checksum_, bytes.data() + bytes.size() - 8, 8);
}

std::string NerModel::Description() const {
  return absl::StrFormat(
      "%s; %d features, gazetteer %d entries, %d word clusters, checksum "
      "%016x",
      description_, index_.size(), gazetteer_->size(), clusters_->size(),
      checksum_);
}

std::string NerModel::Serialize() const {
  std::string out(kMagic, 8);
  auto put = [&out](const void* p, size_t n) {
    out.append(static_cast<const char*>(p), n);
  };
  const uint32_t desc_len = description_.size();
  put(&desc_len, 4);
  out += description_;
  put(&disabled_groups_, 4);
  put(&confidence_scale_, 4);
  put(&doc_window_, 4);
  put(&o_bias_, 4);
  gazetteer_->Serialize(&out);
  clusters_->Serialize(&out);
  lexicon_->Serialize(&out);
  // Passes: the first (when two-stage), then the main one. Rows sorted by
  // key so that the same model gives the same bytes; only the non-zero
  // weights of each row are stored.
  auto put_weights = [&](const absl::flat_hash_map<uint64_t, uint32_t>& index,
                         const std::vector<float>& weights,
                         const float* transitions) {
    put(transitions, sizeof(float) * (kNerLabels + 1) * kNerLabels);
    std::vector<std::pair<uint64_t, uint32_t>> rows(index.begin(), index.end());
    std::sort(rows.begin(), rows.end());
    const uint64_t count = rows.size();
    put(&count, 8);
    for (const auto& [key, row] : rows) {
      const float* w = weights.data() + static_cast<size_t>(row) * kNerLabels;
      uint16_t mask = 0;
      for (int k = 0; k < kNerLabels; ++k) {
        if (w[k] != 0) mask |= 1 << k;
      }
      put(&key, 8);
      put(&mask, 2);
      for (int k = 0; k < kNerLabels; ++k) {
        if (mask & (1 << k)) put(&w[k], 4);
      }
    }
  };
  const uint8_t passes = first_ != nullptr ? 2 : 1;
  put(&passes, 1);
  if (first_ != nullptr) {
    put(&first_->o_bias, 4);
    put_weights(index_, first_->weights, first_->transitions);
  }
  put_weights(index_, weights_, transitions_);
  const uint64_t checksum = NerHash(out);
  put(&checksum, 8);
  return out;
}

absl::Status NerModel::Save(const std::string& path) const {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) return absl::NotFoundError("cannot write model file " + path);
  const std::string bytes = Serialize();
  f.write(bytes.data(), bytes.size());
  f.close();
  if (!f) return absl::InternalError("error writing model file " + path);
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<NerModel>> NerModel::Load(
    const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return absl::NotFoundError("cannot open NER model " + path);
  std::ostringstream ss;
  ss << f.rdbuf();
  absl::StatusOr<std::unique_ptr<NerModel>> model = FromBytes(ss.str());
  if (!model.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("NER model ", path, ": ", model.status().message()));
  }
  return model;
}

absl::StatusOr<std::unique_ptr<NerModel>> NerModel::FromBytes(
    std::string_view data) {
  if (data.size() < 16 || data.substr(0, 8) != std::string_view(kMagic, 8)) {
    return absl::InvalidArgumentError(
        "not a khabar NER model (bad magic; expected KHNER004)");
  }
  uint64_t checksum;
  std::memcpy(&checksum, data.data() + data.size() - 8, 8);
  const std::string_view body = data.substr(0, data.size() - 8);
  if (NerHash(body) != checksum) {
    return absl::InvalidArgumentError(
        "checksum mismatch (truncated or corrupt)");
  }
  std::unique_ptr<NerModel> m(new NerModel());
  m->checksum_ = checksum;
  size_t pos = 8;
  auto get = [&](void* p, size_t n) {
    if (pos + n > body.size()) return false;
    std::memcpy(p, body.data() + pos, n);
    pos += n;
    return true;
  };
  const auto truncated = [](const char* what) {
    return absl::InvalidArgumentError(absl::StrCat(what, " is truncated"));
  };
  uint32_t desc_len = 0;
  if (!get(&desc_len, 4) || pos + desc_len > body.size()) {
    return truncated("description");
  }
  m->description_.assign(body.data() + pos, desc_len);
  pos += desc_len;
  if (!get(&m->disabled_groups_, 4) || !get(&m->confidence_scale_, 4) ||
      !get(&m->doc_window_, 4) || !get(&m->o_bias_, 4)) {
    return truncated("header");
  }
  if (!(m->confidence_scale_ > 0)) m->confidence_scale_ = 1;
  if (absl::Status s = m->gazetteer_->Deserialize(body, &pos); !s.ok())
    return s;
  if (absl::Status s = m->clusters_->Deserialize(body, &pos); !s.ok()) return s;
  if (absl::Status s = m->lexicon_->Deserialize(body, &pos); !s.ok()) return s;
  auto get_weights = [&](absl::flat_hash_map<uint64_t, uint32_t>* index,
                         std::vector<float>* weights,
                         float* transitions) -> bool {
    if (!get(transitions, sizeof(float) * (kNerLabels + 1) * kNerLabels)) {
      return false;
    }
    uint64_t count = 0;
    if (!get(&count, 8) || count > (body.size() - pos) / 10) return false;
    index->reserve(count);
    weights->assign(count * kNerLabels, 0.0f);
    for (uint64_t r = 0; r < count; ++r) {
      uint64_t key;
      uint16_t mask;
      if (!get(&key, 8) || !get(&mask, 2)) return false;
      float* w = weights->data() + r * kNerLabels;
      for (int k = 0; k < kNerLabels; ++k) {
        if ((mask & (1 << k)) && !get(&w[k], 4)) return false;
      }
      index->emplace(key, static_cast<uint32_t>(r));
    }
    return true;
  };
  uint8_t passes = 0;
  if (!get(&passes, 1) || passes < 1 || passes > 2) {
    return truncated("weight section");
  }
  if (passes == 2) {
    m->first_ = std::make_unique<Weights>();
    if (!get(&m->first_->o_bias, 4) ||
        !get_weights(&m->first_->index, &m->first_->weights,
                     m->first_->transitions)) {
      return truncated("first-pass weight section");
    }
  }
  if (!get_weights(&m->index_, &m->weights_, m->transitions_)) {
    return truncated("weight section");
  }
  if (m->first_ != nullptr) m->MergeFirstPass();
  if (pos != body.size()) {
    return absl::InvalidArgumentError("trailing bytes after the weights");
  }
  m->RebuildFeatures();
  return m;
}

}  // namespace khabar
