// Builds the gazetteer that the NER trainer bakes into a model file, from
// ICU's CLDR data and the name lists of ../shared/data. Training only: the
// runtime reads the gazetteer back from the model.
#ifndef KHABAR_CORE_TRAINING_GAZETTEER_BUILDER_H_
#define KHABAR_CORE_TRAINING_GAZETTEER_BUILDER_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ner/gazetteer.h"

namespace khabar {

class Tokenizer;

// Builds the standard gazetteer: ICU CLDR country names (Arabic display
// names of every ISO country), exemplar cities of every canonical time
// zone and currency names; then, from `data_dir` when present,
// anergazet/ANERGazet/Aligned{Loc,Org,Pers}Gazetteer/data and
// world-cities-ar-en/world-cities.csv. `report` (may be null) gets one
// line per source with its entry count.
absl::StatusOr<Gazetteer> BuildStandardGazetteer(const Tokenizer& tokenizer,
                                                 const std::string& data_dir,
                                                 std::string* report);

// Adds the entities of a CoNLL file (WikiFANE's fine classes mapped to
// PERS/LOC/ORG/MISC) to `gazetteer` with the kGazCorpus* bits. NOT_FOUND
// when missing.
absl::Status AddConllEntities(const Tokenizer& tokenizer,
                              const std::string& path, Gazetteer* gazetteer);

// Adds the name lists of `data_dir`/name-lists: ANETAC's typed names with
// the kGazList* bits, Wikidata's tokens of people's names with
// kGazPersonNameToken. `report` (may be null) gets one line per list.
// NOT_FOUND when a list is missing.
absl::Status AddNameLists(const Tokenizer& tokenizer,
                          const std::string& data_dir, Gazetteer* gazetteer,
                          std::string* report);

}  // namespace khabar

#endif  // KHABAR_CORE_TRAINING_GAZETTEER_BUILDER_H_
