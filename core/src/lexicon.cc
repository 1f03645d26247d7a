#include "lexicon.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace khabar {
namespace {

// Reads the whole file in one go: far faster than line-by-line streams for
// lexicons of hundreds of thousands of lines.
absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("cannot open lexicon ", path, ": ", std::strerror(errno)));
  }
  std::string data;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) data.append(buf, n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) {
    return absl::DataLossError(absl::StrCat("error reading lexicon ", path));
  }
  return data;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Lexicon>> Lexicon::Load(
    const std::string& path) {
  absl::StatusOr<std::string> data = ReadFile(path);
  if (!data.ok()) return data.status();
  std::unique_ptr<Lexicon> lexicon(new Lexicon());
  // This abseil build has its own string_view type, distinct from std's.
  const absl::string_view text = *data;
  // A rough line count sizes the table once instead of rehashing.
  lexicon->counts_.reserve(
      static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  bool seen_comment = false;
  int line_number = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t eol = text.find('\n', pos);
    if (eol == absl::string_view::npos) eol = text.size();
    absl::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line.front() == '#') {
      if (!seen_comment) {
        seen_comment = true;
        line.remove_prefix(1);
        lexicon->description_ = std::string(absl::StripAsciiWhitespace(line));
      }
      continue;
    }
    const size_t tab = line.find('\t');
    if (tab == absl::string_view::npos || tab == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line_number,
                       ": expected FORM<TAB>COUNT, got \"", line, "\""));
    }
    const absl::string_view form = line.substr(0, tab);
    const absl::string_view count_text = line.substr(tab + 1);
    int64_t count = 0;
    if (!absl::SimpleAtoi(count_text, &count) || count < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ":", line_number, ": bad count \"", count_text, "\""));
    }
    // A repeated form adds up, as a frequency list split in parts would.
    lexicon->counts_[form] += count;
  }
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
