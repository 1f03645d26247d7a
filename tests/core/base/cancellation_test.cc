#include "khabar/cancellation.h"

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "khabar/analyzer.h"
#include "test_paths.h"

namespace khabar {
namespace {

using Clock = Cancellation::Clock;

TEST(CancellationTest, DefaultNeverStops) {
  Cancellation cancellation;
  EXPECT_FALSE(cancellation.stopped());
  EXPECT_TRUE(cancellation.Check().ok());
  EXPECT_FALSE(Stopped(nullptr));
}

TEST(CancellationTest, CancelStopsFromAnotherThread) {
  Cancellation cancellation;
  std::thread([&] { cancellation.Cancel(); }).join();
  EXPECT_TRUE(cancellation.stopped());
  EXPECT_TRUE(absl::IsCancelled(cancellation.Check()));
}

TEST(CancellationTest, PassedDeadlineStops) {
  Cancellation past(Clock::now() - std::chrono::milliseconds(1));
  EXPECT_TRUE(Stopped(&past));
  EXPECT_TRUE(absl::IsDeadlineExceeded(past.Check()));
  Cancellation future(Clock::now() + std::chrono::hours(1));
  EXPECT_FALSE(future.stopped());
}

TEST(CancellationTest, ProbeStops) {
  bool gone = false;
  Cancellation cancellation;
  cancellation.set_probe([&gone] { return gone; });
  EXPECT_TRUE(cancellation.Check().ok());
  gone = true;
  EXPECT_TRUE(absl::IsCancelled(cancellation.Check()));
}

std::unique_ptr<Analyzer> AnalyzerWithModels() {
  AnalyzerOptions options;
  options.lexicon_path = testing::SourceDir() + "/models/lexicon.tsv";
  options.ner_model_path = testing::SourceDir() + "/models/ner.model";
  auto analyzer = Analyzer::Create(options);
  EXPECT_TRUE(analyzer.ok()) << analyzer.status();
  return analyzer.ok() ? *std::move(analyzer) : nullptr;
}

// Many short sentences, so the loops that poll between sentences run long.
std::string LongArticle() {
  std::string text;
  while (text.size() < 200000) {
    text +=
        "قال وزير الخارجية الأمريكي أنتوني بلينكن في بغداد إن الحكومة "
        "العراقية ستعمل مع حلف شمال الأطلسي. ";
  }
  return text;
}

TEST(AnalyzerCancellationTest, PassedDeadlineGivesDeadlineExceeded) {
  auto analyzer = AnalyzerWithModels();
  ASSERT_NE(analyzer, nullptr);
  Cancellation cancellation(Clock::now() - std::chrono::milliseconds(1));
  AnalyzeOptions options;
  options.cancellation = &cancellation;
  Article article;
  article.text = "بغداد";
  absl::StatusOr<Analysis> analysis = analyzer->Analyze(article, options);
  EXPECT_TRUE(absl::IsDeadlineExceeded(analysis.status())) << analysis.status();
}

// The probe is polled inside the stages, not only before and after: a
// probe that says stop on its Nth call stops the analysis there.
TEST(AnalyzerCancellationTest, PollsWithinStagesAndStopsWhenTold) {
  auto analyzer = AnalyzerWithModels();
  ASSERT_NE(analyzer, nullptr);
  Article article;
  const std::string text = LongArticle();
  article.text = text;

  std::atomic<int> polls{0};
  Cancellation counting;
  counting.set_probe([&polls] {
    ++polls;
    return false;
  });
  AnalyzeOptions options;
  options.cancellation = &counting;
  ASSERT_TRUE(analyzer->Analyze(article, options).ok());
  const int total = polls.load();
  // Far more polls than the ~20 stage boundaries.
  EXPECT_GT(total, 100);

  std::atomic<int> calls{0};
  Cancellation stopping;
  stopping.set_probe([&calls, total] { return ++calls >= total / 2; });
  options.cancellation = &stopping;
  absl::StatusOr<Analysis> analysis = analyzer->Analyze(article, options);
  EXPECT_TRUE(absl::IsCancelled(analysis.status())) << analysis.status();
  // It stopped at the poll that said so (its status costs one more call,
  // and the stage that noticed passes a check or two on the way out).
  EXPECT_GE(calls.load(), total / 2);
  EXPECT_LE(calls.load(), total / 2 + 4);
}

TEST(AnalyzerCancellationTest, CancelFromAnotherThreadStopsALongAnalysis) {
  auto analyzer = AnalyzerWithModels();
  ASSERT_NE(analyzer, nullptr);
  Article article;
  const std::string text = LongArticle();
  article.text = text;
  std::atomic<int> polls{0};
  Cancellation cancellation;
  cancellation.set_probe([&polls] {
    ++polls;
    return false;
  });
  // Cancels once the analysis is under way (a few polls in, of ~170).
  std::thread canceller([&] {
    while (polls.load() < 5) std::this_thread::yield();
    cancellation.Cancel();
  });
  AnalyzeOptions options;
  options.cancellation = &cancellation;
  absl::StatusOr<Analysis> analysis = analyzer->Analyze(article, options);
  canceller.join();
  EXPECT_TRUE(absl::IsCancelled(analysis.status())) << analysis.status();
}

}  // namespace
}  // namespace khabar
