#include "ner/word_clusters.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/tsv.h"

namespace khabar {
namespace {

bool IsBitString(absl::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return c == '0' || c == '1';
  });
}

}  // namespace

absl::StatusOr<std::unique_ptr<WordClusterPaths>> WordClusterPaths::Load(
    const std::string& path) {
  std::unique_ptr<WordClusterPaths> clusters(new WordClusterPaths());
  size_t lines = 0;
  const absl::Status status = ReadTsv(
      path, "word clusters", &clusters->description_, &lines,
      [&](int line_number, absl::string_view line) {
        if (clusters->paths_.empty()) clusters->paths_.reserve(lines + 1);
        const size_t tab = line.find('\t');
        if (tab == absl::string_view::npos || tab == 0) {
          return TsvError(
              path, line_number,
              absl::StrCat("expected FORM<TAB>BITSTRING[<TAB>COUNT], got \"",
                           line, "\""));
        }
        const absl::string_view form = line.substr(0, tab);
        absl::string_view bits = line.substr(tab + 1);
        const size_t tab2 = bits.find('\t');
        if (tab2 != absl::string_view::npos) {
          const absl::string_view count_text = bits.substr(tab2 + 1);
          int64_t count = 0;
          if (!absl::SimpleAtoi(count_text, &count) || count < 0) {
            return TsvError(path, line_number,
                            absl::StrCat("bad count \"", count_text, "\""));
          }
          bits = bits.substr(0, tab2);
        }
        if (!IsBitString(bits)) {
          return TsvError(path, line_number,
                          absl::StrCat("bad bit string \"", bits, "\""));
        }
        // A form in two clusters is a broken file, not a merge to make.
        if (!clusters->paths_.emplace(form, bits).second) {
          return TsvError(path, line_number,
                          absl::StrCat("repeated form \"", form, "\""));
        }
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return clusters;
}

std::string_view WordClusterPaths::Path(std::string_view form) const {
  const auto it = paths_.find(absl::string_view(form.data(), form.size()));
  if (it == paths_.end()) return {};
  return std::string_view(it->second.data(), it->second.size());
}

}  // namespace khabar
