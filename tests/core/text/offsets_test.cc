#include "text/offsets.h"

#include <string>

#include "gtest/gtest.h"

namespace khabar {
namespace {

// Reference conversion by a full scan from the start.
int32_t Slow(const std::string& text, int32_t byte_offset, bool utf16) {
  int32_t units = 0;
  for (int32_t i = 0; i < byte_offset; ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if ((b & 0xC0) == 0x80) continue;
    units += utf16 && b >= 0xF0 ? 2 : 1;
  }
  return units;
}

TEST(OffsetConverterTest, BytesAreIdentity) {
  const std::string text = "قال 🙂";
  OffsetConverter converter(text, OffsetUnit::kUtf8Bytes);
  EXPECT_EQ(converter.unit(), OffsetUnit::kUtf8Bytes);
  EXPECT_EQ(converter.Convert(0), 0);
  EXPECT_EQ(converter.Convert(7), 7);
  EXPECT_EQ(converter.Convert(Span{2, 11}), (Span{2, 11}));
}

TEST(OffsetConverterTest, Arabic) {
  const std::string text = "قال الرئيس";  // 2 bytes per letter.
  OffsetConverter cp(text, OffsetUnit::kCodePoints);
  OffsetConverter u16(text, OffsetUnit::kUtf16CodeUnits);
  EXPECT_EQ(cp.Convert(6), 3);
  EXPECT_EQ(cp.Convert(7), 4);
  EXPECT_EQ(u16.Convert(7), 4);
  EXPECT_EQ(cp.Convert(Span{7, 19}), (Span{4, 10}));
  EXPECT_EQ(cp.Convert(static_cast<int32_t>(text.size())), 10);
}

TEST(OffsetConverterTest, AsciiAndEmoji) {
  const std::string text = "hi 🙂 ok 😀";  // Two 4-byte emoji.
  OffsetConverter cp(text, OffsetUnit::kCodePoints);
  OffsetConverter u16(text, OffsetUnit::kUtf16CodeUnits);
  EXPECT_EQ(cp.Convert(3), 3);
  EXPECT_EQ(u16.Convert(3), 3);
  // After the first emoji: one code point but two UTF-16 units.
  EXPECT_EQ(cp.Convert(7), 4);
  EXPECT_EQ(u16.Convert(7), 5);
  EXPECT_EQ(u16.Convert(Span{3, 7}), (Span{3, 5}));
  const auto end = static_cast<int32_t>(text.size());
  EXPECT_EQ(cp.Convert(end), 9);
  EXPECT_EQ(u16.Convert(end), 11);
}

TEST(OffsetConverterTest, EmptyText) {
  OffsetConverter cp("", OffsetUnit::kCodePoints);
  EXPECT_EQ(cp.Convert(0), 0);
  EXPECT_EQ(cp.Convert(Span{0, 0}), (Span{0, 0}));
}

TEST(OffsetConverterTest, MatchesFullScanAcrossCheckpoints) {
  // Mixed widths so characters straddle the 64-byte checkpoints; sizes
  // around multiples of 64 check the end of the text.
  const std::string unit = "ab قال 🙂 € x";
  for (int reps : {1, 5, 16, 40}) {
    std::string text;
    for (int k = 0; k < reps; ++k) text += unit;
    for (int pad = 0; pad < 70; ++pad) {
      const std::string padded = text + std::string(pad, 'z');
      OffsetConverter cp(padded, OffsetUnit::kCodePoints);
      OffsetConverter u16(padded, OffsetUnit::kUtf16CodeUnits);
      for (int32_t i = 0; i <= static_cast<int32_t>(padded.size()); ++i) {
        if (i < static_cast<int32_t>(padded.size()) &&
            (static_cast<unsigned char>(padded[i]) & 0xC0) == 0x80) {
          continue;  // Not a character boundary.
        }
        ASSERT_EQ(cp.Convert(i), Slow(padded, i, false)) << reps << " " << i;
        ASSERT_EQ(u16.Convert(i), Slow(padded, i, true)) << reps << " " << i;
      }
    }
  }
}

}  // namespace
}  // namespace khabar
