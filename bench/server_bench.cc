// Round trip of one article through the real server on loopback, with the
// shipped models: the latency a client sees (p50, p90, p99 reported as
// counters, microseconds), for the text features and for every feature.
//
//   build/bin/khabar_server_bench
//
// The article is a ~3 KB news sample (../shared/data/news-samples/001.txt,
// or $KHABAR_SAMPLE_FILE); without ../shared, examples/article.txt.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "google/protobuf/arena.h"
#include "grpcpp/grpcpp.h"
#include "handlers.h"
#include "khabar/analyzer.h"
#include "khabar/v1/analyzer.grpc.pb.h"
#include "server.h"

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string SampleArticle() {
  const char* env = std::getenv("KHABAR_SAMPLE_FILE");
  std::string text = ReadFile(
      env ? env : KHABAR_SOURCE_DIR "/../shared/data/news-samples/001.txt");
  if (text.empty()) text = ReadFile(KHABAR_SOURCE_DIR "/examples/article.txt");
  return text;
}

// Every shipped model, as khabar-server loads them.
absl::StatusOr<std::unique_ptr<khabar::Analyzer>> ShippedAnalyzer() {
  khabar::AnalyzerOptions options;
  options.lexicon_path = KHABAR_SOURCE_DIR "/models/lexicon.tsv";
  options.ner_model_path = KHABAR_SOURCE_DIR "/models/ner.model";
  options.stopwords_path = KHABAR_SOURCE_DIR "/models/stopwords_ar.txt";
  options.tone_lexicon_path = KHABAR_SOURCE_DIR "/models/tone_lexicon.tsv";
  return khabar::Analyzer::Create(options);
}

void BM_AnalyzeRoundTrip(benchmark::State& state) {
  auto analyzer = ShippedAnalyzer();
  if (!analyzer.ok()) {
    state.SkipWithError("cannot create the analyzer");
    return;
  }
  khabar::service::ServerOptions server_options;
  server_options.listen_address = "127.0.0.1:0";
  server_options.log_format = khabar::service::LogFormat::kNone;
  auto server = khabar::service::KhabarServer::Start(
      std::shared_ptr<const khabar::Analyzer>(std::move(*analyzer)),
      server_options);
  if (!server.ok()) {
    state.SkipWithError("cannot start the server");
    return;
  }
  auto channel = grpc::CreateChannel((*server)->address(),
                                     grpc::InsecureChannelCredentials());
  auto stub = khabar::v1::ArticleAnalyzerService::NewStub(channel);

  khabar::v1::AnalyzeRequest request;
  request.mutable_article()->set_text(SampleArticle());
  // 0: the text features (structure, sentences, tokens); 1: every feature,
  // as a request that names none gets.
  if (state.range(0) == 0) {
    request.add_features(khabar::v1::FEATURE_STRUCTURE);
    request.add_features(khabar::v1::FEATURE_SENTENCES);
    request.add_features(khabar::v1::FEATURE_TOKENS);
  }
  std::vector<double> micros;
  for (auto _ : state) {
    grpc::ClientContext context;
    khabar::v1::AnalyzeResponse response;
    const auto start = std::chrono::steady_clock::now();
    grpc::Status status = stub->Analyze(&context, request, &response);
    const auto end = std::chrono::steady_clock::now();
    if (!status.ok()) {
      state.SkipWithError(status.error_message().c_str());
      break;
    }
    micros.push_back(
        std::chrono::duration<double, std::micro>(end - start).count());
  }
  if (!micros.empty()) {
    std::sort(micros.begin(), micros.end());
    auto pct = [&](double p) {
      return micros[std::min(micros.size() - 1,
                             static_cast<size_t>(p * micros.size()))];
    };
    state.counters["p50_us"] = pct(0.50);
    state.counters["p90_us"] = pct(0.90);
    state.counters["p99_us"] = pct(0.99);
    state.counters["article_bytes"] =
        static_cast<double>(request.article().text().size());
  }
  (*server)->Shutdown(std::chrono::milliseconds(1000));
}
BENCHMARK(BM_AnalyzeRoundTrip)
    ->Arg(0)
    ->Arg(1)
    ->Iterations(2000)
    ->Unit(benchmark::kMicrosecond);

}  // namespace

// The service's own work around the engine, without gRPC: 0, the analysis
// alone; 1, the request parsed from wire bytes, AnalyzeArticle (checks,
// the analysis, the response proto built on an arena, its tokens written
// as wire bytes) and the response
// serialized, as the server does it. The difference is what the service
// adds per article.
void BM_ServiceWork(benchmark::State& state) {
  auto analyzer = ShippedAnalyzer();
  if (!analyzer.ok()) {
    state.SkipWithError("cannot create the analyzer");
    return;
  }
  const std::string text = SampleArticle();
  khabar::v1::AnalyzeRequest request;
  request.mutable_article()->set_text(text);
  const std::string wire = request.SerializeAsString();
  int64_t response_bytes = 0;
  for (auto _ : state) {
    if (state.range(0) == 0) {
      khabar::Article article;
      article.text = text;
      benchmark::DoNotOptimize(
          (*analyzer)->Analyze(article, khabar::AnalyzeOptions()));
      continue;
    }
    google::protobuf::Arena arena(khabar::service::ResponseArenaOptions());
    auto* parsed =
        google::protobuf::Arena::CreateMessage<khabar::v1::AnalyzeRequest>(
            &arena);
    parsed->ParseFromString(wire);
    auto* response =
        google::protobuf::Arena::CreateMessage<khabar::v1::AnalyzeResponse>(
            &arena);
    std::string tokens_wire;
    if (!khabar::service::AnalyzeArticle(**analyzer, *parsed, response,
                                         &tokens_wire)
             .ok()) {
      state.SkipWithError("analysis failed");
      return;
    }
    // The server sends the two as slices of one buffer, without this copy.
    std::string bytes = response->SerializeAsString() + tokens_wire;
    response_bytes = static_cast<int64_t>(bytes.size());
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["response_bytes"] = static_cast<double>(response_bytes);
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_ServiceWork)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
