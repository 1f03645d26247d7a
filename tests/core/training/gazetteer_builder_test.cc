#include "training/gazetteer_builder.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "committed_models.h"
#include "gtest/gtest.h"
#include "text/tokenizer.h"

namespace khabar {
namespace {

class GazetteerBuilderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto t = Tokenizer::Create(testing::CommittedLexicon());
    ASSERT_TRUE(t.ok()) << t.status();
    tokenizer_ = *std::move(t);
  }

  // The types of the longest entry that starts at the first token of `text`,
  // or 0 when none does.
  uint16_t FirstMatchTypes(const Gazetteer& g, const std::string& text) {
    std::vector<Token> tokens;
    tokenizer_->Tokenize(text, Span{0, static_cast<int32_t>(text.size())}, 0,
                         &tokens);
    std::vector<uint64_t> keys;
    for (const Token& t : tokens) keys.push_back(Gazetteer::TokenKey(t));
    std::vector<GazetteerMatch> out;
    g.Match(keys.data(), static_cast<int32_t>(keys.size()), &out);
    return out.empty() ? 0 : out[0].types;
  }

  std::unique_ptr<Tokenizer> tokenizer_;
};

TEST_F(GazetteerBuilderTest, IcuNamesWithoutDataDir) {
  std::string report;
  auto g = BuildStandardGazetteer(*tokenizer_, "", &report);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_GT(g->size(), 500u) << report;
  // CLDR's Arabic names of Iraq and Egypt, a time zone city, a currency.
  for (const char* name : {"والعراق", "مصر", "بيروت"}) {
    EXPECT_TRUE(FirstMatchTypes(*g, name) & kGazLocation) << name;
  }
  EXPECT_TRUE(FirstMatchTypes(*g, "يورو") & kGazCurrency);
}

TEST_F(GazetteerBuilderTest, MissingConllFileIsNotFound) {
  Gazetteer g;
  const absl::Status status =
      AddConllEntities(*tokenizer_, "/nonexistent/wikifane.conll", &g);
  EXPECT_TRUE(absl::IsNotFound(status)) << status;
  EXPECT_EQ(g.size(), 0u);
}

TEST_F(GazetteerBuilderTest, NameListsGetTheirOwnBits) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("khabar_name_lists_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "name-lists");
  std::ofstream(dir / "name-lists" / "anetac-en-ar-named-entities.txt")
      << "PERSON Trump ترامب\nLOCATION Hikone هيكوني\n"
      << "ORGANIZATION Pergamon بيرغامون\nOTHER Foo فوو\n";
  std::ofstream(dir / "name-lists" / "wikidata-person-name-tokens-ar-en.tsv")
      << "arabic\tenglish\tcount\nغوتيريش\tguterres\t3\n";
  Gazetteer g;
  std::string report;
  ASSERT_TRUE(AddNameLists(*tokenizer_, dir.string(), &g, &report).ok());
  EXPECT_EQ(g.size(), 4u) << report;
  // Clitics and alef forms match as for every entry.
  EXPECT_EQ(FirstMatchTypes(g, "وترامب"), kGazListPerson);
  EXPECT_EQ(FirstMatchTypes(g, "هيكوني"), kGazListLocation);
  EXPECT_EQ(FirstMatchTypes(g, "بيرغامون"), kGazListOrganization);
  EXPECT_EQ(FirstMatchTypes(g, "غوتيريش"), kGazPersonNameToken);
  EXPECT_EQ(FirstMatchTypes(g, "فوو"), 0);
  std::filesystem::remove_all(dir);
}

TEST_F(GazetteerBuilderTest, MissingNameListIsNotFound) {
  Gazetteer g;
  EXPECT_TRUE(
      absl::IsNotFound(AddNameLists(*tokenizer_, "/nonexistent", &g, nullptr)));
}

}  // namespace
}  // namespace khabar
