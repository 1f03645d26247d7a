// Salience: how central each entity is to the article, in [0, 1] and
// summing to 1, from its mentions' number and position (headline, deck,
// lead) and the references other entities' roles and attributes make to
// it. Entities are then sorted by it and numbered e1, e2... See
// docs/entities.md for the weights.
#ifndef KHABAR_CORE_SRC_ENTITIES_SALIENCE_H_
#define KHABAR_CORE_SRC_ENTITIES_SALIENCE_H_

#include <vector>

#include "khabar/analysis.h"

namespace khabar {

// Scores, sorts (ties keep their order, i.e. first mention first) and
// renumbers `entities`, rewriting the ids in roles and attributes.
void RankEntities(const std::vector<Sentence>& sentences,
                  std::vector<Entity>* entities);

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_ENTITIES_SALIENCE_H_
