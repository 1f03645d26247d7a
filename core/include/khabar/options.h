// Options of the engine (fixed at construction) and of one Analyze call.
#ifndef KHABAR_OPTIONS_H_
#define KHABAR_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "khabar/span.h"

namespace khabar {

class Cancellation;
class Executor;

// Fixed for the life of an Analyzer.
struct AnalyzerOptions {
  // Articles longer than this many UTF-8 bytes are refused with
  // RESOURCE_EXHAUSTED. Default: 1 MiB. At most INT32_MAX (spans are
  // int32): Analyzer::Create lowers a larger value to it.
  size_t max_article_bytes = size_t{1} << 20;

  // Word-frequency lexicon used by the clitic splitter to tell وبغداد
  // (و + بغداد) from بغداد. Empty: the engine uses built-in rules only,
  // which split less. Default: empty; the server passes models/lexicon.tsv.
  std::string lexicon_path;

  // Named-entity model (khabar-ner's output). Empty: no entities, and a
  // FEATURE_UNAVAILABLE warning when they are asked for. Default: empty; the
  // server passes models/ner.model.
  std::string ner_model_path;

  // Stopword list for keywords (one word a line). Empty: no keywords, and
  // a FEATURE_UNAVAILABLE warning when they are asked for. Default: empty;
  // the server passes models/stopwords_ar.txt. Keywords also weigh words
  // by their rarity in `lexicon_path` when one is given.
  std::string stopwords_path;

  // Polarity lexicon for tone. Empty: no tone. Default: empty; the server
  // passes models/tone_lexicon.tsv.
  std::string tone_lexicon_path;

  // Organization aliases and acronyms (models/aliases.tsv) that group
  // الناتو with حلف شمال الأطلسي. Empty: aliases.tsv beside lexicon_path
  // when there is one, else none (names then group by spelling only).
  // Default: empty.
  std::string aliases_path;

  // Other country names, irregular nationality adjectives and world cities
  // (models/places.tsv) for entity links. Empty: places.tsv beside
  // lexicon_path when there is one, else countries from ICU only. Default:
  // empty.
  std::string places_path;

  // Document-level entities: mentions grouped, roles, links and salience.
  // False gives one entity per mention in text order, as the NER model
  // found them (to measure what the stages cost). Default: true.
  bool resolve_entities = true;
};

// Analysis features; a bit set so callers can combine them.
enum Feature : uint32_t {
  kFeatureStructure = 1u << 0,
  kFeatureSentences = 1u << 1,
  kFeatureTokens = 1u << 2,
  kFeatureEntities = 1u << 3,
  kFeatureQuotes = 1u << 4,
  kFeatureQuantities = 1u << 5,
  kFeatureDates = 1u << 6,
  kFeatureEvents = 1u << 7,
  kFeatureKeywords = 1u << 8,
  kFeatureTone = 1u << 9,
};
inline constexpr uint32_t kAllFeatures = (1u << 10) - 1;

// Per call.
struct AnalyzeOptions {
  // Bit set of Feature values to return. Default: all.
  uint32_t features = kAllFeatures;
  // Unit of every Span in the result. Default: UTF-8 bytes.
  OffsetUnit offset_unit = OffsetUnit::kUtf8Bytes;
  // Polled during the analysis, which stops with its status (deadline or
  // cancelled) once it says so. Not owned; must outlive the call. Default:
  // none, the analysis runs to the end.
  const Cancellation* cancellation = nullptr;
  // Idle threads the analysis may borrow: the entity tagger's two passes
  // and the stages that do not need entities then run in two parts side by
  // side. Results are the same with or without. Not owned; must outlive the
  // call. Default: none, the calling thread does everything.
  Executor* executor = nullptr;
};

}  // namespace khabar

#endif  // KHABAR_OPTIONS_H_
