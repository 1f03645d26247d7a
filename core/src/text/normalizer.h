// Matching forms: the normalized spelling used to compare words.
//
// The matching form of a string is its NFC form with tashkeel, tatweel and
// invisible (zero-width, bidi) controls removed, alef forms (أ إ آ ٱ)
// unified to ا, alef maqsura ى to ي, teh marbuta ة to ه, Persian ک ی to
// ك ي, Arabic-Indic and Persian digits to ASCII, Arabic presentation forms
// to their base letters, and Latin letters lower-cased.
#ifndef KHABAR_CORE_SRC_TEXT_NORMALIZER_H_
#define KHABAR_CORE_SRC_TEXT_NORMALIZER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace khabar {

// Appends the matching form of `text` to *out. When `source_offsets` is not
// null, appends one entry per byte appended to *out: the byte offset in
// `text` of the character that produced it; then, after the last call, the
// caller may push text.size() as the end sentinel. Thread-safe.
void AppendMatchingForm(std::string_view text, std::string* out,
                        std::vector<int32_t>* source_offsets = nullptr);

// Convenience wrapper around AppendMatchingForm.
std::string MatchingForm(std::string_view text);

// True when `text` is already in Unicode NFC (ICU quick check).
bool IsNfc(std::string_view text);

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_TEXT_NORMALIZER_H_
