// Entity grouping: mentions of one real-world thing become one Entity (full
// and partial person names, spelling variants of foreign names, aliases and
// acronyms from a reference table, parenthesised aliases). See
// docs/entities.md for each rule and its limits.
#ifndef KHABAR_CORE_SRC_ENTITIES_ENTITY_GROUPING_H_
#define KHABAR_CORE_SRC_ENTITIES_ENTITY_GROUPING_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "khabar/analysis.h"
#include "khabar/cancellation.h"

namespace khabar {

// The words of a name for comparison: matching form, punctuation dropped,
// a leading article removed from each word (الكاظمي and كاظمي compare
// equal).
std::vector<std::string> NameWords(std::string_view name);
// NameWords joined with single spaces.
std::string NameKey(std::string_view name);

// Consonant skeleton of one matching-form word: long vowels ا و ي and the
// hamza forms ء ؤ ئ dropped, doubled letters collapsed. Transliterations of
// one foreign name differ mostly there (ستولتنبرغ / ستولتنبيرغ, أميركية /
// أمريكية).
std::u32string Skeleton(std::string_view word);
// True when two matching-form words are the same name: equal, or equal
// skeletons of at least 5 letters, or skeletons of at least 7 letters one
// edit apart with the same first letter. The length floors keep native
// names apart (محمد / محمود share the skeleton محمد).
bool SimilarWords(std::string_view a, std::string_view b);

// Aliases and acronyms of well-known organizations (models/aliases.tsv):
// one line per organization, "ID<TAB>TYPE<TAB>ENGLISH<TAB>NAMES<TAB>
// ACRONYMS" with NAMES and ACRONYMS separated by '|'. Immutable.
class AliasTable {
 public:
  struct Group {
    std::string id;       // "NATO".
    std::string english;  // "North Atlantic Treaty Organization".
    EntityType type = EntityType::kOrganization;
  };
  struct Hit {
    int32_t group = -1;  // -1: not in the table.
    bool acronym = false;
  };

  // NOT_FOUND when unreadable, INVALID_ARGUMENT naming a malformed line.
  static absl::StatusOr<std::unique_ptr<AliasTable>> Load(
      const std::string& path);
  static absl::StatusOr<std::unique_ptr<AliasTable>> FromText(
      std::string_view tsv);

  // By NameKey, then by word skeletons (الأمريكية ~ الأميركية), then with a
  // generic head noun dropped (تنظيم داعش -> داعش).
  Hit Find(std::string_view name) const;
  // The same for a name given as NameWords.
  Hit FindWords(std::vector<std::string> words) const;
  const Group& group(int32_t i) const { return groups_[i]; }
  size_t size() const { return groups_.size(); }
  const std::string& description() const { return description_; }

 private:
  AliasTable() = default;
  std::vector<Group> groups_;
  absl::flat_hash_map<std::string, Hit> by_key_;
  absl::flat_hash_map<std::u32string, Hit> by_skeleton_;
  std::string description_;
};

// Extends a LOCATION mention over an administrative head noun just before
// it (إقليم كردستان, محافظة نينوى): the NER model often leaves it out, and
// the region's name includes it.
void ExtendPlaceHeads(std::string_view text, const std::vector<Token>& tokens,
                      std::vector<Mention>* mentions);

// Adds mentions the tagger missed: a token run outside every mention whose
// words equal a name tagged elsewhere in the article (one sense per
// discourse: «بلينكن» in a headline the model skipped). Names of fewer than
// three letters are not searched. Added mentions get confidence 0.5.
void AddRepeatedMentions(std::string_view text,
                         const std::vector<Token>& tokens,
                         std::vector<Mention>* mentions);

// Groups `mentions` (text order) into entities with their canonical name,
// aliases, type vote and mention kinds. Ids are "e1".. in order of first
// mention; salience is left 0. `aliases` may be null. An entity found in
// the alias table gets the table's English name in links.english_name when
// it has the table's type (a MISC entity takes the table's type).
// Work is linear in the mentions: each distinct name is compared with at
// most the 1,000 before and after it. Returns no entities once
// `cancellation` (may be null) says stop.
std::vector<Entity> GroupMentions(std::string_view text,
                                  const std::vector<Token>& tokens,
                                  std::vector<Mention> mentions,
                                  const AliasTable* aliases,
                                  const Cancellation* cancellation = nullptr);

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_ENTITIES_ENTITY_GROUPING_H_
