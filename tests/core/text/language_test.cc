#include "text/language.h"

#include <cstdio>
#include <string>

#include "gtest/gtest.h"
#include "test_paths.h"

namespace khabar {
namespace {

TEST(DetectLanguageTest, ArabicNews) {
  const LanguageGuess guess = DetectLanguage(
      "بغداد - قال رئيس الوزراء العراقي مصطفى الكاظمي يوم الاثنين إن الحكومة "
      "ماضية في تنفيذ برنامجها الإصلاحي.");
  EXPECT_EQ(guess.language, "ar");
  EXPECT_TRUE(guess.supported);
  EXPECT_GT(guess.arabic_share, 0.99);
}

TEST(DetectLanguageTest, ArabicWithLatinDateline) {
  const LanguageGuess guess = DetectLanguage(
      "واشنطن (CNN) -- أعلن البيت الأبيض، الثلاثاء، أن الرئيس الأمريكي جو "
      "بايدن سيلتقي نظيره الفرنسي إيمانويل ماكرون في باريس، بحسب Reuters.");
  EXPECT_EQ(guess.language, "ar");
  EXPECT_TRUE(guess.supported);
  EXPECT_GT(guess.arabic_share, 0.8);
  EXPECT_LT(guess.arabic_share, 1.0);
}

TEST(DetectLanguageTest, PersianNameInArabicStaysArabic) {
  EXPECT_EQ(DetectLanguage("التقى الوزير نظيره الإيراني في طهران وبحث مع "
                           "بزشكيان ملف گاز الحدود")
                .language,
            "ar");
}

TEST(DetectLanguageTest, English) {
  const LanguageGuess guess = DetectLanguage(
      "The minister said on Monday that the talks would resume next week.");
  EXPECT_EQ(guess.language, "en");
  EXPECT_FALSE(guess.supported);
  EXPECT_EQ(guess.arabic_share, 0);
}

TEST(DetectLanguageTest, French) {
  const LanguageGuess guess = DetectLanguage(
      "Le ministre a déclaré lundi que les négociations reprendront dans une "
      "semaine, selon l'agence.");
  EXPECT_EQ(guess.language, "fr");
  EXPECT_FALSE(guess.supported);
}

TEST(DetectLanguageTest, LatinWithoutStopWordsIsUndetermined) {
  EXPECT_EQ(DetectLanguage("Xyzzy plugh quux").language, "und");
}

TEST(DetectLanguageTest, Persian) {
  const LanguageGuess guess = DetectLanguage(
      "وزیر امور خارجه ایران روز دوشنبه گفت که مذاکرات هفته آینده از سر گرفته "
      "می‌شود.");
  EXPECT_EQ(guess.language, "fa");
  EXPECT_FALSE(guess.supported);
  EXPECT_GT(guess.arabic_share, 0.99);
}

TEST(DetectLanguageTest, Urdu) {
  const LanguageGuess guess = DetectLanguage(
      "وزیر خارجہ نے پیر کو کہا کہ مذاکرات اگلے ہفتے دوبارہ شروع ہوں گے۔");
  EXPECT_EQ(guess.language, "ur");
  EXPECT_FALSE(guess.supported);
}

TEST(DetectLanguageTest, HebrewAndRussian) {
  EXPECT_EQ(DetectLanguage("השר אמר ביום שני כי השיחות יחודשו").language, "he");
  EXPECT_EQ(DetectLanguage("Министр заявил в понедельник, что переговоры "
                           "возобновятся")
                .language,
            "ru");
}

TEST(DetectLanguageTest, TooFewLetters) {
  for (const char* text :
       {"", "2021 - 15:30", "٢٠٢١/٣/١٥", "ab 12", "🙂🙂"}) {
    const LanguageGuess guess = DetectLanguage(text);
    EXPECT_EQ(guess.language, "und") << text;
    EXPECT_FALSE(guess.supported);
  }
}

TEST(DetectLanguageTest, NoMajority) {
  // Chinese outweighs everything else: no language this engine names.
  EXPECT_EQ(DetectLanguage("中华人民共和国国务院 said").language, "und");
}

TEST(DetectLanguageTest, SharedNewsSamplesAreArabic) {
  const std::string dir = testing::SharedDir() + "/data/news-samples";
  KHABAR_REQUIRE_SHARED(dir + "/001.txt");
  for (int k = 1; k <= 60; ++k) {
    char name[32];
    std::snprintf(name, sizeof(name), "/%03d.txt", k);
    const std::string text = testing::ReadFileOrEmpty(dir + name);
    if (text.empty()) continue;
    EXPECT_EQ(DetectLanguage(text).language, "ar") << name;
  }
}

}  // namespace
}  // namespace khabar
