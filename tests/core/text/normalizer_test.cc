#include "text/normalizer.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace khabar {
namespace {

TEST(MatchingFormTest, DropsTashkeel) {
  EXPECT_EQ(MatchingForm("مُحَمَّد"), "محمد");
  EXPECT_EQ(MatchingForm("كِتَابٌ"), "كتاب");
  // Superscript alef (U+0670) is a mark too.
  EXPECT_EQ(MatchingForm("هٰذا"), "هذا");
}

TEST(MatchingFormTest, DropsTatweel) {
  EXPECT_EQ(MatchingForm("بـ"), "ب");
  EXPECT_EQ(MatchingForm("الكـــاظمي"), "الكاظمي");
}

TEST(MatchingFormTest, UnifiesAlefForms) {
  EXPECT_EQ(MatchingForm("أحمد إبراهيم آمال"), "احمد ابراهيم امال");
  EXPECT_EQ(MatchingForm("ٱلله"), "الله");
}

TEST(MatchingFormTest, AlefMaqsuraAndTehMarbuta) {
  EXPECT_EQ(MatchingForm("مستشفى"), "مستشفي");
  EXPECT_EQ(MatchingForm("مدرسة"), "مدرسه");
}

TEST(MatchingFormTest, KeepsHamzaOnWawAndYeh) {
  EXPECT_EQ(MatchingForm("مؤتمر"), "مؤتمر");
  EXPECT_EQ(MatchingForm("رئيس"), "رئيس");
}

TEST(MatchingFormTest, PersianLetters) {
  EXPECT_EQ(MatchingForm("کتاب"), "كتاب");
  EXPECT_EQ(MatchingForm("ایران"), "ايران");
}

TEST(MatchingFormTest, Digits) {
  EXPECT_EQ(MatchingForm("٢٠٢١"), "2021");
  EXPECT_EQ(MatchingForm("۱۴۰۰"), "1400");
  EXPECT_EQ(MatchingForm("٣٫٥٪"), "3.5%");
  EXPECT_EQ(MatchingForm("١٬٠٠٠"), "1,000");
}

TEST(MatchingFormTest, DropsInvisibleControls) {
  // ZWNJ, RLM, LRM, ZWJ, soft hyphen and a BOM inside the text.
  EXPECT_EQ(MatchingForm("می\u200Cخواهم"), "ميخواهم");
  EXPECT_EQ(MatchingForm("\u200Fبغداد\u200E"), "بغداد");
  EXPECT_EQ(MatchingForm("ab\u200Dc\u00ADd\uFEFF"), "abcd");
}

TEST(MatchingFormTest, ComposesDecomposedHamza) {
  // Alef + hamza above / below / madda compose, then unify to alef.
  EXPECT_EQ(MatchingForm("\u0627\u0654\u062D\u0645\u062F"), "احمد");
  EXPECT_EQ(MatchingForm("\u0627\u0655\u0628"), "اب");
  EXPECT_EQ(MatchingForm("\u0627\u0653\u0645\u0627\u0644"), "امال");
  // Waw / yeh + hamza above compose to ؤ / ئ, which are kept.
  EXPECT_EQ(MatchingForm("\u0645\u0648\u0654\u062A\u0645\u0631"), "مؤتمر");
  EXPECT_EQ(MatchingForm("\u0631\u064A\u0654\u064A\u0633"), "رئيس");
  // A harakah between the letter and the hamza does not block composition.
  EXPECT_EQ(MatchingForm("\u0631\u064A\u0650\u0654\u064A\u0633"), "رئيس");
  // Alef maqsura + hamza does not compose: the hamza is simply dropped.
  EXPECT_EQ(MatchingForm("\u0649\u0654"), "ي");
}

TEST(MatchingFormTest, PresentationForms) {
  EXPECT_EQ(MatchingForm("\uFEFB"), "لا");  // lam-alef ligature
  EXPECT_EQ(MatchingForm("\uFEF7"), "لا");  // lam-alef with hamza
  EXPECT_EQ(MatchingForm("\uFE8D\uFEDF\uFEE0\uFEEA"), "الله");
  EXPECT_EQ(MatchingForm("\uFDF2"), "الله");
  EXPECT_EQ(MatchingForm("\uFB8E"), "ك");  // keheh isolated
  // An isolated harakah form leaves nothing behind.
  EXPECT_EQ(MatchingForm("ب\uFE70"), "ب");
}

TEST(MatchingFormTest, LatinLowerCased) {
  EXPECT_EQ(MatchingForm("CNN"), "cnn");
  EXPECT_EQ(MatchingForm("Reuters وكالة"), "reuters وكاله");
  EXPECT_EQ(MatchingForm("ÉCOLE Ünïcode"), "école ünïcode");
  // Decomposed Latin composes before lower-casing.
  EXPECT_EQ(MatchingForm("E\u0301cole"), "\u00E9cole");
  EXPECT_EQ(MatchingForm("A LONG ASCII SENTENCE, 2024!"),
            "a long ascii sentence, 2024!");
}

TEST(MatchingFormTest, KeepsOtherText) {
  EXPECT_EQ(MatchingForm("«قال» — “نعم”…"), "«قال» — “نعم”…");
  EXPECT_EQ(MatchingForm("🙂 ok"), "🙂 ok");
  EXPECT_EQ(MatchingForm("中文"), "中文");
  EXPECT_EQ(MatchingForm(""), "");
}

TEST(MatchingFormTest, AppendsToExistingOutput) {
  std::string out = "x|";
  AppendMatchingForm("أ", &out);
  EXPECT_EQ(out, "x|ا");
}

// Checks that every output byte maps back to the input character that
// produced it.
std::vector<int32_t> Offsets(std::string_view text, std::string* out) {
  std::vector<int32_t> offsets;
  AppendMatchingForm(text, out, &offsets);
  EXPECT_EQ(offsets.size(), out->size());
  return offsets;
}

TEST(SourceOffsetsTest, IdentityForAscii) {
  std::string out;
  auto offsets = Offsets("Hello World, 12345", &out);
  ASSERT_EQ(out, "hello world, 12345");
  for (size_t k = 0; k < out.size(); ++k) EXPECT_EQ(offsets[k], k);
}

TEST(SourceOffsetsTest, AfterDroppedCharacters) {
  // م ُ ح َ م َّ د : letters at bytes 0, 4, 8, 14.
  std::string out;
  auto offsets = Offsets("مُحَمَّد", &out);
  ASSERT_EQ(out, "محمد");
  EXPECT_EQ(offsets, (std::vector<int32_t>{0, 0, 4, 4, 8, 8, 14, 14}));
}

TEST(SourceOffsetsTest, TatweelAndInvisible) {
  // "ب" (0) "ـ" (2) ZWNJ (4..6) "ا" (7) "2" (9): digits ٢ are 2 bytes.
  std::string out;
  auto offsets = Offsets("بـ\u200Cا٢", &out);
  ASSERT_EQ(out, "با2");
  EXPECT_EQ(offsets, (std::vector<int32_t>{0, 0, 7, 7, 9}));
}

TEST(SourceOffsetsTest, ComposedAndLigature) {
  // "x" (0) alef (1) hamza above (3) "ﻻ" (5..7) "b" (8).
  std::string out;
  auto offsets = Offsets("x\u0627\u0654\uFEFBb", &out);
  ASSERT_EQ(out, "xالاb");
  EXPECT_EQ(offsets, (std::vector<int32_t>{0, 1, 1, 5, 5, 5, 5, 8}));
}

TEST(SourceOffsetsTest, LongMixedTextIsMonotonic) {
  std::string text;
  for (int k = 0; k < 50; ++k) {
    text +=
        "قالَ الرئيسُ لـ CNN إنّ ٢٠٢١ \u0627\u0654 «عامٌ» "
        "🙂 "
        "É\u0301\n";
  }
  std::string out;
  auto offsets = Offsets(text, &out);
  for (size_t k = 1; k < offsets.size(); ++k) {
    ASSERT_LE(offsets[k - 1], offsets[k]) << k;
  }
  // Every offset starts a character of the input.
  for (int32_t o : offsets) {
    ASSERT_LT(o, static_cast<int32_t>(text.size()));
    EXPECT_NE(static_cast<unsigned char>(text[o]) & 0xC0, 0x80);
  }
  // Tracking offsets does not change the output.
  EXPECT_EQ(out, MatchingForm(text));
}

TEST(IsNfcTest, Basic) {
  EXPECT_TRUE(IsNfc("hello"));
  EXPECT_TRUE(IsNfc("مُحَمَّد"));
  EXPECT_TRUE(IsNfc("\u00E9"));
  EXPECT_FALSE(IsNfc("e\u0301"));
  EXPECT_FALSE(IsNfc("\u0627\u0654"));
  EXPECT_TRUE(IsNfc("\u0628\u0654"));  // MAYBE, but nothing composes.
  EXPECT_TRUE(IsNfc(""));
}

}  // namespace
}  // namespace khabar
