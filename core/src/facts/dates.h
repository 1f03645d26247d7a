// Dates and times over tokens: explicit dates in both Gregorian month
// systems (شباط/فبراير) and the Hijri calendar, years, weekdays with parts
// of day, relative expressions (أمس، الأسبوع الماضي، منذ ثلاثة أيام),
// durations and clock times. Values are ISO 8601, resolved against the
// publication day when one is given.
#ifndef KHABAR_CORE_SRC_FACTS_DATES_H_
#define KHABAR_CORE_SRC_FACTS_DATES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/analysis.h"
#include "khabar/cancellation.h"

namespace khabar {

// A calendar day in the proleptic Gregorian calendar.
struct CivilDate {
  int year = 1970;
  int month = 1;  // 1-12.
  int day = 1;    // 1-31.
};

// Days since 1970-01-01 and back.
int64_t DaysFromCivil(const CivilDate& date);
CivilDate CivilFromDays(int64_t days);
// The UTC day of a Unix time in seconds.
CivilDate CivilFromUnixSeconds(int64_t seconds);
// "2021-02-16".
std::string IsoDate(const CivilDate& date);

// Gregorian day of a Hijri date (Umm al-Qura calendar, via ICU); false
// when ICU cannot compute it.
bool HijriToGregorian(int year, int month, int day, CivilDate* out);

// Finds the time expressions of each sentence. Spans are bytes into `text`.
// `published` is the article's publication day; without it, relative
// expressions keep an empty value. Thread-safe.
// Returns what it found so far once `cancellation` (may be null) says
// stop; the caller then drops the analysis.
std::vector<TimeExpression> FindDates(
    std::string_view text, const std::vector<Sentence>& sentences,
    const std::vector<Token>& tokens, std::optional<CivilDate> published,
    const Cancellation* cancellation = nullptr);

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_FACTS_DATES_H_
