// Features of the NER tagger: hashed observation features per token, from
// the core Tokenizer's tokens, a gazetteer and (optionally) word clusters.
#ifndef KHABAR_CORE_SRC_NER_NER_FEATURES_H_
#define KHABAR_CORE_SRC_NER_NER_FEATURES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "khabar/analysis.h"
#include "ner/gazetteer.h"

namespace khabar {

class Tokenizer;

// Brown clusters of stand-alone words (Token::word), keyed by the hash of
// the matching form. Bit-string prefixes of several lengths become
// features, so that rare words share weights with their cluster.
class WordClusters {
 public:
  // Prefixes of 2, 4, 6, 8 and 10 bits (when the path is longer), then the
  // whole path.
  static constexpr int kMaxPrefixes = 6;
  // A second, finer clustering (more leaf clusters) of the same words:
  // prefixes of kFinePrefixBits bits (when the path is longer), then the
  // whole path.
  static constexpr int kFinePrefixes = 3;
  static constexpr int kFinePrefixBits[kFinePrefixes - 1] = {10, 12};
  struct Codes {
    uint64_t prefix[kMaxPrefixes] = {0};  // Hashes; 0 = none.
    uint64_t fine[kFinePrefixes] = {0};   // Likewise, of the finer set.
  };

  // Reads "FORM<TAB>BITSTRING[<TAB>COUNT]" lines ('#' lines are comments).
  // NOT_FOUND / INVALID_ARGUMENT (naming the line). "A,B" reads the coarse
  // clustering A and the finer clustering B of the same words (a word's
  // stored path is "PATH_A|PATH_B", either part possibly empty).
  static absl::StatusOr<WordClusters> Load(const std::string& path);

  // Null when the word has no cluster.
  const Codes* Find(std::string_view word) const;
  size_t size() const { return paths_.size(); }

  void Serialize(std::string* out) const;
  absl::Status Deserialize(std::string_view data, size_t* pos);

 private:
  void Add(std::string_view form, std::string_view path);
  void AddKey(uint64_t key, std::string_view path);
  absl::flat_hash_map<uint64_t, std::string> paths_;
  absl::flat_hash_map<uint64_t, Codes> codes_;
};

// Corpus statistics of matching forms, from the word-frequency lexicon
// (models/lexicon.tsv): a log2 frequency bucket and how often the form is
// written with the article ال (proper names rarely are, common nouns often).
// Keyed by the hash of the form; baked into the model file.
class NerLexiconStats {
 public:
  // Reads "FORM<TAB>COUNT" lines ('#' lines are comments).
  static absl::StatusOr<NerLexiconStats> Load(const std::string& path);

  // 0 when the form (and its article form) is unknown; else
  // frequency bucket (1-15) | article bucket (0-7) << 4.
  uint16_t Find(uint64_t form_hash) const {
    if (codes_.empty()) return 0;
    auto it = codes_.find(form_hash);
    return it == codes_.end() ? 0 : it->second;
  }
  size_t size() const { return codes_.size(); }

  void Serialize(std::string* out) const;
  absl::Status Deserialize(std::string_view data, size_t* pos);

 private:
  absl::flat_hash_map<uint64_t, uint16_t> codes_;
};

// Feature groups that can be switched off (for ablations); a model file
// records which were off when it was trained.
enum NerFeatureGroup : uint32_t {
  kNerNoContext2 = 1,          // Words and bases two tokens away.
  kNerNoBigrams = 2,           // Base bigrams around the token.
  kNerNoAffixes = 4,           // Prefixes and suffixes of the base.
  kNerNoGazetteer = 8,         // Gazetteer matches.
  kNerNoClusters = 16,         // Word clusters.
  kNerNoRawText = 32,          // The token as written (hamzas, ta marbuta).
  kNerNoLexicon = 64,          // Corpus frequency and article-rate buckets.
  kNerNoDocSelf = 128,         // Second pass: the token's own first-pass label.
  kNerNoCharNgrams = 256,      // Letter trigrams inside the base.
  kNerNoDocPairs = 512,        // Second pass: base pairs labelled elsewhere.
  kNerNoQuotes = 1024,         // Position inside «...» / "..." and the word
                               // before the opening quote.
  kNerNoClusters2 = 2048,      // Cluster prefixes two tokens away.
  kNerNoClusterPairs = 4096,   // Cluster pairs (-1, 0) and (0, +1).
  kNerNoDense2 = 8192,         // Gazetteer and lexicon codes two tokens away.
  kNerNoClusterWide1 = 16384,  // More cluster prefixes (6 bits, path) at +-1.
};

// Second-pass features of one sentence's tokens (hashed, template
// included): features[offsets[i], offsets[i + 1]) belong to token i.
struct NerDocFeatures {
  std::vector<uint64_t> features;
  std::vector<int32_t> offsets;
};

// How the bases of a document were labelled by the first pass: per base,
// counts of each label and of multi-token entity membership. Sentences are
// added and removed (a sliding window of sentences serves as the document
// for corpora without article boundaries).
class NerDocContext {
 public:
  // sign +1 adds, -1 removes tokens[begin, end) with first-pass `labels`.
  void Add(const std::vector<Token>& tokens, int32_t begin, int32_t end,
           const int32_t* labels, int sign);
  void Clear() {
    stats_.clear();
    pairs_.clear();
  }
  // Features of tokens[begin, end) (whose first-pass labels are `labels`
  // and which must have been added): what the rest of the document says
  // about each token's base (its own occurrence excluded).
  void Features(const std::vector<Token>& tokens, int32_t begin, int32_t end,
                const int32_t* labels, uint32_t disabled_groups,
                NerDocFeatures* out) const;

 private:
  struct Stats {
    int32_t label[9] = {0};
    int32_t multi[4] = {0};
  };
  absl::flat_hash_map<uint64_t, Stats> stats_;
  // Adjacent base pairs: [0] not one entity, [1 + type] inside one entity.
  struct PairStats {
    int32_t count[5] = {0};
  };
  absl::flat_hash_map<uint64_t, PairStats> pairs_;
};

// Reused buffers of one extraction (one per thread).
struct NerScratch {
  struct TokenInfo {
    uint64_t norm, base, word, raw, clitics, enclitics, shape, gaz;
    uint16_t lex_norm, lex_base;
    uint64_t prefix[4], suffix[4];
    const WordClusters::Codes* clusters;
    uint16_t gaz_begin, gaz_inside;
  };
  std::vector<TokenInfo> info;
  std::vector<uint64_t> keys;
  std::vector<GazetteerMatch> matches;
  // Features of position i: features[offsets[i], offsets[i + 1]).
  std::vector<uint64_t> features;
  std::vector<int32_t> offsets;
  std::vector<float> scores;
  std::vector<float> lattice;
  std::vector<int32_t> back;
  std::vector<int32_t> labels;
  std::vector<int32_t> quote;  // Per token: 0, or position code in a quote.
  std::vector<int32_t> quote_open;  // Per token: its opening quote or -1.
};

// Stateless apart from the resources it points to; thread-safe.
class NerFeatures {
 public:
  // `gazetteer` and `clusters` may be null; they must outlive this.
  NerFeatures(const Gazetteer* gazetteer, const WordClusters* clusters,
              const NerLexiconStats* lexicon, uint32_t disabled_groups);

  // Fills scratch->features/offsets for tokens[begin, end) (one sentence);
  // `doc` (may be null) adds second-pass features.
  void Extract(const std::vector<Token>& tokens, int32_t begin, int32_t end,
               NerScratch* scratch, const NerDocFeatures* doc = nullptr) const;

  // The hash of the bias feature, which every token has.
  static uint64_t BiasFeature();

 private:
  const Gazetteer* gazetteer_;
  const WordClusters* clusters_;
  const NerLexiconStats* lexicon_;
  uint32_t disabled_;
};

// Core tokens for pre-tokenized words (CoNLL tokens): each word is run
// through `tokenizer` alone; when ICU splits it, the pieces are merged into
// one token (text and matching form of the whole, split and kind of the
// first word-like piece), so that features match those of running text.
std::vector<Token> TokensForWords(const Tokenizer& tokenizer,
                                  const std::vector<std::string>& words);

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_NER_NER_FEATURES_H_
