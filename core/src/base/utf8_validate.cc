#include <cstddef>
#include <cstdint>
#include <string_view>

#include "khabar/utf8.h"

namespace khabar {

int64_t FirstInvalidUtf8(std::string_view text) {
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const int len = Utf8SequenceLength(text, i);
    if (len == 0) return static_cast<int64_t>(i);
    i += len;
  }
  return -1;
}

}  // namespace khabar
