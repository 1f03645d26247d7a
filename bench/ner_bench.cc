// NER tagging speed: tokens per second on one core, features included.
//
//   build/bin/khabar_ner_bench [--benchmark_filter=...]
//
// Tags the sentences of ../shared/data/news-samples (or $KHABAR_SAMPLES_DIR;
// without it, examples/article.txt) with models/ner.model. Tokenizing and
// sentence splitting are done once, outside the timed loop.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "ner/ner_model.h"
#include "text/lexicon.h"
#include "text/sentence_splitter.h"
#include "text/tokenizer.h"

namespace khabar {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Corpus {
  std::unique_ptr<NerModel> model;
  std::vector<std::vector<Token>> documents;
  std::vector<std::vector<Span>> sentences;  // Token ranges per document.
  int64_t tokens = 0;
};

const Corpus* Load() {
  static const Corpus* corpus = [] {
    auto* c = new Corpus;
    auto model = NerModel::Load(KHABAR_SOURCE_DIR "/models/ner.model");
    auto lexicon = Lexicon::Load(KHABAR_SOURCE_DIR "/models/lexicon.tsv");
    if (!model.ok() || !lexicon.ok()) return static_cast<Corpus*>(nullptr);
    c->model = *std::move(model);
    auto tokenizer = Tokenizer::Create(lexicon->get());
    auto splitter = SentenceSplitter::Create();
    const char* env = std::getenv("KHABAR_SAMPLES_DIR");
    std::filesystem::path dir =
        env ? env : KHABAR_SOURCE_DIR "/../shared/data/news-samples";
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
      if (e.path().extension() == ".txt") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    if (files.empty())
      files.push_back(KHABAR_SOURCE_DIR "/examples/article.txt");
    for (const auto& f : files) {
      const std::string text = ReadFile(f);
      std::vector<Span> spans;
      (*splitter)->Split(text, Span{0, static_cast<int32_t>(text.size())},
                         &spans);
      std::vector<Token>& tokens = c->documents.emplace_back();
      std::vector<Span>& ranges = c->sentences.emplace_back();
      for (const Span& s : spans) {
        const int32_t begin = static_cast<int32_t>(tokens.size());
        (*tokenizer)->Tokenize(text, s, 0, &tokens);
        ranges.push_back({begin, static_cast<int32_t>(tokens.size())});
      }
      c->tokens += static_cast<int64_t>(tokens.size());
    }
    return c;
  }();
  return corpus;
}

void BM_NerTag(benchmark::State& state) {
  const Corpus* c = Load();
  if (c == nullptr) {
    state.SkipWithError("models/ner.model or models/lexicon.tsv missing");
    return;
  }
  std::vector<NerSpan> spans;
  int64_t entities = 0;
  for (auto _ : state) {
    for (size_t d = 0; d < c->documents.size(); ++d) {
      for (const Span& s : c->sentences[d]) {
        spans.clear();
        c->model->Tag(c->documents[d], s.begin, s.end, &spans);
        entities += static_cast<int64_t>(spans.size());
      }
    }
  }
  benchmark::DoNotOptimize(entities);
  state.counters["tokens/s"] =
      benchmark::Counter(static_cast<double>(c->tokens) * state.iterations(),
                         benchmark::Counter::kIsRate);
  state.counters["tokens"] = static_cast<double>(c->tokens);
}
BENCHMARK(BM_NerTag)->Unit(benchmark::kMillisecond)->UseRealTime();

// What the service does: each file is one document (TagDocument: both
// passes of a two-stage model).
void BM_NerTagDocument(benchmark::State& state) {
  const Corpus* c = Load();
  if (c == nullptr) {
    state.SkipWithError("models/ner.model or models/lexicon.tsv missing");
    return;
  }
  std::vector<std::vector<std::pair<int32_t, int32_t>>> ranges;
  for (const std::vector<Span>& doc : c->sentences) {
    auto& r = ranges.emplace_back();
    for (const Span& s : doc) r.emplace_back(s.begin, s.end);
  }
  std::vector<std::vector<NerSpan>> spans;
  int64_t entities = 0;
  for (auto _ : state) {
    for (size_t d = 0; d < c->documents.size(); ++d) {
      c->model->TagDocument(c->documents[d], ranges[d], &spans);
      for (const auto& s : spans) entities += static_cast<int64_t>(s.size());
    }
  }
  benchmark::DoNotOptimize(entities);
  state.counters["tokens/s"] =
      benchmark::Counter(static_cast<double>(c->tokens) * state.iterations(),
                         benchmark::Counter::kIsRate);
  state.counters["tokens"] = static_cast<double>(c->tokens);
}
BENCHMARK(BM_NerTagDocument)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_NerLoad(benchmark::State& state) {
  for (auto _ : state) {
    auto model = NerModel::Load(KHABAR_SOURCE_DIR "/models/ner.model");
    if (!model.ok()) {
      state.SkipWithError("models/ner.model missing");
      return;
    }
    benchmark::DoNotOptimize(model->get());
  }
}
BENCHMARK(BM_NerLoad)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace khabar

BENCHMARK_MAIN();
