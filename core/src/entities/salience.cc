#include "entities/salience.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "text/quote_marks.h"

namespace khabar {
namespace {

// Position weights of one mention (docs/entities.md): the headline and
// deck say what the article is about, the lead paragraph names its actors.
constexpr double kMention = 1.0;
constexpr double kHeadlineBonus = 3.0;
constexpr double kDeckBonus = 1.5;
constexpr double kLeadBonus = 1.0;
// A person named in a sentence with direct speech («...») is likely its
// speaker (until the quotes stage attributes speech).
constexpr double kQuoteBonus = 0.5;
// A role or attribute naming the entity (رئيس الوزراء العراقي -> Iraq).
constexpr double kReference = 0.5;
// Places and other names count half: news is about its actors (persons,
// organizations); a country named throughout is mostly the setting.
constexpr double kPlaceFactor = 0.5;
// Repetition counts with diminishing returns: raw^kDamping.
constexpr double kDamping = 0.8;

bool HasDirectSpeech(const Sentence& sentence) {
  return ContainsOpeningGuillemet(sentence.text);
}

}  // namespace

void RankEntities(const std::vector<Sentence>& sentences,
                  std::vector<Entity>* entities) {
  std::vector<Entity>& list = *entities;
  absl::flat_hash_map<std::string, size_t> index;
  for (size_t i = 0; i < list.size(); ++i) index[list[i].id] = i;
  std::vector<double> raw(list.size(), 0);
  // Once per sentence, not once per mention: one long sentence with many
  // names would make it quadratic.
  std::vector<bool> direct_speech(sentences.size());
  for (size_t s = 0; s < sentences.size(); ++s) {
    direct_speech[s] = HasDirectSpeech(sentences[s]);
  }
  auto refer = [&](const std::string& id) {
    if (auto it = index.find(id); it != index.end())
      raw[it->second] += kReference;
  };
  for (size_t i = 0; i < list.size(); ++i) {
    for (const Mention& m : list[i].mentions) {
      // A country named only by adjective ranks by its references.
      if (m.kind == MentionKind::kAdjective) continue;
      double w = kMention;
      if (m.sentence_index >= 0 &&
          m.sentence_index < static_cast<int32_t>(sentences.size())) {
        const Sentence& s = sentences[m.sentence_index];
        if (s.section == SentenceSection::kHeadline) w += kHeadlineBonus;
        if (s.section == SentenceSection::kSubheadline) w += kDeckBonus;
        if (s.section == SentenceSection::kBody && s.paragraph_index == 0) {
          w += kLeadBonus;
        }
        if (list[i].type == EntityType::kPerson &&
            direct_speech[m.sentence_index]) {
          w += kQuoteBonus;
        }
      }
      raw[i] += w;
    }
    for (const Role& role : list[i].roles) refer(role.related_entity_id);
    for (const EntityAttribute& a : list[i].attributes) {
      refer(a.related_entity_id);
    }
  }
  double total = 0;
  for (size_t i = 0; i < list.size(); ++i) {
    double& r = raw[i];
    r = std::pow(r, kDamping);
    if (list[i].type == EntityType::kLocation ||
        list[i].type == EntityType::kMisc) {
      r *= kPlaceFactor;
    }
    total += r;
  }
  for (size_t i = 0; i < list.size(); ++i) {
    list[i].salience = total > 0 ? raw[i] / total : 0;
  }

  std::vector<size_t> order(list.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return list[a].salience > list[b].salience;
  });
  absl::flat_hash_map<std::string, std::string> renamed;
  std::vector<Entity> sorted;
  sorted.reserve(list.size());
  for (size_t i : order) {
    std::string id = absl::StrCat("e", sorted.size() + 1);
    renamed[list[i].id] = id;
    sorted.push_back(std::move(list[i]));
    sorted.back().id = std::move(id);
  }
  auto rename = [&](std::string* id) {
    if (auto it = renamed.find(*id); it != renamed.end()) *id = it->second;
  };
  for (Entity& e : sorted) {
    for (Role& role : e.roles) rename(&role.related_entity_id);
    for (EntityAttribute& a : e.attributes) rename(&a.related_entity_id);
  }
  list = std::move(sorted);
}

}  // namespace khabar
