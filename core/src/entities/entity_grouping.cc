#include "entities/entity_grouping.h"

#include <algorithm>
#include <fstream>
#include <numeric>
#include <sstream>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/utf8.h"
#include "ner/mentions.h"
#include "text/normalizer.h"
#include "text/quote_marks.h"

namespace khabar {
namespace {

bool IsNameChar(char32_t c) {
  return IsArabicLetter(c) || (c >= '0' && c <= '9') ||
         (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= 0x00C0 && c <= 0x024F);
}

// Consonants (spaces included) a skeleton needs to stand for a name.
constexpr size_t kMinSkeletonLetters = 4;

bool IsSkeletonVowel(char32_t c) {
  switch (c) {
    case U'\u0627':  // ا (أ إ آ are ا in matching form)
    case U'\u0648':  // و
    case U'\u064A':  // ي
    case U'\u0649':  // ى
    case U'\u0621':  // ء
    case U'\u0624':  // ؤ
    case U'\u0626':  // ئ
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
      return true;
    default:
      return false;
  }
}

int EditDistance(const std::u32string& a, const std::u32string& b) {
  std::vector<int> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::u32string SkeletonKey(const std::vector<std::string>& words) {
  std::u32string key;
  for (const std::string& word : words) {
    if (!key.empty()) key.push_back(U' ');
    key += Skeleton(word);
  }
  return key;
}

// Generic heads an organization is named with or without (تنظيم داعش).
bool IsGenericOrgHead(std::string_view word) {
  static const char* const kHeads[] = {"تنظيم", "حلف",   "حركه",
                                       "جماعه", "منظمه", "ميليشيا"};
  for (const char* head : kHeads) {
    if (word == head) return true;
  }
  return false;
}

// Administrative units whose name includes the head noun (Kurdistan
// Region); "مدينة" and "بلدة" describe rather than name, so they stay out.
bool IsPlaceHead(std::string_view base) {
  static const char* const kHeads[] = {"اقليم", "محافظه", "ولايه", "مقاطعه",
                                       "منطقه"};
  for (const char* head : kHeads) {
    if (base == head) return true;
  }
  return false;
}

// Quote marks and brackets come off a displayed name («الناتو» -> الناتو).
std::string CleanName(std::string_view name) {
  std::string out;
  bool space = false;
  size_t i = 0;
  while (i < name.size()) {
    int len = 1;
    const char32_t c = DecodeUtf8(name, i, &len);
    const bool drop = IsNameWrapper(c);
    const bool is_space = c == ' ' || c == '\n' || c == '\t' || c == 0xA0;
    if (is_space) {
      space = !out.empty();
    } else if (!drop) {
      if (space) out.push_back(' ');
      space = false;
      out.append(name.substr(i, len));
    }
    i += len;
  }
  return out;
}

bool IsLatinAcronym(std::string_view name) {
  if (name.size() < 2 || name.size() > 6) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return c >= 'A' && c <= 'Z'; });
}

struct MentionInfo {
  std::string name;  // Displayed form: article restored, quotes off.
  std::vector<std::string> words;
  std::vector<std::u32string> skeletons;  // Of each word.
  std::string key;
  AliasTable::Hit hit;
};

// SimilarWords with the skeletons computed once.
bool SimilarSkeletons(const std::string& a, const std::string& b,
                      const std::u32string& sa, const std::u32string& sb) {
  if (a == b) return true;
  if (sa == sb) return sa.size() >= 5;
  if (std::min(sa.size(), sb.size()) < 7 || sa[0] != sb[0]) return false;
  return EditDistance(sa, sb) <= 1;
}

// MatchesRun over precomputed skeletons: `part` equals a run of `whole`'s
// words (at its start or end only when `ends_only`).
bool MatchesRunFast(const MentionInfo& part, const MentionInfo& whole,
                    bool ends_only) {
  const size_t n = part.words.size();
  if (n == 0 || n > whole.words.size()) return false;
  const size_t last = whole.words.size() - n;
  for (size_t offset = 0; offset <= last; ++offset) {
    if (ends_only && offset != 0 && offset != last) continue;
    bool all = true;
    for (size_t i = 0; i < n && all; ++i) {
      all = SimilarSkeletons(part.words[i], whole.words[offset + i],
                             part.skeletons[i], whole.skeletons[offset + i]);
    }
    if (all) return true;
  }
  return false;
}

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n) {
    std::iota(parent_.begin(), parent_.end(), 0);
  }
  size_t Find(size_t i) {
    while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
    return i;
  }
  // The earlier mention stays the root, so roots follow text order.
  void Union(size_t a, size_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return;
    if (b < a) std::swap(a, b);
    parent_[b] = a;
  }

 private:
  std::vector<size_t> parent_;
};

}  // namespace

namespace {

// NameWords of text already in matching form.
std::vector<std::string> FormWords(std::string_view form) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    if (absl::StartsWith(word, "ال") && CodePoints(word) >= 4) word.erase(0, 4);
    words.push_back(std::move(word));
    word.clear();
  };
  size_t i = 0;
  while (i < form.size()) {
    int len = 1;
    const char32_t c = DecodeUtf8(form, i, &len);
    if (IsNameChar(c)) {
      word.append(form, i, len);
    } else {
      flush();
    }
    i += len;
  }
  flush();
  return words;
}

// The key of one token's stand-alone word (already a matching form),
// without the cost of normalizing it again.
std::string TokenKey(const Token& token) {
  const std::string& form = token.word;
  std::string key;
  key.reserve(form.size());
  size_t i = 0;
  while (i < form.size()) {
    int len = 1;
    const char32_t c = DecodeUtf8(form, i, &len);
    if (IsNameChar(c)) key.append(form, i, len);
    i += len;
  }
  if (absl::StartsWith(key, "ال") && CodePoints(key) >= 4) key.erase(0, 4);
  return key;
}

}  // namespace

std::vector<std::string> NameWords(std::string_view name) {
  return FormWords(MatchingForm(name));
}

std::string NameKey(std::string_view name) {
  std::string key;
  for (const std::string& word : NameWords(name)) {
    if (!key.empty()) key.push_back(' ');
    key += word;
  }
  return key;
}

std::u32string Skeleton(std::string_view word) {
  std::u32string out;
  size_t i = 0;
  while (i < word.size()) {
    int len = 1;
    const char32_t c = DecodeUtf8(word, i, &len);
    i += len;
    if (IsSkeletonVowel(c)) continue;
    if (!out.empty() && out.back() == c) continue;
    out.push_back(c);
  }
  return out;
}

bool SimilarWords(std::string_view a, std::string_view b) {
  if (a == b) return true;
  const std::u32string sa = Skeleton(a);
  const std::u32string sb = Skeleton(b);
  if (sa == sb) return sa.size() >= 5;
  if (std::min(sa.size(), sb.size()) < 7 || sa[0] != sb[0]) return false;
  return EditDistance(sa, sb) <= 1;
}

absl::StatusOr<std::unique_ptr<AliasTable>> AliasTable::Load(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  auto table = FromText(ss.str());
  if (!table.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", table.status().message()));
  }
  return table;
}

absl::StatusOr<std::unique_ptr<AliasTable>> AliasTable::FromText(
    std::string_view tsv) {
  std::unique_ptr<AliasTable> table(new AliasTable());
  absl::flat_hash_map<std::u32string, Hit> skeletons;
  int line_number = 0;
  for (absl::string_view line :
       absl::StrSplit(absl::string_view(tsv.data(), tsv.size()), '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (table->description_.empty()) {
        line.remove_prefix(1);
        while (!line.empty() && line[0] == ' ') line.remove_prefix(1);
        table->description_ = std::string(line);
      }
      continue;
    }
    std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
    if (fields.size() != 5) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line_number,
                       ": expected 5 tab-separated "
                       "fields (id, type, english, names, acronyms)"));
    }
    Group group;
    group.id = std::string(fields[0]);
    group.english = std::string(fields[2]);
    if (fields[1] == "ORG") {
      group.type = EntityType::kOrganization;
    } else if (fields[1] == "PERS") {
      group.type = EntityType::kPerson;
    } else if (fields[1] == "LOC") {
      group.type = EntityType::kLocation;
    } else if (fields[1] == "MISC") {
      group.type = EntityType::kMisc;
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "line ", line_number, ": type must be ORG, PERS, LOC or MISC"));
    }
    const int32_t index = static_cast<int32_t>(table->groups_.size());
    table->groups_.push_back(std::move(group));
    for (int column = 3; column <= 4; ++column) {
      for (absl::string_view form :
           absl::StrSplit(fields[column], '|', absl::SkipEmpty())) {
        const std::string text(form);
        const std::vector<std::string> words = NameWords(text);
        if (words.empty()) continue;
        const Hit hit{index, column == 4};
        std::string key = NameKey(text);
        auto [it, inserted] = table->by_key_.emplace(key, hit);
        if (!inserted && it->second.group != index) {
          return absl::InvalidArgumentError(absl::StrCat(
              "line ", line_number, ": \"", text, "\" is already listed for ",
              table->groups_[it->second.group].id));
        }
        // A skeleton shared by two organizations matches neither.
        auto [sk, fresh] = skeletons.emplace(SkeletonKey(words), hit);
        if (!fresh && sk->second.group != index) sk->second.group = -2;
      }
    }
  }
  for (auto& [key, hit] : skeletons) {
    if (hit.group >= 0) table->by_skeleton_.emplace(key, hit);
  }
  return table;
}

AliasTable::Hit AliasTable::Find(std::string_view name) const {
  return FindWords(NameWords(name));
}

AliasTable::Hit AliasTable::FindWords(std::vector<std::string> words) const {
  for (int attempt = 0; attempt < 2 && !words.empty(); ++attempt) {
    std::string key;
    for (const std::string& word : words) {
      if (!key.empty()) key.push_back(' ');
      key += word;
    }
    if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
    // Spelling variants by their consonants, only when there are enough of
    // them to tell names apart: سيناء and آسيان share «سن».
    const std::u32string skeleton = SkeletonKey(words);
    if (skeleton.size() >= kMinSkeletonLetters) {
      if (auto it = by_skeleton_.find(skeleton); it != by_skeleton_.end()) {
        return it->second;
      }
    }
    if (words.size() < 2 || !IsGenericOrgHead(words[0])) break;
    words.erase(words.begin());
  }
  return Hit();
}

void ExtendPlaceHeads(std::string_view text, const std::vector<Token>& tokens,
                      std::vector<Mention>* mentions) {
  // A head the tagger marked as a place of its own («[إقليم] [كردستان]»)
  // joins the place after it, as an untagged head does.
  auto is_lone_head = [&](const Mention& m) {
    return m.type == EntityType::kLocation &&
           m.end_token == m.first_token + 1 &&
           IsPlaceHead(tokens[m.first_token].base);
  };
  std::vector<Mention> kept;
  kept.reserve(mentions->size());
  int32_t previous_end = 0;
  for (Mention& mention : *mentions) {
    const int32_t first = mention.first_token;
    if (mention.type == EntityType::kLocation && first > 0 &&
        tokens[first].prefixes.empty()) {
      const bool head_tagged = !kept.empty() &&
                               kept.back().end_token == first &&
                               is_lone_head(kept.back());
      const Token& head = tokens[first - 1];
      if (head_tagged ||
          (first > previous_end && head.kind == TokenKind::kWord &&
           head.sentence_index == tokens[first].sentence_index &&
           IsPlaceHead(head.base))) {
        if (head_tagged) kept.pop_back();
        mention.first_token = first - 1;
        mention.span.begin = head.word_span.begin;
        mention.text =
            std::string(text.substr(mention.span.begin, mention.span.size()));
      }
    }
    previous_end = mention.end_token;
    kept.push_back(std::move(mention));
  }
  *mentions = std::move(kept);
}

namespace {

// Type votes of a name tagged in the article.
struct Votes {
  double by_type[4] = {0, 0, 0, 0};
};

// The type most of a name's mentions have.
EntityType MajorityType(const Votes& votes) {
  int type = 0;
  for (int t = 1; t < 4; ++t) {
    if (votes.by_type[t] > votes.by_type[type]) type = t;
  }
  return static_cast<EntityType>(type);
}

// The name key of a hashtag's words (#مرض_السرطان -> "مرض سرطان"), as
// TokenKey makes it of each word.
std::string HashtagKey(std::string_view tag) {
  std::string key;
  size_t i = 0;
  while (i <= tag.size()) {
    const size_t end = std::min(tag.find('_', i), tag.size());
    std::string word;
    for (size_t k = i; k < end;) {
      int len = 1;
      const char32_t c = DecodeUtf8(tag, k, &len);
      if (IsNameChar(c)) word.append(tag.substr(k, len));
      k += len;
    }
    if (absl::StartsWith(word, "ال") && CodePoints(word) >= 4) word.erase(0, 4);
    if (!word.empty()) {
      if (!key.empty()) key.push_back(' ');
      key += word;
    }
    i = end + 1;
  }
  return key;
}

// «وتصدر وسم #تركيا»: a hashtag whose words are a name tagged elsewhere in
// the article is a mention of it, without the #.
void AddHashtagMentions(std::string_view text, const std::vector<Token>& tokens,
                        const absl::flat_hash_map<std::string, Votes>& names,
                        const std::vector<bool>& covered,
                        std::vector<Mention>* added) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (covered[i] || t.kind != TokenKind::kHashtag || t.span.size() < 2) {
      continue;
    }
    auto it = names.find(HashtagKey(MatchingForm(t.text)));
    if (it == names.end()) continue;
    Mention mention;
    mention.first_token = static_cast<int32_t>(i);
    mention.end_token = static_cast<int32_t>(i) + 1;
    mention.span = {t.span.begin + 1, t.span.end};  // After the #.
    mention.text =
        std::string(text.substr(mention.span.begin, mention.span.size()));
    mention.sentence_index = t.sentence_index;
    mention.confidence = 0.5;
    mention.type = MajorityType(it->second);
    added->push_back(std::move(mention));
  }
}

}  // namespace

void AddRepeatedMentions(std::string_view text,
                         const std::vector<Token>& tokens,
                         std::vector<Mention>* mentions) {
  // Name key -> type votes; names of at most 4 tokens.
  absl::flat_hash_map<std::string, Votes> names;
  std::vector<bool> covered(tokens.size(), false);
  for (const Mention& m : *mentions) {
    for (int32_t t = m.first_token; t < m.end_token; ++t) covered[t] = true;
    if (m.end_token - m.first_token > 4) continue;
    std::string key;
    for (int32_t t = m.first_token; t < m.end_token; ++t) {
      const std::string word = TokenKey(tokens[t]);
      if (word.empty()) continue;
      if (!key.empty()) key.push_back(' ');
      key += word;
    }
    if (CodePoints(key) < 3) continue;
    names[key].by_type[static_cast<int>(m.type)] += 1;
  }
  if (names.empty()) return;
  // First words of the names, to skip most tokens at once (looked up on
  // the token's word without its article, no copy).
  absl::flat_hash_set<std::string> first_words;
  for (const auto& [key, votes] : names) {
    first_words.insert(key.substr(0, key.find(' ')));
  }
  const int32_t n = static_cast<int32_t>(tokens.size());
  std::vector<std::string> keys(n);
  for (int32_t i = 0; i < n; ++i) {
    if (covered[i] || tokens[i].kind != TokenKind::kWord) continue;
    absl::string_view word(tokens[i].word.data(), tokens[i].word.size());
    if (absl::StartsWith(word, "ال") && word.size() >= 8) {
      word.remove_prefix(4);
    }
    if (first_words.contains(word) || (i > 0 && !keys[i - 1].empty())) {
      keys[i] = TokenKey(tokens[i]);
    }
  }
  std::vector<Mention> added;
  for (int32_t i = 0; i < n; ++i) {
    if (keys[i].empty() || !first_words.contains(keys[i])) continue;
    // Longest run first.
    std::string key;
    int32_t best_end = -1;
    const Votes* best = nullptr;
    for (int32_t j = i; j < n && j < i + 4; ++j) {
      if (covered[j] || tokens[j].kind != TokenKind::kWord ||
          tokens[j].sentence_index != tokens[i].sentence_index) {
        break;
      }
      if (j > i && !tokens[j].prefixes.empty()) break;
      const std::string& word = keys[j];
      if (word.empty()) break;
      if (!key.empty()) key.push_back(' ');
      key += word;
      if (auto it = names.find(key); it != names.end()) {
        best_end = j + 1;
        best = &it->second;
      }
    }
    if (best == nullptr) continue;
    Mention mention;
    mention.first_token = i;
    mention.end_token = best_end;
    mention.span = {tokens[i].word_span.begin,
                    std::max(tokens[i].word_span.begin,
                             tokens[best_end - 1].base_span.end)};
    mention.text =
        std::string(text.substr(mention.span.begin, mention.span.size()));
    mention.sentence_index = tokens[i].sentence_index;
    mention.confidence = 0.5;
    mention.type = MajorityType(*best);
    added.push_back(std::move(mention));
    i = best_end - 1;
  }
  AddHashtagMentions(text, tokens, names, covered, &added);
  if (added.empty()) return;
  mentions->insert(mentions->end(), std::make_move_iterator(added.begin()),
                   std::make_move_iterator(added.end()));
  std::sort(mentions->begin(), mentions->end(),
            [](const Mention& a, const Mention& b) {
              return a.first_token < b.first_token;
            });
}

namespace {

// The mentions' names, cleaned, split into words and skeletons, keyed and
// looked up in the alias table, each distinct name once; *by_first_token
// gets the mention of each first token.
std::vector<MentionInfo> DescribeMentions(
    std::string_view text, const std::vector<Token>& tokens,
    const std::vector<Mention>& mentions, const AliasTable* aliases,
    absl::flat_hash_map<int32_t, size_t>* by_first_token) {
  const size_t n = mentions.size();
  std::vector<MentionInfo> info(n);
  // Names repeat (العراق fourteen times): each is normalized once.
  absl::flat_hash_map<std::string, size_t> first_of_name;
  for (size_t i = 0; i < n; ++i) {
    info[i].name = CleanName(MentionName(text, mentions[i], tokens));
    auto [seen, fresh] = first_of_name.emplace(info[i].name, i);
    if (!fresh) {
      const MentionInfo& same = info[seen->second];
      info[i].words = same.words;
      info[i].key = same.key;
      info[i].skeletons = same.skeletons;
      info[i].hit = same.hit;
      (*by_first_token)[mentions[i].first_token] = i;
      continue;
    }
    info[i].words = NameWords(info[i].name);
    for (const std::string& word : info[i].words) {
      if (!info[i].key.empty()) info[i].key.push_back(' ');
      info[i].key += word;
    }
    for (const std::string& word : info[i].words) {
      info[i].skeletons.push_back(Skeleton(word));
    }
    if (aliases != nullptr) info[i].hit = aliases->FindWords(info[i].words);
    (*by_first_token)[mentions[i].first_token] = i;
  }
  return info;
}

// Joins the mentions of one alias-table entry, and those of one key;
// returns the first mention of each key.
absl::flat_hash_map<std::string, size_t> JoinSameEntryOrKey(
    const std::vector<MentionInfo>& info, UnionFind* sets) {
  absl::flat_hash_map<int32_t, size_t> first_of_group;
  absl::flat_hash_map<std::string, size_t> first_of_key;
  for (size_t i = 0; i < info.size(); ++i) {
    if (info[i].hit.group >= 0) {
      auto [it, fresh] = first_of_group.emplace(info[i].hit.group, i);
      if (!fresh) sets->Union(it->second, i);
    }
    if (info[i].key.empty()) continue;
    auto [it, fresh] = first_of_key.emplace(info[i].key, i);
    if (!fresh) sets->Union(it->second, i);
  }
  return first_of_key;
}

// «حلف شمال الأطلسي (الناتو)»: a name right after another in brackets or
// guillemets is its alias, when both are of one kind (not person/other).
void JoinBracketedAliases(
    const std::vector<Token>& tokens, const std::vector<Mention>& mentions,
    const absl::flat_hash_map<int32_t, size_t>& by_first_token,
    UnionFind* sets) {
  for (size_t i = 0; i < mentions.size(); ++i) {
    const int32_t end = mentions[i].end_token;
    if (end + 2 > static_cast<int32_t>(tokens.size())) continue;
    const std::string_view closer = ParenOrGuillemetCloser(tokens[end].text);
    if (closer.empty()) continue;
    auto it = by_first_token.find(end + 1);
    if (it == by_first_token.end()) continue;
    const size_t j = it->second;
    const int32_t close = mentions[j].end_token;
    if (close >= static_cast<int32_t>(tokens.size())) continue;
    if (tokens[close].text != closer) continue;
    const bool pi = mentions[i].type == EntityType::kPerson;
    const bool pj = mentions[j].type == EntityType::kPerson;
    if (pi != pj) continue;
    sets->Union(i, j);
  }
}

// Distinct names compared with each other: each with this many before and
// after it (in text order). News articles hold far fewer distinct names;
// the bound keeps the pairwise joins linear on a list of thousands.
constexpr size_t kKeysCompared = 1000;

// A distinct name key: its first mention, and whether that is a person.
struct KeyInfo {
  size_t mention;
  bool person;
};

// The distinct keys (with their first mentions), in text order.
std::vector<KeyInfo> DistinctKeys(
    const absl::flat_hash_map<std::string, size_t>& first_of_key,
    const std::vector<Mention>& mentions) {
  std::vector<KeyInfo> keys;
  for (const auto& [key, i] : first_of_key) {
    keys.push_back({i, mentions[i].type == EntityType::kPerson});
  }
  std::sort(keys.begin(), keys.end(), [](const KeyInfo& a, const KeyInfo& b) {
    return a.mention < b.mention;
  });
  return keys;
}

// Spelling variants: keys of as many words, both persons or neither, whose
// words are alike one by one.
void JoinSpellingVariants(const std::vector<KeyInfo>& keys,
                          const std::vector<MentionInfo>& info,
                          const Cancellation* cancellation, UnionFind* sets) {
  for (size_t a = 0; a < keys.size(); ++a) {
    if (a % 64 == 0 && Stopped(cancellation)) return;
    const auto& wa = info[keys[a].mention].words;
    const size_t last = std::min(keys.size(), a + 1 + kKeysCompared);
    for (size_t b = a + 1; b < last; ++b) {
      const auto& wb = info[keys[b].mention].words;
      if (keys[a].person != keys[b].person || wa.size() != wb.size()) continue;
      if (MatchesRunFast(info[keys[a].mention], info[keys[b].mention], true)) {
        sets->Union(keys[a].mention, keys[b].mention);
      }
    }
  }
}

// A person's shorter name joins the one longer name that carries it at
// its start or end; two candidates leave it apart.
void JoinPartialPersonNames(const std::vector<KeyInfo>& keys,
                            const std::vector<MentionInfo>& info,
                            const Cancellation* cancellation, UnionFind* sets) {
  for (size_t p = 0; p < keys.size(); ++p) {
    if (p % 64 == 0 && Stopped(cancellation)) return;
    const KeyInfo& part = keys[p];
    if (!part.person) continue;
    const auto& words = info[part.mention].words;
    std::vector<size_t> roots;
    const size_t first = p > kKeysCompared ? p - kKeysCompared : 0;
    const size_t last = std::min(keys.size(), p + 1 + kKeysCompared);
    for (size_t w = first; w < last; ++w) {
      const KeyInfo& whole = keys[w];
      if (!whole.person) continue;
      const auto& longer = info[whole.mention].words;
      if (longer.size() <= words.size()) continue;
      if (!MatchesRunFast(info[part.mention], info[whole.mention], true)) {
        continue;
      }
      const size_t root = sets->Find(whole.mention);
      if (std::find(roots.begin(), roots.end(), root) == roots.end()) {
        roots.push_back(root);
      }
    }
    if (roots.size() == 1) sets->Union(part.mention, roots[0]);
  }
}

// The mention whose name names the entity of `group`: most words, then
// most frequent key (`key_count`), then first; acronyms only when nothing
// else names it.
size_t CanonicalMention(
    const std::vector<size_t>& group, const std::vector<MentionInfo>& info,
    const absl::flat_hash_map<std::string, int>& key_count) {
  size_t canonical = group[0];
  bool have = false;
  for (int pass = 0; pass < 2 && !have; ++pass) {
    for (size_t i : group) {
      if (pass == 0 && info[i].hit.acronym) continue;
      if (info[i].words.empty()) continue;
      if (!have) {
        canonical = i;
        have = true;
        continue;
      }
      const size_t wi = info[i].words.size();
      const size_t wc = info[canonical].words.size();
      if (wi > wc || (wi == wc && key_count.at(info[i].key) >
                                      key_count.at(info[canonical].key))) {
        canonical = i;
      }
    }
  }
  return canonical;
}

// Gives the entity the other names of its mentions as aliases, and its
// mentions (moved out of *mentions), each of the kind its name is of the
// canonical one.
void AddMentions(const std::vector<size_t>& group,
                 const std::vector<MentionInfo>& info, size_t canonical,
                 std::vector<Mention>* mentions, Entity* entity) {
  const std::vector<std::string>& canonical_words = info[canonical].words;
  std::vector<std::string> seen = {MatchingForm(entity->name)};
  for (size_t i : group) {
    std::string form = MatchingForm(info[i].name);
    if (!info[i].name.empty() &&
        std::find(seen.begin(), seen.end(), form) == seen.end()) {
      seen.push_back(std::move(form));
      entity->aliases.push_back(info[i].name);
    }
    Mention& mention = (*mentions)[i];
    if (info[i].hit.acronym || IsLatinAcronym(info[i].name)) {
      mention.kind = MentionKind::kAcronym;
    } else if (MatchesRunFast(info[i], info[canonical], false)) {
      mention.kind = info[i].words.size() < canonical_words.size()
                         ? MentionKind::kPartialName
                         : MentionKind::kFullName;
    } else {
      mention.kind = MentionKind::kAlias;
    }
    entity->mentions.push_back(std::move(mention));
  }
}

// Entity number `number` of the mentions `group` (in text order): its type
// (the alias table's, else the mentions' vote), names and mentions.
Entity BuildEntity(size_t number, const std::vector<size_t>& group,
                   const std::vector<MentionInfo>& info,
                   const AliasTable* aliases, std::vector<Mention>* mentions) {
  Entity entity;
  entity.id = absl::StrCat("e", number);

  int32_t table_group = -1;
  double votes[4] = {0, 0, 0, 0};
  absl::flat_hash_map<std::string, int> key_count;
  for (size_t i : group) {
    if (table_group < 0) table_group = info[i].hit.group;
    votes[static_cast<int>((*mentions)[i].type)] +=
        (*mentions)[i].confidence + 1e-3;
    ++key_count[info[i].key];
  }
  int best = static_cast<int>((*mentions)[group[0]].type);
  for (int t = 0; t < 4; ++t) {
    if (votes[t] > votes[best]) best = t;
  }
  entity.type = static_cast<EntityType>(best);
  // The table links a name of its own type: a link never turns the
  // tagger's person or place into an organization (سيناء is no ASEAN). Only
  // MISC, the tagger's catch-all, takes the table's type («داعش»).
  if (table_group >= 0) {
    const AliasTable::Group& entry = aliases->group(table_group);
    if (entity.type == EntityType::kMisc) entity.type = entry.type;
    if (entry.type == entity.type) entity.links.english_name = entry.english;
  }

  const size_t canonical = CanonicalMention(group, info, key_count);
  entity.name = info[canonical].name;
  AddMentions(group, info, canonical, mentions, &entity);
  return entity;
}

}  // namespace

std::vector<Entity> GroupMentions(std::string_view text,
                                  const std::vector<Token>& tokens,
                                  std::vector<Mention> mentions,
                                  const AliasTable* aliases,
                                  const Cancellation* cancellation) {
  const size_t n = mentions.size();
  absl::flat_hash_map<int32_t, size_t> by_first_token;
  const std::vector<MentionInfo> info =
      DescribeMentions(text, tokens, mentions, aliases, &by_first_token);
  UnionFind sets(n);

  // Same alias-table entry, same key.
  const absl::flat_hash_map<std::string, size_t> first_of_key =
      JoinSameEntryOrKey(info, &sets);
  JoinBracketedAliases(tokens, mentions, by_first_token, &sets);

  // Spelling variants and partial names, over distinct keys.
  const std::vector<KeyInfo> keys = DistinctKeys(first_of_key, mentions);
  JoinSpellingVariants(keys, info, cancellation, &sets);
  JoinPartialPersonNames(keys, info, cancellation, &sets);
  if (Stopped(cancellation)) return {};

  // Build the entities, ordered by first mention.
  std::vector<std::vector<size_t>> members(n);
  for (size_t i = 0; i < n; ++i) members[sets.Find(i)].push_back(i);
  std::vector<Entity> entities;
  for (size_t root = 0; root < n; ++root) {
    const std::vector<size_t>& group = members[root];
    if (group.empty()) continue;
    entities.push_back(
        BuildEntity(entities.size() + 1, group, info, aliases, &mentions));
  }
  return entities;
}

}  // namespace khabar
