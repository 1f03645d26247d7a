// Input checks: the first stage, run before anything reads the text.
#ifndef KHABAR_CORE_SRC_TEXT_INPUT_H_
#define KHABAR_CORE_SRC_TEXT_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"
#include "khabar/span.h"

namespace khabar {

struct InputReport {
  // 3 when the text starts with a UTF-8 BOM (analysis starts after it).
  int32_t bom_bytes = 0;
  // C0/C1 control characters other than \t \n \v \f \r; the later stages
  // treat them as spaces.
  int32_t control_characters = 0;
  // Byte span of the first such character; empty when there is none.
  Span first_control;
  // False when the text is empty or holds only whitespace, controls and
  // invisible characters: nothing to analyse, which the caller reports.
  bool has_visible_text = false;
};

// Checks that `text` is acceptable:
//  - RESOURCE_EXHAUSTED when text.size() > max_bytes;
//  - INVALID_ARGUMENT "invalid UTF-8 at byte offset N" for malformed,
//    overlong or surrogate sequences, naming the first bad byte;
//  - INVALID_ARGUMENT "NUL character at byte offset N".
// A blank text is valid input; InputReport::has_visible_text says so.
absl::StatusOr<InputReport> CheckInput(std::string_view text, size_t max_bytes);

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_TEXT_INPUT_H_
