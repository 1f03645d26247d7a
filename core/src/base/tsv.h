// The tab-separated resource files under models/ (lexicon, clusters...):
// '#' lines are comments, the first one the file's description; blank lines
// are skipped; CRLF is accepted.
#ifndef KHABAR_CORE_SRC_BASE_TSV_H_
#define KHABAR_CORE_SRC_BASE_TSV_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace khabar {

// Called with each data line (without its line break) and its 1-based
// number; an error stops the reading and is returned.
using TsvLineFn =
    std::function<absl::Status(int line_number, absl::string_view line)>;

// Reads `path` whole and calls `on_line` for each data line. `what` names
// the resource in errors ("lexicon"). NOT_FOUND when the file cannot be
// opened, DATA_LOSS on a read error. *description gets the first comment,
// trimmed; *lines, when not null, a rough line count for sizing tables
// (known before the first call).
absl::Status ReadTsv(const std::string& path, absl::string_view what,
                     std::string* description, size_t* lines,
                     const TsvLineFn& on_line);

// INVALID_ARGUMENT "PATH:LINE: MESSAGE".
absl::Status TsvError(const std::string& path, int line_number,
                      absl::string_view message);

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_BASE_TSV_H_
