// Word-frequency lexicon: matching form -> corpus count.
#ifndef KHABAR_CORE_SRC_TEXT_LEXICON_H_
#define KHABAR_CORE_SRC_TEXT_LEXICON_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace khabar {

// Immutable after construction; lookups are thread-safe.
class Lexicon {
 public:
  // Reads a TSV file: lines "FORM<TAB>COUNT", '#' lines are comments (the
  // first comment line is kept as the description). NOT_FOUND when the file
  // cannot be opened; INVALID_ARGUMENT naming the line when one is malformed.
  static absl::StatusOr<std::unique_ptr<Lexicon>> Load(const std::string& path);
  // Builds one from (form, count) pairs; forms must be matching forms.
  static std::unique_ptr<Lexicon> FromCounts(
      const std::vector<std::pair<std::string, int64_t>>& counts);

  // Corpus count of a matching form; 0 when absent.
  int64_t Count(std::string_view form) const;
  size_t size() const { return counts_.size(); }
  const std::string& description() const { return description_; }

 private:
  Lexicon() = default;
  absl::flat_hash_map<std::string, int64_t> counts_;
  std::string description_;
};

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_TEXT_LEXICON_H_
