// CoNLL files (one token a line, blank line = sentence end) and entity-level
// scoring with conlleval/seqeval chunking, shared by khabar-ner and tests.
#ifndef KHABAR_CORE_TRAINING_CONLL_H_
#define KHABAR_CORE_TRAINING_CONLL_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace khabar {

struct ConllSentence {
  std::vector<std::string> tokens;  // First column, cleaned (see ReadConll).
  std::vector<std::string> tags;    // Last column; "O" when absent.
};

// Cleans one CoNLL line: drops a UTF-8 BOM, a trailing CR and the
// LEFT-TO-RIGHT / RIGHT-TO-LEFT marks that WikiFANE puts before tokens.
std::string CleanConllLine(std::string_view line);

// Splits CoNLL text into sentences. Columns are separated by spaces or tabs;
// the first is the token, the last the tag (a one-column line gets "O").
// Runs of blank lines make one boundary.
std::vector<ConllSentence> ParseConll(std::string_view text);

// Reads a file with ParseConll. NOT_FOUND when it cannot be opened.
absl::StatusOr<std::vector<ConllSentence>> ReadConll(const std::string& path);

// Tags CoNLL text: calls `tagger` with each sentence's cleaned tokens and
// writes "TOKEN TAG" per token line, the token as written (only a BOM and CR
// dropped), and keeps every blank line, so the output aligns line by line
// with the input.
using ConllTagger = std::function<void(const std::vector<std::string>& words,
                                       std::vector<std::string>* tags)>;
std::string TagConllText(std::string_view text, const ConllTagger& tagger);

// Maps WikiFANE's fine classes to PERS/LOC/ORG/MISC ("B-Politician" ->
// "B-PERS", "I-Nation" -> "I-LOC"); other tags pass through.
std::string CoarseWikiFaneTag(std::string_view tag);

// Rewrites an I-X that cannot continue the entity before it (after O or a
// different type) as B-X. Chunking is unchanged; BIO becomes well formed.
void RepairBio(std::vector<std::string>* tags);

struct Chunk {
  int32_t begin = 0;  // Token index.
  int32_t end = 0;    // Exclusive.
  std::string type;
  friend bool operator==(const Chunk& a, const Chunk& b) {
    return a.begin == b.begin && a.end == b.end && a.type == b.type;
  }
};

// Entities of a tag sequence as conlleval/seqeval (IOB2, non-strict) chunk
// them: an I-X after O or after another type starts an entity.
std::vector<Chunk> ExtractChunks(const std::vector<std::string>& tags);

struct PrfCounts {
  int64_t gold = 0;
  int64_t predicted = 0;
  int64_t correct = 0;
  double Precision() const;
  double Recall() const;
  double F1() const;
};

// Micro-averaged entity scores, overall and per type.
class NerScorer {
 public:
  void Add(const std::vector<std::string>& gold,
           const std::vector<std::string>& predicted);
  const PrfCounts& overall() const { return overall_; }
  const std::map<std::string, PrfCounts>& by_type() const { return by_type_; }
  // A small table: one line per type, then the overall line (percentages).
  std::string Report() const;

 private:
  PrfCounts overall_;
  std::map<std::string, PrfCounts> by_type_;
};

}  // namespace khabar

#endif  // KHABAR_CORE_TRAINING_CONLL_H_
