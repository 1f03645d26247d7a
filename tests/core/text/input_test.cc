#include "text/input.h"

#include <string>

#include "gtest/gtest.h"

namespace khabar {
namespace {

constexpr size_t kLimit = 1 << 20;

std::string Message(const absl::StatusOr<InputReport>& r) {
  return std::string(r.status().message());
}

TEST(CheckInputTest, AcceptsArabicAndAscii) {
  auto r = CheckInput("قال الرئيس لـ CNN إن المحادثات ستُستأنف.", kLimit);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->bom_bytes, 0);
  EXPECT_EQ(r->control_characters, 0);
  EXPECT_TRUE(r->first_control.empty());
}

TEST(CheckInputTest, AcceptsAllPlanes) {
  // 2-, 3- and 4-byte characters, and the extremes of the valid ranges.
  auto r = CheckInput("é € 🙂 \uD7FF \uE000 \U0010FFFF \u0800 \U00010000",
                      kLimit);
  EXPECT_TRUE(r.ok()) << r.status();
}

TEST(CheckInputTest, SizeLimitComesFirst) {
  const std::string text = std::string(100, 'a') + "\xFF";
  auto r = CheckInput(text, 50);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(Message(r), "article is 101 bytes; the limit is 50 bytes");
  EXPECT_TRUE(CheckInput(std::string(50, 'a'), 50).ok());
}

TEST(CheckInputTest, InvalidUtf8NamesFirstBadByte) {
  struct Case {
    std::string text;
    int offset;
  } cases[] = {
      {"خبر \xC3\x28 عاجل", 7},               // Bad continuation.
      {"abc\xFF", 3},                         // Never valid.
      {"abcdefghijklmnop\x80", 16},           // Lone continuation.
      {"ab\xC0\x80", 2},                      // Overlong NUL.
      {"ab\xC1\xBF", 2},                      // Overlong 2-byte.
      {"ab\xE0\x80\xAF", 2},                  // Overlong 3-byte.
      {"ab\xF0\x8F\xBF\xBF", 2},              // Overlong 4-byte.
      {"ab\xED\xA0\x80", 2},                  // Surrogate U+D800.
      {"ab\xED\xBF\xBF", 2},                  // Surrogate U+DFFF.
      {"ab\xF4\x90\x80\x80", 2},              // U+110000.
      {"ab\xF5\x80\x80\x80", 2},              // Lead above F4.
      {"ab\xE2\x82", 2},                      // Truncated at the end.
      {"ab\xE2\x82xy", 2},                    // Truncated mid-text.
      {"ab\xF0\x9F\x99", 2},                  // Truncated 4-byte.
      {"0123456789abcdefg\xE2\x28\xA1", 17},  // After the ASCII path.
  };
  for (const Case& c : cases) {
    auto r = CheckInput(c.text, kLimit);
    ASSERT_FALSE(r.ok()) << c.offset;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(Message(r),
              "invalid UTF-8 at byte offset " + std::to_string(c.offset));
  }
}

TEST(CheckInputTest, RejectsNul) {
  const std::string text("0123456789abcdef\0x", 18);
  auto r = CheckInput(text, kLimit);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Message(r), "NUL character at byte offset 16");
  EXPECT_EQ(Message(CheckInput(std::string("a\0", 2), kLimit)),
            "NUL character at byte offset 1");
}

TEST(CheckInputTest, EmptyOrBlank) {
  for (const std::string text :
       {"", " ", " \n\t\r\v\f ", "\u00A0\u00A0", "\xEF\xBB\xBF",
        "\xEF\xBB\xBF  \n", "\u200F\u200B\u3000\u2003", "          \x07  "}) {
    auto r = CheckInput(text, kLimit);
    ASSERT_TRUE(r.ok()) << text;
    EXPECT_FALSE(r->has_visible_text) << text;
  }
  EXPECT_TRUE(CheckInput("                x", kLimit)->has_visible_text);
  EXPECT_TRUE(CheckInput("\u00A0ب", kLimit)->has_visible_text);
}

TEST(CheckInputTest, Bom) {
  auto r = CheckInput("\xEF\xBB\xBFخبر", kLimit);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->bom_bytes, 3);
  // Only a leading BOM counts.
  r = CheckInput("خبر\xEF\xBB\xBF", kLimit);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->bom_bytes, 0);
}

TEST(CheckInputTest, CountsControls) {
  // \t \n \v \f \r are not counted; BEL, ESC, DEL and C1 NEL are.
  const std::string text =
      "line one\t\n\v\f\r the talks\x07 resume \x1B[0m \x7F and \xC2\x85.";
  auto r = CheckInput(text, kLimit);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->control_characters, 4);
  const int32_t bel = static_cast<int32_t>(text.find('\x07'));
  EXPECT_EQ(r->first_control, (Span{bel, bel + 1}));
}

TEST(CheckInputTest, FirstControlCanBeC1) {
  auto r = CheckInput("ab \xC2\x9F cd", kLimit);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->control_characters, 1);
  EXPECT_EQ(r->first_control, (Span{3, 5}));
}

TEST(CheckInputTest, LongText) {
  std::string text;
  for (int k = 0; k < 2000; ++k)
    text += "The talks resumed. استؤنفت المحادثات. ";
  auto r = CheckInput(text, text.size());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->control_characters, 0);
  text += "\xE0\x80";
  r = CheckInput(text, text.size());
  EXPECT_EQ(Message(r),
            "invalid UTF-8 at byte offset " + std::to_string(text.size() - 2));
}

}  // namespace
}  // namespace khabar
