// Spans and offset units shared by every stage of the engine.
#ifndef KHABAR_SPAN_H_
#define KHABAR_SPAN_H_

#include <cstdint>

namespace khabar {

// Half-open range [begin, end) into the caller's original text. Inside the
// engine the unit is always UTF-8 bytes; Analyzer::Analyze converts to the
// unit the caller asked for just before returning.
struct Span {
  int32_t begin = 0;
  int32_t end = 0;

  int32_t size() const { return end - begin; }
  bool empty() const { return end <= begin; }
  friend bool operator==(const Span& a, const Span& b) {
    return a.begin == b.begin && a.end == b.end;
  }
  friend bool operator!=(const Span& a, const Span& b) { return !(a == b); }
};

// Unit of the offsets in an Analysis.
enum class OffsetUnit {
  kUtf8Bytes,       // C++, Go, Rust, Python bytes.
  kUtf16CodeUnits,  // JavaScript, Java, C#.
  kCodePoints,      // Python str.
};

}  // namespace khabar

#endif  // KHABAR_SPAN_H_
