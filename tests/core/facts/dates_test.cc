// Time expressions: both month systems, Hijri dates, years, weekdays with
// parts of day, relative expressions resolved against publication, times
// and durations.
#include "facts/dates.h"

#include <optional>
#include <string>
#include <vector>

#include "facts_test_util.h"
#include "gtest/gtest.h"
#include "khabar/cancellation.h"

namespace khabar {
namespace {

// Wednesday 17 February 2021.
constexpr CivilDate kPublished = {2021, 2, 17};

std::vector<TimeExpression> Dates(
    const std::string& text, std::optional<CivilDate> published = kPublished) {
  testing::Tokenized t = testing::TokenizeOneSentence(text);
  return FindDates(t.text, t.sentences, t.tokens, published);
}

TimeExpression Only(const std::string& text,
                    std::optional<CivilDate> published = kPublished) {
  std::vector<TimeExpression> d = Dates(text, published);
  EXPECT_EQ(d.size(), 1u) << text;
  return d.empty() ? TimeExpression() : d[0];
}

// An offset beyond ten thousand years is not resolved (its arithmetic
// overflowed), yet the expression is still found.
TEST(DatesTest, AbsurdOffsetIsNotResolved) {
  const TimeExpression d = Only("بعد " + std::string(120, '9') + " يوما");
  EXPECT_EQ(d.kind, TimeKind::kRelative);
  EXPECT_EQ(d.value, "");
  EXPECT_EQ(Only("بعد 3 أيام").value, "2021-02-20");
}

// Published on the last day ISO 8601 years allow: «بعد 3 أيام» falls in
// year 10000, which is no ISO date, so it stays unresolved.
TEST(DatesTest, ResolvedBeyondYear9999HasNoValue) {
  EXPECT_EQ(Only("بعد 3 أيام", CivilDate{9999, 12, 31}).value, "");
  EXPECT_EQ(Only("قبل 3 أيام", CivilDate{9999, 12, 31}).value, "9999-12-28");
  EXPECT_EQ(Only("قبل 3 أيام", CivilDate{1, 1, 1}).value, "");
}

// Months back past year 1 (a fuzzer's «منذ 99999 شهر») leave the month
// unresolved rather than indexing a month below January.
TEST(DatesTest, MonthsBeyondYearOneHaveNoValue) {
  EXPECT_EQ(Only("منذ 99999 شهر").value, "");
  EXPECT_EQ(Only("بعد 99999 شهر").value, "");
  EXPECT_EQ(Only("منذ 3 أشهر").value, "2020-11");
  EXPECT_EQ(Only("قبل شهر", CivilDate{1, 1, 15}).value, "");
}

TEST(DatesTest, CivilArithmetic) {
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(IsoDate(CivilFromDays(DaysFromCivil({2024, 2, 29}))), "2024-02-29");
  EXPECT_EQ(IsoDate(CivilFromUnixSeconds(1613563200)), "2021-02-17");
}

TEST(DatesTest, ExplicitDatesInBothMonthSystems) {
  TimeExpression d = Only("وقع الهجوم في 16 فبراير 2021 ليلا");
  EXPECT_EQ(d.kind, TimeKind::kDate);
  EXPECT_EQ(d.value, "2021-02-16");
  EXPECT_EQ(d.text, "16 فبراير 2021");
  d = Only("بتاريخ 16 شباط/فبراير 2021");
  EXPECT_EQ(d.value, "2021-02-16");
  // The clitic ب stays outside the span.
  EXPECT_EQ(d.text, "تاريخ 16 شباط/فبراير 2021");
  EXPECT_EQ(Only("في 3 كانون الثاني 2020").value, "2020-01-03");
  EXPECT_EQ(Only("في تشرين الأول 2019").value, "2019-10");
  EXPECT_EQ(Only("منذ يناير/كانون الثاني 2016").value, "2016-01");
  EXPECT_EQ(Only("بتاريخ (15/1/1959)").value, "1959-01-15");
  EXPECT_EQ(Only("في 2021-02-16").value, "2021-02-16");
}

TEST(DatesTest, DayAndMonthWithoutYear) {
  EXPECT_EQ(Only("في 20 مارس").value, "2021-03-20");
  EXPECT_EQ(Only("في 20 مارس", std::nullopt).value, "--03-20");
  // آب alone is "father"; with a day it is August.
  EXPECT_TRUE(Dates("قال الأب").empty());
  EXPECT_EQ(Only("في 5 آب 2020").value, "2020-08-05");
}

TEST(DatesTest, HijriDatesConvertToGregorian) {
  // 3 Rajab 1442 (Umm al-Qura) is 15 February 2021.
  TimeExpression d = Only("في 3 رجب 1442 هـ");
  EXPECT_EQ(d.kind, TimeKind::kDate);
  EXPECT_EQ(d.value, "2021-02-15");
  // A Hijri year is the interval of its Gregorian days.
  EXPECT_EQ(Only("عام 1442 هـ").value, "2020-08-20/2021-08-08");
}

TEST(DatesTest, Years) {
  EXPECT_EQ(Only("مبادرة عام 2030").value, "2030");
  EXPECT_EQ(Only("خلال العام 2020 ،").value, "2020");
  EXPECT_EQ(Only("سنة (1935) م").value, "1935");
  EXPECT_EQ(Only("بين 1936-1939").value, "1936/1939");
  // A count is no year.
  EXPECT_TRUE(Dates("أرسلت 2000 جندي").empty());
  // Events named by their year.
  EXPECT_EQ(Only("وصل المنتخب إلى نصف نهائي مونديال 1990 بإيطاليا").value,
            "1990");
  EXPECT_EQ(Only("وحققت بطولة 1994 التي نظمتها الولايات المتحدة").value,
            "1994");
}

// One date, one span: an ordinal day before its month, a range of years.
TEST(DatesTest, OrdinalDaysAndRangesOfYearsAreOneDate) {
  TimeExpression d = Only("وعاد الوفد في السابع من أغسطس/آب إلى بلاده");
  EXPECT_EQ(d.text, "السابع من أغسطس/آب");
  EXPECT_EQ(d.value, "2021-08-07");  // The nearest August 7 (published 2021).
  d = Only("وعمل هناك بين 1994 و1996 مستشارا");
  EXPECT_EQ(d.text, "بين 1994 و1996");
  EXPECT_EQ(d.value, "1994/1996");
  // Counts are no range of years.
  EXPECT_TRUE(Dates("وتراوح العدد بين 20 و30 شخصا").empty());
}

// A weak weekday (الأحد، الاثنين، الجمعة: also the one, the two, the
// prayer) without يوم is a day between a noun or verb and a preposition.
TEST(DatesTest, WeakWeekdaysBetweenVerbAndPreposition) {
  EXPECT_EQ(Only("واعتبر صندوق النقد الدولي الجمعة في بيان أن").value,
            "2021-02-12");
  EXPECT_EQ(Only("وحذرت الوكالة الرسمية الأحد خلال الزيارة").value,
            "2021-02-14");
  EXPECT_TRUE(Dates("أدى المصلون صلاة الجمعة في المسجد").empty());
  EXPECT_TRUE(Dates("وفرق بين الاثنين في الحكم").empty());
}

// Parentheses as Wojood marks them: punctuation around a whole date, part
// of the span when they open inside it.
TEST(DatesTest, ParenthesesAroundAndInsideDates) {
  TimeExpression d = Only("ولد في (21/8/1943) في القدس");
  EXPECT_EQ(d.text, "21/8/1943");
  EXPECT_EQ(d.value, "1943-08-21");
  EXPECT_EQ(Only("وقع ذلك بتاريخ (17/4/1948) في القرية").text,
            "تاريخ (17/4/1948)");  // The clitic ب stays outside.
}

TEST(DatesTest, WeekdaysResolveAgainstPublication) {
  TimeExpression d = Only("ذكر، مساء الثلاثاء، أنه");
  EXPECT_EQ(d.kind, TimeKind::kRelative);
  EXPECT_EQ(d.text, "مساء الثلاثاء");
  EXPECT_EQ(d.value, "2021-02-16");
  EXPECT_EQ(Only("أفيد مساء الاثنين بسقوط").value, "2021-02-15");
  EXPECT_EQ(Only("يوم الأربعاء").value, "2021-02-17");
  EXPECT_EQ(Only("الأربعاء الماضي").value, "2021-02-10");
  EXPECT_EQ(Only("الخميس المقبل").value, "2021-02-18");
  EXPECT_EQ(Only("مساء الثلاثاء", std::nullopt).value, "");
  EXPECT_EQ(Only("مساء الثلاثاء", std::nullopt).kind, TimeKind::kRelative);
}

TEST(DatesTest, RelativeExpressions) {
  EXPECT_EQ(Only("بدأ أمس").value, "2021-02-16");
  EXPECT_EQ(Only("صباح اليوم").value, "2021-02-17");
  EXPECT_EQ(Only("يصل غداً").value, "2021-02-18");
  EXPECT_EQ(Only("أول أمس").value, "2021-02-15");
  EXPECT_EQ(Only("الأسبوع الماضي").value, "2021-W06");
  EXPECT_EQ(Only("الشهر الماضي").value, "2021-01");
  EXPECT_EQ(Only("العام المقبل").value, "2022");
  EXPECT_EQ(Only("هذا العام").value, "2021");
  TimeExpression d = Only("منذ ثلاثة أيام");
  EXPECT_EQ(d.kind, TimeKind::kRelative);
  EXPECT_EQ(d.value, "2021-02-14");
  EXPECT_EQ(Only("قبل أسبوعين").value, "2021-02-03");
  d = Only("بدأ أمس", std::nullopt);
  EXPECT_EQ(d.kind, TimeKind::kRelative);
  EXPECT_EQ(d.value, "");
}

TEST(DatesTest, TimesAndDurations) {
  TimeExpression d = Only("في الساعة 10 صباحاً");
  EXPECT_EQ(d.kind, TimeKind::kTime);
  EXPECT_EQ(d.value, "T10:00");
  EXPECT_EQ(Only("عند 10:30").value, "T10:30");
  EXPECT_EQ(Only("الساعة الثامنة مساء").value, "T20:00");
  EXPECT_EQ(Only("الساعة 06:44 بتوقيت غرينتش").value, "T06:44");
  d = Only("استمر ثلاثة أيام");
  EXPECT_EQ(d.kind, TimeKind::kDuration);
  EXPECT_EQ(d.value, "P3D");
  EXPECT_EQ(Only("خلال 48 ساعة").value, "PT48H");
  EXPECT_EQ(Only("لمدة عامين").value, "P2Y");
}

// A stopped analysis stops the stage: nothing more is read.
TEST(DatesTest, StopsWhenCancelled) {
  testing::Tokenized t =
      testing::TokenizeOneSentence("وصل الوفد في 21 نيسان 2018 ثم غادر أمس");
  ASSERT_FALSE(FindDates(t.text, t.sentences, t.tokens, std::nullopt).empty());
  Cancellation cancelled;
  cancelled.Cancel();
  EXPECT_TRUE(FindDates(t.text, t.sentences, t.tokens, std::nullopt, &cancelled)
                  .empty());
}

}  // namespace
}  // namespace khabar
