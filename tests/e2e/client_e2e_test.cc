// The real binaries: khabar-server started as a process on a free port,
// khabar-client run against it.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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
using ::testing::Not;
using ::testing::StartsWith;

class ClientE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start())
        << "first line: \"" << server_.first_line() << "\"\n"
        << server_.Log();
  }

  ServerProcess server_;
};

std::u16string ToUtf16(const std::string& s) {
  std::u16string out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    i += len;
    if (cp < 0x10000) {
      out.push_back(static_cast<char16_t>(cp));
    } else {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    }
  }
  return out;
}

v1::AnalyzeResponse ParseJsonLine(const std::string& line) {
  v1::AnalyzeResponse response;
  auto status = google::protobuf::util::JsonStringToMessage(line, &response);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << line;
  return response;
}

TEST_F(ClientE2eTest, SeedArticleAsJsonWithUtf16Offsets) {
  const std::string path =
      testing::SharedDir() + "/seeds/000_8a377a5b990fa512.txt";
  KHABAR_REQUIRE_SHARED(path);
  RunResult run = RunClient({"analyze", "--server", server_.address(), "--json",
                             "--offsets", "utf16", path});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<std::string> lines =
      absl::StrSplit(run.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 1u);
  const v1::AnalyzeResponse response = ParseJsonLine(lines[0]);

  EXPECT_EQ(response.article_id(), path);
  EXPECT_EQ(response.offset_unit(), v1::OFFSET_UNIT_UTF16_CODE_UNITS);
  EXPECT_EQ(response.structure().source(), "الوطن");
  EXPECT_EQ(response.structure().headline(),
            "بلينكن يعبّر لبغداد عن استيائه من الهجمات الصاروخيّة في أربيل");
  EXPECT_GT(response.sentences_size(), 10);

  const std::u16string text = ToUtf16(testing::ReadFileOrEmpty(path));
  EXPECT_EQ(response.text_length(), static_cast<int>(text.size()));
  const v1::Span& headline = response.structure().headline_span();
  EXPECT_EQ(text.substr(headline.begin(), headline.end() - headline.begin()),
            ToUtf16(response.structure().headline()));
  const v1::Token* li_baghdad = nullptr;
  bool any_clitic = false;
  for (const v1::Token& token : response.tokens()) {
    ASSERT_LE(token.span().end(), static_cast<int>(text.size()));
    ASSERT_EQ(text.substr(token.span().begin(),
                          token.span().end() - token.span().begin()),
              ToUtf16(token.text()));
    if (token.text() == "لبغداد" && li_baghdad == nullptr) li_baghdad = &token;
    any_clitic |= !token.prefixes().empty();
  }
  ASSERT_NE(li_baghdad, nullptr);
  // The clitic splitter may not split anything yet in an early build; once
  // it does, لبغداد must be ل + بغداد.
  if (any_clitic) {
    EXPECT_THAT(li_baghdad->prefixes(), ::testing::ElementsAre("ل"));
    EXPECT_EQ(li_baghdad->base(), "بغداد");
  }
}

// The fixture's server lends idle threads to analyses (the default); one
// with --lend-idle-threads off answers the same, timing aside.
TEST_F(ClientE2eTest, LendingIdleThreadsChangesNoAnswer) {
  ServerProcess alone;
  ASSERT_TRUE(alone.Start({"--lend-idle-threads", "off"})) << alone.Log();
  const std::string article = testing::SourceDir() + "/examples/article.txt";
  auto analyse = [&](const std::string& address) {
    RunResult run =
        RunClient({"analyze", "--server", address, "--json", article});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    v1::AnalyzeResponse response = ParseJsonLine(run.out);
    response.clear_timing();
    return response;
  };
  const v1::AnalyzeResponse lent = analyse(server_.address());
  EXPECT_GT(lent.entities_size(), 0);
  EXPECT_GT(lent.keywords_size(), 0);
  EXPECT_EQ(lent.DebugString(), analyse(alone.address()).DebugString());
}

TEST_F(ClientE2eTest, ExampleArticleReport) {
  const std::string path = testing::SourceDir() + "/examples/article.txt";
  if (!testing::PathExists(path)) GTEST_SKIP() << "no examples/article.txt";
  RunResult run = RunClient({"analyze", "--server", server_.address(), path});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("== " + path));
  EXPECT_THAT(run.out, HasSubstr("Headline:"));
  EXPECT_THAT(run.out, HasSubstr("Sentences ("));
  EXPECT_THAT(run.out, HasSubstr("Tokens ("));
  EXPECT_THAT(run.out, HasSubstr("Timing:"));
}

TEST_F(ClientE2eTest, StdinAndSeveralFiles) {
  const std::string a = TempPath("a.txt");
  std::ofstream(a)
      << "وزير الخارجية يزور بغداد\n\nقال الوزير إن الزيارة مهمة.\n";
  RunResult run = RunClient(
      {"analyze", "--server", server_.address(), "--json", "-", a}, a);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<std::string> lines =
      absl::StrSplit(run.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(ParseJsonLine(lines[0]).article_id(), "-");
  EXPECT_EQ(ParseJsonLine(lines[1]).article_id(), a);
}

TEST_F(ClientE2eTest, DirectoryArgumentSendsItsTxtFilesSorted) {
  const std::string dir = TempPath("dir");
  mkdir(dir.c_str(), 0755);
  mkdir((dir + "/sub").c_str(), 0755);
  std::ofstream(dir + "/b.txt") << "قال الوزير إن الزيارة مهمة.\n";
  std::ofstream(dir + "/sub/a.txt") << "وزير الخارجية يزور بغداد.\n";
  std::ofstream(dir + "/notes.md") << "not an article\n";
  RunResult run =
      RunClient({"analyze", "--server", server_.address(), "--json", dir});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<std::string> lines =
      absl::StrSplit(run.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(ParseJsonLine(lines[0]).article_id(), dir + "/b.txt");
  EXPECT_EQ(ParseJsonLine(lines[1]).article_id(), dir + "/sub/a.txt");
  // stderr is not a terminal here: no progress bar.
  EXPECT_EQ(run.err, "");

  const std::string empty = TempPath("empty_dir");
  mkdir(empty.c_str(), 0755);
  run = RunClient({"analyze", "--server", server_.address(), empty});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("no .txt files under " + empty));
}

TEST_F(ClientE2eTest, ReportHasSectionsAndNoEscapesOffATerminal) {
  const std::string a = TempPath("report.txt");
  std::ofstream(a)
      << "وزير الخارجية يزور بغداد\n\nقال الوزير إن الزيارة مهمة.\n";
  // stdout is a file: no colour, with NO_COLOR unset or set.
  unsetenv("NO_COLOR");
  RunResult run = RunClient({"analyze", "--server", server_.address(), a});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Headline:"));
  EXPECT_THAT(run.out, HasSubstr("Entities ("));
  EXPECT_THAT(run.out, HasSubstr("Quotes ("));
  EXPECT_THAT(run.out, HasSubstr("Numbers ("));
  EXPECT_THAT(run.out, HasSubstr("Dates ("));
  EXPECT_THAT(run.out, HasSubstr("Counts ("));
  EXPECT_EQ(run.out.find('\x1b'), std::string::npos) << run.out;
  EXPECT_EQ(run.err.find('\x1b'), std::string::npos) << run.err;

  setenv("NO_COLOR", "1", 1);
  run = RunClient({"analyze", "--server", server_.address(), a, a});
  unsetenv("NO_COLOR");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.find('\x1b'), std::string::npos) << run.out;
  EXPECT_EQ(run.err, "");

  // The check above means something: forced colour does write escapes.
  run = RunClient(
      {"analyze", "--server", server_.address(), "--color", "always", a});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("\x1b[1m"), std::string::npos);

  // Sections of features not asked for are left out.
  run = RunClient(
      {"analyze", "--server", server_.address(), "--features", "tokens", a});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, Not(HasSubstr("Entities (")));
  EXPECT_THAT(run.out, HasSubstr("Tokens ("));

  EXPECT_EQ(RunClient({"analyze", "--color", "sometimes", a}).exit_code, 2);
}

TEST_F(ClientE2eTest, InvalidUtf8IsAnRpcError) {
  const std::string bad = TempPath("bad.txt");
  std::ofstream(bad, std::ios::binary) << "abc\xff";
  RunResult run = RunClient({"analyze", "--server", server_.address(), bad});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err,
              HasSubstr("INVALID_ARGUMENT: article.text: invalid UTF-8 at "
                        "byte offset 3"));
}

TEST_F(ClientE2eTest, FeaturesFlag) {
  const std::string a = TempPath("f.txt");
  std::ofstream(a)
      << "وزير الخارجية يزور بغداد\n\nقال الوزير إن الزيارة مهمة.\n";
  RunResult run = RunClient({"analyze", "--server", server_.address(), "--json",
                             "--features", "tokens", a});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const v1::AnalyzeResponse response = ParseJsonLine(run.out);
  EXPECT_GT(response.tokens_size(), 0);
  EXPECT_EQ(response.sentences_size(), 0);
}

TEST_F(ClientE2eTest, UsageErrorsExit2) {
  EXPECT_EQ(RunClient({}).exit_code, 2);
  EXPECT_EQ(RunClient({"frobnicate"}).exit_code, 2);
  RunResult run = RunClient({"analyze", "--bogus", "x"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("unknown flag --bogus"));
  EXPECT_EQ(RunClient({"analyze", "--server", server_.address(),
                       TempPath("missing.txt")})
                .exit_code,
            2);
  EXPECT_EQ(RunClient({"analyze", "--offsets", "bytes", "-"}).exit_code, 2);
  EXPECT_EQ(RunClient({"analyze", "--features", "magic", "-"}).exit_code, 2);
  EXPECT_EQ(RunClient({"analyze"}).exit_code, 2);
  EXPECT_EQ(RunClient({"health", "--json"}).exit_code, 2);
}

TEST_F(ClientE2eTest, HelpExits0) {
  for (const char* command : {"analyze", "health", "info"}) {
    RunResult run = RunClient({command, "--help"});
    EXPECT_EQ(run.exit_code, 0) << command;
    EXPECT_THAT(run.out, StartsWith("Usage: khabar-client")) << command;
  }
  RunResult run = RunClient({"analyze", "--help"});
  EXPECT_THAT(run.out, HasSubstr("Examples:"));
  EXPECT_THAT(run.out, HasSubstr("NO_COLOR"));
}

TEST_F(ClientE2eTest, UnreachableServerIsUnavailable) {
  RunResult run = RunClient({"health", "--server", "127.0.0.1:1"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("UNAVAILABLE"));

  run = RunClient({"analyze", "--server", "127.0.0.1:1", "-"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("UNAVAILABLE"));
}

TEST_F(ClientE2eTest, HealthIsServing) {
  RunResult run = RunClient({"health", "--server", server_.address()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "SERVING\n");

  run = RunClient({"health", "--server", server_.address(), "--service",
                   "no.such.Service"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("NOT_FOUND"));
}

TEST_F(ClientE2eTest, Info) {
  RunResult run = RunClient({"info", "--server", server_.address()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Languages:  ar"));
  EXPECT_THAT(run.out, HasSubstr("structure, sentences, tokens"));

  run = RunClient({"info", "--server", server_.address(), "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  v1::GetServerInfoResponse info;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(run.out, &info).ok());
  EXPECT_EQ(info.limits().max_article_bytes(), 1 << 20);
}

TEST_F(ClientE2eTest, ServerLogsOneLinePerRequestAndExits0OnSigterm) {
  const std::string a = TempPath("log.txt");
  std::ofstream(a) << "وزير الخارجية يزور بغداد\n";
  ASSERT_EQ(RunClient({"analyze", "--server", server_.address(), a}).exit_code,
            0);
  EXPECT_EQ(server_.Stop(), 0);
  const std::string log = server_.Log();
  EXPECT_THAT(log, HasSubstr("Analyze id=\"" + a + "\""));
  EXPECT_THAT(log, HasSubstr("status=OK latency_us="));
}

TEST_F(ClientE2eTest, SecondServerOnTheSamePortExits1) {
  const std::string err = TempPath("second.err");
  const pid_t pid = Spawn(
      {testing::BinDir() + "/khabar-server", "--listen", server_.address()}, "",
      TempPath("second.out"), err);
  ASSERT_GT(pid, 0);
  const int code = WaitExit(pid, std::chrono::seconds(30));
  if (code < 0) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
  EXPECT_EQ(code, 1);
  EXPECT_THAT(testing::ReadFileOrEmpty(err),
              HasSubstr("cannot listen on " + server_.address()));
}

TEST(ServerBinaryTest, FlagsAndExitCodes) {
  const std::string server = testing::BinDir() + "/khabar-server";
  const std::string out = TempPath("server.out");
  const std::string err = TempPath("server.err");
  auto run = [&](const std::vector<std::string>& args) {
    std::vector<std::string> argv = {server};
    argv.insert(argv.end(), args.begin(), args.end());
    const pid_t pid = Spawn(argv, "", out, err);
    EXPECT_GT(pid, 0);
    return WaitExit(pid, std::chrono::seconds(30));
  };
  EXPECT_EQ(run({"--help"}), 0);
  EXPECT_THAT(testing::ReadFileOrEmpty(out), HasSubstr("--max-article-bytes"));
  EXPECT_EQ(run({"--version"}), 0);
  EXPECT_THAT(testing::ReadFileOrEmpty(out), StartsWith("khabar-server "));
  EXPECT_EQ(run({"--bogus"}), 2);
  EXPECT_EQ(run({"--threads", "many"}), 2);
  EXPECT_EQ(run({"--io-scheduling", "fifo"}), 2);
  EXPECT_THAT(testing::ReadFileOrEmpty(err), HasSubstr("--io-scheduling"));
  EXPECT_EQ(run({"--lend-idle-threads", "sometimes"}), 2);
  EXPECT_THAT(testing::ReadFileOrEmpty(err), HasSubstr("--lend-idle-threads"));
  EXPECT_EQ(run({"--lexicon", TempPath("no-such-lexicon.tsv")}), 2);
  EXPECT_THAT(testing::ReadFileOrEmpty(err), HasSubstr("--lexicon"));
}

}  // namespace
}  // namespace khabar
