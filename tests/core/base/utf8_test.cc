// The UTF-8 validator shared by CheckInput and the service's request parser
// (khabar/utf8.h), and the small helpers of base/utf8.h.
#include "khabar/utf8.h"

#include <string>
#include <string_view>

#include "base/utf8.h"
#include "gtest/gtest.h"

namespace khabar {
namespace {

TEST(FirstInvalidUtf8Test, AcceptsWellFormedText) {
  EXPECT_EQ(FirstInvalidUtf8(""), -1);
  EXPECT_EQ(FirstInvalidUtf8("abc"), -1);
  EXPECT_EQ(FirstInvalidUtf8(std::string_view("a\0b", 3)), -1);
  EXPECT_EQ(FirstInvalidUtf8("بغداد"), -1);  // 2-byte.
  EXPECT_EQ(FirstInvalidUtf8("€ \u0800 \uD7FF \uE000 \uFFFF"), -1);
  // 4-byte: the first and last code points of the planes above the BMP.
  EXPECT_EQ(FirstInvalidUtf8("\U00010000 \U0001F600 \U0010FFFF"), -1);
  EXPECT_EQ(FirstInvalidUtf8("\xF0\x90\x80\x80"), -1);  // U+10000.
  EXPECT_EQ(FirstInvalidUtf8("\xF4\x8F\xBF\xBF"), -1);  // U+10FFFF.
}

TEST(FirstInvalidUtf8Test, RejectsOverlongForms) {
  EXPECT_EQ(FirstInvalidUtf8("ab\xC0\x80"), 2);             // NUL in 2 bytes.
  EXPECT_EQ(FirstInvalidUtf8("ab\xC1\xBF"), 2);             // U+007F in 2.
  EXPECT_EQ(FirstInvalidUtf8("ab\xE0\x80\xAF"), 2);         // '/' in 3 bytes.
  EXPECT_EQ(FirstInvalidUtf8("ab\xE0\x9F\xBF"), 2);         // U+07FF in 3.
  EXPECT_EQ(FirstInvalidUtf8("ab\xF0\x8F\xBF\xBF"), 2);     // U+FFFF in 4.
  EXPECT_EQ(FirstInvalidUtf8("\xC2\x80\xE0\xA0\x80"), -1);  // Shortest.
}

TEST(FirstInvalidUtf8Test, RejectsSurrogates) {
  EXPECT_EQ(FirstInvalidUtf8("ab\xED\xA0\x80"), 2);   // U+D800.
  EXPECT_EQ(FirstInvalidUtf8("ab\xED\xBF\xBF"), 2);   // U+DFFF.
  EXPECT_EQ(FirstInvalidUtf8("ab\xED\x9F\xBF"), -1);  // U+D7FF is fine.
}

TEST(FirstInvalidUtf8Test, RejectsCodePointsAboveTheLast) {
  EXPECT_EQ(FirstInvalidUtf8("ab\xF4\x90\x80\x80"), 2);  // U+110000.
  EXPECT_EQ(FirstInvalidUtf8("ab\xF5\x80\x80\x80"), 2);  // Lead above F4.
  EXPECT_EQ(FirstInvalidUtf8("ab\xF8\x88\x80\x80\x80"), 2);
  EXPECT_EQ(FirstInvalidUtf8("ab\xFF"), 2);
}

TEST(FirstInvalidUtf8Test, RejectsTruncatedSequences) {
  EXPECT_EQ(FirstInvalidUtf8("\xD8"), 0);                 // At the end.
  EXPECT_EQ(FirstInvalidUtf8("ab\xE2\x82"), 2);           // 3-byte, 2 given.
  EXPECT_EQ(FirstInvalidUtf8("ab\xF0\x9F\x99"), 2);       // 4-byte, 3 given.
  EXPECT_EQ(FirstInvalidUtf8("ab\xE2\x82xy"), 2);         // Mid-text.
  EXPECT_EQ(FirstInvalidUtf8("ab\xF0\x9F\x99\x80"), -1);  // Complete.
}

TEST(FirstInvalidUtf8Test, NamesTheFirstBadByte) {
  EXPECT_EQ(FirstInvalidUtf8("ab\x80"), 2);             // Lone continuation.
  EXPECT_EQ(FirstInvalidUtf8("خبر \xC3\x28 عاجل"), 7);  // Bad continuation.
  EXPECT_EQ(FirstInvalidUtf8("بغ\xff\xff"), 4);         // The first of two.
}

TEST(Utf8SequenceLengthTest, LengthOfEachWellFormedSequence) {
  EXPECT_EQ(Utf8SequenceLength("\xC2\xA0", 0), 2);
  EXPECT_EQ(Utf8SequenceLength("\xE2\x82\xAC", 0), 3);
  EXPECT_EQ(Utf8SequenceLength("\xF0\x9F\x98\x80", 0), 4);
  EXPECT_EQ(Utf8SequenceLength("a\xD8\xA8", 1), 2);
  EXPECT_EQ(Utf8SequenceLength("\xC0\x80", 0), 0);
  EXPECT_EQ(Utf8SequenceLength("\xE2\x82", 0), 0);
  EXPECT_EQ(Utf8SequenceLength("\x80", 0), 0);
}

TEST(CodePointsTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(CodePoints(""), 0u);
  EXPECT_EQ(CodePoints("abc"), 3u);
  EXPECT_EQ(CodePoints("بغداد"), 5u);
  EXPECT_EQ(CodePoints("a€😀"), 3u);
}

TEST(BlankClassesTest, LineSeparatorsAreTheOnlyDifference) {
  for (char32_t c : {U' ', U'\t', U'\n', U'\r', U'\x7F', U'\x85', U'\xA0',
                     U'\u2003', U'\u3000', U'\u200B', U'\uFEFF'}) {
    EXPECT_TRUE(IsSpaceOrControl(c)) << static_cast<int>(c);
    EXPECT_TRUE(IsSpaceOrControlExceptLineSeparators(c)) << static_cast<int>(c);
  }
  for (char32_t c : {U'a', U'\u0628', U'\u00AB', U'\u0640'}) {
    EXPECT_FALSE(IsSpaceOrControl(c)) << static_cast<int>(c);
    EXPECT_FALSE(IsSpaceOrControlExceptLineSeparators(c))
        << static_cast<int>(c);
  }
  for (char32_t c : {U'\u2028', U'\u2029'}) {
    EXPECT_TRUE(IsSpaceOrControl(c));
    EXPECT_FALSE(IsSpaceOrControlExceptLineSeparators(c));
  }
}

}  // namespace
}  // namespace khabar
