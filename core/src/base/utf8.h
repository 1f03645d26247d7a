// Small UTF-8 helpers shared by the stages: decoding, encoding, counting,
// and character classes (Arabic letters and marks, blanks). Input is
// validated by CheckInput (khabar/utf8.h) before any stage runs, so these
// assume well-formed UTF-8.
#ifndef KHABAR_CORE_SRC_BASE_UTF8_H_
#define KHABAR_CORE_SRC_BASE_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace khabar {

// Decodes the code point starting at text[pos] and stores its byte length
// in *len. Returns U+FFFD with *len = 1 on a malformed or truncated sequence.
inline char32_t DecodeUtf8(std::string_view text, size_t pos, int* len) {
  const auto b0 = static_cast<unsigned char>(text[pos]);
  if (b0 < 0x80) {
    *len = 1;
    return b0;
  }
  int n = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 0;
  if (n == 0 || pos + n > text.size()) {
    *len = 1;
    return 0xFFFD;
  }
  char32_t c = b0 & (0x7F >> n);
  for (int i = 1; i < n; ++i) {
    c = (c << 6) | (static_cast<unsigned char>(text[pos + i]) & 0x3F);
  }
  *len = n;
  return c;
}

// Number of code points in `s`: the bytes that are not continuation bytes.
inline size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Appends the UTF-8 encoding of `c` to *out.
inline void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// True for the Arabic letters U+0621..U+064A and the extended letters
// U+0671..U+06D3 (Persian, Urdu), excluding tatweel.
inline bool IsArabicLetter(char32_t c) {
  return (c >= 0x0621 && c <= 0x064A && c != 0x0640) ||
         (c >= 0x0671 && c <= 0x06D3) || (c >= 0x06FA && c <= 0x06FC);
}

// Tashkeel and other Arabic combining marks dropped by the matching form.
inline bool IsArabicMark(char32_t c) {
  return (c >= 0x064B && c <= 0x065F) || c == 0x0670 ||
         (c >= 0x06D6 && c <= 0x06ED) || (c >= 0x0610 && c <= 0x061A);
}

// Zero-width and bidi controls that carry no text.
inline bool IsInvisibleControl(char32_t c) {
  return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x061C || c == 0xFEFF ||
         c == 0x00AD || c == 0x2060;
}

// IsSpaceOrControl less U+2028 LINE SEPARATOR and U+2029 PARAGRAPH
// SEPARATOR: Unicode spaces (NBSP included), C0/C1 controls and DEL, and
// the invisible controls. What the structure stage trims inside its lines
// (it splits lines at U+2028/U+2029).
inline bool IsSpaceOrControlExceptLineSeparators(char32_t c) {
  if (c <= 0x20) return true;
  if (c < 0x7F) return false;
  return c <= 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x202F || c == 0x205F || c == 0x3000 || IsInvisibleControl(c);
}

// Unicode White_Space (U+2028/U+2029 included), C0/C1 controls and DEL
// (CheckInput lets later stages treat them as spaces), and the invisible
// controls (BOM, zero-width, bidi): what leaves an article empty.
inline bool IsSpaceOrControl(char32_t c) {
  return IsSpaceOrControlExceptLineSeparators(c) || c == 0x2028 || c == 0x2029;
}

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_BASE_UTF8_H_
