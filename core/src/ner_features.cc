#include "ner_features.h"

#include <algorithm>
#include <cstring>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "ner_hash.h"
#include "normalizer.h"
#include "tokenizer.h"

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
};

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

int CharCount(std::string_view s) {
  int n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

uint64_t Shape(const Token& t) {
  const int len = CharCount(t.base);
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

absl::StatusOr<WordClusters> WordClusters::Load(const std::string& path) {
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
  // Bit strings: prefixes of 4, 8, 12 and 16 bits and the whole; other ids
  // (not only 0/1): the whole id.
  const bool bits = path.find_first_not_of("01") == std::string_view::npos;
  int k = 0;
  if (bits) {
    for (size_t n : {4, 8, 12, 16}) {
      if (path.size() > n) codes.prefix[k++] = NerHash(path.substr(0, n)) | 1;
    }
  }
  codes.prefix[k] = NerCombine(NerHash(path), 0x77) | 1;
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

absl::Status WordClusters::Deserialize(std::string_view data, size_t* pos) {
  paths_.clear();
  codes_.clear();
  uint64_t n = 0;
  if (*pos + 8 > data.size()) {
    return absl::InvalidArgumentError("word cluster section is truncated");
  }
  std::memcpy(&n, data.data() + *pos, 8);
  *pos += 8;
  if (n > (data.size() - *pos) / 9) {
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

// ---- NerFeatures -------------------------------------------------------

NerFeatures::NerFeatures(const Gazetteer* gazetteer,
                         const WordClusters* clusters, uint32_t disabled_groups)
    : gazetteer_(gazetteer), clusters_(clusters), disabled_(disabled_groups) {
  if (gazetteer_ != nullptr && gazetteer_->size() == 0) gazetteer_ = nullptr;
  if (clusters_ != nullptr && clusters_->size() == 0) clusters_ = nullptr;
  if (disabled_ & kNerNoGazetteer) gazetteer_ = nullptr;
  if (disabled_ & kNerNoClusters) clusters_ = nullptr;
}

void NerFeatures::Extract(const std::vector<Token>& tokens, int32_t begin,
                          int32_t end, NerScratch* s) const {
  const int32_t n = end - begin;
  s->info.resize(n);
  s->features.clear();
  s->offsets.clear();
  if (gazetteer_ != nullptr) s->keys.resize(n);
  for (int32_t i = 0; i < n; ++i) {
    const Token& t = tokens[begin + i];
    NerScratch::TokenInfo& in = s->info[i];
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
    in.clusters = clusters_ != nullptr && t.kind == TokenKind::kWord
                      ? clusters_->Find(t.word)
                      : nullptr;
    in.gaz_begin = in.gaz_inside = 0;
    if (gazetteer_ != nullptr) s->keys[i] = Gazetteer::TokenKey(t);
  }
  if (gazetteer_ != nullptr) {
    s->matches.clear();
    gazetteer_->Match(s->keys.data(), n, &s->matches);
    for (const GazetteerMatch& m : s->matches) {
      s->info[m.begin].gaz_begin |= m.types;
      for (int32_t j = m.begin + 1; j < m.end; ++j) {
        s->info[j].gaz_inside |= m.types;
      }
    }
  }
  for (int32_t i = 0; i < n; ++i) {
    NerScratch::TokenInfo& in = s->info[i];
    in.gaz = (in.gaz_begin | in.gaz_inside)
                 ? NerMix(0x900000 + in.gaz_begin * 1024 + in.gaz_inside)
                 : 0;
  }

  auto norm = [&](int32_t j) {
    return j < 0 ? kBos : (j >= n ? kEos : s->info[j].norm);
  };
  auto base = [&](int32_t j) {
    return j < 0 ? kBos : (j >= n ? kEos : s->info[j].base);
  };
  auto field = [&](int32_t j, uint64_t NerScratch::TokenInfo::*f) {
    return j < 0 ? kBos : (j >= n ? kEos : s->info[j].*f);
  };
  std::vector<uint64_t>& out = s->features;
  for (int32_t i = 0; i < n; ++i) {
    s->offsets.push_back(static_cast<int32_t>(out.size()));
    const NerScratch::TokenInfo& in = s->info[i];
    out.push_back(F(kBias, 0));
    out.push_back(F(kNorm, in.norm));
    out.push_back(F(kBase, in.base));
    out.push_back(F(kWord, in.word));
    if (!(disabled_ & kNerNoRawText)) out.push_back(F(kRaw, in.raw));
    if (!(disabled_ & kNerNoAffixes)) {
      for (int k = 0; k < 4; ++k) {
        if (in.prefix[k]) out.push_back(F(kPrefix1 + k, in.prefix[k]));
        if (in.suffix[k]) out.push_back(F(kSuffix1 + k, in.suffix[k]));
      }
    }
    out.push_back(F(kClitics, in.clitics));
    out.push_back(F(kEnclitics, in.enclitics));
    out.push_back(F(kShape, in.shape));
    out.push_back(F(kNormM1, norm(i - 1)));
    out.push_back(F(kNormP1, norm(i + 1)));
    out.push_back(F(kBaseM1, base(i - 1)));
    out.push_back(F(kBaseP1, base(i + 1)));
    out.push_back(F(kWordM1, field(i - 1, &NerScratch::TokenInfo::word)));
    if (!(disabled_ & kNerNoContext2)) {
      out.push_back(F(kNormM2, norm(i - 2)));
      out.push_back(F(kNormP2, norm(i + 2)));
      out.push_back(F(kBaseM2, base(i - 2)));
      out.push_back(F(kBaseP2, base(i + 2)));
    }
    if (!(disabled_ & kNerNoBigrams)) {
      out.push_back(F(kBigramM1, NerCombine(base(i - 1), in.base)));
      out.push_back(F(kBigramP1, NerCombine(in.base, base(i + 1))));
      out.push_back(F(kBigramM2, NerCombine(base(i - 2), base(i - 1))));
    }
    out.push_back(F(kCliticsM1, field(i - 1, &NerScratch::TokenInfo::clitics)));
    out.push_back(F(kCliticsP1, field(i + 1, &NerScratch::TokenInfo::clitics)));
    out.push_back(
        F(kShapeWindow,
          NerCombine(
              NerCombine(field(i - 1, &NerScratch::TokenInfo::shape), in.shape),
              field(i + 1, &NerScratch::TokenInfo::shape))));
    if (gazetteer_ != nullptr) {
      for (int b = 0; b < kGazetteerTypeCount; ++b) {
        if (in.gaz_begin & (1 << b)) out.push_back(F(kGazBegin, b));
        if (in.gaz_inside & (1 << b)) out.push_back(F(kGazInside, b));
      }
      if (in.gaz) out.push_back(F(kGazBase, NerCombine(in.gaz, in.base)));
      out.push_back(F(kGazM1, field(i - 1, &NerScratch::TokenInfo::gaz)));
      out.push_back(F(kGazP1, field(i + 1, &NerScratch::TokenInfo::gaz)));
    }
    if (clusters_ != nullptr) {
      auto add_clusters = [&](uint64_t tmpl, int32_t j, int max) {
        if (j < 0 || j >= n || s->info[j].clusters == nullptr) {
          out.push_back(F(tmpl, j < 0 ? kBos : (j >= n ? kEos : 0)));
          return;
        }
        const WordClusters::Codes& c = *s->info[j].clusters;
        for (int k = 0; k < WordClusters::kMaxPrefixes && k < max; ++k) {
          if (c.prefix[k]) out.push_back(F(tmpl, c.prefix[k]));
        }
      };
      add_clusters(kCluster, i, WordClusters::kMaxPrefixes);
      add_clusters(kClusterM1, i - 1, 2);
      add_clusters(kClusterP1, i + 1, 2);
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
