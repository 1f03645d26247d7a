// The shared number parser: digits in every script, number words and their
// compositions, duals, ordinals, approximations and ranges.
#include "facts/numbers.h"

#include <string>
#include <vector>

#include "facts_test_util.h"
#include "gtest/gtest.h"

namespace khabar {
namespace {

std::vector<NumberMatch> Numbers(const std::string& text) {
  testing::Tokenized t = testing::TokenizeOneSentence(text);
  return FindNumbers(t.tokens, 0, static_cast<int32_t>(t.tokens.size()));
}

double OnlyValue(const std::string& text) {
  std::vector<NumberMatch> numbers = Numbers(text);
  EXPECT_EQ(numbers.size(), 1u) << text;
  return numbers.empty() ? -1 : numbers[0].value;
}

TEST(NumbersTest, DigitsInEveryScriptWithSeparators) {
  EXPECT_EQ(OnlyValue("عام ٢٠٢١"), 2021);
  EXPECT_EQ(OnlyValue("نسبة ٣٫٥"), 3.5);
  EXPECT_EQ(OnlyValue("نحو 1,000 شخص"), 1000);
  EXPECT_EQ(OnlyValue("١٢٬٥٠٠ طن"), 12500);
  EXPECT_EQ(OnlyValue("۱۵ نفر"), 15);  // Persian digits.
  EXPECT_EQ(OnlyValue("و20 بالمئة"), 20);
}

TEST(NumbersTest, WordsAndCompositions) {
  EXPECT_EQ(OnlyValue("خمسة آلاف جندي"), 5000);
  EXPECT_EQ(OnlyValue("2.4 مليار دولار"), 2.4e9);
  EXPECT_EQ(OnlyValue("ثلاثة ملايين نسمة"), 3e6);
  EXPECT_EQ(OnlyValue("خمسة وعشرون شخصا"), 25);
  EXPECT_EQ(OnlyValue("ثلاثة عشر طفلا"), 13);
  EXPECT_EQ(OnlyValue("أحد عشر لاعبا"), 11);
  EXPECT_EQ(OnlyValue("ثلاثمائة وخمسون"), 350);
  EXPECT_EQ(OnlyValue("ألف وخمسمائة"), 1500);
  EXPECT_EQ(OnlyValue("مليون ونصف"), 1.5e6);
  EXPECT_EQ(OnlyValue("نصف مليون"), 5e5);
  EXPECT_EQ(OnlyValue("مليوني دولار"), 2e6);
  EXPECT_EQ(OnlyValue("عشرين ألفا"), 20000);
}

TEST(NumbersTest, VagueCounts) {
  std::vector<NumberMatch> n = Numbers("نزوح عشرات الآلاف");
  ASSERT_EQ(n.size(), 1u);
  EXPECT_TRUE(n[0].vague);
  EXPECT_TRUE(n[0].approximate);
  EXPECT_EQ(n[0].value, 10000);
  EXPECT_EQ(n[0].value_max, 100000);
}

TEST(NumbersTest, DualNounIsTwoOfIt) {
  std::vector<NumberMatch> n = Numbers("قتل جنديان");
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].value, 2);
  EXPECT_EQ(n[0].dual_object, "جندي");
  n = Numbers("إصابة جنديين اثنين");
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].dual_object, "جندي");
  // مدنيين is a plural far more often than a dual.
  EXPECT_TRUE(Numbers("مقتل مدنيين").empty());
}

TEST(NumbersTest, Ordinals) {
  std::vector<NumberMatch> n = Numbers("المرتبة الثالثة");
  ASSERT_EQ(n.size(), 1u);
  EXPECT_TRUE(n[0].ordinal);
  EXPECT_EQ(n[0].value, 3);
  n = Numbers("القرن الحادي والعشرين");
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].value, 21);
  n = Numbers("الدورة الحادية عشرة");
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].value, 11);
}

TEST(NumbersTest, ApproximationsAndRanges) {
  std::vector<NumberMatch> n = Numbers("سيرتفع إلى نحو 4000 أو 5000");
  ASSERT_EQ(n.size(), 1u);
  EXPECT_TRUE(n[0].approximate);
  EXPECT_EQ(n[0].value, 4000);
  EXPECT_EQ(n[0].value_max, 5000);
  n = Numbers("من 500 إلى 1000 شخص");
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].value, 500);
  EXPECT_EQ(n[0].value_max, 1000);
  n = Numbers("أكثر من 20 قتيلا");
  ASSERT_EQ(n.size(), 1u);
  EXPECT_TRUE(n[0].approximate);
  EXPECT_EQ(n[0].begin, 0);
  n = Numbers("ما يقارب ثلاثين");
  ASSERT_EQ(n.size(), 1u);
  EXPECT_TRUE(n[0].approximate);
  EXPECT_EQ(n[0].value, 30);
  // From 500 soldiers to 4000: no range across the noun.
  n = Numbers("من 500 جندي إلى 4000");
  ASSERT_EQ(n.size(), 2u);
  EXPECT_EQ(n[0].value_max, 0);
}

TEST(NumbersTest, WordsThatAreNotNumbers) {
  EXPECT_TRUE(Numbers("يوم الاثنين").empty());
  EXPECT_TRUE(Numbers("في المئة").empty());
  EXPECT_TRUE(Numbers("أحد المسؤولين").empty());
}

TEST(NumbersTest, CountedNounForms) {
  EXPECT_EQ(CountedNounForm("جنود", 5), "جندي");
  EXPECT_EQ(CountedNounForm("شخصا", 20), "شخص");
  EXPECT_EQ(CountedNounForm("اخرين", 5), "اخر");
  EXPECT_EQ(CountedNounForm("جندي", 500), "جندي");
}

}  // namespace
}  // namespace khabar
