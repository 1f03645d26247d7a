// Span P/R/F1 of the dates and quantities stages against Wojood's numeric
// and temporal types (DATE, TIME, CARDINAL, ORDINAL, PERCENT, MONEY,
// QUANTITY).
//
//   khabar-eval-wojood [--data ../shared/data/wojood-sample/val.txt]
//                      [--lexicon models/lexicon.tsv] [--errors]
//
// Alignment: each Wojood sentence's tokens are joined with single spaces
// and run through the tokenizer, then the dates stage and the quantities
// stage (as the analyzer runs them, one sentence). A predicted span maps to
// the Wojood tokens its first and last bytes fall in; a gold span is a
// B-/I- run of one type at any nesting level. Exact match on token spans.
// Kinds map as: TimeExpression TIME and durations in hours, minutes or
// seconds (PT...) -> TIME, other time expressions -> DATE; Quantity
// CARDINAL, ORDINAL, PERCENT, MONEY -> the same; MEASURE -> QUANTITY.
#include <array>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "facts/dates.h"
#include "facts/quantities.h"
#include "text/lexicon.h"
#include "text/tokenizer.h"

namespace khabar {
namespace {

struct WojoodSentence {
  std::vector<std::string> tokens;
  std::vector<std::vector<std::string>> tags;  // Per token, per level.
};

std::vector<WojoodSentence> Read(const std::string& path) {
  std::vector<WojoodSentence> out;
  std::ifstream in(path);
  std::string line;
  WojoodSentence current;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      if (!current.tokens.empty()) out.push_back(std::move(current));
      current = WojoodSentence();
      continue;
    }
    std::istringstream fields(line);
    std::string token, tag;
    fields >> token;
    std::vector<std::string> tags;
    while (fields >> tag) tags.push_back(tag);
    current.tokens.push_back(token);
    current.tags.push_back(tags);
  }
  if (!current.tokens.empty()) out.push_back(std::move(current));
  return out;
}

const std::set<std::string>& Types() {
  static const auto* types = new std::set<std::string>{
      "DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"};
  return *types;
}

using SpanSet = std::set<std::tuple<std::string, int, int>>;

SpanSet GoldSpans(const WojoodSentence& s) {
  SpanSet out;
  size_t levels = 0;
  for (const auto& t : s.tags) levels = std::max(levels, t.size());
  for (size_t level = 0; level < levels; ++level) {
    std::string type;
    int start = -1;
    auto close = [&](int end) {
      if (start >= 0 && Types().count(type)) out.insert({type, start, end});
      start = -1;
    };
    for (size_t i = 0; i < s.tokens.size(); ++i) {
      const std::string tag = level < s.tags[i].size() ? s.tags[i][level] : "O";
      if (absl::StartsWith(tag, "B-")) {
        close(static_cast<int>(i));
        type = tag.substr(2);
        start = static_cast<int>(i);
      } else if (absl::StartsWith(tag, "I-") && start >= 0 &&
                 tag.substr(2) == type) {
        continue;
      } else {
        close(static_cast<int>(i));
      }
    }
    close(static_cast<int>(s.tokens.size()));
  }
  return out;
}

const char* QuantityType(QuantityKind kind) {
  switch (kind) {
    case QuantityKind::kCardinal:
      return "CARDINAL";
    case QuantityKind::kOrdinal:
      return "ORDINAL";
    case QuantityKind::kPercent:
      return "PERCENT";
    case QuantityKind::kMoney:
      return "MONEY";
    case QuantityKind::kMeasure:
      return "QUANTITY";
  }
  return "CARDINAL";
}

// Command-line settings.
struct Flags {
  std::string data = "../shared/data/wojood-sample/val.txt";
  std::string lexicon_path = "models/lexicon.tsv";
  bool errors = false;  // List each false positive and false negative.
};

// Parses the arguments; false (after the usage line) on a bad one.
bool ParseFlags(int argc, char** argv, Flags* flags) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--data" && i + 1 < argc) {
      flags->data = argv[++i];
    } else if (arg == "--lexicon" && i + 1 < argc) {
      flags->lexicon_path = argv[++i];
    } else if (arg == "--errors") {
      flags->errors = true;
    } else {
      std::cerr << "usage: khabar-eval-wojood [--data FILE] [--lexicon FILE] "
                   "[--errors]\n";
      return false;
    }
  }
  return true;
}

// Index of the token (by its start byte in `starts`) that `byte` falls in.
int TokenAt(const std::vector<int>& starts, int byte) {
  int index = 0;
  for (size_t i = 0; i < starts.size(); ++i) {
    if (starts[i] <= byte) index = static_cast<int>(i);
  }
  return index;
}

// Token spans of the dates and quantities the stages find in the sentence's
// tokens joined with single spaces.
SpanSet PredictedSpans(const WojoodSentence& ws, const Tokenizer& tokenizer) {
  std::string text;
  std::vector<int> starts;
  for (const std::string& t : ws.tokens) {
    if (!text.empty()) text.push_back(' ');
    starts.push_back(static_cast<int>(text.size()));
    text += t;
  }
  Sentence sentence;
  sentence.span = {0, static_cast<int32_t>(text.size())};
  std::vector<Token> tokens;
  tokenizer.Tokenize(text, sentence.span, 0, &tokens);
  sentence.token_count = static_cast<int32_t>(tokens.size());
  const std::vector<Sentence> one = {sentence};
  const std::vector<TimeExpression> dates =
      FindDates(text, one, tokens, std::nullopt);
  const std::vector<Quantity> quantities =
      FindQuantities(text, one, tokens, dates);
  SpanSet predicted;
  for (const TimeExpression& d : dates) {
    const bool clock =
        d.kind == TimeKind::kTime || absl::StartsWith(d.value, "PT");
    predicted.insert({clock ? "TIME" : "DATE", TokenAt(starts, d.span.begin),
                      TokenAt(starts, d.span.end - 1) + 1});
  }
  for (const Quantity& q : quantities) {
    predicted.insert({QuantityType(q.kind), TokenAt(starts, q.span.begin),
                      TokenAt(starts, q.span.end - 1) + 1});
  }
  return predicted;
}

// Per type: true positives, false positives, false negatives.
using TypeCounts = std::map<std::string, std::array<int, 3>>;

// Prints "WHAT TYPE [words ]" of a span of the sentence.
void ShowSpan(const WojoodSentence& ws, const char* what,
              const std::tuple<std::string, int, int>& span) {
  std::string words;
  for (int i = std::get<1>(span); i < std::get<2>(span); ++i) {
    words += ws.tokens[i] + " ";
  }
  std::cout << what << " " << std::get<0>(span) << " [" << words << "]\n";
}

// Counts one sentence's predicted spans against its gold ones; with
// `errors`, prints the misses.
void CountSpans(const WojoodSentence& ws, const SpanSet& predicted,
                const SpanSet& gold, bool errors, TypeCounts* counts) {
  for (const auto& span : predicted) {
    if (gold.count(span)) {
      ++(*counts)[std::get<0>(span)][0];
    } else {
      ++(*counts)[std::get<0>(span)][1];
      if (errors) ShowSpan(ws, "FP", span);
    }
  }
  for (const auto& span : gold) {
    if (!predicted.count(span)) {
      ++(*counts)[std::get<0>(span)][2];
      if (errors) ShowSpan(ws, "FN", span);
    }
  }
}

// Prints one row of the table: gold, predicted, true positives, P, R, F1.
void PrintScoreRow(const char* name, int tp, int fp, int fn) {
  const double p = tp + fp ? 100.0 * tp / (tp + fp) : 0;
  const double r = tp + fn ? 100.0 * tp / (tp + fn) : 0;
  const double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
  std::printf("%-9s %6d %6d %6d %7.1f %7.1f %7.1f\n", name, tp + fn, tp + fp,
              tp, p, r, f);
}

// Prints the table: a row per type, then the micro average.
void PrintScores(const TypeCounts& counts) {
  std::printf("%-9s %6s %6s %6s %7s %7s %7s\n", "type", "gold", "pred", "tp",
              "P", "R", "F1");
  int tp_all = 0, fp_all = 0, fn_all = 0;
  for (const auto& [type, c] : counts) {
    const int tp = c[0], fp = c[1], fn = c[2];
    tp_all += tp;
    fp_all += fp;
    fn_all += fn;
    PrintScoreRow(type.c_str(), tp, fp, fn);
  }
  PrintScoreRow("micro", tp_all, fp_all, fn_all);
}

int Run(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) return 2;
  const std::vector<WojoodSentence> sentences = Read(flags.data);
  if (sentences.empty()) {
    std::cerr << "no sentences in " << flags.data << "\n";
    return 1;
  }
  auto lexicon = Lexicon::Load(flags.lexicon_path);
  if (!lexicon.ok()) {
    std::cerr << lexicon.status() << "\n";
    return 1;
  }
  auto tokenizer = Tokenizer::Create(lexicon->get());
  if (!tokenizer.ok()) {
    std::cerr << tokenizer.status() << "\n";
    return 1;
  }
  TypeCounts counts;
  for (const std::string& type : Types()) counts[type] = {0, 0, 0};
  for (const WojoodSentence& ws : sentences) {
    const SpanSet predicted = PredictedSpans(ws, **tokenizer);
    CountSpans(ws, predicted, GoldSpans(ws), flags.errors, &counts);
  }
  PrintScores(counts);
  return 0;
}

}  // namespace
}  // namespace khabar

int main(int argc, char** argv) { return khabar::Run(argc, argv); }
