#include "text/lexicon.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace khabar {
namespace {

// Writes `contents` to a fresh file under the test temp dir.
std::string WriteTemp(const std::string& name, const std::string& contents) {
  const std::string path =
      absl::StrCat(::testing::TempDir(), "/lexicon_", getpid(), "_", name);
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

TEST(LexiconTest, LoadsTsvWithComments) {
  const std::string path = WriteTemp(
      "ok.tsv",
      "# Arabic news word counts\n# second comment\nفي\t1200\nمن\t900\n"
      "\ncnn\t7\n");
  auto lexicon = Lexicon::Load(path);
  ASSERT_TRUE(lexicon.ok()) << lexicon.status();
  EXPECT_EQ((*lexicon)->size(), 3u);
  EXPECT_EQ((*lexicon)->description(), "Arabic news word counts");
  EXPECT_EQ((*lexicon)->Count("في"), 1200);
  EXPECT_EQ((*lexicon)->Count("من"), 900);
  EXPECT_EQ((*lexicon)->Count("cnn"), 7);
  EXPECT_EQ((*lexicon)->Count("غائب"), 0);
  std::remove(path.c_str());
}

TEST(LexiconTest, ToleratesMissingTrailingNewlineAndCrlf) {
  const std::string path = WriteTemp("crlf.tsv", "a\t1\r\nb\t2");
  auto lexicon = Lexicon::Load(path);
  ASSERT_TRUE(lexicon.ok()) << lexicon.status();
  EXPECT_EQ((*lexicon)->Count("a"), 1);
  EXPECT_EQ((*lexicon)->Count("b"), 2);
  EXPECT_EQ((*lexicon)->description(), "");
  std::remove(path.c_str());
}

TEST(LexiconTest, RejectsBadCountNamingTheLine) {
  const std::string path = WriteTemp("bad.tsv", "# d\na\t1\nb\tmany\n");
  auto lexicon = Lexicon::Load(path);
  ASSERT_FALSE(lexicon.ok());
  EXPECT_EQ(lexicon.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(lexicon.status().message().find(":3:"), std::string::npos)
      << lexicon.status();
  std::remove(path.c_str());
}

TEST(LexiconTest, RejectsLineWithoutTab) {
  const std::string path = WriteTemp("notab.tsv", "a\t1\nb 2\n");
  auto lexicon = Lexicon::Load(path);
  ASSERT_FALSE(lexicon.ok());
  EXPECT_EQ(lexicon.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(lexicon.status().message().find(":2:"), std::string::npos);
  std::remove(path.c_str());
}

TEST(LexiconTest, RejectsNegativeCount) {
  const std::string path = WriteTemp("neg.tsv", "a\t-4\n");
  EXPECT_FALSE(Lexicon::Load(path).ok());
  std::remove(path.c_str());
}

TEST(LexiconTest, MissingFileIsNotFound) {
  auto lexicon = Lexicon::Load("/nonexistent/khabar/lexicon.tsv");
  EXPECT_EQ(lexicon.status().code(), absl::StatusCode::kNotFound);
}

TEST(LexiconTest, FromCounts) {
  auto lexicon = Lexicon::FromCounts({{"قال", 10}, {"رئيس", 3}});
  EXPECT_EQ(lexicon->size(), 2u);
  EXPECT_EQ(lexicon->Count("قال"), 10);
  EXPECT_EQ(lexicon->Count(std::string_view("رئيس")), 3);
  EXPECT_EQ(lexicon->Count(""), 0);
}

TEST(LexiconTest, LoadsManyEntriesQuickly) {
  std::string contents = "# synthetic\n";
  constexpr int kEntries = 300000;
  for (int k = 0; k < kEntries; ++k) {
    absl::StrAppend(&contents, "كلمة", k, "\t", k + 1, "\n");
  }
  const std::string path = WriteTemp("big.tsv", contents);
  const auto start = std::chrono::steady_clock::now();
  auto lexicon = Lexicon::Load(path);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ASSERT_TRUE(lexicon.ok()) << lexicon.status();
  EXPECT_EQ((*lexicon)->size(), static_cast<size_t>(kEntries));
  EXPECT_EQ((*lexicon)->Count("كلمة123"), 124);
  // Generous bound so a loaded CI machine or a sanitizer build still passes.
  EXPECT_LT(seconds, 5.0);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace khabar
