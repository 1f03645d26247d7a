// Numbers over tokens: digits in any script (tokens carry ASCII digits),
// number words and their compositions (خمسة آلاف، 2.4 مليار), duals of a
// counted noun (جنديان), ordinals (الثالث), approximation cues (نحو) and
// ranges (4000 أو 5000). The one number parser of the quantities, dates and
// events stages.
#ifndef KHABAR_CORE_SRC_FACTS_NUMBERS_H_
#define KHABAR_CORE_SRC_FACTS_NUMBERS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/analysis.h"

namespace khabar {

struct NumberMatch {
  // Tokens [begin, end) of the whole match: approximation cue, number,
  // range. The number itself starts at `number_begin`.
  int32_t begin = 0;
  int32_t number_begin = 0;
  int32_t end = 0;
  double value = 0;
  double value_max = 0;  // Upper bound of a range; 0 when none.
  bool approximate = false;
  bool ordinal = false;
  // A vague count (عشرات، مئات، آلاف): value is the lower bound, value_max
  // the upper one.
  bool vague = false;
  // Written in digits only (one token, no scale word): years and days.
  bool digits_only = false;
  // The counted noun when the number is a dual noun (جنديان -> جندي).
  std::string dual_object;
};

// Finds the numbers in tokens[begin, end) (one sentence), left to right,
// not overlapping.
std::vector<NumberMatch> FindNumbers(const std::vector<Token>& tokens,
                                     int32_t begin, int32_t end);

// The number at tokens[i] alone (no range), after an optional نحو/حوالي;
// false when none starts there. Cheaper than FindNumbers on a window.
bool NumberAt(const std::vector<Token>& tokens, int32_t i, int32_t end,
              NumberMatch* out);

// True when a number may start at the token (digits, a number word, an
// ordinal, a dual noun). A fast pre-check.
bool MayStartNumber(const Token& token);

// Value of a token written in digits ("12,500", "3.5", "و20"), or false.
bool DigitValue(const Token& token, double* value);

// Where the number of a token starts: after the clitics, and after a
// letter glued to digits (و20).
int32_t NumberStart(const Token& token);

// Value of an ordinal word (matching form, article allowed: الثالث,
// العاشره), 0 when it is none. Teens and compounds are FindNumbers' job.
int OrdinalWordValue(std::string_view word);

// The singular of a counted noun's plural or accusative form when known
// (جنود -> جندي, شخصا -> شخص), else the word itself. `count` is the number
// before it: 11 to 99 take the singular accusative.
std::string CountedNounForm(std::string_view word, double count);

// Token's base without a leading article (tokens keep ال in `word`).
std::string_view Bare(const Token& token);

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_FACTS_NUMBERS_H_
