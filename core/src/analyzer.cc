// The pipeline: input checks, structure, language, sentences, tokens, then
// offsets converted once into the caller's unit.
#include "khabar/analyzer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/parallel.h"
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
#include "khabar/cancellation.h"
#include "khabar/check.h"
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

#ifndef KHABAR_VERSION
#define KHABAR_VERSION "0.0.0-dev"
#endif

namespace khabar {
namespace {

using Clock = std::chrono::steady_clock;

// Records the time of each stage into Analysis::timing, and between
// stages asks the caller's Cancellation whether to go on.
class StageTimer {
 public:
  // Records into analysis->timing; Finish() sets its total.
  StageTimer(Analysis* analysis, const Cancellation* cancellation)
      : StageTimer(&analysis->timing, cancellation) {
    analysis_ = analysis;
  }
  // Records the stages of a part that may run on another thread.
  StageTimer(std::vector<StageTiming>* timings,
             const Cancellation* cancellation)
      : timings_(timings),
        cancellation_(cancellation),
        start_(Clock::now()),
        last_(start_) {}

  // Records `stage`; false when the analysis must stop (see stop_status()).
  [[nodiscard]] bool Lap(const char* stage) {
    const auto now = Clock::now();
    timings_->push_back(
        {stage,
         std::chrono::duration_cast<std::chrono::microseconds>(now - last_)
             .count()});
    last_ = now;
    return !Stopped(cancellation_);
  }
  // Runs `stage` and records it under `name`; false when the analysis must
  // stop.
  template <typename Stage>
  [[nodiscard]] bool Run(const char* name, Stage&& stage) {
    stage();
    return Lap(name);
  }
  // The next lap starts now: the time since the last went to stages
  // recorded elsewhere (a part run by RunBoth).
  void Restart() { last_ = Clock::now(); }
  // Why the analysis must stop (DEADLINE_EXCEEDED or CANCELLED).
  absl::Status stop_status() const {
    absl::Status status = cancellation_->Check();
    // A probe that changed its mind still stopped the analysis.
    return status.ok() ? absl::CancelledError("analysis cancelled") : status;
  }
  void Finish() {
    analysis_->total_micros =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() -
                                                              start_)
            .count();
  }

 private:
  Analysis* analysis_ = nullptr;
  std::vector<StageTiming>* timings_;
  const Cancellation* cancellation_;
  Clock::time_point start_;
  Clock::time_point last_;
};

// Checks one structured part so that errors name the field, with offsets
// relative to that field. A blank part is allowed; only the whole article
// must hold text.
absl::Status CheckPart(const char* field, std::string_view part) {
  if (part.empty()) return absl::OkStatus();
  // The size limit applies to the whole article, checked afterwards.
  absl::StatusOr<InputReport> report = CheckInput(part, part.size());
  if (report.ok()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("article.", field, ": ", report.status().message()));
}

// The input stage: checks the article and returns the text every span points
// into (the structured parts joined into *joined), with warnings for what
// later stages will treat specially.
absl::StatusOr<std::string_view> CheckArticle(const Article& article,
                                              size_t max_article_bytes,
                                              std::string* joined,
                                              std::vector<Warning>* warnings) {
  // 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z: dates resolved against
  // it must be ISO 8601 years.
  constexpr int64_t kFirstSecond = -62135596800;
  constexpr int64_t kLastSecond = 253402300799;
  if (article.published_at && (*article.published_at < kFirstSecond ||
                               *article.published_at > kLastSecond)) {
    return absl::InvalidArgumentError(
        absl::StrCat("article.published_at: ", *article.published_at,
                     " seconds is outside 0001-01-01..9999-12-31"));
  }
  std::string_view text = article.text;
  const bool structured = article.is_structured();
  if (structured) {
    if (!article.text.empty()) {
      return absl::InvalidArgumentError(
          "article.text and article.headline/subheadline/body are exclusive");
    }
    if (absl::Status s = CheckPart("headline", article.headline); !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckPart("subheadline", article.subheadline);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckPart("body", article.body); !s.ok()) return s;
    joined->reserve(article.headline.size() + article.subheadline.size() +
                    article.body.size() + 2);
    joined->append(article.headline).append("\n");
    joined->append(article.subheadline).append("\n");
    joined->append(article.body);
    text = *joined;
  }
  absl::StatusOr<InputReport> input = CheckInput(text, max_article_bytes);
  if (!input.ok()) {
    if (!absl::IsInvalidArgument(input.status())) return input.status();
    return absl::InvalidArgumentError(absl::StrCat(
        structured ? "article: " : "article.text: ", input.status().message()));
  }
  if (!input->has_visible_text) {
    return absl::InvalidArgumentError(
        structured ? "article.headline/subheadline/body: no visible text to "
                     "analyse (empty, or only white space and invisible "
                     "characters)"
                   : "article.text: no visible text to analyse (empty, or "
                     "only white space and invisible characters)");
  }
  if (input->control_characters > 0) {
    warnings->push_back(
        {WarningCode::kControlCharacters,
         absl::StrCat(input->control_characters,
                      " control character(s) treated as spaces"),
         input->first_control});
  }
  if (!IsNfc(text)) {
    warnings->push_back(
        {WarningCode::kNotNfc,
         "text is not in Unicode NFC; matching forms are composed, spans "
         "point into the text as sent",
         {}});
  }
  return text;
}

const char* FeatureName(uint32_t feature) {
  switch (feature) {
    case kFeatureEntities:
      return "entities";
    case kFeatureQuotes:
      return "quotes";
    case kFeatureQuantities:
      return "quantities";
    case kFeatureDates:
      return "dates";
    case kFeatureEvents:
      return "events";
    case kFeatureKeywords:
      return "keywords";
    case kFeatureTone:
      return "tone";
    default:
      return "unknown";
  }
}

// Features computed from the text alone; entities also need a model.
constexpr uint32_t kTextFeatures =
    kFeatureStructure | kFeatureSentences | kFeatureTokens | kFeatureQuotes |
    kFeatureQuantities | kFeatureDates | kFeatureEvents;

// FNV-1a of a file's bytes: tells operators which model a server runs.
std::string FileFingerprint(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  uint64_t hash = 1469598103934665603ull;
  char buffer[1 << 16];
  while (in) {
    in.read(buffer, sizeof(buffer));
    for (std::streamsize i = 0; i < in.gcount(); ++i) {
      hash = (hash ^ static_cast<unsigned char>(buffer[i])) * 1099511628211ull;
    }
  }
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx",
                static_cast<unsigned long long>(hash));
  return std::string("fnv1a64:") + hex;
}

// One entity per mention; grouping mentions into document-level entities
// is a later stage.
std::vector<Entity> SingletonEntities(std::string_view text,
                                      std::vector<Mention> mentions,
                                      const std::vector<Token>& tokens) {
  std::vector<Entity> entities;
  entities.reserve(mentions.size());
  for (Mention& mention : mentions) {
    Entity entity;
    entity.id = absl::StrCat("e", entities.size() + 1);
    entity.name = MentionName(text, mention, tokens);
    entity.type = mention.type;
    entity.mentions.push_back(std::move(mention));
    entities.push_back(std::move(entity));
  }
  return entities;
}

void ConvertSpans(std::string_view text, const OffsetConverter& converter,
                  Analysis* analysis) {
  auto convert = [&](Span* span) {
    // Every stage's spans lie in the text (an empty span may be {0, 0}).
    KHABAR_DCHECK(span->begin >= 0 && span->begin <= span->end &&
                      static_cast<size_t>(span->end) <= text.size(),
                  absl::StrCat("span ", span->begin, "..", span->end, " of ",
                               text.size(), " bytes"));
    *span = converter.Convert(*span);
  };
  Structure& structure = analysis->structure;
  convert(&structure.source_span);
  convert(&structure.headline_span);
  convert(&structure.subheadline_span);
  convert(&structure.dateline_span);
  for (Span& span : structure.paragraphs) convert(&span);
  for (Boilerplate& chrome : structure.boilerplate) convert(&chrome.span);
  for (Sentence& sentence : analysis->sentences) convert(&sentence.span);
  for (Entity& entity : analysis->entities) {
    for (Mention& mention : entity.mentions) convert(&mention.span);
    for (Role& role : entity.roles) convert(&role.span);
    for (EntityAttribute& attribute : entity.attributes) {
      convert(&attribute.span);
    }
  }
  for (Token& token : analysis->tokens) {
    convert(&token.span);
    convert(&token.base_span);
    convert(&token.word_span);
  }
  for (Quote& quote : analysis->quotes) {
    convert(&quote.span);
    convert(&quote.speaker_span);
    convert(&quote.cue_span);
  }
  for (Quantity& quantity : analysis->quantities) convert(&quantity.span);
  for (TimeExpression& date : analysis->dates) convert(&date.span);
  for (EventCount& event : analysis->events) convert(&event.span);
  for (Warning& warning : analysis->warnings) convert(&warning.span);
}

// A resource's explicit path, else `name` beside the lexicon when there.
std::string ResourcePath(const std::string& explicit_path,
                         const std::string& lexicon_path, const char* name) {
  if (!explicit_path.empty() || lexicon_path.empty()) return explicit_path;
  const size_t slash = lexicon_path.rfind('/');
  const std::string candidate =
      (slash == std::string::npos ? std::string()
                                  : lexicon_path.substr(0, slash + 1)) +
      name;
  return std::ifstream(candidate).good() ? candidate : std::string();
}

std::string Slice(std::string_view text, Span span) {
  return std::string(text.substr(span.begin, span.size()));
}

}  // namespace

const char* Version() { return KHABAR_VERSION; }

Analyzer::Analyzer(const AnalyzerOptions& options) : options_(options) {
  // Spans are int32: no article may be longer.
  options_.max_article_bytes = std::min<size_t>(
      options_.max_article_bytes, std::numeric_limits<int32_t>::max());
}
Analyzer::~Analyzer() = default;

absl::StatusOr<std::unique_ptr<Analyzer>> Analyzer::Create(
    const AnalyzerOptions& options) {
  std::unique_ptr<Analyzer> analyzer(new Analyzer(options));
  if (!options.lexicon_path.empty()) {
    absl::StatusOr<std::unique_ptr<Lexicon>> lexicon =
        Lexicon::Load(options.lexicon_path);
    if (!lexicon.ok()) return lexicon.status();
    analyzer->lexicon_ = *std::move(lexicon);
    analyzer->resources_.push_back(
        {"lexicon", FileFingerprint(options.lexicon_path),
         absl::StrCat(analyzer->lexicon_->description(), " (",
                      analyzer->lexicon_->size(), " forms)")});
  }
  if (!options.ner_model_path.empty()) {
    absl::StatusOr<std::unique_ptr<NerModel>> ner =
        NerModel::Load(options.ner_model_path);
    if (!ner.ok()) return ner.status();
    analyzer->ner_ = *std::move(ner);
    analyzer->resources_.push_back({"ner",
                                    FileFingerprint(options.ner_model_path),
                                    analyzer->ner_->Description()});
  }
  if (!options.stopwords_path.empty()) {
    absl::StatusOr<std::unique_ptr<KeywordExtractor>> keywords =
        KeywordExtractor::Create(options.stopwords_path,
                                 analyzer->lexicon_.get());
    if (!keywords.ok()) return keywords.status();
    analyzer->keywords_ = *std::move(keywords);
    analyzer->resources_.push_back(
        {"stopwords", FileFingerprint(options.stopwords_path),
         absl::StrCat("Arabic stopwords (Jacques Savoy, as Lucene ships "
                      "them; ",
                      analyzer->keywords_->stopword_count(), " forms)")});
  }
  if (!options.tone_lexicon_path.empty()) {
    absl::StatusOr<std::unique_ptr<ToneScorer>> tone =
        ToneScorer::Load(options.tone_lexicon_path);
    if (!tone.ok()) return tone.status();
    analyzer->tone_ = *std::move(tone);
    analyzer->resources_.push_back(
        {"tone", FileFingerprint(options.tone_lexicon_path),
         absl::StrCat(analyzer->tone_->description(), " (",
                      analyzer->tone_->size(), " words)")});
  }
  if (options.resolve_entities) {
    const std::string aliases_path =
        ResourcePath(options.aliases_path, options.lexicon_path, "aliases.tsv");
    if (!aliases_path.empty()) {
      absl::StatusOr<std::unique_ptr<AliasTable>> aliases =
          AliasTable::Load(aliases_path);
      if (!aliases.ok()) return aliases.status();
      analyzer->aliases_ = *std::move(aliases);
      analyzer->resources_.push_back(
          {"aliases", FileFingerprint(aliases_path),
           absl::StrCat(analyzer->aliases_->description(), " (",
                        analyzer->aliases_->size(), " organizations)")});
    }
    const std::string places_path =
        ResourcePath(options.places_path, options.lexicon_path, "places.tsv");
    absl::StatusOr<std::unique_ptr<EntityLinker>> linker =
        EntityLinker::Create(places_path);
    if (!linker.ok()) return linker.status();
    analyzer->linker_ = *std::move(linker);
    if (!places_path.empty()) {
      analyzer->resources_.push_back(
          {"places", FileFingerprint(places_path),
           absl::StrCat(analyzer->linker_->description(), " (",
                        analyzer->linker_->city_count(), " cities)")});
    }
  }
  absl::StatusOr<std::unique_ptr<SentenceSplitter>> splitter =
      SentenceSplitter::Create();
  if (!splitter.ok()) return splitter.status();
  analyzer->sentence_splitter_ = *std::move(splitter);
  absl::StatusOr<std::unique_ptr<Tokenizer>> tokenizer =
      Tokenizer::Create(analyzer->lexicon_.get());
  if (!tokenizer.ok()) return tokenizer.status();
  analyzer->tokenizer_ = *std::move(tokenizer);
  // Builds the currency table (ICU's names of every currency) now rather
  // than on the first request.
  CurrencyCode("");
  return analyzer;
}

uint32_t Analyzer::available_features() const {
  uint32_t features = kTextFeatures;
  if (ner_ != nullptr) features |= kFeatureEntities;
  if (keywords_ != nullptr) features |= kFeatureKeywords;
  if (tone_ != nullptr) features |= kFeatureTone;
  return features;
}

// The stages of one Analyze call, in pipeline order. Each reads what the
// stages before it left in the analysis and adds its own part.
class AnalysisRun {
 public:
  AnalysisRun(const Analyzer& engine, const Article& article,
              const AnalyzeOptions& options, std::string_view text,
              Analysis* analysis)
      : engine_(engine),
        article_(article),
        options_(options),
        text_(text),
        analysis_(*analysis) {}

  // Quotes and events resolve speakers and places against the entities,
  // so they need them too.
  bool needs_entities() const {
    return engine_.ner_ != nullptr &&
           (options_.features &
            (kFeatureEntities | kFeatureQuotes | kFeatureEvents));
  }
  bool wants_tone() const {
    return engine_.tone_ != nullptr && (options_.features & kFeatureTone);
  }

  void FindStructure() {
    analysis_.structure =
        article_.is_structured()
            ? LayoutStructured(text_, article_.headline.size(),
                               article_.subheadline.size())
            : DetectStructure(text_);
    if (analysis_.structure.source.empty() && !article_.source.empty()) {
      analysis_.structure.source = std::string(article_.source);
    }
  }

  void FindLanguage() {
    const LanguageGuess language = DetectLanguage(text_);
    analysis_.language = language.language;
    analysis_.language_supported = language.supported;
    if (!language.supported) {
      analysis_.warnings.push_back(
          {WarningCode::kLanguageUnsupported,
           absl::StrCat("detected language \"", language.language,
                        "\" is not fully supported; analysed as far as "
                        "possible (Arabic-script share ",
                        static_cast<int>(language.arabic_share * 100), "%)"),
           {}});
    }
    if (!article_.language_hint.empty()) {
      std::string_view hint = article_.language_hint;
      hint = hint.substr(0, hint.find_first_of("-_"));
      // Language subtags are case-insensitive (BCP 47): "AR" is Arabic.
      if (!absl::EqualsIgnoreCase(absl::string_view(hint.data(), hint.size()),
                                  language.language)) {
        analysis_.warnings.push_back(
            {WarningCode::kLanguageHintMismatch,
             absl::StrCat("language_hint \"",
                          std::string(article_.language_hint),
                          "\" disagrees with the detected \"",
                          language.language, "\"; detection wins"),
             {}});
      }
    }
  }

  // Headline, subheadline, the dateline's places, then each paragraph.
  void SplitSentences() {
    const Structure& structure = analysis_.structure;
    std::vector<Span> spans;
    auto add = [&](Span region, SentenceSection section, int32_t paragraph) {
      if (region.empty()) return;
      spans.clear();
      engine_.sentence_splitter_->Split(text_, region, &spans);
      for (const Span& span : spans) {
        Sentence sentence;
        sentence.span = span;
        sentence.text = Slice(text_, span);
        sentence.section = section;
        sentence.paragraph_index = paragraph;
        analysis_.sentences.push_back(std::move(sentence));
      }
    };
    add(structure.headline_span, SentenceSection::kHeadline, 0);
    add(structure.subheadline_span, SentenceSection::kSubheadline, 0);
    add(structure.dateline_span, SentenceSection::kDateline, 0);
    for (size_t i = 0; i < structure.paragraphs.size(); ++i) {
      add(structure.paragraphs[i], SentenceSection::kBody,
          static_cast<int32_t>(i));
    }
  }

  // False when the analysis must stop.
  [[nodiscard]] bool Tokenize() {
    analysis_.tokens.reserve(text_.size() / 5);
    for (size_t i = 0; i < analysis_.sentences.size(); ++i) {
      Sentence& sentence = analysis_.sentences[i];
      sentence.first_token = static_cast<int32_t>(analysis_.tokens.size());
      if (i % 64 == 63 && Stopped(options_.cancellation)) return false;
      engine_.tokenizer_->Tokenize(text_, sentence.span,
                                   static_cast<int32_t>(i), &analysis_.tokens);
      sentence.token_count =
          static_cast<int32_t>(analysis_.tokens.size()) - sentence.first_token;
      // Tokens lie in their sentence, in text order.
      for (int32_t t = sentence.first_token;
           t < static_cast<int32_t>(analysis_.tokens.size()); ++t) {
        const Span& span = analysis_.tokens[t].span;
        KHABAR_DCHECK(span.begin >= sentence.span.begin &&
                          span.begin < span.end &&
                          span.end <= sentence.span.end,
                      absl::StrCat("token ", t, " outside sentence ", i));
        KHABAR_DCHECK(t == sentence.first_token ||
                          analysis_.tokens[t - 1].span.end <= span.begin,
                      absl::StrCat("token ", t, " overlaps the one before"));
      }
    }
    return true;
  }

  void FindMentions() {
    mentions_ = khabar::FindMentions(*engine_.ner_, text_, analysis_.sentences,
                                     analysis_.tokens, options_.cancellation,
                                     options_.executor);
  }

  // Two parts side by side when options.executor lends a thread: the entity
  // stages with the facts that need entities, and the fact stages that need
  // only the tokens. False when the analysis must stop.
  [[nodiscard]] bool EntityAndFactStages(StageTimer* timer) {
    std::vector<StageTiming> token_fact_timing;
    bool entities_done = false;
    bool token_facts_done = false;
    RunBoth(
        options_.executor,
        [&] { entities_done = EntitiesThenTheirFacts(timer); },
        [&] {
          StageTimer part(&token_fact_timing, options_.cancellation);
          token_facts_done = TokenFacts(&part);
        });
    if (!entities_done || !token_facts_done) return false;
    analysis_.timing.insert(analysis_.timing.end(), token_fact_timing.begin(),
                            token_fact_timing.end());
    timer->Restart();
    return true;
  }

  void ScoreTone() {
    analysis_.tone =
        engine_.tone_->Score(analysis_.tokens, &analysis_.sentences);
    analysis_.has_tone = true;
  }

  // Warns of features asked for by name that this analyzer lacks, and drops
  // the intermediate results the caller did not ask for.
  void KeepRequested() {
    if (options_.features != kAllFeatures) {
      std::vector<std::string> missing;
      for (uint32_t bit = 1; bit <= kFeatureTone; bit <<= 1) {
        if ((options_.features & bit) &&
            !(engine_.available_features() & bit)) {
          missing.push_back(FeatureName(bit));
        }
      }
      if (!missing.empty()) {
        analysis_.warnings.push_back(
            {WarningCode::kFeatureUnavailable,
             absl::StrCat("not available in this version: ",
                          absl::StrJoin(missing, ", ")),
             {}});
      }
    }
    if (!(options_.features & kFeatureStructure)) {
      analysis_.structure = Structure();
    }
    if (!(options_.features & kFeatureSentences)) analysis_.sentences.clear();
    if (!(options_.features & kFeatureTokens)) analysis_.tokens.clear();
    if (!(options_.features & kFeatureEntities)) {
      // Quotes and events used them; their ids would point at nothing.
      analysis_.entities.clear();
      for (Quote& quote : analysis_.quotes) quote.speaker_entity_id.clear();
      for (EventCount& event : analysis_.events) {
        event.location_entity_id.clear();
      }
    }
  }

  // Every span from UTF-8 bytes into the unit the caller asked for.
  void ConvertOffsets() {
    analysis_.offset_unit = options_.offset_unit;
    analysis_.text_length = static_cast<int32_t>(text_.size());
    if (options_.offset_unit != OffsetUnit::kUtf8Bytes) {
      OffsetConverter converter(text_, options_.offset_unit);
      ConvertSpans(text_, converter, &analysis_);
      analysis_.text_length =
          converter.Convert(static_cast<int32_t>(text_.size()));
    }
  }

 private:
  // Mentions to entities (grouped and linked when the analyzer has a linker,
  // one per mention otherwise), then quotes and events.
  bool EntitiesThenTheirFacts(StageTimer* timer) {
    const std::vector<Token>& tokens = analysis_.tokens;
    if (needs_entities()) {
      if (engine_.linker_ != nullptr) {
        AddRepeatedMentions(text_, tokens, &mentions_);
        ExtendMentionsAfterTitles(text_, tokens, &mentions_);
        ExtendPlaceHeads(text_, tokens, &mentions_);
        if (!timer->Run("entity_grouping",
                        [&] {
                          analysis_.entities = GroupMentions(
                              text_, tokens, std::move(mentions_),
                              engine_.aliases_.get(), options_.cancellation);
                        }) ||
            !timer->Run("entity_links",
                        [&] { engine_.linker_->Link(&analysis_.entities); }) ||
            !timer->Run("roles",
                        [&] {
                          AttachRoles(text_, tokens, *engine_.linker_,
                                      &analysis_.entities);
                        }) ||
            !timer->Run("salience", [&] {
              RankEntities(analysis_.sentences, &analysis_.entities);
            })) {
          return false;
        }
      } else if (!timer->Run("entities", [&] {
                   analysis_.entities =
                       SingletonEntities(text_, std::move(mentions_), tokens);
                 })) {
        return false;
      }
    }
    return (!(options_.features & kFeatureQuotes) ||
            timer->Run("quotes",
                       [&] {
                         analysis_.quotes = FindQuotes(
                             text_, analysis_.sentences, tokens,
                             analysis_.entities, options_.cancellation);
                       })) &&
           (!(options_.features & kFeatureEvents) || timer->Run("events", [&] {
             analysis_.events =
                 FindEvents(text_, analysis_.sentences, tokens,
                            analysis_.entities, options_.cancellation);
           }));
  }

  // Dates, quantities and keywords. Dates come first: quantities leave the
  // numbers of dates to them.
  bool TokenFacts(StageTimer* timer) {
    const uint32_t features = options_.features;
    if (features & (kFeatureDates | kFeatureQuantities)) {
      std::optional<CivilDate> published;
      if (article_.published_at) {
        published = CivilFromUnixSeconds(*article_.published_at);
      }
      if (!timer->Run("dates", [&] {
            analysis_.dates =
                FindDates(text_, analysis_.sentences, analysis_.tokens,
                          published, options_.cancellation);
          })) {
        return false;
      }
    }
    if ((features & kFeatureQuantities) && !timer->Run("quantities", [&] {
          analysis_.quantities =
              FindQuantities(text_, analysis_.sentences, analysis_.tokens,
                             analysis_.dates, options_.cancellation);
        })) {
      return false;
    }
    if (!(features & kFeatureDates)) analysis_.dates.clear();
    return engine_.keywords_ == nullptr || !(features & kFeatureKeywords) ||
           timer->Run("keywords", [&] {
             analysis_.keywords = engine_.keywords_->Extract(
                 text_, analysis_.sentences, analysis_.tokens,
                 /*max_keywords=*/10, options_.cancellation);
           });
  }

  const Analyzer& engine_;
  const Article& article_;
  const AnalyzeOptions& options_;
  const std::string_view text_;
  Analysis& analysis_;
  std::vector<Mention> mentions_;
};

absl::StatusOr<Analysis> Analyzer::Analyze(
    const Article& article, const AnalyzeOptions& options) const {
  Analysis analysis;
  StageTimer timer(&analysis, options.cancellation);
  std::string joined;  // The structured parts, joined into one text.
  absl::StatusOr<std::string_view> text = CheckArticle(
      article, options_.max_article_bytes, &joined, &analysis.warnings);
  if (!text.ok()) return text.status();

  AnalysisRun run(*this, article, options, *text, &analysis);
  const bool finished =
      timer.Lap("input") &&
      timer.Run("structure", [&] { run.FindStructure(); }) &&
      timer.Run("language", [&] { run.FindLanguage(); }) &&
      timer.Run("sentences", [&] { run.SplitSentences(); }) && run.Tokenize() &&
      timer.Lap("tokens") &&
      (!run.needs_entities() ||
       timer.Run("mentions", [&] { run.FindMentions(); })) &&
      run.EntityAndFactStages(&timer) &&
      (!run.wants_tone() || timer.Run("tone", [&] { run.ScoreTone(); }));
  if (!finished) return timer.stop_status();

  run.KeepRequested();
  run.ConvertOffsets();
  // Done: a deadline passing now would only waste the work.
  static_cast<void>(timer.Lap("offsets"));
  timer.Finish();
  return analysis;
}

}  // namespace khabar
