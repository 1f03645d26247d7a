#include "ner/ner_model.h"

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_split.h"
#include "committed_models.h"
#include "gtest/gtest.h"
#include "text/tokenizer.h"
#include "training/conll.h"
#include "training/ner_trainer.h"

namespace khabar {
namespace {

// A tiny corpus: names in several contexts, with clitics.
constexpr char kCorpus[] =
    "زار B-PERS\nأحمد I-PERS\nمدينة O\nبغداد B-LOC\n\n"
    "قال O\nالرئيس O\nسمير B-PERS\nخليل I-PERS\nإن O\nشركة B-ORG\n"
    "نفط I-ORG\nالشمال I-ORG\nتعمل O\nفي O\nالبصرة B-LOC\n\n"
    "وصل O\nأحمد B-PERS\nإلى O\nالبصرة B-LOC\nأمس O\n\n"
    "أعلنت O\nشركة B-ORG\nنفط I-ORG\nالشمال I-ORG\nأرباحها O\n\n"
    "سافر O\nسمير B-PERS\nخليل I-PERS\nإلى O\nبغداد B-LOC\nوالبصرة B-LOC\n\n"
    "شاهد O\nالجمهور O\nكأس B-MISC\nالعالم I-MISC\nفي O\nبغداد B-LOC\n\n";

class NerModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto t = Tokenizer::Create(testing::CommittedLexicon());
    ASSERT_TRUE(t.ok()) << t.status();
    tokenizer_ = *std::move(t);
    for (const ConllSentence& s : ParseConll(kCorpus)) {
      sentences_.push_back(s);
      examples_.push_back(MakeNerExample(*tokenizer_, s));
    }
    NerTrainOptions options;
    options.epochs = 10;
    options.data_description = "synthetic";
    Gazetteer gazetteer;
    gazetteer.AddText(*tokenizer_, "بغداد", kGazLocation);
    auto model = NerTrainer::Train(examples_, {}, std::move(gazetteer),
                                   WordClusters(), options, nullptr);
    ASSERT_TRUE(model.ok()) << model.status();
    model_ = *std::move(model);
  }

  std::vector<std::string> TagNames(const NerModel& m, const NerExample& ex) {
    std::vector<int32_t> labels;
    m.TagLabels(ex.tokens, 0, static_cast<int32_t>(ex.tokens.size()), &labels);
    std::vector<std::string> out;
    for (int32_t l : labels) out.emplace_back(NerLabelName(l));
    return out;
  }

  std::unique_ptr<Tokenizer> tokenizer_;
  std::vector<ConllSentence> sentences_;
  std::vector<NerExample> examples_;
  std::unique_ptr<NerModel> model_;
};

TEST_F(NerModelTest, LearnsItsTrainingSentences) {
  ASSERT_EQ(examples_.size(), 6u);
  for (size_t i = 0; i < examples_.size(); ++i) {
    EXPECT_EQ(TagNames(*model_, examples_[i]), sentences_[i].tags) << i;
  }
  const NerScorer scores = NerTrainer::Evaluate(*model_, examples_);
  EXPECT_DOUBLE_EQ(scores.overall().F1(), 100.0);
  EXPECT_NE(model_->Description().find("synthetic"), std::string::npos);
}

TEST_F(NerModelTest, TagGivesSpansWithTypesAndConfidence) {
  // Spans index into the given vector, here with an offset.
  std::vector<Token> tokens = examples_[1].tokens;
  std::vector<Token> padded = examples_[0].tokens;
  const int32_t begin = static_cast<int32_t>(padded.size());
  padded.insert(padded.end(), tokens.begin(), tokens.end());
  std::vector<NerSpan> spans;
  model_->Tag(padded, begin, static_cast<int32_t>(padded.size()), &spans);
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0].begin, begin + 2);
  EXPECT_EQ(spans[0].end, begin + 4);
  EXPECT_EQ(spans[0].type, EntityType::kPerson);
  EXPECT_EQ(spans[1].begin, begin + 5);
  EXPECT_EQ(spans[1].end, begin + 8);
  EXPECT_EQ(spans[1].type, EntityType::kOrganization);
  EXPECT_EQ(spans[2].type, EntityType::kLocation);
  for (const NerSpan& s : spans) {
    EXPECT_GT(s.confidence, 0.0);
    EXPECT_LE(s.confidence, 1.0);
  }
  spans.clear();
  model_->Tag(padded, 3, 3, &spans);  // Empty range.
  EXPECT_TRUE(spans.empty());
}

TEST_F(NerModelTest, SaveLoadRoundTripGivesIdenticalTags) {
  const std::string path = ::testing::TempDir() + "/ner_model_test.model";
  ASSERT_TRUE(model_->Save(path).ok());
  auto loaded = NerModel::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ((*loaded)->Description(), model_->Description());
  EXPECT_EQ((*loaded)->Serialize(), model_->Serialize());
  for (const NerExample& ex : examples_) {
    EXPECT_EQ(TagNames(**loaded, ex), TagNames(*model_, ex));
  }
  std::remove(path.c_str());
}

TEST_F(NerModelTest, LoadErrors) {
  auto missing = NerModel::Load(::testing::TempDir() + "/no-such.model");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  std::string bytes = model_->Serialize();
  auto bad_magic = NerModel::FromBytes("not a model at all, just text");
  EXPECT_EQ(bad_magic.status().code(), absl::StatusCode::kInvalidArgument);
  bytes[bytes.size() / 2] ^= 0x5A;
  auto corrupt = NerModel::FromBytes(bytes);
  EXPECT_EQ(corrupt.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(corrupt.status().message().find("checksum"), std::string::npos);
  auto truncated = NerModel::FromBytes(model_->Serialize().substr(0, 100));
  EXPECT_EQ(truncated.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(NerModelTest, TrainingIsDeterministic) {
  NerTrainOptions options;
  options.epochs = 3;
  options.seed = 7;
  auto a = NerTrainer::Train(examples_, examples_, Gazetteer(), WordClusters(),
                             options, nullptr);
  auto b = NerTrainer::Train(examples_, examples_, Gazetteer(), WordClusters(),
                             options, nullptr);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ((*a)->Serialize(), (*b)->Serialize());
}

// Two stages: the second pass is trained with features of how the first
// pass labelled the same bases in neighbouring sentences.
TEST_F(NerModelTest, TwoStageModelTagsDocumentsAndRoundTrips) {
  NerTrainOptions options;
  options.epochs = 10;
  auto first = NerTrainer::Train(examples_, {}, Gazetteer(), WordClusters(),
                                 options, nullptr);
  ASSERT_TRUE(first.ok());
  std::vector<NerExample> train = examples_;
  NerTrainer::SetDocFeatures(**first, 2, NerTrainer::FirstPass(**first, train),
                             &train);
  for (const NerExample& ex : train) {
    ASSERT_EQ(ex.doc.offsets.size(), ex.tokens.size() + 1);
  }
  auto second = NerTrainer::Train(train, {}, Gazetteer(), WordClusters(),
                                  options, nullptr);
  ASSERT_TRUE(second.ok());
  NerModel& model = **second;
  // A window over all six sentences, so that TagCorpus (tools) and
  // TagDocument (service) see the same document below.
  NerTrainer::Combine(&model, *std::move(first), 6);
  ASSERT_TRUE(model.two_stage());
  EXPECT_EQ(model.doc_window(), 6);
  EXPECT_DOUBLE_EQ(NerTrainer::EvaluateCorpus(model, examples_).overall().F1(),
                   100.0);

  // The same tokens as one document: TagDocument's spans per sentence.
  std::vector<Token> tokens;
  std::vector<std::pair<int32_t, int32_t>> ranges;
  for (const NerExample& ex : examples_) {
    const int32_t begin = static_cast<int32_t>(tokens.size());
    tokens.insert(tokens.end(), ex.tokens.begin(), ex.tokens.end());
    ranges.emplace_back(begin, static_cast<int32_t>(tokens.size()));
  }
  std::vector<std::vector<NerSpan>> spans;
  model.TagDocument(tokens, ranges, &spans);
  ASSERT_EQ(spans.size(), examples_.size());
  ASSERT_EQ(spans[0].size(), 2u);  // أحمد (PERS), بغداد (LOC).
  EXPECT_EQ(spans[0][0].type, EntityType::kPerson);
  EXPECT_EQ(spans[0][1].begin, 3);
  EXPECT_EQ(spans[0][1].type, EntityType::kLocation);
  ASSERT_EQ(spans[4].size(), 3u);
  EXPECT_EQ(spans[4][0].begin, ranges[4].first + 1);
  const std::vector<std::vector<int32_t>> corpus =
      NerTrainer::TagCorpus(model, examples_);
  for (size_t s = 0; s < ranges.size(); ++s) {
    std::vector<int32_t> labels(corpus[s].size(), 0);
    for (const NerSpan& sp : spans[s]) {
      for (int32_t i = sp.begin; i < sp.end; ++i) {
        labels[i - ranges[s].first] = corpus[s][sp.begin - ranges[s].first];
      }
    }
    for (size_t i = 0; i < labels.size(); ++i) {
      // Same entity tokens (B/I agree with the span's first label's type).
      EXPECT_EQ(labels[i] != 0, corpus[s][i] != 0) << s << " " << i;
    }
  }

  const std::string bytes = model.Serialize();
  auto loaded = NerModel::FromBytes(bytes);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_TRUE((*loaded)->two_stage());
  EXPECT_EQ((*loaded)->Serialize(), bytes);
  std::vector<std::vector<NerSpan>> again;
  (*loaded)->TagDocument(tokens, ranges, &again);
  ASSERT_EQ(again.size(), spans.size());
  for (size_t s = 0; s < spans.size(); ++s) {
    ASSERT_EQ(again[s].size(), spans[s].size());
    for (size_t k = 0; k < spans[s].size(); ++k) {
      EXPECT_EQ(again[s][k].begin, spans[s][k].begin);
      EXPECT_EQ(again[s][k].end, spans[s][k].end);
      EXPECT_EQ(again[s][k].type, spans[s][k].type);
    }
  }
  // Tag (one sentence as its document) still works on a two-stage model.
  std::vector<NerSpan> one;
  model.Tag(tokens, ranges[1].first, ranges[1].second, &one);
  EXPECT_EQ(one.size(), 3u);
}

TEST_F(NerModelTest, DocContextSeesOtherOccurrencesOnly) {
  // أحمد is B-PERS in sentence 0; in sentence 2 its document features say so.
  const NerExample& a = examples_[0];
  const NerExample& b = examples_[2];
  const std::vector<int32_t> la = a.labels, lb(b.tokens.size(), 0);
  NerDocContext context;
  context.Add(a.tokens, 0, static_cast<int32_t>(a.tokens.size()), la.data(), 1);
  context.Add(b.tokens, 0, static_cast<int32_t>(b.tokens.size()), lb.data(), 1);
  NerDocFeatures with, alone;
  context.Features(b.tokens, 0, static_cast<int32_t>(b.tokens.size()),
                   lb.data(), 0, &with);
  context.Add(a.tokens, 0, static_cast<int32_t>(a.tokens.size()), la.data(),
              -1);
  context.Features(b.tokens, 0, static_cast<int32_t>(b.tokens.size()),
                   lb.data(), 0, &alone);
  // Token 1 of sentence 2 is أحمد.
  EXPECT_GT(with.offsets[2] - with.offsets[1],
            alone.offsets[2] - alone.offsets[1]);
  // Its own (O) occurrence alone gives no evidence about its base.
  EXPECT_EQ(alone.offsets[2] - alone.offsets[1],
            alone.offsets[4] - alone.offsets[3]);
}

TEST_F(NerModelTest, CostAugmentedTrainingLearnsTheCorpusDeterministically) {
  NerTrainOptions options;
  options.epochs = 10;
  options.margin = 2;
  auto a = NerTrainer::Train(examples_, {}, Gazetteer(), WordClusters(),
                             options, nullptr);
  auto b = NerTrainer::Train(examples_, {}, Gazetteer(), WordClusters(),
                             options, nullptr);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ((*a)->Serialize(), (*b)->Serialize());
  for (size_t i = 0; i < examples_.size(); ++i) {
    EXPECT_EQ(TagNames(**a, examples_[i]), sentences_[i].tags) << i;
  }
}

// "COARSE,FINE" loads two clusterings of the same words; the finer one
// survives serialization (stored as "PATH|FINE_PATH").
TEST(WordClustersTest, LoadsACoarseAndAFineClusteringTogether) {
  const std::string coarse = ::testing::TempDir() + "/ner_coarse.tsv";
  const std::string fine = ::testing::TempDir() + "/ner_fine.tsv";
  std::ofstream(coarse) << "# coarse\nبغداد\t0110\t9\nالبصرة\t0111\t5\n";
  std::ofstream(fine) << "# fine\nبغداد\t0110101101011\t9\nنفط\t10\t4\n";
  auto both = WordClusters::Load(coarse + "," + fine);
  ASSERT_TRUE(both.ok()) << both.status();
  auto only = WordClusters::Load(coarse);
  ASSERT_TRUE(only.ok()) << only.status();
  EXPECT_EQ(both->size(), 3u);
  const WordClusters::Codes* a = both->Find("بغداد");
  const WordClusters::Codes* b = only->Find("بغداد");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  for (int k = 0; k < WordClusters::kMaxPrefixes; ++k) {
    EXPECT_EQ(a->prefix[k], b->prefix[k]) << k;
  }
  for (uint64_t h : a->fine) EXPECT_NE(h, 0u);  // 13 bits: 10, 12, whole.
  for (uint64_t h : b->fine) EXPECT_EQ(h, 0u);
  const WordClusters::Codes* basra = both->Find("البصرة");
  ASSERT_NE(basra, nullptr);
  for (uint64_t h : basra->fine) EXPECT_EQ(h, 0u);
  const WordClusters::Codes* oil = both->Find("نفط");
  ASSERT_NE(oil, nullptr);
  EXPECT_EQ(oil->prefix[WordClusters::kMaxPrefixes - 1], 0u);
  EXPECT_NE(oil->fine[WordClusters::kFinePrefixes - 1], 0u);
  EXPECT_EQ(oil->fine[0], 0u);  // Path shorter than 10 bits.

  std::string bytes;
  both->Serialize(&bytes);
  WordClusters copy;
  size_t pos = 0;
  ASSERT_TRUE(copy.Deserialize(bytes, &pos).ok());
  EXPECT_EQ(pos, bytes.size());
  const WordClusters::Codes* c = copy.Find("بغداد");
  ASSERT_NE(c, nullptr);
  for (int k = 0; k < WordClusters::kFinePrefixes; ++k) {
    EXPECT_EQ(c->fine[k], a->fine[k]) << k;
  }
  EXPECT_FALSE(WordClusters::Load(coarse + ",/no/such/file").ok());
  std::remove(coarse.c_str());
  std::remove(fine.c_str());
}

TEST(NerViterbiTest, NeverStartsWithInside) {
  // Emissions favour I-PERS everywhere; BIO forbids it first and after O.
  float e[3 * kNerLabels] = {0};
  for (int t = 0; t < 3; ++t) e[t * kNerLabels + 2] = 5;  // I-PERS
  for (int t = 0; t < 3; ++t) e[t * kNerLabels + 1] = 1;  // B-PERS
  float trans[(kNerLabels + 1) * kNerLabels] = {0};
  std::vector<float> lattice;
  std::vector<int32_t> back;
  int32_t labels[3];
  float margins[3];
  NerViterbi(e, 3, trans, &lattice, &back, labels, margins);
  EXPECT_EQ(labels[0], 1);
  EXPECT_EQ(labels[1], 2);
  EXPECT_EQ(labels[2], 2);
  EXPECT_EQ(NerLabelId("I-ORG"), 6);
  EXPECT_EQ(NerLabelId("I-XYZ"), -1);
  for (float m : margins) EXPECT_GE(m, 0);
}

}  // namespace
}  // namespace khabar
