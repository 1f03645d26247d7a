#include "ner/ner_features.h"

#include <algorithm>
#include <cstring>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/utf8.h"
#include "ner/ner_hash.h"
#include "text/normalizer.h"
#include "text/quote_marks.h"
#include "text/tokenizer.h"

namespace khabar {
namespace {

// Template ids. Never renumber: model files hold hashes made with them.
enum Template : uint64_t {
  kBias = 1,
  kNorm,
  kBase,
  kWord,
  kRaw,
  kPrefix1,  // kPrefix1 + n - 1: first n letters of the base.
  kSuffix1 = kPrefix1 + 4,
  kClitics = kSuffix1 + 4,
  kEnclitics,
  kShape,
  kNormM1,
  kNormM2,
  kNormP1,
  kNormP2,
  kBaseM1,
  kBaseM2,
  kBaseP1,
  kBaseP2,
  kBigramM1,  // base[-1] base[0]
  kBigramP1,  // base[0] base[+1]
  kBigramM2,  // base[-2] base[-1]
  kCliticsM1,
  kCliticsP1,
  kGazBegin,
  kGazInside,
  kGazM1,
  kGazP1,
  kCluster,
  kClusterM1,
  kClusterP1,
  kShapeWindow,
  kWordM1,
  kGazBase,  // Gazetteer bits with the base: lets the model distrust a
             // gazetteer entry that is a common word.
  kLexNorm,  // Lexicon code of the matching form.
  kLexBase,  // Lexicon code of the base.
  kLexBaseM1,
  kLexBaseP1,
  kLexBaseShape,  // Lexicon code of the base with the clitic signature.
  kDocType,       // Second pass: type seen elsewhere, with a count bucket.
  kDocLabel,      // Second pass: B/I label seen elsewhere.
  kDocMajority,   // Second pass: majority type, and whether O outnumbers it.
  kDocOnlyO,      // Second pass: seen elsewhere, never in an entity.
  kDocMulti,      // Second pass: part of a multi-token entity elsewhere.
  kDocSelf,       // Second pass: the token's own first-pass label.
  kDocMajM1,
  kDocMajP1,
  kDocFrac,      // Second pass: share of the other occurrences in an entity.
  kTrigram,      // Letter trigram of the base (word boundaries marked).
  kDocPairNext,  // Second pass: (base, next base) as one entity elsewhere.
  kDocPairPrev,  // Second pass: (previous base, base) likewise.
  kQuote,        // Position inside a quote (first/last/middle, length).
  kQuoteHead,    // Base before the opening quote, with the position.
  kFineCluster,  // Prefixes and path of the finer word clustering.
  kFineClusterM1,
  kFineClusterP1,
  kClusterM2,  // Cluster prefixes (4, 8 bits) two tokens away.
  kClusterP2,
  kClusterPairM1,  // 6-bit cluster prefixes of (-1, 0).
  kClusterPairP1,  // 6-bit cluster prefixes of (0, +1).
  kGazM2,          // Gazetteer signature two tokens away.
  kGazP2,
  kLexBaseM2,  // Lexicon code of the base two tokens away.
  kLexBaseP2,
  kClusterWideM1,  // 6-bit prefix and whole path at -1.
  kClusterWideP1,
};

// Cluster prefix slots used for the neighbours (4 and 8 bits).
constexpr int kNeighbourPrefixes = -1;
constexpr int kNeighbourSlots[] = {1, 3};
constexpr int kFineLast = WordClusters::kFinePrefixes - 1;

constexpr uint64_t kBos = 0x5be1a8d0c3f27711ULL;
constexpr uint64_t kEos = 0x2c7f93e4b1a5d609ULL;

inline uint64_t F(uint64_t tmpl, uint64_t value) {
  return NerCombine(NerMix(tmpl), value);
}

// Byte offsets of the first n characters' end (UTF-8), or npos.
size_t PrefixBytes(std::string_view s, int n) {
  size_t i = 0;
  for (int k = 0; k < n; ++k) {
    if (i >= s.size()) return std::string_view::npos;
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) {
      ++i;
    }
  }
  return i;
}

size_t SuffixStart(std::string_view s, int n) {
  size_t i = s.size();
  for (int k = 0; k < n; ++k) {
    if (i == 0) return std::string_view::npos;
    --i;
    while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  }
  return i;
}

uint64_t Shape(const Token& t) {
  const int len = static_cast<int>(CodePoints(t.base));
  const int bucket = len <= 5 ? len : (len <= 7 ? 6 : 7);
  uint64_t shape = static_cast<uint64_t>(t.kind) * 16 + bucket;
  if (t.kind == TokenKind::kLatin && !t.text.empty()) {
    bool upper_first = t.text[0] >= 'A' && t.text[0] <= 'Z';
    bool all_upper = true;
    for (char c : t.text) {
      if (c >= 'a' && c <= 'z') all_upper = false;
    }
    shape = shape * 4 + upper_first * 2 + all_upper;
  }
  return NerMix(shape + 0x51);
}

}  // namespace

// ---- WordClusters ------------------------------------------------------

absl::StatusOr<WordClusters> WordClusters::Load(const std::string& paths) {
  const size_t comma = paths.find(',');
  if (comma != std::string::npos) {
    absl::StatusOr<WordClusters> coarse = Load(paths.substr(0, comma));
    if (!coarse.ok()) return coarse.status();
    absl::StatusOr<WordClusters> fine = Load(paths.substr(comma + 1));
    if (!fine.ok()) return fine.status();
    // Keys in order so that the result does not depend on hash order.
    std::vector<std::pair<uint64_t, std::string>> items(coarse->paths_.begin(),
                                                        coarse->paths_.end());
    for (const auto& [key, path] : fine->paths_) {
      if (!coarse->paths_.contains(key)) items.emplace_back(key, "");
    }
    std::sort(items.begin(), items.end());
    WordClusters c;
    for (const auto& [key, path] : items) {
      auto it = fine->paths_.find(key);
      c.AddKey(key, absl::StrCat(path, "|",
                                 it == fine->paths_.end() ? "" : it->second));
    }
    return c;
  }
  const std::string& path = paths;
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot open word clusters " + path);
  WordClusters c;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    if (tab == std::string::npos || tab == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line_no, ": expected FORM<TAB>CLUSTER"));
    }
    const size_t tab2 = line.find('\t', tab + 1);
    const std::string_view l(line);
    c.Add(l.substr(0, tab),
          l.substr(tab + 1, tab2 == std::string::npos ? std::string::npos
                                                      : tab2 - tab - 1));
  }
  return c;
}

void WordClusters::Add(std::string_view form, std::string_view path) {
  AddKey(NerHash(form), path);
}

void WordClusters::AddKey(uint64_t key, std::string_view path) {
  paths_[key] = std::string(path);
  Codes& codes = codes_[key];
  const size_t bar = path.find('|');
  if (bar != std::string_view::npos) {
    const std::string_view fine = path.substr(bar + 1);
    path = path.substr(0, bar);
    if (!fine.empty()) {
      for (int k = 0; k < kFinePrefixes - 1; ++k) {
        const size_t n = kFinePrefixBits[k];
        codes.fine[k] = fine.size() > n
                            ? NerCombine(NerHash(fine.substr(0, n)), 0x66) | 1
                            : uint64_t{0};
      }
      codes.fine[kFinePrefixes - 1] = NerCombine(NerHash(fine), 0x67) | 1;
    }
    if (path.empty()) return;
  }
  // Bit strings: prefixes of 2, 4, 6, 8 and 10 bits in their slots (0 when
  // the path is not longer) and the whole in the last; other ids (not only
  // 0/1): the whole id.
  const bool bits = path.find_first_not_of("01") == std::string_view::npos;
  if (bits) {
    for (int k = 0; k < kMaxPrefixes - 1; ++k) {
      const size_t n = 2 * (k + 1);
      codes.prefix[k] =
          path.size() > n ? NerHash(path.substr(0, n)) | 1 : uint64_t{0};
    }
  }
  codes.prefix[kMaxPrefixes - 1] = NerCombine(NerHash(path), 0x77) | 1;
}

const WordClusters::Codes* WordClusters::Find(std::string_view word) const {
  if (codes_.empty()) return nullptr;
  auto it = codes_.find(NerHash(word));
  return it == codes_.end() ? nullptr : &it->second;
}

void WordClusters::Serialize(std::string* out) const {
  std::vector<std::pair<uint64_t, std::string>> items(paths_.begin(),
                                                      paths_.end());
  std::sort(items.begin(), items.end());
  const uint64_t n = items.size();
  out->append(reinterpret_cast<const char*>(&n), 8);
  for (const auto& [key, path] : items) {
    out->append(reinterpret_cast<const char*>(&key), 8);
    const uint8_t len =
        static_cast<uint8_t>(std::min<size_t>(path.size(), 255));
    out->push_back(static_cast<char>(len));
    out->append(path.data(), len);
  }
}

namespace {

// Reads a section's record count at *pos (advancing it); false when the
// count or its `record_bytes`-sized records run past the data.
bool ReadRecordCount(std::string_view data, size_t* pos, size_t record_bytes,
                     uint64_t* n) {
  if (*pos + 8 > data.size()) return false;
  std::memcpy(n, data.data() + *pos, 8);
  *pos += 8;
  return *n <= (data.size() - *pos) / record_bytes;
}

}  // namespace

absl::Status WordClusters::Deserialize(std::string_view data, size_t* pos) {
  paths_.clear();
  codes_.clear();
  uint64_t n = 0;
  if (!ReadRecordCount(data, pos, 9, &n)) {
    return absl::InvalidArgumentError("word cluster section is truncated");
  }
  paths_.reserve(n);
  codes_.reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    if (*pos + 9 > data.size()) {
      return absl::InvalidArgumentError("word cluster section is truncated");
    }
    uint64_t key;
    std::memcpy(&key, data.data() + *pos, 8);
    const uint8_t len = static_cast<uint8_t>(data[*pos + 8]);
    *pos += 9;
    if (*pos + len > data.size()) {
      return absl::InvalidArgumentError("word cluster section is truncated");
    }
    const std::string_view path = data.substr(*pos, len);
    *pos += len;
    // The form itself is not stored, only its hash.
    AddKey(key, path);
  }
  return absl::OkStatus();
}

// ---- NerLexiconStats ---------------------------------------------------

absl::StatusOr<NerLexiconStats> NerLexiconStats::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot open lexicon " + path);
  absl::flat_hash_map<std::string, int64_t> counts;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    int64_t count = 0;
    if (tab == std::string::npos || tab == 0 ||
        !absl::SimpleAtoi(absl::string_view(line).substr(tab + 1), &count)) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line_no, ": expected FORM<TAB>COUNT"));
    }
    counts[line.substr(0, tab)] += count;
  }
  static const std::string kArticle = "ال";
  // Forms, and the bare forms of article forms (a name seen only as
  // الكاظمي still gets كاظمي's article rate).
  std::vector<std::string> forms;
  for (const auto& [form, count] : counts) {
    forms.push_back(form);
    if (form.size() > kArticle.size() + 2 && absl::StartsWith(form, kArticle)) {
      forms.push_back(form.substr(kArticle.size()));
    }
  }
  std::sort(forms.begin(), forms.end());
  forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
  NerLexiconStats stats;
  for (const std::string& form : forms) {
    auto it = counts.find(form);
    const int64_t count = it == counts.end() ? 0 : it->second;
    int freq = 0;
    for (int64_t c = count; c > 0 && freq < 15; c >>= 1) ++freq;
    int article = 0;
    if (absl::StartsWith(form, kArticle)) {
      article = 7;
    } else {
      auto al = counts.find(kArticle + form);
      const int64_t with = al == counts.end() ? 0 : al->second;
      if (with + count > 0) {
        article = 1 + static_cast<int>(5.0 * with / (with + count + 1e-9));
        article = std::min(article, 6);
      }
    }
    const uint16_t code = static_cast<uint16_t>(freq | article << 4);
    if (code != 0) stats.codes_[NerHash(form)] = code;
  }
  return stats;
}

void NerLexiconStats::Serialize(std::string* out) const {
  std::vector<std::pair<uint64_t, uint16_t>> items(codes_.begin(),
                                                   codes_.end());
  std::sort(items.begin(), items.end());
  const uint64_t n = items.size();
  out->append(reinterpret_cast<const char*>(&n), 8);
  for (const auto& [key, code] : items) {
    out->append(reinterpret_cast<const char*>(&key), 8);
    out->append(reinterpret_cast<const char*>(&code), 2);
  }
}

absl::Status NerLexiconStats::Deserialize(std::string_view data, size_t* pos) {
  codes_.clear();
  uint64_t n = 0;
  if (!ReadRecordCount(data, pos, 10, &n)) {
    return absl::InvalidArgumentError("lexicon section is truncated");
  }
  codes_.reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t key;
    uint16_t code;
    std::memcpy(&key, data.data() + *pos, 8);
    std::memcpy(&code, data.data() + *pos + 8, 2);
    *pos += 10;
    codes_.emplace(key, code);
  }
  return absl::OkStatus();
}

// ---- NerDocContext -----------------------------------------------------

namespace {

// Tokens whose base can carry document evidence: words of 2+ letters.
inline bool DocEligible(const Token& t) {
  return (t.kind == TokenKind::kWord || t.kind == TokenKind::kLatin) &&
         t.base.size() >= 3;
}

// 0 when tokens i and i + 1 are not in one entity, else 1 + its type.
inline int PairCode(const int32_t* labels, int32_t i) {
  const int32_t b = labels[i + 1];
  if (b == 0 || b % 2 == 1 || labels[i] == 0) return 0;
  return 1 + (b - 1) / 2;
}

inline uint64_t PairKey(const Token& a, const Token& b) {
  return NerCombine(NerHash(a.base), NerHash(b.base));
}

inline bool InMultiTokenEntity(const int32_t* labels, int32_t i, int32_t n) {
  const int32_t l = labels[i];
  if (l == 0) return false;
  if (l % 2 == 0) return true;  // I-X.
  return i + 1 < n && labels[i + 1] == l + 1;
}

}  // namespace

void NerDocContext::Add(const std::vector<Token>& tokens, int32_t begin,
                        int32_t end, const int32_t* labels, int sign) {
  const int32_t n = end - begin;
  for (int32_t i = 0; i < n; ++i) {
    const Token& t = tokens[begin + i];
    if (!DocEligible(t)) continue;
    Stats& st = stats_[NerHash(t.base)];
    st.label[labels[i]] += sign;
    if (InMultiTokenEntity(labels, i, n)) st.multi[(labels[i] - 1) / 2] += sign;
    if (i + 1 < n && DocEligible(tokens[begin + i + 1])) {
      pairs_[PairKey(t, tokens[begin + i + 1])].count[PairCode(labels, i)] +=
          sign;
    }
  }
}

void NerDocContext::Features(const std::vector<Token>& tokens, int32_t begin,
                             int32_t end, const int32_t* labels,
                             uint32_t disabled, NerDocFeatures* out) const {
  const int32_t n = end - begin;
  out->features.clear();
  out->offsets.clear();
  // Majority type (1-4) of the other occurrences of each token's base, 0:
  // none in an entity, 5: not a candidate / unseen elsewhere.
  thread_local std::vector<int32_t> majority;
  majority.assign(n, 5);
  thread_local std::vector<Stats> others;
  others.assign(n, Stats());
  thread_local std::vector<int32_t> totals;
  totals.assign(n, 0);
  for (int32_t i = 0; i < n; ++i) {
    const Token& t = tokens[begin + i];
    if (!DocEligible(t)) continue;
    auto it = stats_.find(NerHash(t.base));
    if (it == stats_.end()) continue;
    Stats st = it->second;
    st.label[labels[i]] -= 1;
    if (InMultiTokenEntity(labels, i, n)) st.multi[(labels[i] - 1) / 2] -= 1;
    int32_t total = 0;
    for (int k = 0; k < 9; ++k) total += st.label[k];
    totals[i] = total;
    others[i] = st;
    if (total <= 0) continue;
    int best = 0, best_count = 0;
    for (int type = 0; type < 4; ++type) {
      const int c = st.label[1 + 2 * type] + st.label[2 + 2 * type];
      if (c > best_count) {
        best_count = c;
        best = type + 1;
      }
    }
    majority[i] = best;
  }
  // Pair evidence of (i, i + 1), own occurrence excluded: 0 none, else
  // 1 + 2 * (1 + majority entity type or -1) + (not-entity outnumbers).
  thread_local std::vector<int32_t> pair;
  pair.assign(n, 0);
  if (!(disabled & kNerNoDocPairs)) {
    for (int32_t i = 0; i + 1 < n; ++i) {
      const Token& a = tokens[begin + i];
      const Token& b = tokens[begin + i + 1];
      if (!DocEligible(a) || !DocEligible(b)) continue;
      auto it = pairs_.find(PairKey(a, b));
      if (it == pairs_.end()) continue;
      PairStats ps = it->second;
      ps.count[PairCode(labels, i)] -= 1;
      int best = -1, best_count = 0, entity = 0;
      for (int type = 0; type < 4; ++type) {
        entity += ps.count[1 + type];
        if (ps.count[1 + type] > best_count) {
          best_count = ps.count[1 + type];
          best = type;
        }
      }
      if (entity + ps.count[0] <= 0) continue;
      pair[i] = 1 + 2 * (1 + best) + (ps.count[0] > entity);
    }
  }
  for (int32_t i = 0; i < n; ++i) {
    out->offsets.push_back(static_cast<int32_t>(out->features.size()));
    if (pair[i]) out->features.push_back(F(kDocPairNext, pair[i]));
    if (i > 0 && pair[i - 1]) {
      out->features.push_back(F(kDocPairPrev, pair[i - 1]));
    }
    if (!(disabled & kNerNoDocSelf)) {
      out->features.push_back(F(kDocSelf, labels[i]));
    }
    const int32_t prev = i > 0 ? majority[i - 1] : 6;
    const int32_t next = i + 1 < n ? majority[i + 1] : 6;
    out->features.push_back(F(kDocMajM1, prev));
    out->features.push_back(F(kDocMajP1, next));
    const int32_t total = totals[i];
    if (total <= 0) continue;
    const Stats& st = others[i];
    int32_t entity = 0;
    for (int type = 0; type < 4; ++type) {
      const int32_t c = st.label[1 + 2 * type] + st.label[2 + 2 * type];
      entity += c;
      if (c > 0)
        out->features.push_back(F(kDocType, type * 4 + std::min(c, 3)));
      if (st.multi[type] > 0) out->features.push_back(F(kDocMulti, type));
    }
    for (int k = 1; k < 9; ++k) {
      if (st.label[k] > 0) out->features.push_back(F(kDocLabel, k));
    }
    if (entity == 0) {
      out->features.push_back(F(kDocOnlyO, std::min(total, 4)));
      continue;
    }
    out->features.push_back(
        F(kDocMajority, majority[i] * 2 + (st.label[0] > entity)));
    const int frac = entity == total ? 4 : 4 * entity / total;
    out->features.push_back(F(kDocFrac, majority[i] * 8 + frac));
  }
  out->offsets.push_back(static_cast<int32_t>(out->features.size()));
  // Buffers grown for a sentence far longer than news has are freed, so
  // that a thread keeps only a news sentence's worth.
  constexpr int32_t kKeptTokens = 2'000;
  if (n > kKeptTokens) {
    majority = {};
    others = {};
    totals = {};
    pair = {};
  }
}

// ---- NerFeatures -------------------------------------------------------

NerFeatures::NerFeatures(const Gazetteer* gazetteer,
                         const WordClusters* clusters,
                         const NerLexiconStats* lexicon,
                         uint32_t disabled_groups)
    : gazetteer_(gazetteer),
      clusters_(clusters),
      lexicon_(lexicon),
      disabled_(disabled_groups) {
  if (gazetteer_ != nullptr && gazetteer_->size() == 0) gazetteer_ = nullptr;
  if (clusters_ != nullptr && clusters_->size() == 0) clusters_ = nullptr;
  if (lexicon_ != nullptr && lexicon_->size() == 0) lexicon_ = nullptr;
  if (disabled_ & kNerNoGazetteer) gazetteer_ = nullptr;
  if (disabled_ & kNerNoClusters) clusters_ = nullptr;
  if (disabled_ & kNerNoLexicon) lexicon_ = nullptr;
}

uint64_t NerFeatures::BiasFeature() { return F(kBias, 0); }

namespace {

// The sentence's per-token hashes as the features of a token see its
// neighbours: outside the sentence, the boundary markers.
struct Neighbours {
  const NerScratch::TokenInfo* info;
  int32_t n;

  uint64_t Norm(int32_t j) const {
    return j < 0 ? kBos : (j >= n ? kEos : info[j].norm);
  }
  uint64_t Base(int32_t j) const {
    return j < 0 ? kBos : (j >= n ? kEos : info[j].base);
  }
  uint64_t Field(int32_t j, uint64_t NerScratch::TokenInfo::*f) const {
    return j < 0 ? kBos : (j >= n ? kEos : info[j].*f);
  }
  uint64_t LexBase(int32_t j) const {
    return j < 0 ? kBos : (j >= n ? kEos : info[j].lex_base);
  }
};

// What the features of a token and of its neighbours read of it, hashed
// once per token; the gazetteer bits start cleared (the matches set them).
inline void DescribeToken(const Token& t, const NerLexiconStats* lexicon,
                          const WordClusters* clusters,
                          NerScratch::TokenInfo* info) {
  NerScratch::TokenInfo& in = *info;
  in.norm = NerHash(t.normalized);
  in.base = NerHash(t.base);
  in.word = NerHash(t.word);
  in.raw = NerHash(t.text);
  uint64_t cl = 0x31;
  for (const std::string& p : t.prefixes) cl = NerCombine(cl, NerHash(p));
  in.clitics = cl;
  uint64_t en = 0x43;
  for (const std::string& p : t.suffixes) en = NerCombine(en, NerHash(p));
  in.enclitics = en;
  in.shape = Shape(t);
  const std::string_view b(t.base);
  for (int k = 0; k < 4; ++k) {
    const size_t pe = PrefixBytes(b, k + 1);
    const size_t ss = SuffixStart(b, k + 1);
    // Only affixes shorter than the base: the whole base is its own
    // feature already.
    in.prefix[k] = pe != std::string_view::npos && pe < b.size()
                       ? NerHash(b.substr(0, pe))
                       : 0;
    in.suffix[k] =
        ss != std::string_view::npos && ss > 0 ? NerHash(b.substr(ss)) : 0;
  }
  if (lexicon != nullptr) {
    in.lex_norm = lexicon->Find(in.norm);
    in.lex_base = lexicon->Find(in.base);
  } else {
    in.lex_norm = in.lex_base = 0;
  }
  in.clusters = clusters != nullptr && t.kind == TokenKind::kWord
                    ? clusters->Find(t.word)
                    : nullptr;
  in.gaz_begin = in.gaz_inside = 0;
}

// Gives each token the gazetteer types of the entries that begin at it and
// of those it is inside (from s->keys), then every token its signature.
void MarkGazetteerMatches(const Gazetteer* gazetteer, int32_t n,
                          NerScratch* s) {
  if (gazetteer != nullptr) {
    s->matches.clear();
    gazetteer->Match(s->keys.data(), n, &s->matches);
    for (const GazetteerMatch& m : s->matches) {
      s->info[m.begin].gaz_begin |= m.types;
      for (int32_t j = m.begin + 1; j < m.end; ++j) {
        s->info[j].gaz_inside |= m.types;
      }
    }
  }
  for (int32_t i = 0; i < n; ++i) {
    NerScratch::TokenInfo& in = s->info[i];
    if ((in.gaz_begin | in.gaz_inside) == 0) {
      in.gaz = 0;
      continue;
    }
    // The first nine bits keep the signature older models were trained on.
    constexpr uint16_t kOld = 511;
    in.gaz = NerMix(0x900000 + (in.gaz_begin & kOld) * 1024 +
                    (in.gaz_inside & kOld));
    if ((in.gaz_begin | in.gaz_inside) & ~kOld) {
      in.gaz = NerCombine(in.gaz, NerMix(0xA00000 + (in.gaz_begin >> 9) * 64 +
                                         (in.gaz_inside >> 9)));
    }
  }
}

// Tokens a and b are a quote pair: the tokens between them get their
// position in the quote and their opening quote.
inline void MarkQuoted(int32_t a, int32_t b, NerScratch* s) {
  const int32_t len = b - a - 1;
  if (len <= 0) return;
  for (int32_t j = a + 1; j < b; ++j) {
    const int pos = (j == a + 1 ? 1 : 0) + (j == b - 1 ? 2 : 0);
    s->quote[j] = (pos == 0 ? 4 : pos) * 8 + std::min(len, 6);
    s->quote_open[j] = a;
  }
}

// Finds the quote pairs of the sentence, «...» (and “...”), and "..."
// toggling, and marks the tokens inside them.
void MarkQuotes(const std::vector<Token>& tokens, int32_t begin, int32_t n,
                NerScratch* s) {
  s->quote.assign(n, 0);
  s->quote_open.assign(n, -1);
  int32_t open_angle = -1, open_straight = -1;
  for (int32_t i = 0; i < n; ++i) {
    const std::string& x = tokens[begin + i].text;
    if (IsOpeningGuillemetOrCurly(x)) {
      open_angle = i;
    } else if (IsClosingGuillemetOrCurly(x)) {
      if (open_angle >= 0) MarkQuoted(open_angle, i, s);
      open_angle = -1;
    } else if (x == "\"") {
      if (open_straight >= 0) {
        MarkQuoted(open_straight, i, s);
        open_straight = -1;
      } else {
        open_straight = i;
      }
    }
  }
}

// Letter trigrams of a base, word boundaries marked: a rare name shares
// weights with the names that sound like it.
inline void AddLetterTrigrams(const std::string& b,
                              std::vector<uint64_t>* out) {
  // Start of each letter; trigrams over "^" + base + "$".
  size_t starts[64];
  int m = 0;
  for (size_t k = 0; k < b.size() && m < 62; ++k) {
    if ((static_cast<unsigned char>(b[k]) & 0xC0) != 0x80) starts[m++] = k;
  }
  if (m >= 2 && m < 62) {
    starts[m] = b.size();
    for (int k = -1; k + 2 <= m; ++k) {
      const size_t from = k < 0 ? 0 : starts[k];
      const size_t to = starts[std::min(m, k + 3)];
      uint64_t h = NerHash(std::string_view(b).substr(from, to - from));
      if (k < 0) h = NerCombine(h, 0x5e);
      if (k + 3 > m) h = NerCombine(h, 0x24);
      out->push_back(F(kTrigram, h));
    }
  }
}

// Features of a token by itself: its forms, affixes, letters, clitics and
// shape.
inline void AddTokenFeatures(const Token& t, const NerScratch::TokenInfo& in,
                             uint32_t disabled, std::vector<uint64_t>* out) {
  out->push_back(F(kBias, 0));
  out->push_back(F(kNorm, in.norm));
  out->push_back(F(kBase, in.base));
  out->push_back(F(kWord, in.word));
  if (!(disabled & kNerNoRawText)) out->push_back(F(kRaw, in.raw));
  if (!(disabled & kNerNoAffixes)) {
    for (int k = 0; k < 4; ++k) {
      if (in.prefix[k]) out->push_back(F(kPrefix1 + k, in.prefix[k]));
      if (in.suffix[k]) out->push_back(F(kSuffix1 + k, in.suffix[k]));
    }
  }
  if (!(disabled & kNerNoCharNgrams)) AddLetterTrigrams(t.base, out);
  out->push_back(F(kClitics, in.clitics));
  out->push_back(F(kEnclitics, in.enclitics));
  out->push_back(F(kShape, in.shape));
}

// Features of the words around token i: their forms, base bigrams, their
// clitics and shapes.
inline void AddContextFeatures(const Neighbours& nb, int32_t i,
                               const NerScratch::TokenInfo& in,
                               uint32_t disabled, std::vector<uint64_t>* out) {
  out->push_back(F(kNormM1, nb.Norm(i - 1)));
  out->push_back(F(kNormP1, nb.Norm(i + 1)));
  out->push_back(F(kBaseM1, nb.Base(i - 1)));
  out->push_back(F(kBaseP1, nb.Base(i + 1)));
  out->push_back(F(kWordM1, nb.Field(i - 1, &NerScratch::TokenInfo::word)));
  if (!(disabled & kNerNoContext2)) {
    out->push_back(F(kNormM2, nb.Norm(i - 2)));
    out->push_back(F(kNormP2, nb.Norm(i + 2)));
    out->push_back(F(kBaseM2, nb.Base(i - 2)));
    out->push_back(F(kBaseP2, nb.Base(i + 2)));
  }
  if (!(disabled & kNerNoBigrams)) {
    out->push_back(F(kBigramM1, NerCombine(nb.Base(i - 1), in.base)));
    out->push_back(F(kBigramP1, NerCombine(in.base, nb.Base(i + 1))));
    out->push_back(F(kBigramM2, NerCombine(nb.Base(i - 2), nb.Base(i - 1))));
  }
  out->push_back(
      F(kCliticsM1, nb.Field(i - 1, &NerScratch::TokenInfo::clitics)));
  out->push_back(
      F(kCliticsP1, nb.Field(i + 1, &NerScratch::TokenInfo::clitics)));
  out->push_back(F(
      kShapeWindow,
      NerCombine(
          NerCombine(nb.Field(i - 1, &NerScratch::TokenInfo::shape), in.shape),
          nb.Field(i + 1, &NerScratch::TokenInfo::shape))));
}

// Gazetteer features of token i: the types of the entries it begins or is
// inside, and the signatures of its neighbours.
inline void AddGazetteerFeatures(const Neighbours& nb, int32_t i,
                                 const NerScratch::TokenInfo& in,
                                 uint32_t disabled,
                                 std::vector<uint64_t>* out) {
  for (int b = 0; b < kGazetteerTypeCount; ++b) {
    if (in.gaz_begin & (1 << b)) out->push_back(F(kGazBegin, b));
    if (in.gaz_inside & (1 << b)) out->push_back(F(kGazInside, b));
  }
  if (in.gaz) out->push_back(F(kGazBase, NerCombine(in.gaz, in.base)));
  out->push_back(F(kGazM1, nb.Field(i - 1, &NerScratch::TokenInfo::gaz)));
  out->push_back(F(kGazP1, nb.Field(i + 1, &NerScratch::TokenInfo::gaz)));
  if (!(disabled & kNerNoDense2)) {
    out->push_back(F(kGazM2, nb.Field(i - 2, &NerScratch::TokenInfo::gaz)));
    out->push_back(F(kGazP2, nb.Field(i + 2, &NerScratch::TokenInfo::gaz)));
  }
}

// The cluster prefixes of token j under template tmpl: the first `max`
// slots, or the neighbour slots (kNeighbourPrefixes); a boundary marker
// outside the sentence, 0 for a word without a cluster.
inline void AddClusterPrefixes(const Neighbours& nb, uint64_t tmpl, int32_t j,
                               int max, std::vector<uint64_t>* out) {
  if (j < 0 || j >= nb.n || nb.info[j].clusters == nullptr) {
    out->push_back(F(tmpl, j < 0 ? kBos : (j >= nb.n ? kEos : 0)));
    return;
  }
  const WordClusters::Codes& c = *nb.info[j].clusters;
  if (max == kNeighbourPrefixes) {
    for (int k : kNeighbourSlots) {
      if (c.prefix[k]) out->push_back(F(tmpl, c.prefix[k]));
    }
    return;
  }
  for (int k = 0; k < WordClusters::kMaxPrefixes && k < max; ++k) {
    if (c.prefix[k]) out->push_back(F(tmpl, c.prefix[k]));
  }
}

// 6-bit prefix (or the whole shorter path); 0 without a cluster.
inline uint64_t ClusterPrefix6(const Neighbours& nb, int32_t j) {
  if (j < 0) return kBos;
  if (j >= nb.n) return kEos;
  const WordClusters::Codes* c = nb.info[j].clusters;
  if (c == nullptr) return 0;
  return c->prefix[2] ? c->prefix[2]
                      : c->prefix[WordClusters::kMaxPrefixes - 1];
}

// Word-cluster features of token i and of the tokens around it, in both
// clusterings: rare words share weights with their cluster.
inline void AddClusterFeatures(const Neighbours& nb, int32_t i,
                               const NerScratch::TokenInfo& in,
                               uint32_t disabled, std::vector<uint64_t>* out) {
  const int32_t n = nb.n;
  AddClusterPrefixes(nb, kCluster, i, WordClusters::kMaxPrefixes, out);
  AddClusterPrefixes(nb, kClusterM1, i - 1, kNeighbourPrefixes, out);
  AddClusterPrefixes(nb, kClusterP1, i + 1, kNeighbourPrefixes, out);
  if (!(disabled & kNerNoClusterWide1)) {
    for (int32_t j : {i - 1, i + 1}) {
      if (j < 0 || j >= n || nb.info[j].clusters == nullptr) continue;
      const WordClusters::Codes& c = *nb.info[j].clusters;
      const uint64_t tmpl = j < i ? kClusterWideM1 : kClusterWideP1;
      if (c.prefix[2]) out->push_back(F(tmpl, c.prefix[2]));
      const uint64_t whole = c.prefix[WordClusters::kMaxPrefixes - 1];
      if (whole) out->push_back(F(tmpl, whole));
    }
  }
  if (!(disabled & kNerNoClusters2)) {
    AddClusterPrefixes(nb, kClusterM2, i - 2, kNeighbourPrefixes, out);
    AddClusterPrefixes(nb, kClusterP2, i + 2, kNeighbourPrefixes, out);
  }
  if (!(disabled & kNerNoClusterPairs)) {
    const uint64_t here = ClusterPrefix6(nb, i);
    out->push_back(
        F(kClusterPairM1, NerCombine(ClusterPrefix6(nb, i - 1), here)));
    out->push_back(
        F(kClusterPairP1, NerCombine(here, ClusterPrefix6(nb, i + 1))));
  }
  // The finer clustering (when the model has one): every prefix of the
  // token's path, the whole path of the neighbours.
  if (in.clusters != nullptr && in.clusters->fine[kFineLast] != 0) {
    for (uint64_t h : in.clusters->fine) {
      if (h) out->push_back(F(kFineCluster, h));
    }
  }
  for (int32_t j : {i - 1, i + 1}) {
    if (j < 0 || j >= n || nb.info[j].clusters == nullptr) continue;
    const uint64_t h = nb.info[j].clusters->fine[kFineLast];
    if (h) out->push_back(F(j < i ? kFineClusterM1 : kFineClusterP1, h));
  }
}

// Lexicon features of token i and of its neighbours' bases: how common the
// words are and how often written with the article.
inline void AddLexiconFeatures(const Neighbours& nb, int32_t i,
                               const NerScratch::TokenInfo& in,
                               uint32_t disabled, std::vector<uint64_t>* out) {
  out->push_back(F(kLexNorm, in.lex_norm));
  out->push_back(F(kLexBase, in.lex_base));
  out->push_back(F(kLexBaseM1, nb.LexBase(i - 1)));
  out->push_back(F(kLexBaseP1, nb.LexBase(i + 1)));
  if (!(disabled & kNerNoDense2)) {
    out->push_back(F(kLexBaseM2, nb.LexBase(i - 2)));
    out->push_back(F(kLexBaseP2, nb.LexBase(i + 2)));
  }
  out->push_back(F(kLexBaseShape, NerCombine(in.lex_base, in.clitics)));
}

}  // namespace

void NerFeatures::Extract(const std::vector<Token>& tokens, int32_t begin,
                          int32_t end, NerScratch* s,
                          const NerDocFeatures* doc) const {
  const int32_t n = end - begin;
  s->info.resize(n);
  s->features.clear();
  s->offsets.clear();
  if (gazetteer_ != nullptr) s->keys.resize(n);
  for (int32_t i = 0; i < n; ++i) {
    const Token& t = tokens[begin + i];
    DescribeToken(t, lexicon_, clusters_, &s->info[i]);
    if (gazetteer_ != nullptr) s->keys[i] = Gazetteer::TokenKey(t);
  }
  MarkGazetteerMatches(gazetteer_, n, s);

  const bool quotes = !(disabled_ & kNerNoQuotes);
  if (quotes) MarkQuotes(tokens, begin, n, s);

  const Neighbours nb{s->info.data(), n};
  std::vector<uint64_t>& out = s->features;
  for (int32_t i = 0; i < n; ++i) {
    s->offsets.push_back(static_cast<int32_t>(out.size()));
    const NerScratch::TokenInfo& in = s->info[i];
    AddTokenFeatures(tokens[begin + i], in, disabled_, &out);
    AddContextFeatures(nb, i, in, disabled_, &out);
    if (gazetteer_ != nullptr) AddGazetteerFeatures(nb, i, in, disabled_, &out);
    if (clusters_ != nullptr) AddClusterFeatures(nb, i, in, disabled_, &out);
    if (lexicon_ != nullptr) AddLexiconFeatures(nb, i, in, disabled_, &out);
    if (quotes && s->quote[i] != 0) {
      out.push_back(F(kQuote, s->quote[i]));
      const uint64_t head = nb.Base(s->quote_open[i] - 1);
      out.push_back(F(kQuoteHead, NerCombine(head, s->quote[i] / 8)));
    }
    if (doc != nullptr) {
      out.insert(out.end(), doc->features.begin() + doc->offsets[i],
                 doc->features.begin() + doc->offsets[i + 1]);
    }
  }
  s->offsets.push_back(static_cast<int32_t>(out.size()));
}

// ---- CoNLL words to tokens -----------------------------------------------

std::vector<Token> TokensForWords(const Tokenizer& tokenizer,
                                  const std::vector<std::string>& words) {
  std::vector<Token> out;
  out.reserve(words.size());
  std::vector<Token> pieces;
  for (const std::string& w : words) {
    pieces.clear();
    tokenizer.Tokenize(w, Span{0, static_cast<int32_t>(w.size())}, 0, &pieces);
    if (pieces.size() == 1) {
      out.push_back(std::move(pieces[0]));
      continue;
    }
    Token t;
    t.text = w;
    t.span = t.base_span = t.word_span = {0, static_cast<int32_t>(w.size())};
    t.normalized = MatchingForm(w);
    if (pieces.empty()) {
      t.base = t.word = t.normalized;
      t.kind = TokenKind::kSymbol;
    } else {
      const Token* first = &pieces[0];
      for (const Token& p : pieces) {
        if (p.kind == TokenKind::kWord || p.kind == TokenKind::kLatin) {
          first = &p;
          break;
        }
      }
      t.kind = first->kind;
      t.prefixes = first->prefixes;
      t.suffixes = first->suffixes;
      t.base = first->base;
      t.word = first->word;
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace khabar
