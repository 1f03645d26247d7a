#include "word_clusters.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace khabar {
namespace {

// Reads the whole file in one go: far faster than line-by-line streams for
// tens of thousands of lines.
absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return absl::NotFoundError(absl::StrCat("cannot open word clusters ", path,
                                            ": ", std::strerror(errno)));
  }
  std::string data;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) data.append(buf, n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) {
    return absl::DataLossError(
        absl::StrCat("error reading word clusters ", path));
  }
  return data;
}

bool IsBitString(absl::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return c == '0' || c == '1';
  });
}

}  // namespace

absl::StatusOr<std::unique_ptr<WordClusterPaths>> WordClusterPaths::Load(
    const std::string& path) {
  absl::StatusOr<std::string> data = ReadFile(path);
  if (!data.ok()) return data.status();
  std::unique_ptr<WordClusterPaths> clusters(new WordClusterPaths());
  // This abseil build has its own string_view type, distinct from std's.
  const absl::string_view text = *data;
  clusters->paths_.reserve(
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
        clusters->description_ = std::string(absl::StripAsciiWhitespace(line));
      }
      continue;
    }
    const size_t tab = line.find('\t');
    if (tab == absl::string_view::npos || tab == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ":", line_number,
          ": expected FORM<TAB>BITSTRING[<TAB>COUNT], got \"", line, "\""));
    }
    const absl::string_view form = line.substr(0, tab);
    absl::string_view bits = line.substr(tab + 1);
    const size_t tab2 = bits.find('\t');
    if (tab2 != absl::string_view::npos) {
      const absl::string_view count_text = bits.substr(tab2 + 1);
      int64_t count = 0;
      if (!absl::SimpleAtoi(count_text, &count) || count < 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            path, ":", line_number, ": bad count \"", count_text, "\""));
      }
      bits = bits.substr(0, tab2);
    }
    if (!IsBitString(bits)) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ":", line_number, ": bad bit string \"", bits, "\""));
    }
    // A form in two clusters is a broken file, not a merge to make.
    if (!clusters->paths_.emplace(form, bits).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ":", line_number, ": repeated form \"", form, "\""));
    }
  }
  return clusters;
}

std::string_view WordClusterPaths::Path(std::string_view form) const {
  const auto it = paths_.find(absl::string_view(form.data(), form.size()));
  if (it == paths_.end()) return {};
  return std::string_view(it->second.data(), it->second.size());
}

}  // namespace khabar
