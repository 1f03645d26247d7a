#include "base/tsv.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace khabar {

absl::Status ReadTsv(const std::string& path, absl::string_view what,
                     std::string* description, size_t* lines,
                     const TsvLineFn& on_line) {
  // The whole file in one go: far faster than line-by-line streams for
  // files of hundreds of thousands of lines.
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return absl::NotFoundError(absl::StrCat("cannot open ", what, " ", path,
                                            ": ", std::strerror(errno)));
  }
  std::string data;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) data.append(buf, n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) {
    return absl::DataLossError(absl::StrCat("error reading ", what, " ", path));
  }
  const absl::string_view text = data;
  if (lines != nullptr) {
    *lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  }
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
      if (!seen_comment && description != nullptr) {
        seen_comment = true;
        line.remove_prefix(1);
        *description = std::string(absl::StripAsciiWhitespace(line));
      }
      continue;
    }
    if (absl::Status s = on_line(line_number, line); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status TsvError(const std::string& path, int line_number,
                      absl::string_view message) {
  return absl::InvalidArgumentError(
      absl::StrCat(path, ":", line_number, ": ", message));
}

}  // namespace khabar
