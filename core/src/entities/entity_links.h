// Entity links: ISO 3166-1 codes and English names for countries (ICU CLDR
// plus models/places.tsv), cities (models/places.tsv, from the world-cities
// data), nationality adjectives (العراقي -> IQ), and a romanized key for
// every entity from ICU's Arabic-Latin transliterator.
#ifndef KHABAR_CORE_SRC_ENTITIES_ENTITY_LINKS_H_
#define KHABAR_CORE_SRC_ENTITIES_ENTITY_LINKS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "khabar/analysis.h"

namespace khabar {

struct CountryInfo {
  std::string iso;      // "IQ".
  std::string english;  // CLDR English name: "Iraq".
  std::string arabic;   // CLDR Arabic name: "العراق".
};

struct CityInfo {
  std::string iso;  // Its country.
  std::string english;
};

// Immutable and thread-safe: the transliterator, which ICU does not allow
// to be shared between threads, is cloned into a small pool, and each call
// borrows one clone under a mutex.
class EntityLinker {
 public:
  // Countries come from ICU; `places_path` (models/places.tsv; empty: none)
  // adds other country names, irregular adjectives and cities. NOT_FOUND /
  // INVALID_ARGUMENT when the file is unreadable or malformed, INTERNAL
  // when ICU lacks the transliterator.
  static absl::StatusOr<std::unique_ptr<EntityLinker>> Create(
      const std::string& places_path);
  // The same from the file's contents.
  static absl::StatusOr<std::unique_ptr<EntityLinker>> FromText(
      std::string_view places_tsv);
  ~EntityLinker();

  // The country a name denotes (العراق, عراق, بريطانيا), or null.
  const CountryInfo* FindCountry(std::string_view name) const;
  // The country of a nationality adjective given as a token base in
  // matching form (عراقي, امريكيه, فرنسيين), or null. Regular forms are
  // derived from the country names (عراق+ي, فرنسا -> فرنسي, ألمانيا ->
  // ألماني, السعودية -> سعودي) with -ة/-ون/-ين endings; irregular ones come
  // from places.tsv. Names ending in ي give none (مالي is also "financial").
  const CountryInfo* FindNisba(std::string_view base) const;
  // An unambiguous city, or null.
  const CityInfo* FindCity(std::string_view name) const;

  // Sets links on each entity: countries (any type but person) and cities
  // (locations) by name or alias; a romanized key on every entity.
  void Link(std::vector<Entity>* entities) const;
  // Lower-case ASCII romanization of the matching form ("alkazmy"), ع
  // written 3 and ء written 2 ("3bd alqadr", "sn3a2").
  std::string Romanize(std::string_view text) const;

  size_t city_count() const { return cities_.size(); }
  const std::string& description() const { return description_; }

 private:
  EntityLinker();
  struct Pool;

  std::vector<CountryInfo> countries_;
  absl::flat_hash_map<std::string, int32_t> country_by_key_;
  absl::flat_hash_map<std::string, int32_t> nisba_;  // -1: ambiguous.
  std::vector<CityInfo> cities_;
  absl::flat_hash_map<std::string, int32_t> city_by_key_;  // -1: ambiguous.
  std::unique_ptr<Pool> pool_;
  std::string description_;
};

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_ENTITIES_ENTITY_LINKS_H_
