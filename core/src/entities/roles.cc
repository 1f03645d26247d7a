#include "entities/roles.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "entities/entity_links.h"
#include "text/normalizer.h"
#include "text/quote_marks.h"
#include "text/token_util.h"

namespace khabar {
namespace {

// Title nouns that head a role (matching form, no article). Ranks, offices
// and professions that news writes before a name; see docs/entities.md.
bool IsTitleNoun(std::string_view base) {
  static const absl::flat_hash_set<std::string_view>* const kTitles =
      new absl::flat_hash_set<std::string_view>({
          // Offices.
          "وزير",
          "وزيره",
          "رئيس",
          "رئيسه",
          "نائب",
          "نائبه",
          "مساعد",
          "مساعده",
          "متحدث",
          "متحدثه",
          "ناطق",
          "ناطقه",
          "سفير",
          "سفيره",
          "مبعوث",
          "مبعوثه",
          "ممثل",
          "ممثله",
          "مستشار",
          "مستشاره",
          "مفوض",
          "مفوضه",
          "منسق",
          "منسقه",
          "سكرتير",
          "محافظ",
          "حاكم",
          "عمده",
          "قاضي",
          "قاضيه",
          "سيناتور",
          "مدير",
          "مديره",
          "زعيم",
          "زعيمه",
          "قائد",
          "مرشح",
          "مرشحه",
          // Heads of state and nobility.
          "ملك",
          "ملكه",
          "امير",
          "اميره",
          "سلطان",
          // Military ranks.
          "عقيد",
          "جنرال",
          "لواء",
          "عميد",
          "مقدم",
          "رائد",
          "نقيب",
          "مشير",
          "ادميرال",
          "عريف",
          "رقيب",
          // Religious and academic.
          "شيخ",
          "بابا",
          "كاردينال",
          "مطران",
          "بطريرك",
          "دكتور",
          "دكتوره",
          "بروفيسور",
          // Professions written in apposition.
          "كاتب",
          "كاتبه",
          "باحث",
          "باحثه",
          "خبير",
          "خبيره",
          "محلل",
          "محلله",
          "مراسل",
          "مراسله",
          "مدرب",
          "لاعب",
          "فنان",
          "فنانه",
          "صحفي",
          "صحفيه",
          "مخرج",
          "مخرجه",
          "منتج",
          "منتجه",
          "مغني",
          "مغنيه",
          "مطرب",
          "مطربه",
          "رسام",
          "مصور",
          "مصوره",
          "نجم",
          "نجمه",
          "مثقف",
          "زميل",
          "زميله",
          // Sport positions (not الدولي: also the adjective of التحالف
          // الدولي).
          "مدافع",
          "مهاجم",
          "حارس",
          "ظهير",
          // Other offices.
          "قنصل",
          "مسؤول",
          "مسؤوله",
          "عضو",
          "قيادي",
          "قياديه",
          "مشرف",
          "مارشال",
      });
  return kTitles->contains(base);
}

// Function words that end a title phrase (قال ... إن الوزير).
bool IsStopWord(std::string_view form) {
  static const absl::flat_hash_set<std::string_view>* const kStop =
      new absl::flat_hash_set<std::string_view>({
          "ان",   "قال",   "قالت", "مع",    "عن",   "في",   "علي",
          "من",   "الي",   "او",   "ثم",    "لكن",  "حيث",  "الذي",
          "التي", "الذين", "هذا",  "هذه",   "ذلك",  "تلك",  "كان",
          "كانت", "قد",    "لقد",  "انه",   "انها", "بعد",  "قبل",
          "خلال", "عند",   "منذ",  "حتي",   "كما",  "بين",  "ضد",
          "نحو",  "لدي",   "امس",  "اليوم", "اما",  "وقال", "وقالت",
      });
  return kStop->contains(form);
}

bool HasConjunction(const Token& token) {
  return HasPrefix(token, "و") || HasPrefix(token, "ف");
}

struct Segment {
  int32_t head;  // First token (the title head).
  int32_t end;   // One past the last token.
};

class RoleFinder {
 public:
  RoleFinder(std::string_view text, const std::vector<Token>& tokens,
             const EntityLinker& linker, std::vector<Entity>* entities)
      : text_(text),
        tokens_(tokens),
        linker_(linker),
        entities_(*entities),
        owner_(tokens.size(), -1),
        start_(tokens.size(), -1),
        end_(tokens.size(), -1),
        nisba_(tokens.size(), nullptr) {
    for (size_t e = 0; e < entities_.size(); ++e) {
      for (const Mention& m : entities_[e].mentions) {
        for (int32_t t = m.first_token; t < m.end_token; ++t) {
          owner_[t] = static_cast<int32_t>(e);
          start_[t] = m.first_token;
          end_[t] = m.end_token;
        }
      }
    }
    for (size_t t = 0; t < tokens.size(); ++t) {
      if (tokens[t].kind != TokenKind::kWord || IsPerson(t)) continue;
      nisba_[t] = linker.FindNisba(tokens[t].base);
    }
  }

  void Run() {
    const size_t original = entities_.size();
    for (size_t e = 0; e < original; ++e) {
      if (entities_[e].type != EntityType::kPerson) continue;
      // By index: roles may append country entities to entities_.
      for (size_t k = 0; k < entities_[e].mentions.size(); ++k) {
        const Mention m = entities_[e].mentions[k];
        for (const Segment& s : Before(m)) AddRole(e, s);
        if (auto s = After(m); s.head >= 0) AddRole(e, s);
      }
    }
    // Adjectives that qualify a mention (الخارجية الأميركية) or follow one.
    for (size_t t = 0; t < tokens_.size(); ++t) {
      if (nisba_[t] == nullptr || in_role_[t]) continue;
      int32_t target = owner_[t];
      if (target < 0 && t > 0 && owner_[t - 1] >= 0 && !IsPerson(t - 1)) {
        target = owner_[t - 1];
      }
      if (target < 0) continue;
      const Entity& qualified = entities_[target];
      if (qualified.links.iso_3166 == nisba_[t]->iso &&
          qualified.links.english_name == nisba_[t]->english) {
        continue;  // The country itself.
      }
      AddAttribute(target, static_cast<int32_t>(t));
    }
  }

 private:
  bool IsPerson(size_t t) const {
    return owner_[t] >= 0 && entities_[owner_[t]].type == EntityType::kPerson;
  }

  // Titles before the name, nearest last: «المتحدث باسم التحالف الدولي
  // العقيد واين ماروتو» gives two. A title without the article (رئيس
  // الوزراء) is a complete phrase in construct, so the scan stops there.
  std::vector<Segment> Before(const Mention& m) const {
    std::vector<Segment> segments;
    const int32_t sentence = tokens_[m.first_token].sentence_index;
    int32_t end = m.first_token;
    int32_t i = m.first_token - 1;
    // «وقال الرئيس، إيمانويل ماكرون»: a comma may stand between.
    if (i >= 0 && tokens_[i].sentence_index == sentence &&
        IsComma(tokens_[i])) {
      end = i;
      --i;
    }
    for (int steps = 0; i >= 0 && steps < 12; ++steps) {
      const Token& t = tokens_[i];
      if (t.sentence_index != sentence) break;
      if (owner_[i] >= 0) {
        if (IsPerson(i)) break;
        i = start_[i] - 1;
        continue;
      }
      if (IsParenGuillemetOrStraightQuote(t.text)) {
        --i;
        continue;
      }
      if (t.kind != TokenKind::kWord || IsStopWord(t.normalized)) break;
      int head = TitleHeadLength(tokens_, i);
      // الأمين العام: the scan meets العام first.
      if (head == 0 && i > 0 && TitleHeadLength(tokens_, i - 1) == 2) {
        --i;
        head = 2;
      }
      const Token& h = tokens_[i];
      if (head > 0) {
        // A title in construct with the title after it is one title:
        // «نائب المتحدث باسم الأمم المتحدة», «مساعد وزير الخارجية».
        if (!HasPrefix(h, "ال") && !segments.empty() &&
            segments.back().head == i + head &&
            !HasConjunction(tokens_[i + head])) {
          segments.back().head = i;
          break;
        }
        segments.push_back({i, end});
        end = i;
        if (HasConjunction(h) || !HasPrefix(h, "ال")) break;
      } else if (HasConjunction(h)) {
        break;
      }
      --i;
    }
    std::reverse(segments.begin(), segments.end());
    return segments;
  }

  // «بلينكن، وزير الخارجية الأميركي»: a title right after the name (a comma
  // between allowed) up to the next punctuation or function word.
  Segment After(const Mention& m) const {
    const int32_t n = static_cast<int32_t>(tokens_.size());
    const int32_t sentence = tokens_[m.first_token].sentence_index;
    int32_t j = m.end_token;
    if (j < n && IsComma(tokens_[j])) ++j;
    if (j >= n || tokens_[j].sentence_index != sentence || owner_[j] >= 0 ||
        HasConjunction(tokens_[j])) {
      return {-1, -1};
    }
    const int head = TitleHeadLength(tokens_, j);
    if (head == 0) return {-1, -1};
    int32_t k = j + head;
    for (int steps = 0; k < n && steps < 8; ++steps) {
      const Token& t = tokens_[k];
      if (t.sentence_index != sentence) break;
      if (owner_[k] >= 0) {
        // The title of the next name, not of this one.
        if (IsPerson(k)) return {-1, -1};
        k = end_[k];
        continue;
      }
      if (t.kind != TokenKind::kWord || IsStopWord(t.normalized) ||
          HasConjunction(t) || TitleHeadLength(tokens_, k) > 0) {
        break;
      }
      ++k;
    }
    return {j, k};
  }

  void AddRole(size_t person, Segment s) {
    int32_t last = s.end - 1;
    while (last > s.head &&
           IsParenGuillemetOrStraightQuote(tokens_[last].text) &&
           !IsClosingParenOrGuillemet(tokens_[last].text)) {
      --last;
    }
    Role role;
    role.span = {tokens_[s.head].word_span.begin, tokens_[last].span.end};
    role.text = std::string(text_.substr(role.span.begin, role.span.size()));
    for (int32_t t = s.head; t <= last; ++t) {
      if (role.related_entity_id.empty() && owner_[t] >= 0 && !IsPerson(t)) {
        role.related_entity_id = entities_[owner_[t]].id;
      }
    }
    for (int32_t t = s.head; t <= last; ++t) {
      if (nisba_[t] == nullptr) continue;
      in_role_[t] = true;
      if (role.related_entity_id.empty()) {
        role.related_entity_id = entities_[CountryEntity(t)].id;
      }
      AddAttribute(person, t);
    }
    // A bare definite title (الوزير) refers back to the institution just
    // named: «قالت الخارجية الأميركية إن الوزير بلينكن».
    if (role.related_entity_id.empty() && last == s.head &&
        HasPrefix(tokens_[s.head], "ال")) {
      const int32_t sentence = tokens_[s.head].sentence_index;
      for (int32_t t = s.head - 1; t >= 0 && t >= s.head - 4; --t) {
        if (tokens_[t].sentence_index != sentence ||
            tokens_[t].kind == TokenKind::kPunct) {
          break;
        }
        if (owner_[t] >= 0) {
          if (!IsPerson(t)) role.related_entity_id = entities_[owner_[t]].id;
          break;
        }
        if (nisba_[t] != nullptr) {
          role.related_entity_id = entities_[CountryEntity(t)].id;
          break;
        }
      }
    }
    std::vector<Role>& roles = entities_[person].roles;
    const std::string form = MatchingForm(role.text);
    for (Role& other : roles) {
      if (MatchingForm(other.text) != form) continue;
      if (other.related_entity_id.empty()) {
        other.related_entity_id = role.related_entity_id;
      }
      return;
    }
    roles.push_back(std::move(role));
  }

  void AddAttribute(size_t entity, int32_t t) {
    const Token& token = tokens_[t];
    EntityAttribute attribute;
    attribute.span = {token.word_span.begin, token.base_span.end};
    attribute.text =
        std::string(text_.substr(attribute.span.begin, attribute.span.size()));
    attribute.related_entity_id = entities_[CountryEntity(t)].id;
    std::vector<EntityAttribute>& list = entities_[entity].attributes;
    const std::string form = MatchingForm(attribute.text);
    for (const EntityAttribute& other : list) {
      if (other.related_entity_id == attribute.related_entity_id &&
          MatchingForm(other.text) == form) {
        return;
      }
    }
    list.push_back(std::move(attribute));
  }

  // The entity linked to the country of the adjective at token t. When the
  // article names it only by adjective, the entity is made here and each
  // such adjective is one of its mentions (kAdjective), so that no entity
  // is without one.
  size_t CountryEntity(int32_t t) {
    const CountryInfo& country = *nisba_[t];
    size_t e = 0;
    for (; e < entities_.size(); ++e) {
      const EntityLinks& links = entities_[e].links;
      if (links.iso_3166 == country.iso &&
          links.english_name == country.english) {
        break;
      }
    }
    if (e == entities_.size()) {
      Entity entity;
      entity.id = absl::StrCat("e", entities_.size() + 1);
      entity.name = country.arabic;
      entity.type = EntityType::kLocation;
      entity.links.iso_3166 = country.iso;
      entity.links.english_name = country.english;
      entity.links.romanized = linker_.Romanize(country.arabic);
      entities_.push_back(std::move(entity));
    }
    std::vector<Mention>& mentions = entities_[e].mentions;
    const bool by_adjective_only = std::all_of(
        mentions.begin(), mentions.end(),
        [](const Mention& m) { return m.kind == MentionKind::kAdjective; });
    const bool listed =
        std::any_of(mentions.begin(), mentions.end(),
                    [t](const Mention& m) { return m.first_token == t; });
    if (by_adjective_only && !listed) {
      const Token& token = tokens_[t];
      Mention mention;
      mention.span = {token.word_span.begin, token.base_span.end};
      mention.text =
          std::string(text_.substr(mention.span.begin, mention.span.size()));
      mention.kind = MentionKind::kAdjective;
      mention.sentence_index = token.sentence_index;
      mention.confidence = 1;
      mention.first_token = t;
      mention.end_token = t + 1;
      mention.type = EntityType::kLocation;
      // In text order: roles and attributes are not met in order.
      auto at = std::upper_bound(
          mentions.begin(), mentions.end(), mention.span.begin,
          [](int32_t pos, const Mention& m) { return pos < m.span.begin; });
      mentions.insert(at, std::move(mention));
    }
    return e;
  }

  std::string_view text_;
  const std::vector<Token>& tokens_;
  const EntityLinker& linker_;
  std::vector<Entity>& entities_;
  std::vector<int32_t> owner_;  // Entity index of each token's mention.
  std::vector<int32_t> start_;  // First token of that mention.
  std::vector<int32_t> end_;    // One past its last token.
  std::vector<const CountryInfo*> nisba_;
  std::vector<bool> in_role_ = std::vector<bool>(tokens_.size(), false);
};

}  // namespace

int TitleHeadLength(const std::vector<Token>& tokens, int32_t i) {
  if (i < 0 || i >= static_cast<int32_t>(tokens.size())) return 0;
  const Token& t = tokens[i];
  if (t.kind != TokenKind::kWord) return 0;
  const std::string& base = t.base;
  if (IsTitleNoun(base)) return 1;
  // أمين alone is also a first name; ولي, مدعي need their complement.
  if (base == "امين" || base == "ولي" || base == "مدعي") {
    if (i + 1 >= static_cast<int32_t>(tokens.size())) return 0;
    const std::string& next = tokens[i + 1].base;
    if ((base == "امين" && next == "عام") || (base == "ولي" && next == "عهد") ||
        (base == "مدعي" && next == "عام")) {
      return 2;
    }
  }
  return 0;
}

namespace {

bool EndsTitle(const std::vector<Token>& tokens, int32_t i) {
  return (i >= 0 && TitleHeadLength(tokens, i) == 1) ||
         (i >= 1 && TitleHeadLength(tokens, i - 1) == 2);
}

// True when a title head stands in tokens[i - 10, i] of the same sentence
// (الأمين العام لحلف شمال الأطلسي (الناتو) ينس).
bool TitleBefore(const std::vector<Token>& tokens, int32_t i) {
  for (int32_t j = i; j >= 0 && j >= i - 10; --j) {
    if (tokens[j].sentence_index != tokens[i].sentence_index) return false;
    if (TitleHeadLength(tokens, j) > 0) return true;
  }
  return false;
}

}  // namespace

void ExtendMentionsAfterTitles(std::string_view text,
                               const std::vector<Token>& tokens,
                               std::vector<Mention>* mentions) {
  int32_t previous_end = 0;
  for (Mention& mention : *mentions) {
    const int32_t first = mention.first_token;
    const int32_t floor = previous_end;
    previous_end = mention.end_token;
    if (mention.type != EntityType::kPerson || first < 1) continue;
    const Token& token = tokens[first];
    const Token& before = tokens[first - 1];
    if (before.sentence_index != token.sentence_index) continue;
    if (token.prefixes.size() == 1 &&
        (token.prefixes[0] == "و" || token.prefixes[0] == "ف") &&
        EndsTitle(tokens, first - 1)) {
      mention.span.begin = token.span.begin;
    } else if (first - 1 >= floor && first >= 2 &&
               before.kind == TokenKind::kWord && before.prefixes.empty() &&
               TitleHeadLength(tokens, first - 1) == 0 &&
               !IsStopWord(before.normalized) &&
               TitleBefore(tokens, first - 2) &&
               (EndsTitle(tokens, first - 2) ||
                !tokens[first - 2].prefixes.empty() ||
                IsClosingParenOrGuillemet(tokens[first - 2].text))) {
      // «الأمين العام للحلف ينس ستولتنبيرغ»: a bare word between a title
      // phrase and the name is a first name the tagger left out.
      mention.first_token = first - 1;
      mention.span.begin = before.word_span.begin;
    } else {
      continue;
    }
    mention.text =
        std::string(text.substr(mention.span.begin, mention.span.size()));
  }
}

void AttachRoles(std::string_view text, const std::vector<Token>& tokens,
                 const EntityLinker& linker, std::vector<Entity>* entities) {
  RoleFinder(text, tokens, linker, entities).Run();
}

}  // namespace khabar
