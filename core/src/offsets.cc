#include "offsets.h"

#include <algorithm>

namespace khabar {
namespace {

constexpr int32_t kStride = 64;

// Units that the character led by `b` takes; 0 for continuation bytes, so
// a count from any byte position covers exactly the characters that start
// there or later.
inline int32_t Units(unsigned char b, bool utf16) {
  if ((b & 0xC0) == 0x80) return 0;
  return utf16 && b >= 0xF0 ? 2 : 1;
}

}  // namespace

OffsetConverter::OffsetConverter(std::string_view text, OffsetUnit unit)
    : text_(text), unit_(unit) {
  if (unit_ == OffsetUnit::kUtf8Bytes) return;
  const bool utf16 = unit_ == OffsetUnit::kUtf16CodeUnits;
  checkpoints_.reserve(text_.size() / kStride + 1);
  int32_t units = 0;
  for (size_t i = 0; i < text_.size(); ++i) {
    if (i % kStride == 0) checkpoints_.push_back(units);
    units += Units(static_cast<unsigned char>(text_[i]), utf16);
  }
  // The end of a text whose size is a multiple of the stride.
  if (text_.size() % kStride == 0) checkpoints_.push_back(units);
}

int32_t OffsetConverter::Convert(int32_t byte_offset) const {
  if (unit_ == OffsetUnit::kUtf8Bytes) return byte_offset;
  // Out-of-contract offsets are clamped rather than read out of bounds.
  const int32_t size = static_cast<int32_t>(text_.size());
  byte_offset = std::clamp(byte_offset, 0, size);
  const bool utf16 = unit_ == OffsetUnit::kUtf16CodeUnits;
  const int32_t k = byte_offset / kStride;
  int32_t units = checkpoints_[k];
  for (int32_t i = k * kStride; i < byte_offset; ++i) {
    units += Units(static_cast<unsigned char>(text_[i]), utf16);
  }
  return units;
}

Span OffsetConverter::Convert(Span byte_span) const {
  return Span{Convert(byte_span.begin), Convert(byte_span.end)};
}

}  // namespace khabar
