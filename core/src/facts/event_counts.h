// Event counts in the manner of GDELT's knowledge graph: people killed,
// wounded, arrested, kidnapped, displaced or missing, and attacks, each
// with its count, the noun counted and the place the sentence names.
#ifndef KHABAR_CORE_SRC_FACTS_EVENT_COUNTS_H_
#define KHABAR_CORE_SRC_FACTS_EVENT_COUNTS_H_

#include <string_view>
#include <vector>

#include "khabar/analysis.h"
#include "khabar/cancellation.h"

namespace khabar {

// Finds the events of each sentence. `entities` (may be empty) give the
// places: the LOCATION entity with a mention in the trigger's sentence,
// the nearest after the trigger, else the nearest before. Spans are bytes
// into `text`. A toll or attack named again is one event, at its first
// mention (same type and count in no other place; an attack whose place and
// means are an earlier attack's, or unsaid). Thread-safe.
// Returns what it found so far once `cancellation` (may be null) says
// stop; the caller then drops the analysis.
std::vector<EventCount> FindEvents(std::string_view text,
                                   const std::vector<Sentence>& sentences,
                                   const std::vector<Token>& tokens,
                                   const std::vector<Entity>& entities,
                                   const Cancellation* cancellation = nullptr);

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_FACTS_EVENT_COUNTS_H_
