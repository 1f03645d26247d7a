// The result of analysing one article. Plain values; spans are in the unit
// named by Analysis::offset_unit.
#ifndef KHABAR_ANALYSIS_H_
#define KHABAR_ANALYSIS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "khabar/span.h"

namespace khabar {

enum class BoilerplateKind {
  kRelated,  // "مقالات ذات صلة", "اقرأ أيضا", "للمزيد".
  kNavigation,  // "زر الذهاب إلى الأعلى".
  kShare,       // "شارك", "تابعونا".
  kPromo,       // App and notification promotions.
  kSeparator,   // "-----".
  kOther,
};

struct Boilerplate {
  Span span;
  BoilerplateKind kind = BoilerplateKind::kOther;
  std::string text;
};

struct Structure {
  std::string source;  // Outlet name; empty when unknown.
  Span source_span;    // Empty when the name came from Article::source.
  std::string headline;
  Span headline_span;
  std::string subheadline;
  Span subheadline_span;
  // The places of a wire dateline before its source («دبي، الإمارات العربية
  // المتحدة» of «... (CNN)--»); empty when the lead opens with none.
  std::string dateline;
  Span dateline_span;
  std::vector<Span> paragraphs;  // Body paragraphs, chrome excluded.
  std::vector<Boilerplate> boilerplate;
};

// kDateline: the places of a wire dateline (Structure::dateline), a
// sentence of their own so that they are mentions.
enum class SentenceSection { kHeadline, kSubheadline, kBody, kDateline };

struct Sentence {
  Span span;
  std::string text;
  int32_t paragraph_index = 0;  // Into Structure::paragraphs (0 outside body).
  int32_t first_token = 0;      // Into Analysis::tokens.
  int32_t token_count = 0;
  SentenceSection section = SentenceSection::kBody;
  // Lexicon tone of the sentence in [-1, 1]; 0 when the tone stage did not
  // run or found no polarity words.
  double tone = 0;
};

enum class TokenKind { kWord, kNumber, kPunct, kLatin, kSymbol, kHashtag };

struct Token {
  Span span;                          // Whole token, clitics included.
  std::string text;                   // As in the text.
  std::string normalized;             // Matching form of the whole token.
  std::vector<std::string> prefixes;  // Proclitics, matching forms.
  std::string base;                   // Without clitics, matching form.
  std::vector<std::string> suffixes;  // Enclitics, matching forms.
  TokenKind kind = TokenKind::kWord;
  int32_t sentence_index = 0;
  Span base_span;    // Where the base stands.
  std::string word;  // Stand-alone form: clitics off, article kept/restored.
  // Where the stand-alone word stands: the article when written, the base,
  // no other clitics (والكاظمي: الكاظمي; للكاظمي: كاظمي).
  Span word_span;
};

enum class EntityType { kPerson, kOrganization, kLocation, kMisc };

// kAdjective: a nationality adjective (الأردني) standing for a country the
// article never names; it carries no salience and no event place.
enum class MentionKind {
  kFullName,
  kPartialName,
  kAlias,
  kAcronym,
  kNominal,
  kAdjective
};

struct Mention {
  Span span;         // Without attached clitics.
  std::string text;  // As in the text.
  MentionKind kind = MentionKind::kFullName;
  int32_t sentence_index = 0;
  double confidence = 0;  // In [0, 1].
  // Tokens [first_token, end_token) of Analysis::tokens it covers.
  int32_t first_token = 0;
  int32_t end_token = 0;
  // The type the tagger gave this mention; the entity's type is a vote.
  EntityType type = EntityType::kMisc;
};

struct Role {
  std::string text;
  Span span;
  std::string related_entity_id;
};

struct EntityAttribute {
  std::string text;
  Span span;
  std::string related_entity_id;
};

struct EntityLinks {
  std::string iso_3166;
  std::string english_name;
  std::string romanized;
};

struct Entity {
  std::string id;  // "e1", "e2"...
  std::string name;
  EntityType type = EntityType::kMisc;
  double salience = 0;
  std::vector<Mention> mentions;
  std::vector<std::string> aliases;
  std::vector<Role> roles;
  EntityLinks links;
  std::vector<EntityAttribute> attributes;
};

struct Quote {
  Span span;  // The quoted or reported content.
  std::string text;
  bool direct = false;  // «...», "...", “...”; false for reported speech.
  // Empty when no entity fits, and when entities were not asked for (no
  // id points outside the response).
  std::string speaker_entity_id;
  std::string speaker_text;
  Span speaker_span;
  std::string cue;  // The reporting verb ("قال").
  Span cue_span;
};

enum class QuantityKind { kCardinal, kMoney, kPercent, kMeasure, kOrdinal };

struct Quantity {
  Span span;
  std::string text;
  QuantityKind kind = QuantityKind::kCardinal;
  double value = 0;
  double value_max = 0;  // Upper bound of a range; 0 when none.
  std::string unit;      // ISO 4217 for money, "%" for percent, a noun.
  std::string object;    // The counted noun, matching form.
  bool approximate = false;
};

enum class TimeKind { kDate, kTime, kDuration, kRelative };

struct TimeExpression {
  Span span;
  std::string text;
  TimeKind kind = TimeKind::kDate;
  std::string value;  // ISO 8601 as far as known; empty when unresolved.
};

enum class EventType {
  kKill,
  kWound,
  kArrest,
  kMissing,
  kDisplace,
  kKidnap,
  kAttack
};

struct EventCount {
  Span span;
  std::string text;
  EventType type = EventType::kKill;
  int64_t count = 0;
  bool approximate = false;
  std::string object;  // Who or what was affected; the means for attacks.
  // Empty when no place entity fits or entities were not asked for.
  std::string location_entity_id;
};

struct Keyword {
  std::string text;
  std::string normalized;
  double score = 0;
  int32_t count = 0;
};

enum class ToneLabel { kNegative, kNeutral, kPositive, kMixed };

struct Tone {
  double score = 0;  // [-1, 1].
  ToneLabel label = ToneLabel::kNeutral;
  double positive = 0;  // [0, 1].
  double negative = 0;  // [0, 1].
};

enum class WarningCode {
  kLanguageUnsupported,
  kLanguageHintMismatch,
  kControlCharacters,
  kFeatureUnavailable,
  kNotNfc,
};

struct Warning {
  WarningCode code = WarningCode::kLanguageUnsupported;
  std::string message;
  Span span;  // Empty for the whole article.
};

struct StageTiming {
  std::string stage;
  int64_t micros = 0;
};

struct Analysis {
  std::string language = "und";  // BCP-47.
  bool language_supported = false;
  OffsetUnit offset_unit = OffsetUnit::kUtf8Bytes;
  int32_t text_length = 0;  // In offset_unit.
  Structure structure;
  std::vector<Sentence> sentences;
  std::vector<Token> tokens;
  std::vector<Entity> entities;
  std::vector<Quote> quotes;
  std::vector<Quantity> quantities;
  std::vector<TimeExpression> dates;
  std::vector<EventCount> events;
  std::vector<Keyword> keywords;
  bool has_tone = false;  // Set when the tone stage ran.
  Tone tone;
  std::vector<Warning> warnings;
  std::vector<StageTiming> timing;
  int64_t total_micros = 0;
};

}  // namespace khabar

#endif  // KHABAR_ANALYSIS_H_
