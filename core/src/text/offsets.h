// Converts UTF-8 byte offsets into the unit a caller asked for.
#ifndef KHABAR_CORE_SRC_TEXT_OFFSETS_H_
#define KHABAR_CORE_SRC_TEXT_OFFSETS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "khabar/span.h"

namespace khabar {

// Built once per request over the caller's whole text (one int32 per byte
// for UTF-16 and code points, nothing for bytes); each conversion is then a
// lookup.
class OffsetConverter {
 public:
  OffsetConverter(std::string_view text, OffsetUnit unit);

  // `byte_offset` must lie in [0, text.size()] on a character boundary.
  int32_t Convert(int32_t byte_offset) const;
  Span Convert(Span byte_span) const;

  OffsetUnit unit() const { return unit_; }

 private:
  OffsetUnit unit_;
  // Converted offset at every byte offset, end included.
  std::vector<int32_t> units_at_;
};

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_TEXT_OFFSETS_H_
