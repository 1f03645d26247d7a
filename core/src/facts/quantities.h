// Quantities: each number with its kind (cardinal, money, percent, measure,
// ordinal), value or range, unit (ISO 4217 for money, "%", a measure noun)
// and counted noun.
#ifndef KHABAR_CORE_SRC_FACTS_QUANTITIES_H_
#define KHABAR_CORE_SRC_FACTS_QUANTITIES_H_

#include <string>
#include <string_view>
#include <vector>

#include "khabar/analysis.h"
#include "khabar/cancellation.h"

namespace khabar {

// The ISO 4217 code of a currency name (matching form, words joined by one
// space: "دولار امريكي", "دينار كويتي", "يورو"); a bare name that several
// currencies share (دينار، ريال) gives itself back; empty when the name is
// no currency. Names come from ICU's Arabic currency names (long and
// plural forms of every ISO currency) and a table of press forms.
std::string CurrencyCode(std::string_view name);

// Finds the quantities of each sentence; numbers inside `dates` (byte
// spans) are part of those and skipped. Spans are bytes into `text`.
// Thread-safe.
// Returns what it found so far once `cancellation` (may be null) says
// stop; the caller then drops the analysis.
std::vector<Quantity> FindQuantities(
    std::string_view text, const std::vector<Sentence>& sentences,
    const std::vector<Token>& tokens, const std::vector<TimeExpression>& dates,
    const Cancellation* cancellation = nullptr);

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_FACTS_QUANTITIES_H_
