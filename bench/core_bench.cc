// Throughput of each core stage on the news samples (MB/s of input text).
//
//   build/bin/khabar_core_bench [--benchmark_filter=...]
//
// Reads ../shared/data/news-samples (or $KHABAR_SAMPLES_DIR); without it,
// falls back to examples/article.txt so the program always runs.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "entities/entity_grouping.h"
#include "entities/entity_links.h"
#include "entities/roles.h"
#include "entities/salience.h"
#include "facts/dates.h"
#include "facts/event_counts.h"
#include "facts/keywords.h"
#include "facts/quantities.h"
#include "facts/quotes.h"
#include "facts/tone.h"
#include "khabar/analyzer.h"
#include "khabar/executor.h"
#include "ner/mentions.h"
#include "ner/ner_model.h"
#include "text/input.h"
#include "text/language.h"
#include "text/lexicon.h"
#include "text/normalizer.h"
#include "text/offsets.h"
#include "text/sentence_splitter.h"
#include "text/structure.h"
#include "text/tokenizer.h"
#include "unicode/brkiter.h"
#include "unicode/utext.h"

namespace khabar {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The articles, loaded once.
const std::vector<std::string>& Articles() {
  static const std::vector<std::string>* articles = [] {
    auto* out = new std::vector<std::string>;
    const char* env = std::getenv("KHABAR_SAMPLES_DIR");
    std::filesystem::path dir =
        env ? env : KHABAR_SOURCE_DIR "/../shared/data/news-samples";
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".txt") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) out->push_back(ReadFile(f));
    if (out->empty()) {
      out->push_back(ReadFile(KHABAR_SOURCE_DIR "/examples/article.txt"));
    }
    return out;
  }();
  return *articles;
}

int64_t TotalBytes() {
  int64_t total = 0;
  for (const auto& a : Articles()) total += a.size();
  return total;
}

const Lexicon* SharedLexicon() {
  static const Lexicon* lexicon = [] {
    auto loaded = Lexicon::Load(KHABAR_SOURCE_DIR "/models/lexicon.tsv");
    return loaded.ok() ? loaded->release() : nullptr;
  }();
  return lexicon;
}

Span Whole(const std::string& text) {
  return {0, static_cast<int32_t>(text.size())};
}

void BM_CheckInput(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& a : Articles()) {
      benchmark::DoNotOptimize(CheckInput(a, a.size()));
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_CheckInput);

void BM_MatchingForm(benchmark::State& state) {
  std::string out;
  std::vector<int32_t> offsets;
  for (auto _ : state) {
    for (const auto& a : Articles()) {
      out.clear();
      offsets.clear();
      AppendMatchingForm(a, &out, &offsets);
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_MatchingForm);

void BM_Structure(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& a : Articles()) {
      benchmark::DoNotOptimize(DetectStructure(a));
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_Structure);

void BM_Language(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& a : Articles()) {
      benchmark::DoNotOptimize(DetectLanguage(a));
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_Language);

void BM_Sentences(benchmark::State& state) {
  auto splitter = SentenceSplitter::Create();
  std::vector<Span> out;
  for (auto _ : state) {
    for (const auto& a : Articles()) {
      out.clear();
      (*splitter)->Split(a, Whole(a), &out);
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_Sentences);

void BM_Tokens(benchmark::State& state) {
  auto tokenizer = Tokenizer::Create(SharedLexicon());
  std::vector<Token> out;
  for (auto _ : state) {
    for (const auto& a : Articles()) {
      out.clear();
      (*tokenizer)->Tokenize(a, Whole(a), 0, &out);
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_Tokens);

void BM_Offsets(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& a : Articles()) {
      OffsetConverter converter(a, OffsetUnit::kUtf16CodeUnits);
      for (int32_t i = 0; i < static_cast<int32_t>(a.size()); i += 7) {
        // Only character starts are valid offsets.
        if ((static_cast<unsigned char>(a[i]) & 0xC0) == 0x80) continue;
        benchmark::DoNotOptimize(converter.Convert(i));
      }
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_Offsets);

// Reference point: ICU's word break iterator alone over UTF-8 text, the
// yardstick the pipeline target (a quarter of this) is set against.
void BM_IcuWordBreakBaseline(benchmark::State& state) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale("ar"), status));
  for (auto _ : state) {
    for (const auto& a : Articles()) {
      UText* text = utext_openUTF8(nullptr, a.data(), a.size(), &status);
      words->setText(text, status);
      int32_t n = 0;
      while (words->next() != icu::BreakIterator::DONE) ++n;
      benchmark::DoNotOptimize(n);
      utext_close(text);
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_IcuWordBreakBaseline);

// The articles analysed once with the committed models (sentences, tokens,
// entities), for the stages that run on top of them.
const std::vector<Analysis>& Analysed() {
  static const std::vector<Analysis>* analysed = [] {
    auto* out = new std::vector<Analysis>;
    AnalyzerOptions options;
    options.lexicon_path = KHABAR_SOURCE_DIR "/models/lexicon.tsv";
    options.ner_model_path = KHABAR_SOURCE_DIR "/models/ner.model";
    auto analyzer = Analyzer::Create(options);
    if (!analyzer.ok()) {
      options.ner_model_path.clear();
      analyzer = Analyzer::Create(options);
    }
    AnalyzeOptions call;
    call.features = kFeatureStructure | kFeatureSentences | kFeatureTokens |
                    kFeatureEntities;
    for (const auto& a : Articles()) {
      Article article;
      article.text = a;
      auto analysis = (*analyzer)->Analyze(article, call);
      out->push_back(analysis.ok() ? *std::move(analysis) : Analysis());
    }
    return out;
  }();
  return *analysed;
}

void BM_Quotes(benchmark::State& state) {
  const auto& analysed = Analysed();
  for (auto _ : state) {
    for (size_t i = 0; i < analysed.size(); ++i) {
      const Analysis& a = analysed[i];
      benchmark::DoNotOptimize(
          FindQuotes(Articles()[i], a.sentences, a.tokens, a.entities));
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_Quotes);

void BM_Keywords(benchmark::State& state) {
  auto extractor = KeywordExtractor::Create(
      KHABAR_SOURCE_DIR "/models/stopwords_ar.txt", SharedLexicon());
  const auto& analysed = Analysed();
  for (auto _ : state) {
    for (size_t i = 0; i < analysed.size(); ++i) {
      const Analysis& a = analysed[i];
      benchmark::DoNotOptimize(
          (*extractor)->Extract(Articles()[i], a.sentences, a.tokens));
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_Keywords);

void BM_Tone(benchmark::State& state) {
  auto scorer = ToneScorer::Load(KHABAR_SOURCE_DIR "/models/tone_lexicon.tsv");
  std::vector<Analysis> analysed = Analysed();
  for (auto _ : state) {
    for (Analysis& a : analysed) {
      benchmark::DoNotOptimize((*scorer)->Score(a.tokens, &a.sentences));
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_Tone);

void BM_Dates(benchmark::State& state) {
  const auto& analysed = Analysed();
  const std::optional<CivilDate> published = CivilDate{2021, 2, 17};
  for (auto _ : state) {
    for (size_t i = 0; i < analysed.size(); ++i) {
      const Analysis& a = analysed[i];
      benchmark::DoNotOptimize(
          FindDates(Articles()[i], a.sentences, a.tokens, published));
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_Dates);

void BM_Quantities(benchmark::State& state) {
  const auto& analysed = Analysed();
  std::vector<std::vector<TimeExpression>> dates;
  for (size_t i = 0; i < analysed.size(); ++i) {
    dates.push_back(FindDates(Articles()[i], analysed[i].sentences,
                              analysed[i].tokens, std::nullopt));
  }
  for (auto _ : state) {
    for (size_t i = 0; i < analysed.size(); ++i) {
      const Analysis& a = analysed[i];
      benchmark::DoNotOptimize(
          FindQuantities(Articles()[i], a.sentences, a.tokens, dates[i]));
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_Quantities);

void BM_Events(benchmark::State& state) {
  const auto& analysed = Analysed();
  for (auto _ : state) {
    for (size_t i = 0; i < analysed.size(); ++i) {
      const Analysis& a = analysed[i];
      benchmark::DoNotOptimize(
          FindEvents(Articles()[i], a.sentences, a.tokens, a.entities));
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_Events);

// The whole pipeline as the server runs it: structure, normalization,
// sentences, tokens with clitics (the 30 MB/s target).
void BM_Analyze(benchmark::State& state) {
  AnalyzerOptions options;
  options.lexicon_path = KHABAR_SOURCE_DIR "/models/lexicon.tsv";
  auto analyzer = Analyzer::Create(options);
  if (!analyzer.ok()) {
    options.lexicon_path.clear();
    analyzer = Analyzer::Create(options);
  }
  // The text stages the 30 MB/s target covers; BM_AnalyzeEntities times
  // every feature.
  AnalyzeOptions call;
  call.features = kFeatureStructure | kFeatureSentences | kFeatureTokens;
  call.offset_unit = static_cast<OffsetUnit>(state.range(0));
  for (auto _ : state) {
    for (const auto& a : Articles()) {
      Article article;
      article.text = a;
      benchmark::DoNotOptimize((*analyzer)->Analyze(article, call));
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_Analyze)
    ->Arg(static_cast<int>(OffsetUnit::kUtf8Bytes))
    ->Arg(static_cast<int>(OffsetUnit::kUtf16CodeUnits));

// A full analysis (all features) with the NER model, without (0) and with
// (1) the document-level entity stages: repeated mentions, grouping, links,
// roles and salience (docs/entities.md).
void BM_AnalyzeEntities(benchmark::State& state) {
  AnalyzerOptions options;
  options.lexicon_path = KHABAR_SOURCE_DIR "/models/lexicon.tsv";
  options.ner_model_path = KHABAR_SOURCE_DIR "/models/ner.model";
  options.resolve_entities = state.range(0) != 0;
  auto analyzer = Analyzer::Create(options);
  if (!analyzer.ok()) {
    state.SkipWithError(std::string(analyzer.status().message()).c_str());
    return;
  }
  const AnalyzeOptions call;  // Every feature, as the server's default.
  for (auto _ : state) {
    for (const auto& a : Articles()) {
      Article article;
      article.text = a;
      benchmark::DoNotOptimize((*analyzer)->Analyze(article, call));
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_AnalyzeEntities)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The server's work in-process: every feature with every model, the
// samples in turn, on 1 and 2 threads sharing one Analyzer. Its articles/s
// (items_per_second) is what `khabar-client bench --concurrency 32` over
// the same samples is compared with (docs/performance.md).
// Every model, as the server loads them; created once, never freed.
const Analyzer* FullAnalyzer() {
  static const Analyzer* analyzer = [] {
    AnalyzerOptions options;
    options.lexicon_path = KHABAR_SOURCE_DIR "/models/lexicon.tsv";
    options.ner_model_path = KHABAR_SOURCE_DIR "/models/ner.model";
    options.stopwords_path = KHABAR_SOURCE_DIR "/models/stopwords_ar.txt";
    options.tone_lexicon_path = KHABAR_SOURCE_DIR "/models/tone_lexicon.tsv";
    auto created = Analyzer::Create(options);
    return created.ok() ? created->release() : nullptr;
  }();
  return analyzer;
}

void BM_AnalyzeInProcess(benchmark::State& state) {
  const Analyzer* analyzer = FullAnalyzer();
  if (analyzer == nullptr) {
    state.SkipWithError("models/ not readable");
    return;
  }
  const AnalyzeOptions call;
  const auto& articles = Articles();
  size_t next = static_cast<size_t>(state.thread_index());
  int64_t bytes = 0;
  for (auto _ : state) {
    Article article;
    article.text = articles[next % articles.size()];
    bytes += static_cast<int64_t>(article.text.size());
    benchmark::DoNotOptimize(analyzer->Analyze(article, call));
    next += static_cast<size_t>(state.threads());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_AnalyzeInProcess)->Threads(1)->Threads(2)->UseRealTime();

// One article at a time, every feature, without (0) and with (1) a spare
// thread to lend: the latency of an analysis on an otherwise idle machine.
void BM_AnalyzeLatency(benchmark::State& state) {
  const Analyzer* analyzer = FullAnalyzer();
  if (analyzer == nullptr) {
    state.SkipWithError("models/ not readable");
    return;
  }
  SpareThreads spare(1);
  AnalyzeOptions call;
  if (state.range(0) != 0) call.executor = &spare;
  const auto& articles = Articles();
  size_t next = 0;
  for (auto _ : state) {
    Article article;
    article.text = articles[next++ % articles.size()];
    benchmark::DoNotOptimize(analyzer->Analyze(article, call));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AnalyzeLatency)->Arg(0)->Arg(1)->UseRealTime();

// The entity stages alone on the NER's mentions of every sample, to set
// against BM_AnalyzeEntities/0 (the analysis they extend): grouping and
// linking (0), then also roles and salience (1).
void BM_EntityStages(benchmark::State& state) {
  auto model = NerModel::Load(KHABAR_SOURCE_DIR "/models/ner.model");
  auto aliases = AliasTable::Load(KHABAR_SOURCE_DIR "/models/aliases.tsv");
  auto linker = EntityLinker::Create(KHABAR_SOURCE_DIR "/models/places.tsv");
  AnalyzerOptions options;
  options.lexicon_path = KHABAR_SOURCE_DIR "/models/lexicon.tsv";
  options.resolve_entities = false;
  auto analyzer = Analyzer::Create(options);
  if (!model.ok() || !aliases.ok() || !linker.ok() || !analyzer.ok()) {
    state.SkipWithError("models/ not readable");
    return;
  }
  struct Input {
    Analysis analysis;
    std::vector<Mention> mentions;
  };
  std::vector<Input> inputs;
  for (const auto& a : Articles()) {
    Article article;
    article.text = a;
    Input input;
    input.analysis = *(*analyzer)->Analyze(article, AnalyzeOptions());
    input.mentions = FindMentions(**model, a, input.analysis.sentences,
                                  input.analysis.tokens);
    inputs.push_back(std::move(input));
  }
  for (auto _ : state) {
    for (size_t i = 0; i < inputs.size(); ++i) {
      const std::string& text = Articles()[i];
      const Analysis& analysis = inputs[i].analysis;
      std::vector<Mention> mentions = inputs[i].mentions;
      AddRepeatedMentions(text, analysis.tokens, &mentions);
      ExtendMentionsAfterTitles(text, analysis.tokens, &mentions);
      ExtendPlaceHeads(text, analysis.tokens, &mentions);
      std::vector<Entity> entities = GroupMentions(
          text, analysis.tokens, std::move(mentions), aliases->get());
      (*linker)->Link(&entities);
      if (state.range(0) != 0) {
        AttachRoles(text, analysis.tokens, **linker, &entities);
        RankEntities(analysis.sentences, &entities);
      }
      benchmark::DoNotOptimize(entities.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_EntityStages)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// Hostile shapes (docs/testing.md): nested quote marks, many reporting
// verbs, many names in one sentence, many numbers, a long list of names,
// attribution markers with their complementizer far away.
// Each runs at 128, 512 and 2,048 repetitions of its unit with every
// feature: its bytes per second must stay about the same at every size (a
// quadratic stage shows as a rate falling 4x per step).
std::string HostileArticle(int64_t shape, int64_t n) {
  std::string text;
  switch (shape) {
    case 0:
      for (int64_t i = 0; i < n; ++i) text += "قال الرئيس «";
      text += "لن نتراجع عن موقفنا";
      for (int64_t i = 0; i < n; ++i) text += "»";
      break;
    case 1:
      for (int64_t i = 0; i < n; ++i) {
        text += "وقال الوزير إن الحكومة «ستعمل» على ذلك، ";
      }
      break;
    case 2:
      for (int64_t i = 0; i < n; ++i) {
        text += "التقى الرئيس دونالد ترامب مع ماكرون في باريس وقال إن ترامب ";
      }
      text += ".";
      break;
    case 3:
      for (int64_t i = 0; i < n; ++i) {
        text += "وقتل 12 شخصا وأصيب 30 آخرون في 5 أيار 2018 بكلفة 3 ملايين ";
      }
      break;
    case 4:
      for (int64_t i = 0; i < n; ++i) text += "محمد علي، ";
      text += ".";
      break;
    default:
      for (int64_t i = 0; i < n; ++i) text += "حسب كما قال المصدر ";
      text += "أن الأمر انتهى.";
  }
  return text;
}

void BM_HostileArticle(benchmark::State& state) {
  const Analyzer* analyzer = FullAnalyzer();
  if (analyzer == nullptr) {
    state.SkipWithError("models/ not readable");
    return;
  }
  const std::string text = HostileArticle(state.range(0), state.range(1) * 8);
  Article article;
  article.text = text;
  for (auto _ : state) {
    benchmark::DoNotOptimize(analyzer->Analyze(article, AnalyzeOptions()));
  }
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_HostileArticle)
    ->ArgsProduct({{0, 1, 2, 3, 4, 5}, {16, 64, 256}})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace khabar

BENCHMARK_MAIN();
