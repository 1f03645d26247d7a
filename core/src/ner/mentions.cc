#include "ner/mentions.h"

#include <algorithm>
#include <iterator>
#include <string_view>
#include <utility>

#include "ner/ner_model.h"
#include "text/token_util.h"

namespace khabar {
namespace {

// True when the token's article is listed but not written before its base
// (ل + ال + كاظمي written للكاظمي).
bool ArticleElided(const Token& token) {
  return HasPrefix(token, "ال") &&
         token.word_span.begin == token.base_span.begin;
}

// Words the tagger calls MISC because ANERcorp does (دولار 107 times of
// 107, الله alone 48 of 48), which a newsroom does not store as entities:
// amounts of money are quantities. Bases in matching form.
constexpr std::string_view kNotEntities[] = {
    "دولار",  "دولارا", "دولارات",  "يورو",   "جنيه", "جنيها",
    "جنيهات", "ريال",   "ريالا",    "ريالات", "درهم", "دراهم",
    "دينار",  "دنانير", "ليره",     "ليرات",  "يوان", "روبل",
    "روبيه",  "فرنك",   "استرليني", "الله",   "لله",
};

// A one-token MISC mention of a currency or of الله.
bool IsNotAnEntity(const NerSpan& span, const std::vector<Token>& tokens) {
  if (span.type != EntityType::kMisc || span.end - span.begin != 1) {
    return false;
  }
  const Token& token = tokens[span.begin];
  const std::string& base = token.base.empty() ? token.normalized : token.base;
  return std::find(std::begin(kNotEntities), std::end(kNotEntities), base) !=
         std::end(kNotEntities);
}

}  // namespace

std::vector<Mention> FindMentions(const NerModel& model, std::string_view text,
                                  const std::vector<Sentence>& sentences,
                                  const std::vector<Token>& tokens,
                                  const Cancellation* cancellation,
                                  Executor* executor) {
  std::vector<Mention> mentions;
  // The whole text is one document: the model's second pass sees how the
  // same names were tagged in the other sentences.
  std::vector<std::pair<int32_t, int32_t>> ranges;
  ranges.reserve(sentences.size());
  for (const Sentence& sentence : sentences) {
    ranges.emplace_back(sentence.first_token,
                        sentence.first_token + sentence.token_count);
  }
  std::vector<std::vector<NerSpan>> document_spans;
  model.TagDocument(tokens, ranges, &document_spans, cancellation, executor);
  for (size_t s = 0; s < sentences.size(); ++s) {
    for (const NerSpan& span : document_spans[s]) {
      if (IsNotAnEntity(span, tokens)) continue;
      const Token& first = tokens[span.begin];
      const Token& last = tokens[span.end - 1];
      Mention mention;
      mention.span = {first.word_span.begin,
                      std::max(first.word_span.begin, last.base_span.end)};
      mention.text =
          std::string(text.substr(mention.span.begin, mention.span.size()));
      mention.sentence_index = static_cast<int32_t>(s);
      mention.confidence = span.confidence;
      mention.first_token = span.begin;
      mention.end_token = span.end;
      mention.kind = MentionKind::kFullName;
      mention.type = span.type;
      mentions.push_back(std::move(mention));
    }
  }
  return mentions;
}

std::string MentionName(std::string_view text, const Mention& mention,
                        const std::vector<Token>& tokens) {
  std::string name;
  if (ArticleElided(tokens[mention.first_token])) name = "ال";
  name += mention.text;
  return name;
}

}  // namespace khabar
