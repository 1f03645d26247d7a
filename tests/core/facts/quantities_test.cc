// Quantities: kinds, units (percent, ISO 4217 currencies, measures), counted
// nouns, and numbers left to dates.
#include "facts/quantities.h"

#include <string>
#include <vector>

#include "facts/dates.h"
#include "facts_test_util.h"
#include "gtest/gtest.h"
#include "khabar/cancellation.h"

namespace khabar {
namespace {

std::vector<Quantity> Quantities(const std::string& text) {
  testing::Tokenized t = testing::TokenizeOneSentence(text);
  std::vector<TimeExpression> dates =
      FindDates(t.text, t.sentences, t.tokens, std::nullopt);
  return FindQuantities(t.text, t.sentences, t.tokens, dates);
}

TEST(QuantitiesTest, PercentVariants) {
  std::vector<Quantity> q = Quantities(
      "ارتفع بنسبة 20% ثم ٣٫٥٪ ثم 15 بالمئة ثم 7 في المئة ثم 2 بالمائة");
  ASSERT_EQ(q.size(), 5u);
  const double values[] = {20, 3.5, 15, 7, 2};
  for (size_t i = 0; i < q.size(); ++i) {
    EXPECT_EQ(q[i].kind, QuantityKind::kPercent) << q[i].text;
    EXPECT_EQ(q[i].unit, "%");
    EXPECT_EQ(q[i].value, values[i]);
  }
  EXPECT_EQ(q[2].text, "15 بالمئة");
  EXPECT_EQ(q[3].text, "7 في المئة");
}

TEST(QuantitiesTest, CurrenciesAsIsoCodes) {
  EXPECT_EQ(CurrencyCode("دولار امريكي"), "USD");
  EXPECT_EQ(CurrencyCode("دولار اميركي"), "USD");
  EXPECT_EQ(CurrencyCode("يورو"), "EUR");
  EXPECT_EQ(CurrencyCode("دينار كويتي"), "KWD");
  EXPECT_EQ(CurrencyCode("دينار اردني"), "JOD");
  EXPECT_EQ(CurrencyCode("ين ياباني"), "JPY");  // From ICU.
  EXPECT_EQ(CurrencyCode("دينار"), "دينار");    // Ambiguous: kept as written.
  EXPECT_EQ(CurrencyCode("جندي"), "");

  std::vector<Quantity> q = Quantities(
      "بلغت 2.4 مليار دولار و500 يورو و100 دينار كويتي و50 دينارا وألف جنيه "
      "مصري");
  ASSERT_EQ(q.size(), 5u);
  for (const Quantity& x : q) EXPECT_EQ(x.kind, QuantityKind::kMoney);
  EXPECT_EQ(q[0].value, 2.4e9);
  EXPECT_EQ(q[0].unit, "USD");
  EXPECT_EQ(q[0].text, "2.4 مليار دولار");
  EXPECT_EQ(q[1].unit, "EUR");
  EXPECT_EQ(q[2].unit, "KWD");
  EXPECT_EQ(q[2].text, "100 دينار كويتي");
  EXPECT_EQ(q[3].unit, "دينار");
  EXPECT_EQ(q[4].unit, "EGP");
  EXPECT_EQ(q[4].value, 1000);
}

TEST(QuantitiesTest, Measures) {
  std::vector<Quantity> q = Quantities(
      "على بعد 300 كيلومتر نقلت 5 أطنان و4.9 مليون برميل و1200 متر مربع");
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[0].kind, QuantityKind::kMeasure);
  EXPECT_EQ(q[0].unit, "كيلومتر");
  EXPECT_EQ(q[1].unit, "طن");
  EXPECT_EQ(q[2].unit, "برميل");
  EXPECT_EQ(q[2].value, 4.9e6);
  EXPECT_EQ(q[3].unit, "متر مربع");
}

TEST(QuantitiesTest, CountedNouns) {
  std::vector<Quantity> q = Quantities(
      "أرسلت 500 جندي وخمسة جنود و20 شخصا وجنديان ثم خمسة آلاف مقاتل");
  ASSERT_EQ(q.size(), 5u);
  EXPECT_EQ(q[0].object, "جندي");
  EXPECT_EQ(q[1].object, "جندي");
  EXPECT_EQ(q[2].object, "شخص");
  EXPECT_EQ(q[3].object, "جندي");
  EXPECT_EQ(q[3].value, 2);
  EXPECT_EQ(q[4].value, 5000);
  EXPECT_EQ(q[4].object, "مقاتل");
  for (const Quantity& x : q) EXPECT_EQ(x.kind, QuantityKind::kCardinal);
}

TEST(QuantitiesTest, RangeInheritsTheCountedNoun) {
  std::vector<Quantity> q =
      Quantities("سيرتفع العدد من 500 جنديّ إلى نحو 4000 أو 5000");
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].value, 500);
  EXPECT_EQ(q[0].object, "جندي");
  EXPECT_EQ(q[1].value, 4000);
  EXPECT_EQ(q[1].value_max, 5000);
  EXPECT_TRUE(q[1].approximate);
  EXPECT_EQ(q[1].object, "جندي");
  EXPECT_EQ(q[1].text, "4000 أو 5000");
}

TEST(QuantitiesTest, OrdinalsAndLabels) {
  std::vector<Quantity> q =
      Quantities("حل في المرتبة الثالثة وفق المادة 103 من القانون");
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].kind, QuantityKind::kOrdinal);
  EXPECT_EQ(q[0].value, 3);
  EXPECT_EQ(q[1].kind, QuantityKind::kOrdinal);
  EXPECT_EQ(q[1].value, 103);
}

TEST(QuantitiesTest, NumbersOfDatesAreLeftToDates) {
  std::vector<Quantity> q =
      Quantities("في 16 فبراير 2021 قتل 3 أشخاص منذ عام 2003");
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].value, 3);
  EXPECT_EQ(q[0].object, "شخص");
}

TEST(QuantitiesTest, StopsWhenCancelled) {
  testing::Tokenized t =
      testing::TokenizeOneSentence("ارتفع بنسبة 20% وبلغ 3 ملايين دولار");
  ASSERT_FALSE(FindQuantities(t.text, t.sentences, t.tokens, {}).empty());
  Cancellation cancelled;
  cancelled.Cancel();
  EXPECT_TRUE(
      FindQuantities(t.text, t.sentences, t.tokens, {}, &cancelled).empty());
}

}  // namespace
}  // namespace khabar
