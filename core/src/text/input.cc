#include "text/input.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "base/match.h"
#include "base/utf8.h"
#include "khabar/utf8.h"

namespace khabar {
namespace {

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// True when some byte of an all-ASCII word is below 0x20 or is DEL: the
// bytes the fast path must look at one by one.
bool HasControlByte(uint64_t word) {
  const uint64_t below_space = (word - kOnes * 0x20) & ~word & kHighBits;
  const uint64_t del = word ^ (kOnes * 0x7F);
  const uint64_t is_del = (del - kOnes) & ~del & kHighBits;
  return (below_space | is_del) != 0;
}

// Controls the later stages read as spaces: C0 and DEL except the usual
// whitespace, and C1.
bool IsCountedControl(char32_t c) {
  return (c < 0x20 && (c < 0x09 || c > 0x0D)) || (c >= 0x7F && c <= 0x9F);
}

absl::Status BadUtf8(size_t offset) {
  return absl::InvalidArgumentError(
      absl::StrCat("invalid UTF-8 at byte offset ", offset));
}

}  // namespace

absl::StatusOr<InputReport> CheckInput(std::string_view text,
                                       size_t max_bytes) {
  if (text.size() > max_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat("article is ", text.size(),
                                                     " bytes; the limit is ",
                                                     max_bytes, " bytes"));
  }
  InputReport report;
  const char* s = text.data();
  const size_t n = text.size();
  size_t i = 0;
  if (StartsWith(text, "\xEF\xBB\xBF")) {
    report.bom_bytes = 3;
    i = 3;
  }
  bool has_content = false;
  auto control = [&report](size_t pos, int len) {
    if (report.control_characters++ == 0) {
      report.first_control = {static_cast<int32_t>(pos),
                              static_cast<int32_t>(pos + len)};
    }
  };
  while (i < n) {
    // Fast path: eight printable ASCII bytes at a time.
    if (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, s + i, 8);
      if ((word & kHighBits) == 0 && !HasControlByte(word)) {
        if (!has_content) {
          for (int k = 0; k < 8; ++k) has_content |= s[i + k] != ' ';
        }
        i += 8;
        continue;
      }
    }
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if (b == 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("NUL character at byte offset ", i));
      }
      if (IsCountedControl(b)) control(i, 1);
      if (!has_content && !IsSpaceOrControl(b)) has_content = true;
      ++i;
      continue;
    }
    // Two-byte characters (Arabic, most of an article) once content is
    // seen; C2 leads C1 controls and takes the full path.
    if (has_content && b >= 0xC3 && b <= 0xDF && i + 1 < n &&
        (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
      i += 2;
      continue;
    }
    const int len = Utf8SequenceLength(text, i);
    if (len == 0) return BadUtf8(i);
    if (len == 2 && b == 0xC2 && static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      control(i, 2);  // C1: U+0080..U+009F.
    } else if (!has_content) {
      int decoded = 0;
      has_content = !IsSpaceOrControl(DecodeUtf8(text, i, &decoded));
    }
    i += len;
  }
  report.has_visible_text = has_content;
  return report;
}

}  // namespace khabar
