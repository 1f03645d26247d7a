// StartsWith and EndsWith over std::string_view. abseil's absl::StartsWith
// and absl::EndsWith (absl/strings/match.h) take absl::string_view, which
// this abseil build (ABSL_OPTION_USE_STD_STRING_VIEW 0) keeps apart from
// std::string_view: code holding std::string or literals calls abseil's,
// code holding a std::string_view calls these.
#ifndef KHABAR_CORE_SRC_BASE_MATCH_H_
#define KHABAR_CORE_SRC_BASE_MATCH_H_

#include <string_view>

namespace khabar {

// True when `s` begins with `prefix` (always for an empty prefix).
inline bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// True when `s` ends with `suffix` (always for an empty suffix).
inline bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_BASE_MATCH_H_
