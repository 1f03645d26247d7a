// Features of the NER tagger: hashed observation features per token, from
// the core Tokenizer's tokens, a gazetteer and (optionally) word clusters.
#ifndef KHABAR_CORE_SRC_NER_FEATURES_H_
#define KHABAR_CORE_SRC_NER_FEATURES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "gazetteer.h"
#include "khabar/analysis.h"

namespace khabar {

class Tokenizer;

// Brown clusters of stand-alone words (Token::word), keyed by the hash of
// the matching form. Bit-string prefixes of several lengths become
// features, so that rare words share weights with their cluster.
class WordClusters {
 public:
  static constexpr int kMaxPrefixes = 5;
  struct Codes {
    uint64_t prefix[kMaxPrefixes] = {0};  // Hashes; 0 = none.
  };

  // Reads "FORM<TAB>BITSTRING[<TAB>COUNT]" lines ('#' lines are comments).
  // NOT_FOUND / INVALID_ARGUMENT (naming the line).
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

// Feature groups that can be switched off (for ablations); a model file
// records which were off when it was trained.
enum NerFeatureGroup : uint32_t {
  kNerNoContext2 = 1,   // Words and bases two tokens away.
  kNerNoBigrams = 2,    // Base bigrams around the token.
  kNerNoAffixes = 4,    // Prefixes and suffixes of the base.
  kNerNoGazetteer = 8,  // Gazetteer matches.
  kNerNoClusters = 16,  // Word clusters.
  kNerNoRawText = 32,   // The token as written (hamzas, ta marbuta).
};

// Reused buffers of one extraction (one per thread).
struct NerScratch {
  struct TokenInfo {
    uint64_t norm, base, word, raw, clitics, enclitics, shape, gaz;
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
};

// Stateless apart from the resources it points to; thread-safe.
class NerFeatures {
 public:
  // `gazetteer` and `clusters` may be null; they must outlive this.
  NerFeatures(const Gazetteer* gazetteer, const WordClusters* clusters,
              uint32_t disabled_groups);

  // Fills scratch->features/offsets for tokens[begin, end) (one sentence).
  void Extract(const std::vector<Token>& tokens, int32_t begin, int32_t end,
               NerScratch* scratch) const;

 private:
  const Gazetteer* gazetteer_;
  const WordClusters* clusters_;
  uint32_t disabled_;
};

// Core tokens for pre-tokenized words (CoNLL tokens): each word is run
// through `tokenizer` alone; when ICU splits it, the pieces are merged into
// one token (text and matching form of the whole, split and kind of the
// first word-like piece), so that features match those of running text.
std::vector<Token> TokensForWords(const Tokenizer& tokenizer,
                                  const std::vector<std::string>& words);

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_NER_FEATURES_H_
