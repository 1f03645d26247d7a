#include "text/lexicon.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/tsv.h"

namespace khabar {

absl::StatusOr<std::unique_ptr<Lexicon>> Lexicon::Load(
    const std::string& path) {
  std::unique_ptr<Lexicon> lexicon(new Lexicon());
  size_t lines = 0;
  const absl::Status status = ReadTsv(
      path, "lexicon", &lexicon->description_, &lines,
      [&](int line_number, absl::string_view line) {
        // Sizes the table once instead of rehashing.
        if (lexicon->counts_.empty()) lexicon->counts_.reserve(lines + 1);
        const size_t tab = line.find('\t');
        if (tab == absl::string_view::npos || tab == 0) {
          return TsvError(
              path, line_number,
              absl::StrCat("expected FORM<TAB>COUNT, got \"", line, "\""));
        }
        const absl::string_view count_text = line.substr(tab + 1);
        int64_t count = 0;
        if (!absl::SimpleAtoi(count_text, &count) || count < 0) {
          return TsvError(path, line_number,
                          absl::StrCat("bad count \"", count_text, "\""));
        }
        // A repeated form adds up, as a frequency list split in parts would.
        lexicon->counts_[line.substr(0, tab)] += count;
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return lexicon;
}

std::unique_ptr<Lexicon> Lexicon::FromCounts(
    const std::vector<std::pair<std::string, int64_t>>& counts) {
  std::unique_ptr<Lexicon> lexicon(new Lexicon());
  lexicon->counts_.reserve(counts.size());
  for (const auto& [form, count] : counts) lexicon->counts_[form] += count;
  return lexicon;
}

int64_t Lexicon::Count(std::string_view form) const {
  const auto it = counts_.find(absl::string_view(form.data(), form.size()));
  return it == counts_.end() ? 0 : it->second;
}

}  // namespace khabar
