#include "ner/gazetteer.h"

#include <memory>
#include <string>
#include <vector>

#include "committed_models.h"
#include "gtest/gtest.h"
#include "text/tokenizer.h"

namespace khabar {
namespace {

class GazetteerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto t = Tokenizer::Create(testing::CommittedLexicon());
    ASSERT_TRUE(t.ok()) << t.status();
    tokenizer_ = *std::move(t);
  }

  // Matches of `text` as (first token, end token, types).
  std::vector<GazetteerMatch> MatchText(const Gazetteer& g,
                                        const std::string& text) {
    std::vector<Token> tokens;
    tokenizer_->Tokenize(text, Span{0, static_cast<int32_t>(text.size())}, 0,
                         &tokens);
    std::vector<uint64_t> keys;
    for (const Token& t : tokens) keys.push_back(Gazetteer::TokenKey(t));
    std::vector<GazetteerMatch> out;
    g.Match(keys.data(), static_cast<int32_t>(keys.size()), &out);
    return out;
  }

  std::unique_ptr<Tokenizer> tokenizer_;
};

TEST_F(GazetteerTest, MatchesAcrossCliticsAndAlefForms) {
  Gazetteer g;
  g.AddText(*tokenizer_, "بغداد", kGazLocation);
  g.AddText(*tokenizer_, "أربيل", kGazLocation);
  g.AddText(*tokenizer_, "العراق", kGazLocation);
  g.AddText(*tokenizer_, "الولايات المتحدة", kGazLocation);
  g.AddText(*tokenizer_, "الأمم المتحدة", kGazOrganization);
  EXPECT_EQ(g.size(), 5u);
  const auto m = MatchText(
      g, "وبغداد لأربيل لاربيل والعراق والولايات المتحدة وللأمم المتحدة");
  ASSERT_EQ(m.size(), 6u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(m[i].begin, i);
    EXPECT_EQ(m[i].end, i + 1);
    EXPECT_EQ(m[i].types, kGazLocation);
  }
  EXPECT_EQ(m[4].begin, 4);
  EXPECT_EQ(m[4].end, 6);
  EXPECT_EQ(m[5].begin, 6);
  EXPECT_EQ(m[5].end, 8);
  EXPECT_EQ(m[5].types, kGazOrganization);
}

TEST_F(GazetteerTest, PartialMultiTokenEntryDoesNotMatch) {
  Gazetteer g;
  g.AddText(*tokenizer_, "كوت ديفوار", kGazLocation);
  EXPECT_TRUE(MatchText(g, "كوت الحمراء").empty());
  EXPECT_EQ(MatchText(g, "في كوت ديفوار").size(), 1u);
}

TEST_F(GazetteerTest, SerializeRoundTrip) {
  Gazetteer g;
  g.AddText(*tokenizer_, "بغداد", kGazLocation);
  g.AddText(*tokenizer_, "الولايات المتحدة", kGazLocation | kGazOrganization);
  std::string bytes;
  g.Serialize(&bytes);
  Gazetteer h;
  size_t pos = 0;
  ASSERT_TRUE(h.Deserialize(bytes, &pos).ok());
  EXPECT_EQ(pos, bytes.size());
  EXPECT_EQ(h.size(), 2u);
  const auto m = MatchText(h, "بالولايات المتحدة");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].types, kGazLocation | kGazOrganization);
  size_t short_pos = 0;
  EXPECT_FALSE(
      h.Deserialize(std::string_view(bytes).substr(0, 25), &short_pos).ok());
}

}  // namespace
}  // namespace khabar
