// Roles and nationality attributes: titles in apposition to a person
// mention («رئيس الوزراء العراقي مصطفى الكاظمي», «بلينكن، وزير الخارجية»)
// with the organization or country they name, and nationality adjectives
// (العراقي -> the Iraq entity) as attributes. See docs/entities.md.
#ifndef KHABAR_CORE_SRC_ENTITIES_ROLES_H_
#define KHABAR_CORE_SRC_ENTITIES_ROLES_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "khabar/analysis.h"

namespace khabar {

class EntityLinker;

// Tokens a title head spans at tokens[i]: 1 (العقيد, وزير, المتحدث), 2
// (الأمين العام, ولي العهد), 0 when it is not one. The list of title nouns
// is in roles.cc and docs/entities.md.
int TitleHeadLength(const std::vector<Token>& tokens, int32_t i);

// A conjunction cannot stand between a title and its name (العقيد و...), so
// when a person mention directly follows a title and its first token's only
// proclitic is و or ف, that letter is the name's (العقيد واين ماروتو, which
// the clitic splitter reads و + اين): the mention is extended over it.
void ExtendMentionsAfterTitles(std::string_view text,
                               const std::vector<Token>& tokens,
                               std::vector<Mention>* mentions);

// Adds roles to person entities and nationality attributes to the entities
// they qualify. Related entities are referred to by id; a country named
// only by an adjective gets a LOCATION entity without mentions, appended
// (ids continue the sequence).
void AttachRoles(std::string_view text, const std::vector<Token>& tokens,
                 const EntityLinker& linker, std::vector<Entity>* entities);

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_ENTITIES_ROLES_H_
