// Limits, deadlines and shutdown of the real khabar-server binary: calls
// and streams over the limits, a deadline that stops the engine, the
// per-stream window, SIGTERM under load.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "e2e/e2e_util.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "khabar/v1/analyzer.grpc.pb.h"
#include "test_paths.h"

namespace khabar {
namespace {

using e2e::RunClient;
using e2e::RunResult;
using e2e::ServerProcess;
using e2e::TempPath;
using ::testing::HasSubstr;
using ::testing::Not;

// The example article repeated to at least `bytes` bytes.
std::string BigArticle(size_t bytes) {
  const std::string article =
      testing::ReadFileOrEmpty(testing::SourceDir() + "/examples/article.txt");
  EXPECT_FALSE(article.empty());
  std::string text;
  while (text.size() < bytes && !article.empty()) text += article + "\n\n";
  return text;
}

std::unique_ptr<v1::ArticleAnalyzerService::Stub> Stub(
    const std::string& address) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(-1);
  return v1::ArticleAnalyzerService::NewStub(grpc::CreateCustomChannel(
      address, grpc::InsecureChannelCredentials(), args));
}

grpc::Status Analyze(v1::ArticleAnalyzerService::Stub* stub,
                     const std::string& text,
                     std::chrono::milliseconds timeout) {
  v1::AnalyzeRequest request;
  request.mutable_article()->set_text(text);
  v1::AnalyzeResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  return stub->Analyze(&context, request, &response);
}

// A 1 MB article with a 5 ms deadline: the client gets DEADLINE_EXCEEDED.
// With a deadline that passes a third of the way into the analysis (timed
// first on this machine), the server's own log shows the engine stopped
// with it (an engine that ran to the end would log OK), and the single
// thread is free for the next call.
TEST(LimitsE2eTest, DeadlineStopsTheEngine) {
  ServerProcess server;
  ASSERT_TRUE(server.Start({"--threads", "1", "--log-format", "json"}))
      << server.Log();
  const std::string path = TempPath("big.txt");
  std::ofstream(path) << BigArticle(1000000);
  RunResult run = RunClient({"analyze", "--server", server.address(),
                             "--deadline", "5", "--json", path});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("DEADLINE_EXCEEDED"));
  run = RunClient({"analyze", "--server", server.address(), "--json", path});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // The server's own time for the whole analysis: the last log line's.
  const std::string timed = server.Log();
  const size_t at = timed.rfind("\"latency_us\":");
  ASSERT_NE(at, std::string::npos) << timed;
  const int64_t full_ms =
      std::strtoll(timed.c_str() + at + sizeof("\"latency_us\":") - 1, nullptr,
                   10) /
      1000;
  const std::string deadline_ms =
      absl::StrCat(std::max<int64_t>(full_ms / 3, 20));
  run = RunClient({"analyze", "--server", server.address(), "--deadline",
                   deadline_ms, "--json", path});
  EXPECT_EQ(run.exit_code, 1) << "deadline " << deadline_ms << " ms";
  EXPECT_THAT(run.err, HasSubstr("DEADLINE_EXCEEDED"));

  // The next call waits for the single thread, which must be free.
  auto stub = Stub(server.address());
  EXPECT_TRUE(
      Analyze(stub.get(), "خبر قصير عن بغداد.", std::chrono::seconds(60)).ok());
  const std::string log = server.Log();
  EXPECT_THAT(log, HasSubstr(R"("status":"DEADLINE_EXCEEDED")"))
      << "deadline " << deadline_ms << " ms of " << full_ms;
  EXPECT_THAT(log, HasSubstr("deadline passed during the analysis"));
  EXPECT_EQ(server.Stop(), 0);
}

TEST(LimitsE2eTest, StreamsOverTheLimitAreRefused) {
  ServerProcess server;
  ASSERT_TRUE(server.Start({"--max-concurrent-streams", "1"})) << server.Log();
  auto stub = Stub(server.address());

  grpc::ClientContext first_context;
  auto first = stub->AnalyzeStream(&first_context);
  v1::AnalyzeStreamRequest request;
  request.mutable_request()->mutable_article()->set_text("خبر عن بغداد.");
  ASSERT_TRUE(first->Write(request));
  v1::AnalyzeStreamResponse response;
  ASSERT_TRUE(first->Read(&response));  // The stream is open on the server.

  grpc::ClientContext second_context;
  auto second = stub->AnalyzeStream(&second_context);
  second->Write(request);
  second->WritesDone();
  while (second->Read(&response)) {
  }
  grpc::Status refused = second->Finish();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("--max-concurrent-streams"));

  ASSERT_TRUE(first->WritesDone());
  EXPECT_FALSE(first->Read(&response));
  ASSERT_TRUE(first->Finish().ok());

  // The slot is free again once the first stream is done.
  grpc::ClientContext third_context;
  auto third = stub->AnalyzeStream(&third_context);
  ASSERT_TRUE(third->Write(request));
  ASSERT_TRUE(third->WritesDone());
  EXPECT_TRUE(third->Read(&response));
  EXPECT_EQ(response.status().code(), 0);
  EXPECT_FALSE(third->Read(&response));
  EXPECT_TRUE(third->Finish().ok());
}

// One slot, one thread: while a long call holds the slot, others are
// refused at once; once it is done they are served again.
TEST(LimitsE2eTest, CallsOverTheLimitAreRefused) {
  ServerProcess server;
  ASSERT_TRUE(server.Start({"--threads", "1", "--max-concurrent-calls", "1"}))
      << server.Log();
  auto stub = Stub(server.address());
  const std::string big = BigArticle(600000);
  bool refused = false;
  grpc::Status status;
  grpc::Status long_status;
  // A short call may reach the server before the long one (600 KB to
  // send) and take the slot itself; then the long one is refused, and the
  // round is run again.
  for (int round = 0; round < 5; ++round) {
    std::future<grpc::Status> long_call = std::async(std::launch::async, [&] {
      return Analyze(stub.get(), big, std::chrono::seconds(120));
    });
    while (long_call.wait_for(std::chrono::milliseconds(5)) !=
           std::future_status::ready) {
      status = Analyze(stub.get(), "خبر عن بغداد.", std::chrono::seconds(60));
      if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
        refused = true;
        break;
      }
    }
    long_status = long_call.get();
    if (long_status.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED) {
      break;
    }
    refused = false;
  }
  EXPECT_TRUE(refused) << "the long call ended before another was refused";
  EXPECT_THAT(status.error_message(), HasSubstr("--max-concurrent-calls"));
  EXPECT_TRUE(long_status.ok()) << long_status.error_message();
  EXPECT_TRUE(
      Analyze(stub.get(), "خبر عن بغداد.", std::chrono::seconds(60)).ok());
}

// Articles of very different lengths in one stream, with a window of 3:
// analysed in parallel, answered one each, in request order.
TEST(LimitsE2eTest, StreamWindowAnswersInRequestOrder) {
  ServerProcess server;
  ASSERT_TRUE(server.Start({"--stream-window", "3"})) << server.Log();
  auto stub = Stub(server.address());
  v1::GetServerInfoResponse info;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(
        stub->GetServerInfo(&context, v1::GetServerInfoRequest(), &info).ok());
  }
  EXPECT_EQ(info.limits().stream_window(), 3);
  EXPECT_EQ(info.limits().max_concurrent_calls(), 128);
  EXPECT_EQ(info.limits().max_concurrent_streams(), 32);

  const std::string big = BigArticle(200000);
  grpc::ClientContext context;
  auto stream = stub->AnalyzeStream(&context);
  constexpr int kArticles = 12;
  std::thread writer([&] {
    for (int i = 0; i < kArticles; ++i) {
      v1::AnalyzeStreamRequest request;
      v1::Article* article = request.mutable_request()->mutable_article();
      article->set_id(absl::StrCat("a", i));
      // Long ones first: a server answering as they finish would reorder.
      article->set_text(i % 4 == 0 ? big : "خبر قصير عن بغداد.");
      if (i == 5) article->set_text("");  // Fails alone.
      if (!stream->Write(request)) return;
    }
    stream->WritesDone();
  });
  std::vector<v1::AnalyzeStreamResponse> responses;
  v1::AnalyzeStreamResponse response;
  while (stream->Read(&response)) responses.push_back(response);
  writer.join();
  ASSERT_TRUE(stream->Finish().ok());
  ASSERT_EQ(responses.size(), static_cast<size_t>(kArticles));
  for (int i = 0; i < kArticles; ++i) {
    EXPECT_EQ(responses[i].index(), i);
    EXPECT_EQ(responses[i].article_id(), absl::StrCat("a", i));
    EXPECT_EQ(
        responses[i].status().code(),
        i == 5 ? static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT) : 0);
  }
}

// Connections closed every 100 ms (so that DNS clients re-resolve): calls
// keep succeeding across the reconnections.
TEST(LimitsE2eTest, ConnectionAgeRecyclesWithoutFailedCalls) {
  ServerProcess server;
  ASSERT_TRUE(server.Start({"--max-connection-age-ms", "100"})) << server.Log();
  RunResult run =
      RunClient({"bench", "--server", server.address(), "--json",
                 "--concurrency", "4", "--warmup", "0", "--duration", "2",
                 testing::SourceDir() + "/examples/article.txt"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("\"errors\":0,"));
  EXPECT_THAT(run.out, Not(HasSubstr("\"ok\":0,")));
}

// Threads of `pid` under SCHED_BATCH: field 41 of /proc/PID/task/TID/stat
// is the policy (3), counted after the ")" that ends the name.
int BatchThreads(pid_t pid) {
  int batch = 0;
  const std::string tasks = absl::StrCat("/proc/", pid, "/task");
  for (const auto& task : std::filesystem::directory_iterator(tasks)) {
    const std::string stat =
        testing::ReadFileOrEmpty(task.path().string() + "/stat");
    const size_t name_end = stat.rfind(')');
    if (name_end == std::string::npos) continue;
    std::vector<std::string> fields =
        absl::StrSplit(stat.substr(name_end + 2), ' ');
    // Fields from 3 (state) on: policy, field 41, is at index 38.
    if (fields.size() > 38 && fields[38] == "3") ++batch;
  }
  return batch;
}

// By default the gRPC threads that ran the service's callbacks are batch
// threads, and the server's answers are unchanged; --io-scheduling normal
// leaves every thread as the kernel made it. The load generator's own
// --io-scheduling batch runs as well.
TEST(LimitsE2eTest, IoSchedulingBatchesOnlyGrpcThreads) {
  const std::string article = testing::SourceDir() + "/examples/article.txt";
  ServerProcess batch;
  ASSERT_TRUE(batch.Start()) << batch.Log();
  EXPECT_EQ(BatchThreads(batch.pid()), 0);  // Before any call.
  RunResult run =
      RunClient({"bench", "--server", batch.address(), "--json",
                 "--concurrency", "4", "--warmup", "0", "--duration", "1",
                 "--io-scheduling", "batch", article});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("\"errors\":0,"));
  EXPECT_GE(BatchThreads(batch.pid()), 1);

  ServerProcess normal;
  ASSERT_TRUE(normal.Start({"--io-scheduling", "normal"})) << normal.Log();
  run = RunClient({"bench", "--server", normal.address(), "--json",
                   "--concurrency", "4", "--warmup", "0", "--duration", "1",
                   article});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(BatchThreads(normal.pid()), 0);

  run = RunClient({"bench", "--server", normal.address(), "--io-scheduling",
                   "idle", article});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("--io-scheduling"));
}

// SIGTERM while calls run: they finish OK, calls after it get UNAVAILABLE,
// and the server exits 0.
TEST(LimitsE2eTest, SigtermUnderLoadDrains) {
  ServerProcess server;
  ASSERT_TRUE(
      server.Start({"--shutdown-grace-ms", "60000", "--log-format", "json"}))
      << server.Log();
  auto stub = Stub(server.address());
  const std::string big = BigArticle(300000);
  std::vector<std::future<grpc::Status>> in_flight;
  for (int i = 0; i < 4; ++i) {
    in_flight.push_back(std::async(std::launch::async, [&] {
      return Analyze(stub.get(), big, std::chrono::seconds(120));
    }));
  }
  // Four long calls on two threads: still running when the signal comes.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_EQ(kill(server.pid(), SIGTERM), 0);

  // A new call, on a new connection, is refused once the drain has begun.
  grpc::StatusCode late = grpc::StatusCode::OK;
  for (int i = 0; i < 200 && late != grpc::StatusCode::UNAVAILABLE; ++i) {
    auto fresh = Stub(server.address());
    late = Analyze(fresh.get(), "خبر عن بغداد.", std::chrono::seconds(5))
               .error_code();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(late, grpc::StatusCode::UNAVAILABLE);
  int ok = 0;
  for (auto& call : in_flight) {
    grpc::Status status = call.get();
    if (status.ok()) {
      ++ok;
    } else {
      // A request still uploading at SIGTERM never reached the service:
      // gRPC refuses it, and the client may retry elsewhere.
      EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
          << status.error_message();
    }
  }
  EXPECT_GE(ok, 1);
  EXPECT_EQ(server.Stop(), 0);  // Already exiting: Stop only waits.
  const std::string log = server.Log();
  EXPECT_THAT(log, HasSubstr("SIGTERM received"));
  // Every call the service started finished OK: one OK line per OK call,
  // and no other line for the big article.
  const std::string bytes = absl::StrCat("\"bytes\":", big.size(), ",");
  int logged_ok = 0;
  int logged_other = 0;
  for (absl::string_view line : absl::StrSplit(log, '\n')) {
    if (!absl::StrContains(line, "\"rpc\":\"Analyze\"") ||
        !absl::StrContains(line, bytes)) {
      continue;
    }
    ++(absl::StrContains(line, "\"status\":\"OK\"") ? logged_ok : logged_other);
  }
  EXPECT_EQ(logged_ok, ok) << log;
  EXPECT_EQ(logged_other, 0) << log;
}

}  // namespace
}  // namespace khabar
