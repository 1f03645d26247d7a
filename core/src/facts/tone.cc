#include "facts/tone.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "text/normalizer.h"

namespace khabar {
namespace {

// Tokens before a polarity word that a negation may stand in.
constexpr int kNegationWindow = 3;
constexpr double kLabelThreshold = 0.2;
// Hits under this share of the words make a document NEUTRAL.
constexpr double kMinEvidence = 0.01;

bool IsNegation(const Token& t) {
  static constexpr std::string_view kNegations[] = {"لا",  "لم",  "لن",  "ليس",
                                                    "غير", "عدم", "ليست"};
  for (std::string_view n : kNegations) {
    if (t.base == n) return true;
  }
  return false;
}

double Damped(int pos, int neg) {
  return static_cast<double>(pos - neg) / (pos + neg + 1);
}

}  // namespace

std::unique_ptr<ToneScorer> ToneScorer::FromWords(
    const std::vector<std::pair<std::string, int>>& words) {
  std::unique_ptr<ToneScorer> scorer(new ToneScorer());
  for (const auto& [word, polarity] : words) {
    scorer->polarity_[MatchingForm(word)] = polarity > 0 ? 1 : -1;
  }
  return scorer;
}

absl::StatusOr<std::unique_ptr<ToneScorer>> ToneScorer::Load(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("tone lexicon ", path, ": cannot open"));
  }
  std::vector<std::pair<std::string, int>> words;
  std::string description;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (description.empty())
        description = line.substr(line.find_first_not_of("# "));
      continue;
    }
    const size_t tab = line.find('\t');
    int polarity = 0;
    const size_t tab2 = line.find('\t', tab + 1);
    if (tab == std::string::npos || tab == 0 ||
        !absl::SimpleAtoi(
            line.substr(tab + 1, tab2 == std::string::npos ? std::string::npos
                                                           : tab2 - tab - 1),
            &polarity) ||
        (polarity != 1 && polarity != -1)) {
      return absl::InvalidArgumentError(
          absl::StrCat("tone lexicon ", path, " line ", number,
                       ": expected FORM<TAB>POLARITY (1 or -1)"));
    }
    words.emplace_back(line.substr(0, tab), polarity);
  }
  std::unique_ptr<ToneScorer> scorer = FromWords(words);
  scorer->description_ = description;
  return scorer;
}

int ToneScorer::PolarityOf(const Token& token) const {
  if (token.kind != TokenKind::kWord) return 0;
  for (const std::string* form :
       {&token.base, &token.word, &token.normalized}) {
    auto it = polarity_.find(*form);
    if (it != polarity_.end()) return it->second;
  }
  return 0;
}

Tone ToneScorer::Score(const std::vector<Token>& tokens,
                       std::vector<Sentence>* sentences) const {
  int pos = 0, neg = 0, words = 0;
  for (Sentence& sentence : *sentences) {
    int s_pos = 0, s_neg = 0;
    const int32_t begin = sentence.first_token;
    const int32_t end = begin + sentence.token_count;
    for (int32_t i = begin; i < end && i < static_cast<int32_t>(tokens.size());
         ++i) {
      if (tokens[i].kind == TokenKind::kWord) ++words;
      int polarity = PolarityOf(tokens[i]);
      if (polarity == 0) continue;
      for (int32_t j = std::max(begin, i - kNegationWindow); j < i; ++j) {
        if (IsNegation(tokens[j])) {
          polarity = -polarity;
          break;
        }
      }
      (polarity > 0 ? s_pos : s_neg) += 1;
    }
    sentence.tone = Damped(s_pos, s_neg);
    pos += s_pos;
    neg += s_neg;
  }
  Tone tone;
  tone.score = Damped(pos, neg);
  if (pos + neg > 0) {
    tone.positive = static_cast<double>(pos) / (pos + neg);
    tone.negative = static_cast<double>(neg) / (pos + neg);
  }
  const bool weak = words == 0 || (pos + neg) < kMinEvidence * words;
  if (weak) {
    tone.label = ToneLabel::kNeutral;
  } else if (tone.score >= kLabelThreshold) {
    tone.label = ToneLabel::kPositive;
  } else if (tone.score <= -kLabelThreshold) {
    tone.label = ToneLabel::kNegative;
  } else {
    tone.label =
        (pos >= 2 && neg >= 2) ? ToneLabel::kMixed : ToneLabel::kNeutral;
  }
  return tone;
}

}  // namespace khabar
