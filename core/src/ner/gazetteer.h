// Name lists for NER features: multi-token entries matched on the tokens'
// clitic-stripped bases in matching form (so وبغداد, لأربيل and لاربيل match
// بغداد and أربيل). Entries are kept as hashes, so a gazetteer is small and
// can be baked into the model file.
#ifndef KHABAR_CORE_SRC_NER_GAZETTEER_H_
#define KHABAR_CORE_SRC_NER_GAZETTEER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "khabar/analysis.h"

namespace khabar {

class Tokenizer;

// Type bits of an entry (an entry may carry several).
enum GazetteerType : uint16_t {
  kGazPerson = 1,
  kGazLocation = 2,
  kGazOrganization = 4,
  kGazMisc = 8,
  kGazCurrency = 16,
  // Entities of an annotated corpus (WikiFANE), kept apart from the lists
  // so that the model can weigh them differently.
  kGazCorpusPerson = 32,
  kGazCorpusLocation = 64,
  kGazCorpusOrganization = 128,
  kGazCorpusMisc = 256,
  // Typed transliterated names (ANETAC) and single tokens of people's names
  // (Wikidata): large, noisier lists of mostly foreign names, kept apart
  // again so that the model learns how far to trust them.
  kGazListPerson = 512,
  kGazListLocation = 1024,
  kGazListOrganization = 2048,
  kGazPersonNameToken = 4096,
};
constexpr int kGazetteerTypeCount = 13;

// One match: tokens [begin, end) of the sentence, with its type bits.
struct GazetteerMatch {
  int32_t begin = 0;
  int32_t end = 0;
  uint16_t types = 0;
};

// Immutable after building; lookups are thread-safe.
class Gazetteer {
 public:
  // The key of one token: the hash of its base (clitics stripped, matching
  // form), or of its matching form when it has no base (punctuation).
  static uint64_t TokenKey(const Token& token);

  // Adds an entry given as the keys of its tokens.
  void Add(const std::vector<uint64_t>& keys, uint16_t types);
  // Adds an entry given as text, tokenized with `tokenizer` (the one used at
  // run time, so that entry and text split clitics alike).
  void AddText(const Tokenizer& tokenizer, std::string_view text,
               uint16_t types);
  // All entries found in keys[0, n), longest first at each start.
  void Match(const uint64_t* keys, int32_t n,
             std::vector<GazetteerMatch>* out) const;

  size_t size() const { return entries_; }
  int32_t max_length() const { return max_length_; }

  // Appends a binary form to *out; Deserialize reads it back from data at
  // *pos (advancing it). INVALID_ARGUMENT when truncated.
  void Serialize(std::string* out) const;
  absl::Status Deserialize(std::string_view data, size_t* pos);

 private:
  // Value bits: the low ones are the types of an entry ending here;
  // kPrefix says longer entries continue from this key sequence.
  static constexpr uint16_t kPrefix = 0x8000;
  absl::flat_hash_map<uint64_t, uint16_t> table_;
  size_t entries_ = 0;
  int32_t max_length_ = 0;
};

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_NER_GAZETTEER_H_
