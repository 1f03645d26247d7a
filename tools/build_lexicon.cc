// khabar-build-lexicon: word-frequency lexicon from plain text.
//
//   xzcat ../shared/data/unlabelled-news/ant-unlabelled.txt.xz |
//       build/bin/khabar-build-lexicon --min-count 3 > models/lexicon.tsv
//
// Tokenizes stdin line by line with the engine's own tokenizer (built
// without a lexicon), counts the matching form of every Arabic word token
// and writes "# description" then "FORM<TAB>COUNT" lines, most frequent
// first, ties in byte order of the form: the same input always gives the
// same bytes.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "base/utf8.h"
#include "corpus.h"
#include "khabar/analysis.h"
#include "text/tokenizer.h"

namespace {

constexpr char kUsage[] =
    "Usage: khabar-build-lexicon [--min-count N] [--source TEXT] < corpus.txt "
    "> lexicon.tsv\n"
    "\n"
    "Counts the matching form of every Arabic word in plain UTF-8 text read\n"
    "from standard input and writes a lexicon for the clitic splitter:\n"
    "a '#' description line, then FORM<TAB>COUNT lines, most frequent\n"
    "first (ties in byte order).\n"
    "\n"
    "  --min-count N   leave out forms seen fewer than N times (default 3)\n"
    "  --source TEXT   names the corpus in the description line\n"
    "  --help          this text\n";

// True when `form` is all Arabic letters (no digits, Latin, signs).

}  // namespace

int main(int argc, char** argv) {
  int64_t min_count = 3;
  std::string source = "standard input";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (arg == "--min-count" && i + 1 < argc) {
      if (!absl::SimpleAtoi(argv[++i], &min_count) || min_count < 1) {
        std::fprintf(stderr, "--min-count wants a positive integer, got %s\n",
                     argv[i]);
        return 2;
      }
    } else if (arg == "--source" && i + 1 < argc) {
      source = argv[++i];
    } else {
      std::fprintf(stderr, "unknown argument: %s\n\n%s", argv[i], kUsage);
      return 2;
    }
  }

  auto tokenizer = khabar::Tokenizer::Create(nullptr);
  if (!tokenizer.ok()) {
    std::fprintf(stderr, "%s\n",
                 std::string(tokenizer.status().message()).c_str());
    return 1;
  }

  absl::flat_hash_map<std::string, int64_t> counts;
  int64_t words = 0;
  const bool read = khabar::tools::ForEachTokenizedLine(
      **tokenizer, stdin, [&](const std::vector<khabar::Token>& tokens) {
        for (const khabar::Token& token : tokens) {
          if (token.kind != khabar::TokenKind::kWord ||
              !khabar::tools::IsArabicWord(token.normalized)) {
            continue;
          }
          ++counts[token.normalized];
          ++words;
        }
      });
  if (!read) {
    std::fprintf(stderr, "error reading standard input\n");
    return 1;
  }

  std::vector<std::pair<std::string_view, int64_t>> entries;
  entries.reserve(counts.size());
  for (const auto& [form, count] : counts) {
    if (count >= min_count) entries.emplace_back(form, count);
  }
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });

  std::printf(
      "# Arabic word frequencies (matching forms) from %s: %lld word tokens, "
      "%zu distinct forms, %zu kept with count >= %lld\n",
      source.c_str(), static_cast<long long>(words), counts.size(),
      entries.size(), static_cast<long long>(min_count));
  std::string line;
  for (const auto& [form, count] : entries) {
    line.assign(form.data(), form.size());
    line += '\t';
    line += std::to_string(count);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "error writing standard output\n");
    return 1;
  }
  return 0;
}
