#include "text/offsets.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "khabar/check.h"

namespace khabar {

OffsetConverter::OffsetConverter(std::string_view text, OffsetUnit unit)
    : unit_(unit) {
  if (unit_ == OffsetUnit::kUtf8Bytes) return;
  // One entry per byte: conversions are a lookup, and a response converts
  // several offsets per token. Continuation bytes get the value of the
  // character's end, which no valid offset asks for.
  const bool utf16 = unit_ == OffsetUnit::kUtf16CodeUnits;
  units_at_.resize(text.size() + 1);
  int32_t units = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    units_at_[i] = units;
    const auto b = static_cast<unsigned char>(text[i]);
    // Count each character at its lead byte; astral ones take two UTF-16
    // units.
    if ((b & 0xC0) != 0x80) units += (utf16 && b >= 0xF0) ? 2 : 1;
  }
  units_at_[text.size()] = units;
}

int32_t OffsetConverter::Convert(int32_t byte_offset) const {
  if (unit_ == OffsetUnit::kUtf8Bytes) return byte_offset;
  // Out-of-contract offsets are clamped rather than read out of bounds.
  const int32_t last = static_cast<int32_t>(units_at_.size()) - 1;
  KHABAR_DCHECK(byte_offset >= 0 && byte_offset <= last,
                absl::StrCat("offset ", byte_offset, " of ", last));
  return units_at_[std::clamp(byte_offset, 0, last)];
}

Span OffsetConverter::Convert(Span byte_span) const {
  KHABAR_DCHECK(byte_span.begin <= byte_span.end,
                absl::StrCat("span ", byte_span.begin, "..", byte_span.end));
  return Span{Convert(byte_span.begin), Convert(byte_span.end)};
}

}  // namespace khabar
