// khabar-client batch against real servers: one result per article,
// resuming an interrupted run, and three replicas with one killed mid-run.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "e2e/e2e_util.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "khabar/v1/analyzer.pb.h"
#include "test_paths.h"

namespace khabar {
namespace {

using e2e::RunClient;
using e2e::RunResult;
using e2e::ServerProcess;
using e2e::Spawn;
using e2e::TempPath;
using e2e::WaitExit;
using ::testing::HasSubstr;

std::string ExampleArticle() {
  return testing::ReadFileOrEmpty(testing::SourceDir() +
                                  "/examples/article.txt");
}

// A directory of `count` articles (a0000.txt ...), each the example
// repeated `repeat` times with its number in front, so that all differ.
std::string MakeArticles(int count, int repeat) {
  const std::string dir = TempPath("articles");
  std::filesystem::create_directories(dir);
  const std::string article = ExampleArticle();
  EXPECT_FALSE(article.empty());
  for (int i = 0; i < count; ++i) {
    std::ofstream out(absl::StrFormat("%s/a%04d.txt", dir, i));
    out << "المقال رقم " << i << "\n\n";
    for (int r = 0; r < repeat; ++r) out << article << "\n\n";
  }
  return dir;
}

std::vector<std::string> Lines(const std::string& path) {
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(testing::ReadFileOrEmpty(path),
                                               '\n', absl::SkipEmpty())) {
    lines.emplace_back(line);
  }
  return lines;
}

// Article id -> results in the file, checking each line parses.
std::map<std::string, std::vector<v1::AnalyzeStreamResponse>> Results(
    const std::string& path) {
  std::map<std::string, std::vector<v1::AnalyzeStreamResponse>> results;
  for (const std::string& line : Lines(path)) {
    v1::AnalyzeStreamResponse response;
    auto status = google::protobuf::util::JsonStringToMessage(line, &response);
    EXPECT_TRUE(status.ok()) << status.ToString();
    results[response.article_id()].push_back(response);
  }
  return results;
}

TEST(BatchE2eTest, OneResultPerArticleAndAResumedRunLosesNothing) {
  ServerProcess server;
  ASSERT_TRUE(server.Start()) << server.Log();
  const std::string dir = MakeArticles(20, 1);
  const std::string bad = dir + "/bad.txt";
  std::ofstream(bad) << "abc\xff";
  const std::string out = TempPath("results.ndjson");

  RunResult run = RunClient({"batch", "--server", server.address(), "--out",
                             out, "--concurrency", "4", dir});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("21 articles: 20 ok, 1 rejected"));
  auto results = Results(out);
  ASSERT_EQ(results.size(), 21u);
  for (const auto& [id, list] : results) {
    ASSERT_EQ(list.size(), 1u) << id;
    if (id == bad) {
      EXPECT_EQ(list[0].status().code(), 3);  // INVALID_ARGUMENT
      EXPECT_THAT(list[0].status().message(), HasSubstr("byte offset 3"));
    } else {
      EXPECT_EQ(list[0].status().code(), 0) << id;
      EXPECT_GT(list[0].response().tokens_size(), 0);
      EXPECT_EQ(list[0].response().article_id(), id);
    }
  }

  // An interrupted run: 8 whole lines and half of the 9th.
  std::vector<std::string> lines = Lines(out);
  {
    std::ofstream cut(out, std::ios::trunc);
    for (int i = 0; i < 8; ++i) cut << lines[i] << "\n";
    cut << lines[8].substr(0, lines[8].size() / 2);
  }
  run = RunClient({"batch", "--server", server.address(), "--out", out, dir});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("8 already in"));
  results = Results(out);
  EXPECT_EQ(results.size(), 21u);
  for (const auto& [id, list] : results) EXPECT_EQ(list.size(), 1u) << id;
  EXPECT_EQ(Lines(out).size(), 21u);

  // A finished run sends nothing again.
  run = RunClient({"batch", "--server", server.address(), "--out", out, dir});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("0 ok, 0 rejected by the server, 0 failed, "
                                 "21 already in"));
  EXPECT_EQ(Lines(out).size(), 21u);
}

// NDJSON input: one Article per line, by its id (or FILE:LINE); a line
// that is not an Article is a usage error before anything is sent.
TEST(BatchE2eTest, NdjsonArticlesByIdAndResume) {
  ServerProcess server;
  ASSERT_TRUE(server.Start()) << server.Log();
  const std::string input = TempPath("articles.ndjson");
  {
    std::ofstream out(input);
    out << R"({"id": "first", "text": "قال الرئيس في بغداد إن الحكومة ستعمل."})"
        << "\n\n"
        << R"({"headline": "عنوان", "body": "خبر عن أربيل والموصل."})"
        << "\n"
        << R"({"id": "third", "text": ""})"
        << "\r\n";
  }
  const std::string out = TempPath("results.ndjson");
  RunResult run =
      RunClient({"batch", "--server", server.address(), "--out", out, input});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto results = Results(out);
  ASSERT_EQ(results.size(), 3u);
  ASSERT_EQ(results.count("first"), 1u);
  EXPECT_EQ(results["first"][0].status().code(), 0);
  EXPECT_EQ(results["first"][0].response().article_id(), "first");
  EXPECT_EQ(results["first"][0].index(), 0);
  const std::string second = input + ":3";
  ASSERT_EQ(results.count(second), 1u);
  EXPECT_EQ(results[second][0].status().code(), 0);
  EXPECT_EQ(results[second][0].response().structure().headline(), "عنوان");
  ASSERT_EQ(results.count("third"), 1u);
  EXPECT_EQ(results["third"][0].status().code(), 3);  // Empty article.

  run = RunClient({"batch", "--server", server.address(), "--out", out, input});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("3 already in"));
  EXPECT_EQ(Lines(out).size(), 3u);

  const std::string broken = TempPath("broken.ndjson");
  std::ofstream(broken) << R"({"id": "x", "text": "نص"})"
                        << "\n{not json\n";
  run = RunClient({"batch", "--server", server.address(), "--out",
                   TempPath("o.ndjson"), broken});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr(broken + ":2: not a khabar.v1.Article"));
}

TEST(BatchE2eTest, UsageErrors) {
  RunResult run = RunClient({"batch", TempPath("nothing")});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("--out FILE is required"));
  run = RunClient(
      {"batch", "--out", TempPath("o"), "--concurrency", "0", "x.txt"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("--concurrency"));
}

// Three replicas behind one --server list; one is killed (no drain) while
// the batch runs. Its streams break, their articles go to the others, and
// every article ends with exactly one OK result.
TEST(BatchE2eTest, ThreeReplicasOneKilledDuringTheRun) {
  ServerProcess servers[3];
  std::string list;
  for (ServerProcess& server : servers) {
    ASSERT_TRUE(server.Start({"--threads", "1"})) << server.Log();
    absl::StrAppend(&list, list.empty() ? "" : ",", server.address());
  }
  constexpr int kArticles = 60;
  const std::string dir = MakeArticles(kArticles, 20);  // ~50 KB each.
  const std::string out = TempPath("results.ndjson");
  const std::string err = TempPath("batch.err");
  const pid_t batch =
      Spawn({testing::BinDir() + "/khabar-client", "batch", "--server", list,
             "--out", out, "--concurrency", "6", "--streams", "6", dir},
            "", TempPath("batch.out"), err);
  ASSERT_GT(batch, 0);
  // Once a few results are in, kill a replica that is serving (its log
  // has answered articles): its streams break with articles unanswered.
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (Lines(out).size() < 6 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  int victim = -1;
  for (int i = 0; i < 3 && victim < 0; ++i) {
    if (absl::StrContains(servers[i].Log(), "AnalyzeStream")) victim = i;
  }
  ASSERT_GE(victim, 0) << "no replica has served yet";
  const size_t before_kill = Lines(out).size();
  servers[victim].Kill();
  const int code = WaitExit(batch, std::chrono::minutes(5));
  if (code < 0) kill(batch, SIGKILL);
  ASSERT_EQ(code, 0) << testing::ReadFileOrEmpty(err);
  EXPECT_LT(before_kill, static_cast<size_t>(kArticles))
      << "the batch ended before the replica was killed";
  auto results = Results(out);
  EXPECT_EQ(results.size(), static_cast<size_t>(kArticles));
  for (const auto& [id, list] : results) {
    ASSERT_EQ(list.size(), 1u) << id;
    EXPECT_EQ(list[0].status().code(), 0) << id;
  }
  EXPECT_EQ(Lines(out).size(), static_cast<size_t>(kArticles));
  // The survivors took over what was left.
  int survivors_serving = 0;
  for (int i = 0; i < 3; ++i) {
    if (i != victim && absl::StrContains(servers[i].Log(), "AnalyzeStream")) {
      ++survivors_serving;
    }
  }
  EXPECT_GE(survivors_serving, 1);
}

}  // namespace
}  // namespace khabar
