#include "ner_model.h"

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "committed_models.h"
#include "conll.h"
#include "gtest/gtest.h"
#include "ner_trainer.h"
#include "tokenizer.h"

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
