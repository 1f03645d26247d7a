// Hierarchical word clusters: matching form -> Brown bit string.
#ifndef KHABAR_CORE_SRC_NER_WORD_CLUSTERS_H_
#define KHABAR_CORE_SRC_NER_WORD_CLUSTERS_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace khabar {

// Immutable after loading; lookups are thread-safe. A bit string's prefixes
// are coarser clusters, so features can take the first 4, 6, 10... bits.
// (Named apart from ner_features.h's WordClusters, which keys by hash for
// the tagger; this one keeps the bit strings themselves.)
class WordClusterPaths {
 public:
  // Reads a TSV file (models/clusters.tsv): lines "FORM<TAB>BITSTRING" with
  // an optional "<TAB>COUNT"; '#' lines are comments, the first one kept as
  // the description. NOT_FOUND when the file cannot be opened;
  // INVALID_ARGUMENT naming the line when one is malformed or repeats a form.
  static absl::StatusOr<std::unique_ptr<WordClusterPaths>> Load(
      const std::string& path);

  // The bit string of a matching form; empty when the form is unknown. Valid
  // as long as this object.
  std::string_view Path(std::string_view form) const;
  size_t size() const { return paths_.size(); }
  const std::string& description() const { return description_; }

 private:
  WordClusterPaths() = default;
  absl::flat_hash_map<std::string, std::string> paths_;
  std::string description_;
};

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_NER_WORD_CLUSTERS_H_
