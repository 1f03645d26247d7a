// Article layout: outlet line, headline, subheadline, paragraphs, chrome.
#ifndef KHABAR_CORE_SRC_TEXT_STRUCTURE_H_
#define KHABAR_CORE_SRC_TEXT_STRUCTURE_H_

#include <cstddef>
#include <string_view>

#include "khabar/analysis.h"

namespace khabar {

// Finds the layout of a raw article (one paragraph per line, as scraped from
// an outlet's page). Spans are UTF-8 byte offsets into `text`, trimmed of
// surrounding whitespace; lines of only whitespace are skipped. Lines of web
// chrome become Boilerplate, never paragraphs.
Structure DetectStructure(std::string_view text);

// Lays out structured input: `text` is headline + "\n" + subheadline + "\n"
// + body with the given part lengths in bytes. Headline and subheadline are
// taken as given; the body is split into paragraphs and chrome as above.
Structure LayoutStructured(std::string_view text, size_t headline_bytes,
                           size_t subheadline_bytes);

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_TEXT_STRUCTURE_H_
