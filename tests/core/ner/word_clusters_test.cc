#include "ner/word_clusters.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "test_paths.h"
#include "text/normalizer.h"

namespace khabar {
namespace {

// Writes `contents` to a fresh file under the test temp dir.
std::string WriteTemp(const std::string& name, const std::string& contents) {
  const std::string path =
      absl::StrCat(::testing::TempDir(), "/clusters_", getpid(), "_", name);
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

size_t CommonPrefix(std::string_view a, std::string_view b) {
  size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

TEST(WordClusterPathsTest, LoadsTsvWithAndWithoutCounts) {
  const std::string path = WriteTemp(
      "ok.tsv",
      "# Brown clusters\n# second comment\nفي\t000\t300\nمن\t001\t200\n"
      "\nلندن\t10\r\n");
  auto clusters = WordClusterPaths::Load(path);
  ASSERT_TRUE(clusters.ok()) << clusters.status();
  EXPECT_EQ((*clusters)->size(), 3u);
  EXPECT_EQ((*clusters)->description(), "Brown clusters");
  EXPECT_EQ((*clusters)->Path("في"), "000");
  EXPECT_EQ((*clusters)->Path("من"), "001");
  EXPECT_EQ((*clusters)->Path("لندن"), "10");
  EXPECT_TRUE((*clusters)->Path("غائب").empty());
  EXPECT_TRUE((*clusters)->Path("").empty());
  // Lookups take any std::string_view, not only whole strings.
  const std::string text = "xمنx";
  EXPECT_EQ((*clusters)->Path(std::string_view(text).substr(1, 4)), "001");
  std::remove(path.c_str());
}

TEST(WordClusterPathsTest, MissingFileIsNotFound) {
  auto clusters = WordClusterPaths::Load(
      absl::StrCat(::testing::TempDir(), "/clusters_no_such_file.tsv"));
  ASSERT_FALSE(clusters.ok());
  EXPECT_EQ(clusters.status().code(), absl::StatusCode::kNotFound);
}

TEST(WordClusterPathsTest, MalformedLinesNameTheLine) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"notab", "# d\na\t0\t1\nb 01 3\n"},
      {"badbits", "# d\na\t0\t1\nb\t012\t3\n"},
      {"emptybits", "# d\na\t0\t1\nb\t\t3\n"},
      {"badcount", "# d\na\t0\t1\nb\t01\tmany\n"},
      {"repeat", "# d\na\t0\t1\na\t01\t3\n"},
      {"noform", "# d\na\t0\t1\n\t01\t3\n"},
  };
  for (const auto& [name, contents] : cases) {
    const std::string path = WriteTemp(name + ".tsv", contents);
    auto clusters = WordClusterPaths::Load(path);
    ASSERT_FALSE(clusters.ok()) << name;
    EXPECT_EQ(clusters.status().code(), absl::StatusCode::kInvalidArgument)
        << name;
    EXPECT_NE(clusters.status().message().find(":3:"), std::string::npos)
        << name << ": " << clusters.status();
    std::remove(path.c_str());
  }
}

class CommittedClustersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded =
        WordClusterPaths::Load(testing::SourceDir() + "/models/clusters.tsv");
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    clusters_ = loaded->release();
  }
  static void TearDownTestSuite() {
    delete clusters_;
    clusters_ = nullptr;
  }
  // The bit string of a word given in any spelling.
  static std::string_view PathOf(std::string_view word) {
    return clusters_->Path(MatchingForm(word));
  }
  static WordClusterPaths* clusters_;
};

WordClusterPaths* CommittedClustersTest::clusters_ = nullptr;

TEST_F(CommittedClustersTest, Loads) {
  ASSERT_NE(clusters_, nullptr);
  EXPECT_GT(clusters_->size(), 20000u);
  EXPECT_LE(clusters_->size(), 60000u);
  EXPECT_NE(clusters_->description().find("Brown"), std::string::npos);
}

TEST_F(CommittedClustersTest, CountriesShareMoreWithEachOtherThanWithAVerb) {
  ASSERT_NE(clusters_, nullptr);
  const std::vector<std::string_view> countries = {"فرنسا", "ألمانيا",
                                                   "بريطانيا", "إيطاليا"};
  const std::string_view said = PathOf("قال");
  ASSERT_FALSE(said.empty());
  for (size_t i = 0; i < countries.size(); ++i) {
    const std::string_view a = PathOf(countries[i]);
    ASSERT_FALSE(a.empty()) << countries[i];
    for (size_t j = i + 1; j < countries.size(); ++j) {
      const std::string_view b = PathOf(countries[j]);
      ASSERT_FALSE(b.empty()) << countries[j];
      EXPECT_GT(CommonPrefix(a, b), CommonPrefix(a, said))
          << countries[i] << " " << a << ", " << countries[j] << " " << b
          << ", قال " << said;
    }
  }
}

TEST_F(CommittedClustersTest, MonthsClusterTogether) {
  ASSERT_NE(clusters_, nullptr);
  const std::vector<std::string_view> months = {
      "يناير", "فبراير", "مارس",   "أبريل",  "مايو",   "يونيو",
      "يوليو", "أغسطس",  "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"};
  // Most months in one cluster: a coarse prefix holds them all.
  std::map<std::string_view, int> by_path;
  for (std::string_view month : months) {
    const std::string_view path = PathOf(month);
    ASSERT_FALSE(path.empty()) << month;
    ++by_path[path];
  }
  int largest = 0;
  for (const auto& [path, n] : by_path) largest = std::max(largest, n);
  EXPECT_GE(largest, 9) << "months spread over " << by_path.size()
                        << " clusters";
  const std::string_view said = PathOf("قال");
  const std::string_view first = PathOf(months[0]);
  for (std::string_view month : months) {
    EXPECT_GT(CommonPrefix(first, PathOf(month)), CommonPrefix(first, said))
        << month;
  }
}

// Not assertions: a look at what the clusters hold, for people reading logs.
TEST_F(CommittedClustersTest, PrintsExampleClusters) {
  ASSERT_NE(clusters_, nullptr);
  std::ifstream in(testing::SourceDir() + "/models/clusters.tsv");
  std::map<std::string, std::vector<std::string>> members;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    const size_t tab2 = line.find('\t', tab + 1);
    std::vector<std::string>& list =
        members[line.substr(tab + 1, tab2 - tab - 1)];
    if (list.size() < 12) list.push_back(line.substr(0, tab));
  }
  for (std::string_view word : {"فرنسا", "محمد", "يناير", "قال", "ترامب"}) {
    const std::string path(PathOf(word));
    std::string shown;
    for (const std::string& member : members[path]) {
      absl::StrAppend(&shown, " ", member);
    }
    std::printf("%s %s:%s\n", std::string(word).c_str(), path.c_str(),
                shown.c_str());
  }
}

}  // namespace
}  // namespace khabar
