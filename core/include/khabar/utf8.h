// Strict UTF-8 validation: one definition for the engine's input check
// (CheckInput) and the service's request parser, so both refuse the same
// bytes and name the same offset. Well-formed means Unicode Table 3-7: no
// overlong forms, no surrogates, nothing above U+10FFFF, no truncation.
#ifndef KHABAR_UTF8_H_
#define KHABAR_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace khabar {

// Byte length (2 to 4) of the well-formed sequence whose lead byte
// text[pos] (pos < text.size()) is >= 0x80, or 0 when it is malformed,
// overlong, a surrogate, above U+10FFFF or truncated. Inline: CheckInput
// calls it for every non-ASCII character it cannot skip.
inline int Utf8SequenceLength(std::string_view text, size_t pos) {
  const auto b0 = static_cast<unsigned char>(text[pos]);
  int n;
  unsigned char lo = 0x80, hi = 0xBF;  // Range of the second byte.
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) lo = 0xA0;  // Overlong.
    if (b0 == 0xED) hi = 0x9F;  // Surrogates.
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) lo = 0x90;  // Overlong.
    if (b0 == 0xF4) hi = 0x8F;  // Above U+10FFFF.
  } else {
    return 0;
  }
  if (pos + n > text.size()) return 0;
  const auto b1 = static_cast<unsigned char>(text[pos + 1]);
  if (b1 < lo || b1 > hi) return 0;
  for (int k = 2; k < n; ++k) {
    if ((static_cast<unsigned char>(text[pos + k]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

// Byte offset of the first byte that does not start a well-formed sequence
// (the lead byte of a bad or truncated one, or a stray continuation byte),
// or -1 when all of `text` is well-formed UTF-8.
int64_t FirstInvalidUtf8(std::string_view text);

}  // namespace khabar

#endif  // KHABAR_UTF8_H_
