#include "training/conll.h"

#include <fstream>
#include <sstream>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"
#include "base/match.h"

namespace khabar {
namespace {

bool IsEntityTag(std::string_view tag) {
  return tag.size() > 2 && (tag[0] == 'B' || tag[0] == 'I') && tag[1] == '-';
}

// Prefix letter and type of a tag ('O' and "" for O and anything unknown).
void SplitTag(std::string_view tag, char* prefix, std::string_view* type) {
  if (IsEntityTag(tag)) {
    *prefix = tag[0];
    *type = tag.substr(2);
  } else {
    *prefix = 'O';
    *type = std::string_view();
  }
}

}  // namespace

std::string CleanConllLine(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  size_t i = 0;
  if (StartsWith(line, "\xEF\xBB\xBF")) i = 3;
  for (; i < line.size(); ++i) {
    // U+200E / U+200F: E2 80 8E / E2 80 8F.
    if (line[i] == '\xE2' && i + 2 < line.size() && line[i + 1] == '\x80' &&
        (line[i + 2] == '\x8E' || line[i + 2] == '\x8F')) {
      i += 2;
      continue;
    }
    if (line[i] == '\r') continue;
    out.push_back(line[i]);
  }
  return out;
}

std::vector<ConllSentence> ParseConll(std::string_view text) {
  std::vector<ConllSentence> out;
  ConllSentence current;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string line = CleanConllLine(text.substr(pos, nl - pos));
    pos = nl + 1;
    std::vector<std::string> cols;
    size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      size_t j = i;
      while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
      if (j > i) cols.push_back(line.substr(i, j - i));
      i = j;
    }
    if (cols.empty()) {
      if (!current.tokens.empty()) out.push_back(std::move(current));
      current = ConllSentence();
      continue;
    }
    current.tags.push_back(cols.size() > 1 ? cols.back() : "O");
    current.tokens.push_back(std::move(cols.front()));
  }
  if (!current.tokens.empty()) out.push_back(std::move(current));
  return out;
}

absl::StatusOr<std::vector<ConllSentence>> ReadConll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot open CoNLL file " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ParseConll(ss.str());
}

std::string TagConllText(std::string_view text, const ConllTagger& tagger) {
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  std::vector<std::string> shown, words, tags;
  auto flush = [&]() {
    if (words.empty()) return;
    tags.clear();
    tagger(words, &tags);
    for (size_t i = 0; i < shown.size(); ++i) {
      out += shown[i];
      out += ' ';
      out += i < tags.size() ? tags[i] : "O";
      out += '\n';
    }
    shown.clear();
    words.clear();
  };
  if (StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const size_t start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos) {
      flush();
      out += '\n';
      continue;
    }
    const size_t stop = line.find_first_of(" \t", start);
    shown.emplace_back(line.substr(
        start, stop == std::string_view::npos ? stop : stop - start));
    std::string word = CleanConllLine(shown.back());
    words.push_back(word.empty() ? shown.back() : std::move(word));
  }
  flush();
  return out;
}

std::string CoarseWikiFaneTag(std::string_view tag) {
  if (!IsEntityTag(tag)) return std::string(tag);
  // Alotaibi & Lee (2014)'s two-level taxonomy, folded onto ANERcorp's four
  // classes: PER -> PERS; ORG -> ORG; GPE, LOC and FAC -> LOC (ANERcorp tags
  // countries, cities and places alike); VEH, WEA, PRO -> MISC. Group
  // (nationalities, peoples) is mostly O in ANERcorp, so it is dropped.
  static const auto* const kMap =
      new absl::flat_hash_map<std::string, std::string>{
          {"Politician", "PERS"},
          {"Religious_PER", "PERS"},
          {"Artist", "PERS"},
          {"Other_PER", "PERS"},
          {"Scientist", "PERS"},
          {"Athlete", "PERS"},
          {"Businessperson", "PERS"},
          {"Engineer", "PERS"},
          {"Lawyer", "PERS"},
          {"Police", "PERS"},
          {"Group", ""},
          {"Government", "ORG"},
          {"Commercial", "ORG"},
          {"Educational", "ORG"},
          {"Entertainment", "ORG"},
          {"Media", "ORG"},
          {"Medical-Science", "ORG"},
          {"Non-Governmental", "ORG"},
          {"Religious_ORG", "ORG"},
          {"Sports", "ORG"},
          {"Nation", "LOC"},
          {"Population-Center", "LOC"},
          {"State-or-Province", "LOC"},
          {"County-or-District", "LOC"},
          {"GPE-Cluster", "LOC"},
          {"Continent", "LOC"},
          {"Water-Body", "LOC"},
          {"Land-Region-Natural", "LOC"},
          {"Celestial", "LOC"},
          {"Building-Grounds", "LOC"},
          {"Airport", "LOC"},
          {"Path", "LOC"},
          {"Subarea-Facility", "LOC"},
          {"Plant", "LOC"},
      };
  const std::string type(tag.substr(2));
  if (type == "PERS" || type == "LOC" || type == "ORG" || type == "MISC") {
    return std::string(tag);
  }
  auto it = kMap->find(type);
  const std::string coarse = it == kMap->end() ? "MISC" : it->second;
  if (coarse.empty()) return "O";
  return std::string(1, tag[0]) + "-" + coarse;
}

void RepairBio(std::vector<std::string>* tags) {
  std::string_view prev_type;
  char prev = 'O';
  for (std::string& tag : *tags) {
    char p;
    std::string_view type;
    SplitTag(tag, &p, &type);
    if (p == 'I' && (prev == 'O' || prev_type != type)) tag[0] = 'B';
    prev = p;
    prev_type = type;
  }
}

std::vector<Chunk> ExtractChunks(const std::vector<std::string>& tags) {
  std::vector<Chunk> out;
  char prev = 'O';
  std::string_view prev_type;
  int32_t start = -1;
  const int32_t n = static_cast<int32_t>(tags.size());
  for (int32_t i = 0; i <= n; ++i) {
    char p = 'O';
    std::string_view type;
    if (i < n) SplitTag(tags[i], &p, &type);
    // conlleval: a chunk ends before B, before O, and on a type change;
    // one starts at B, and at I after O or after another type.
    const bool end = prev != 'O' && (p == 'B' || p == 'O' || type != prev_type);
    const bool begin =
        p == 'B' || (p == 'I' && (prev == 'O' || type != prev_type));
    if (end && start >= 0) {
      out.push_back({start, i, std::string(prev_type)});
      start = -1;
    }
    if (begin) start = i;
    prev = p;
    prev_type = type;
  }
  return out;
}

double PrfCounts::Precision() const {
  return predicted == 0 ? 0.0 : 100.0 * correct / predicted;
}
double PrfCounts::Recall() const {
  return gold == 0 ? 0.0 : 100.0 * correct / gold;
}
double PrfCounts::F1() const {
  const double p = Precision(), r = Recall();
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

void NerScorer::Add(const std::vector<std::string>& gold,
                    const std::vector<std::string>& predicted) {
  const std::vector<Chunk> g = ExtractChunks(gold);
  const std::vector<Chunk> p = ExtractChunks(predicted);
  for (const Chunk& c : g) {
    ++overall_.gold;
    ++by_type_[c.type].gold;
  }
  for (const Chunk& c : p) {
    ++overall_.predicted;
    ++by_type_[c.type].predicted;
  }
  // Both lists are sorted by begin and do not overlap.
  size_t i = 0, j = 0;
  while (i < g.size() && j < p.size()) {
    if (g[i] == p[j]) {
      ++overall_.correct;
      ++by_type_[g[i].type].correct;
      ++i;
      ++j;
    } else if (g[i].begin < p[j].begin ||
               (g[i].begin == p[j].begin && g[i].end < p[j].end)) {
      ++i;
    } else {
      ++j;
    }
  }
}

std::string NerScorer::Report() const {
  std::string out = absl::StrFormat("%-8s %7s %7s %7s %6s %6s\n", "type",
                                    "prec", "recall", "F1", "gold", "pred");
  auto line = [&out](const std::string& name, const PrfCounts& c) {
    out +=
        absl::StrFormat("%-8s %7.2f %7.2f %7.2f %6d %6d\n", name, c.Precision(),
                        c.Recall(), c.F1(), c.gold, c.predicted);
  };
  for (const auto& [type, counts] : by_type_) line(type, counts);
  line("overall", overall_);
  return out;
}

}  // namespace khabar
