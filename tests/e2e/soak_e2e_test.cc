// A bounded soak on loopback: minutes of mixed valid and invalid traffic
// against one real server. Valid articles must never fail, invalid ones
// must fail with their own status, and the server's resident memory must
// stay under a bound and stop growing (docs/performance.md).
//
// KHABAR_SOAK_SECONDS sets the length (default 120).
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "e2e/e2e_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_paths.h"

namespace khabar {
namespace {

using e2e::RunClient;
using e2e::RunResult;
using e2e::ServerProcess;
using e2e::TempPath;
using ::testing::HasSubstr;

// Resident memory bounds, in MiB: the peak with models loaded, and how much
// it may grow from the end of the first quarter (warmed up) to the end.
constexpr long kMaxRssMiB = 300;
constexpr long kMaxGrowthMiB = 32;

// The number after "key": in a flat JSON object, or -1.
double JsonNumber(const std::string& json, const std::string& key) {
  const std::string needle = absl::StrCat("\"", key, "\":");
  const size_t at = json.find(needle);
  if (at == std::string::npos) return -1;
  const size_t begin = at + needle.size();
  const size_t end = json.find_first_of(",}", begin);
  double value = -1;
  if (!absl::SimpleAtod(json.substr(begin, end - begin), &value)) return -1;
  return value;
}

int SoakSeconds() {
  const char* env = std::getenv("KHABAR_SOAK_SECONDS");
  int seconds = 120;
  if (env != nullptr && !absl::SimpleAtoi(env, &seconds)) seconds = 120;
  return std::max(seconds, 5);
}

TEST(SoakE2eTest, MixedTrafficNoErrorsOnValidArticlesAndBoundedMemory) {
  ServerProcess server;
  ASSERT_TRUE(
      server.Start({"--max-article-bytes", "200000", "--log-format", "none"}))
      << server.Log();
  const std::string article =
      testing::ReadFileOrEmpty(testing::SourceDir() + "/examples/article.txt");
  ASSERT_FALSE(article.empty());

  const std::string valid = TempPath("valid");
  const std::string invalid = TempPath("invalid");
  std::filesystem::create_directories(valid);
  std::filesystem::create_directories(invalid);
  // Short, medium and long valid articles; each a different text.
  for (int i = 0; i < 6; ++i) {
    std::ofstream out(absl::StrCat(valid, "/v", i, ".txt"));
    out << "خبر رقم " << i << "\n\n";
    for (int r = 0; r < (1 << i); ++r) out << article << "\n\n";
  }
  std::ofstream(invalid + "/utf8.txt") << "بغداد \xff\xfe نص";
  std::ofstream(invalid + "/empty.txt") << "";
  std::ofstream(invalid + "/nul.txt") << std::string("بغداد\0نص", 13);
  {
    std::ofstream big(invalid + "/too_big.txt");
    while (big.tellp() < 300000) big << article << "\n\n";
  }

  const int seconds = SoakSeconds();
  const std::string duration = absl::StrCat(seconds);
  std::atomic<bool> done{false};
  std::vector<long> rss;  // KiB, sampled every 500 ms.
  std::thread sampler([&] {
    while (!done.load()) {
      rss.push_back(server.RssKiB());
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  });
  const auto timeout = std::chrono::seconds(seconds + 120);
  std::future<RunResult> good = std::async(std::launch::async, [&] {
    return RunClient(
        {"bench", "--server", server.address(), "--json", "--concurrency", "6",
         "--warmup", "0", "--duration", duration, valid},
        "", timeout);
  });
  std::future<RunResult> bad = std::async(std::launch::async, [&] {
    return RunClient(
        {"bench", "--server", server.address(), "--json", "--concurrency", "2",
         "--rate", "40", "--warmup", "0", "--duration", duration, invalid},
        "", timeout);
  });
  RunResult good_run = good.get();
  RunResult bad_run = bad.get();
  done = true;
  sampler.join();

  // Valid articles: many calls, not one error.
  ASSERT_EQ(good_run.exit_code, 0) << good_run.err;
  EXPECT_GT(JsonNumber(good_run.out, "ok"), seconds) << good_run.out;
  EXPECT_EQ(JsonNumber(good_run.out, "errors"), 0) << good_run.out;
  // Invalid ones: each refused with its own status, nothing else.
  EXPECT_EQ(JsonNumber(bad_run.out, "ok"), 0) << bad_run.out;
  EXPECT_GT(JsonNumber(bad_run.out, "errors"), seconds) << bad_run.out;
  const double invalid_argument = JsonNumber(bad_run.out, "INVALID_ARGUMENT");
  const double too_big = JsonNumber(bad_run.out, "RESOURCE_EXHAUSTED");
  EXPECT_GT(invalid_argument, 0) << bad_run.out;
  EXPECT_GT(too_big, 0) << bad_run.out;
  EXPECT_EQ(invalid_argument + too_big, JsonNumber(bad_run.out, "errors"))
      << bad_run.out;

  ASSERT_GE(rss.size(), 8u);
  const long peak = *std::max_element(rss.begin(), rss.end());
  const long warmed = rss[rss.size() / 4];
  const long last = rss.back();
  RecordProperty("rss_peak_kib", static_cast<int>(peak));
  RecordProperty("rss_warmed_kib", static_cast<int>(warmed));
  RecordProperty("rss_last_kib", static_cast<int>(last));
  std::printf("soak %d s: RSS warmed %ld KiB, last %ld KiB, peak %ld KiB\n",
              seconds, warmed, last, peak);
  EXPECT_LT(peak, kMaxRssMiB * 1024);
  EXPECT_LT(last - warmed, kMaxGrowthMiB * 1024);

  // Still healthy, and drains cleanly.
  RunResult health = RunClient({"health", "--server", server.address()});
  EXPECT_EQ(health.exit_code, 0) << health.err;
  EXPECT_EQ(server.Stop(), 0);
}

}  // namespace
}  // namespace khabar
