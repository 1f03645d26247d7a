// Event counts over tokens and the shared number parser. Trigger words are
// matching forms of the verbs and nouns Arabic wire copy uses for the
// categories of GDELT's GKG counts (KILL, WOUND, ARREST, KIDNAP, DISPLACE,
// MISSING) and for attacks (CAMEO's assault and bombing codes), collected
// by hand; see docs/facts.md.
#include "facts/event_counts.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "base/match.h"
#include "base/numeric.h"
#include "facts/numbers.h"
#include "text/token_util.h"

namespace khabar {
namespace {

enum class TriggerForm {
  kAction,  // مقتل، اعتقال، قتل: the count follows (مقتل 5 جنود).
  kVictim,  // قتلى، جرحى، معتقلين: the count precedes (5 قتلى).
};

struct Trigger {
  EventType type;
  TriggerForm form;
};

const absl::flat_hash_map<std::string, Trigger>& Triggers() {
  static const auto* table = [] {
    auto* t = new absl::flat_hash_map<std::string, Trigger>;
    auto add = [t](EventType type, TriggerForm form,
                   std::initializer_list<const char*> words) {
      for (const char* w : words) (*t)[w] = {type, form};
    };
    using E = EventType;
    const TriggerForm a = TriggerForm::kAction;
    const TriggerForm v = TriggerForm::kVictim;
    add(E::kKill, a,
        {"مقتل", "قتل", "مصرع", "حتف", "استشهاد", "اغتيال", "اعدام", "قتلوا",
         "جثث", "جثامين"});
    add(E::kKill, v, {"قتلي", "قتيل", "قتيلا", "شهيد", "شهيدا", "شهداء"});
    add(E::kWound, a,
        {"اصابه", "اصيب", "جرح", "اصابات", "اصاب", "اصيبوا", "جرحوا"});
    add(E::kWound, v,
        {"جرحي", "جريح", "جريحا", "مصاب", "مصابين", "مصابا", "مصابون"});
    add(E::kArrest, a,
        {"اعتقال", "اعتقل", "توقيف", "احتجاز", "قبض", "اعتقلوا"});
    add(E::kArrest, v, {"معتقلين", "معتقلا", "موقوفين", "محتجزين"});
    add(E::kKidnap, a, {"خطف", "اختطاف", "اختطف"});
    add(E::kKidnap, v, {"رهائن", "رهينه", "مخطوفين", "مختطفين"});
    add(E::kDisplace, a, {"نزوح", "تهجير", "تشريد"});
    add(E::kDisplace, v, {"نازحين", "نازح", "نازحا", "مهجرين", "مشردين"});
    add(E::kMissing, a, {"فقدان", "اختفاء"});
    add(E::kMissing, v, {"مفقودين", "مفقود", "مفقودا", "مفقودون"});
    add(E::kAttack, a,
        {"هجوم", "هجمات", "هجوما", "قصف", "غاره", "غارات", "تفجير", "تفجيرات",
         "قذائف", "قذيفه", "استهداف", "كمين"});
    return t;
  }();
  return *table;
}

// Means named after an attack trigger (هجوم صاروخي، قذائف هاون، غارة جوية).
const absl::flat_hash_set<std::string>& AttackMeans() {
  static const auto* set = new absl::flat_hash_set<std::string>{
      "صاروخي",  "صاروخيه",  "هاون",   "مدفعي", "مدفعيه", "جوي",   "جويه",
      "انتحاري", "انتحاريه", "بري",    "بريه",  "مسلح",   "مسلحه", "بحري",
      "صواريخ",  "مسيره",    "مسيرات", "مفخخه", "ناسف",   "ناسفه", "كيماوي"};
  return *set;
}

// Words after هجوم that make it no armed attack.
const absl::flat_hash_set<std::string>& FigurativeAttack() {
  static const auto* set = new absl::flat_hash_set<std::string>{
      "اعلامي", "سياسي", "كلامي", "لاذع", "حاد", "الكتروني", "سيبراني"};
  return *set;
}

// Words after a casualty trigger that are no victim (إصابة بالغة).
const absl::flat_hash_set<std::string>& NotVictims() {
  static const auto* set = new absl::flat_hash_set<std::string>{
      "من",     "في",     "الي",    "علي",  "عن",    "مع",    "او",
      "ان",     "خلال",   "بعد",    "قبل",  "خطيره", "بالغه", "طفيفه",
      "مباشره", "حرجه",   "متوسطه", "نفسه", "ذلك",   "هذا",   "هذه",
      "عدد",    "العديد", "جميع",   "كل",   "بعض",   "اكثر",  "اقل",
      "تحت",    "فوق",    "جراء",   "بسبب", "اثر",   "داخل",  "خارج",
      "امام",   "عند",    "لدي",    "بين",  "حتي",   "منذ"};
  return *set;
}

// Sentences about an epidemic count infections, not wounds (إصابة بكورونا).
bool AboutEpidemic(const std::vector<Token>& tokens, int32_t begin,
                   int32_t end) {
  static const auto* set = new absl::flat_hash_set<std::string>{
      "كورونا", "كوفيد", "فيروس", "وباء", "جائحه", "عدوي", "الانفلونزا"};
  for (int32_t k = begin; k < end; ++k) {
    if (set->contains(tokens[k].base)) return true;
  }
  return false;
}

// Sentences about a match count a player's injury, not a casualty (إصابة
// نجمهم قبل المباراة). Only words that name sport alone: فريق and حارس
// are also rescue teams and guards.
bool AboutSport(const std::vector<Token>& tokens, int32_t begin, int32_t end) {
  static const auto* set = new absl::flat_hash_set<std::string>{
      "مباراه", "مباريات", "لاعب", "لاعبين", "لاعبي", "منتخب",
      "دوري",   "ملعب",    "مدرب", "بطوله",  "نادي",  "مونديال"};
  for (int32_t k = begin; k < end; ++k) {
    if (set->contains(tokens[k].base)) return true;
  }
  return false;
}

bool LooksPlural(const std::string& base) {
  if (CountedNounForm(base, 1) != base) return true;  // جنود، آخرين...
  if (base.size() <= 8) return false;
  return absl::EndsWith(base, "ين") || absl::EndsWith(base, "ون") ||
         absl::EndsWith(base, "ات");
}

// A nisba adjective after a noun (أميركي، مدني): kept inside the span.
bool IsNisba(const Token& t) {
  return t.kind == TokenKind::kWord && t.prefixes.empty() &&
         t.base.size() >= 6 && absl::EndsWith(t.base, "ي") &&
         !NotVictims().contains(t.base);
}

struct Victims {
  int32_t end = 0;  // Past the last token of the victims; 0 when none.
  int64_t count = 0;
  bool approximate = false;
  std::string object;
};

// Who a casualty trigger at k applies to: a count with its noun (5 جنود،
// خمسة آخرين، نحو 20 شخصاً), a dual (جنديين) or a singular noun (متعاقد
// [مدني] [واحد]).
Victims VictimsAfter(const std::vector<Token>& tokens, int32_t k, int32_t end) {
  Victims v;
  if (k >= end) return v;
  std::vector<NumberMatch> numbers =
      FindNumbers(tokens, k, std::min(end, k + 10));
  if (!numbers.empty() && numbers.front().begin == k &&
      !numbers.front().ordinal) {
    const NumberMatch& m = numbers.front();
    const std::optional<int64_t> count = RoundedInRange(m.value, 0, kMaxCount);
    if (!count) return v;  // A number no count can be.
    v.count = *count;
    v.approximate = m.approximate;
    v.end = m.end;
    if (!m.dual_object.empty()) {
      v.object = m.dual_object;
    } else if (m.end < end && tokens[m.end].kind == TokenKind::kWord &&
               !NotVictims().contains(tokens[m.end].base) &&
               tokens[m.end].prefixes.empty()) {
      v.object = CountedNounForm(tokens[m.end].base, m.value);
      v.end = m.end + 1;
      if (v.end < end && IsNisba(tokens[v.end])) ++v.end;
    }
    return v;
  }
  const Token& noun = tokens[k];
  // مقتل العديد: the quantifier keeps its article in NotVictims.
  if (noun.kind != TokenKind::kWord || NotVictims().contains(noun.base) ||
      NotVictims().contains(noun.normalized)) {
    return v;
  }
  for (const std::string& p : noun.prefixes) {
    if (p != "ال") return v;
  }
  if (Triggers().contains(noun.base) || LooksPlural(noun.base)) return v;
  v.count = 1;
  v.object = noun.base;
  v.end = k + 1;
  // متعاقد مدني واحد: adjectives, then واحد confirming the one.
  int32_t q = v.end;
  for (int n = 0; n < 2 && q < end && IsNisba(tokens[q]); ++n) ++q;
  if (q < end && (tokens[q].base == "واحد" || tokens[q].base == "واحده") &&
      tokens[q].prefixes.empty()) {
    v.end = q + 1;
  } else if (q > v.end) {
    v.end = q;
  }
  return v;
}

}  // namespace

namespace {

// Location mentions per sentence: (first token, entity).
using PlacesBySentence =
    absl::flat_hash_map<int32_t,
                        std::vector<std::pair<int32_t, const Entity*>>>;

// The location mentions of the entities, by sentence.
PlacesBySentence LocationsBySentence(const std::vector<Entity>& entities) {
  PlacesBySentence places;
  for (const Entity& entity : entities) {
    if (entity.type != EntityType::kLocation) continue;
    for (const Mention& mention : entity.mentions) {
      // جندي أمريكي: a nationality is no place.
      if (mention.kind == MentionKind::kAdjective) continue;
      places[mention.sentence_index].push_back({mention.first_token, &entity});
    }
  }
  return places;
}

// The numbers of a sentence, found when a trigger first needs them (most
// sentences have none that does).
class SentenceNumbers {
 public:
  SentenceNumbers(const std::vector<Token>& tokens, int32_t begin, int32_t end)
      : tokens_(tokens), begin_(begin), end_(end) {}

  const std::vector<NumberMatch>& Get() {
    if (!done_) {
      numbers_ = FindNumbers(tokens_, begin_, end_);
      done_ = true;
    }
    return numbers_;
  }

 private:
  const std::vector<Token>& tokens_;
  int32_t begin_;
  int32_t end_;
  std::vector<NumberMatch> numbers_;
  bool done_ = false;
};

// The trigger a token is, if any: a trigger word, or a dual victim noun
// (قتيلين، جريحين; *dual_victim).
bool TriggerOf(const Token& t, Trigger* trigger, bool* dual_victim) {
  auto it = Triggers().find(t.base);
  // قتيلين، جريحين: a dual victim noun.
  if (it == Triggers().end()) {
    if (t.base == "قتيلين" || t.base == "قتيلان") {
      *trigger = {EventType::kKill, TriggerForm::kVictim};
    } else if (t.base == "جريحين" || t.base == "جريحان") {
      *trigger = {EventType::kWound, TriggerForm::kVictim};
    } else {
      return false;
    }
    *dual_victim = true;
  } else {
    *trigger = it->second;
  }
  return true;
}

// لقي حتفه، لقي ثلاثة أشخاص حتفهم: the token of لقي up to four tokens before
// the trigger at k; -1.
int32_t LaqiyaBefore(const std::vector<Token>& tokens, int32_t k,
                     int32_t begin) {
  for (int32_t j = k - 1; j >= begin && j >= k - 4; --j) {
    if (tokens[j].base == "لقي" || tokens[j].base == "لقوا") return j;
  }
  return -1;
}

// Definite number words after a plural noun (الجنود الثلاثة).
int64_t DefiniteNumberWord(const Token& t) {
  static const auto* words = new absl::flat_hash_map<std::string, int64_t>{
      {"الاثنين", 2}, {"الاثنان", 2}, {"الثلاثه", 3}, {"الاربعه", 4},
      {"الخمسه", 5},  {"السته", 6},   {"السبعه", 7},  {"الثمانيه", 8},
      {"التسعه", 9},  {"العشره", 10}};
  auto it = words->find(t.normalized);
  return it == words->end() ? 0 : it->second;
}

// لقي حتفه، القبض على: whether the trigger at k has the companion it needs.
bool HasCompanion(const std::vector<Token>& tokens, int32_t k, int32_t begin,
                  int32_t end) {
  const Token& t = tokens[k];
  if (t.base == "حتف" && LaqiyaBefore(tokens, k, begin) < 0) return false;
  if (t.base == "قبض" && !(k + 1 < end && tokens[k + 1].base == "علي")) {
    return false;
  }
  return true;
}

// The count (3 غارات) and means (هجوم صاروخي) of the attack trigger at k;
// false when the attack is no armed one (هجوم إعلامي).
bool AttackAt(const std::vector<Token>& tokens, int32_t k, int32_t end,
              SentenceNumbers* numbers, EventCount* event, int32_t* first,
              int32_t* last) {
  const Token& t = tokens[k];
  if (k + 1 < end && FigurativeAttack().contains(tokens[k + 1].base)) {
    return false;
  }
  event->count = 1;
  for (const NumberMatch& m : numbers->Get()) {
    const std::optional<int64_t> count = RoundedInRange(m.value, 0, kMaxCount);
    if (m.end == k && !m.ordinal && count) {
      event->count = *count;
      event->approximate = m.approximate;
      *first = m.begin;
    }
  }
  // The means: هجوم صاروخي، قذائف هاون، هجوم بطائرة مسيرة.
  if (k + 1 < end) {
    const Token& next = tokens[k + 1];
    if (AttackMeans().contains(next.base) &&
        (next.prefixes.empty() ||
         (next.prefixes.size() == 1 && next.prefixes[0] == "ال"))) {
      event->object = next.base;
      *last = k + 2;
    } else if (HasPrefix(next, "ب") && next.kind == TokenKind::kWord &&
               next.base.size() > 4) {
      event->object = CountedNounForm(next.base, 1);
      *last = k + 2;
    }
  }
  if (event->object.empty() && (t.base == "قذائف" || t.base == "قذيفه")) {
    event->object = "قذيفه";
  }
  return true;
}

// 5 قتلى، عشرات الجرحى، 20 قتيلاً: the count before the victim noun at k;
// false when there is none (plurals without a number have no count).
bool CountBeforeVictims(const std::vector<Token>& tokens, int32_t k,
                        SentenceNumbers* numbers, EventCount* event,
                        int32_t* first) {
  const Token& t = tokens[k];
  bool found = false;
  for (const NumberMatch& m : numbers->Get()) {
    const std::optional<int64_t> count = RoundedInRange(m.value, 0, kMaxCount);
    if (m.end == k && !m.ordinal && m.dual_object.empty() && count) {
      event->count = *count;
      event->approximate = m.approximate;
      *first = m.begin;
      found = true;
    }
  }
  // 12 شخصا مفقودين: the victim word as an adjective after the counted
  // noun.
  const Token& noun = tokens[std::max(k - 1, 0)];
  if (!found && k > 0 && noun.kind == TokenKind::kWord &&
      noun.prefixes.empty() && !Triggers().contains(noun.base)) {
    for (const NumberMatch& m : numbers->Get()) {
      const std::optional<int64_t> count =
          RoundedInRange(m.value, 0, kMaxCount);
      if (m.end == k - 1 && !m.ordinal && m.dual_object.empty() && count) {
        event->count = *count;
        event->approximate = m.approximate;
        event->object = CountedNounForm(noun.base, m.value);
        *first = m.begin;
        found = true;
      }
    }
  }
  if (!found) {
    // قتيل alone is one; plurals without a number have no count.
    if (t.base == "قتيل" || t.base == "جريح" || t.base == "مصاب") {
      event->count = 1;
    } else {
      return false;
    }
  }
  return true;
}

// Active verbs whose subject may stand between them and the count.
const absl::flat_hash_set<std::string>& ActiveVerbs() {
  static const auto* set = new absl::flat_hash_set<std::string>{
      "قتل", "اصاب", "جرح", "اعتقل", "اختطف"};
  return *set;
}

// The victims before a verb (أربعة مسلحين قُتلوا، آلاف المعتقلين الذين
// قُتلوا، لقي ثلاثة أشخاص مصرعهم): a count and its noun right before the
// trigger at k, or before الذين; false when there are none.
bool VictimsBefore(const std::vector<Token>& tokens, int32_t k, int32_t begin,
                   SentenceNumbers* numbers, EventCount* event,
                   int32_t* first) {
  int32_t noun = k - 1;
  const bool relative =
      noun > begin && tokens[noun].kind == TokenKind::kWord &&
      (tokens[noun].base == "الذين" || tokens[noun].normalized == "الذين");
  if (relative) --noun;
  // A victim word before the verb counts only through الذين (المعتقلين
  // الذين قُتلوا); «5 قتلى قُتلوا» is the victim word's own event.
  if (noun < begin || tokens[noun].kind != TokenKind::kWord ||
      (!relative && Triggers().contains(tokens[noun].base))) {
    return false;
  }
  for (const NumberMatch& m : numbers->Get()) {
    if (m.end != noun || m.ordinal) continue;
    const std::optional<int64_t> count = RoundedInRange(m.value, 0, kMaxCount);
    if (!count) return false;
    event->count = *count;
    event->approximate = m.approximate;
    event->object = CountedNounForm(tokens[noun].base, m.value);
    *first = m.begin;
    return true;
  }
  return false;
}

// The victims after the action trigger at k (مقتل 5 جنود), with more of
// the same event after them; false when there are none, or when the count
// is reported on a second trigger (مقتل وإصابة 10).
bool VictimsOfAction(const std::vector<Token>& tokens, int32_t k, int32_t begin,
                     int32_t end, SentenceNumbers* numbers, EventCount* event,
                     int32_t* first, int32_t* last) {
  const Token& t = tokens[k];
  int32_t q = k + 1;
  if (t.base == "قبض") ++q;             // القبض على.
  if (t.base == "حتف") *first = k - 1;  // لقي حتفه.
  // مقتل وإصابة 10: the count belongs to both; reported once, on the
  // second trigger.
  if (q < end && HasPrefix(tokens[q], "و") &&
      Triggers().contains(tokens[q].base)) {
    return false;
  }
  Victims v = VictimsAfter(tokens, q, end);
  // قتل الجنود الثلاثة: a definite plural and its count after it.
  if (v.end == 0 && q + 1 < end && HasPrefix(tokens[q], "ال") &&
      DefiniteNumberWord(tokens[q + 1]) > 0) {
    v.count = DefiniteNumberWord(tokens[q + 1]);
    v.object = CountedNounForm(tokens[q].base, 1);
    v.end = q + 2;
  }
  // أصاب المسلح 4 آخرين: a definite subject before the count of an active
  // verb.
  if (v.end > 0 && v.count == 1 && ActiveVerbs().contains(t.base) &&
      HasPrefix(tokens[q], "ال")) {
    for (int32_t n = v.end; n < end && n < v.end + 2; ++n) {
      NumberMatch m;
      if (tokens[n].prefixes.empty() && NumberAt(tokens, n, end, &m) &&
          !m.ordinal) {
        Victims counted = VictimsAfter(tokens, n, end);
        if (counted.end > 0) v = counted;
        break;
      }
    }
  }
  if (v.end == 0) return VictimsBefore(tokens, k, begin, numbers, event, first);
  event->count = v.count;
  event->approximate = v.approximate;
  event->object = v.object;
  *last = v.end;
  // إضافة إلى جندي، بالإضافة إلى، فضلاً عن: more victims of the same
  // event, added to its count and covered by its span.
  int32_t a = *last;
  if (a + 1 < end &&
      ((tokens[a].base == "اضافه" && tokens[a + 1].base == "الي") ||
       (tokens[a].base == "فضلا" && tokens[a + 1].base == "عن"))) {
    Victims more = VictimsAfter(tokens, a + 2, end);
    if (more.end > 0) {
      event->count += more.count;
      event->approximate = event->approximate || more.approximate;
      *last = more.end;
    }
  }
  return true;
}

// The event's span and text: tokens [first, last), from the stand-alone
// word of the first.
void SetEventSpan(std::string_view text, const std::vector<Token>& tokens,
                  int32_t first, int32_t last, EventCount* event) {
  event->span = {tokens[first].word_span.begin, tokens[last - 1].span.end};
  if (event->span.begin < tokens[first].span.begin ||
      event->span.begin >= event->span.end) {
    event->span.begin = tokens[first].span.begin;
  }
  event->text = std::string(
      text.substr(event->span.begin, event->span.end - event->span.begin));
}

// The place of an event triggered at k in sentence s: the nearest location
// mention after the trigger, else before; null when the sentence has none.
const Entity* PlaceOf(const PlacesBySentence& places, size_t s, int32_t k) {
  auto p = places.find(static_cast<int32_t>(s));
  if (p == places.end()) return nullptr;
  const Entity* after = nullptr;
  const Entity* before = nullptr;
  int32_t after_at = 0;
  int32_t before_at = 0;
  for (const auto& [at, entity] : p->second) {
    if (at >= k) {
      if (after == nullptr || at < after_at) {
        after = entity;
        after_at = at;
      }
    } else if (before == nullptr || at > before_at) {
      before = entity;
      before_at = at;
    }
  }
  return after != nullptr ? after : before;
}

// Appends the events of sentence s (tokens [begin, end)).
void FindSentenceEvents(std::string_view text, const std::vector<Token>& tokens,
                        size_t s, int32_t begin, int32_t end,
                        const PlacesBySentence& places,
                        std::vector<EventCount>* out) {
  int epidemic = -1;  // Unknown until a wound trigger asks.
  int sport = -1;
  SentenceNumbers numbers(tokens, begin, end);
  for (int32_t k = begin; k < end; ++k) {
    const Token& t = tokens[k];
    if (t.kind != TokenKind::kWord) continue;
    Trigger trigger;
    bool dual_victim = false;
    if (!TriggerOf(t, &trigger, &dual_victim)) continue;
    if (!HasCompanion(tokens, k, begin, end)) continue;
    if (trigger.type == EventType::kWound) {
      if (epidemic < 0) epidemic = AboutEpidemic(tokens, begin, end);
      if (sport < 0) sport = AboutSport(tokens, begin, end);
      if (epidemic || sport) continue;
    }
    EventCount event;
    event.type = trigger.type;
    int32_t first = k;
    int32_t last = k + 1;
    if (trigger.type == EventType::kAttack) {
      if (!AttackAt(tokens, k, end, &numbers, &event, &first, &last)) continue;
    } else if (dual_victim) {
      event.count = 2;
    } else if (trigger.form == TriggerForm::kVictim) {
      // آلاف المعتقلين الذين قُتلوا: the verb after the relative pronoun
      // says what befell them; it makes the event.
      Trigger then;
      bool dual = false;
      if (k + 2 < end && tokens[k + 1].normalized == "الذين" &&
          TriggerOf(tokens[k + 2], &then, &dual) &&
          then.form == TriggerForm::kAction) {
        continue;
      }
      if (!CountBeforeVictims(tokens, k, &numbers, &event, &first)) continue;
    } else {
      if (!VictimsOfAction(tokens, k, begin, end, &numbers, &event, &first,
                           &last)) {
        continue;
      }
    }
    SetEventSpan(text, tokens, first, last, &event);
    const Entity* place = PlaceOf(places, s, k);
    if (place != nullptr) event.location_entity_id = place->id;
    out->push_back(std::move(event));
    if (last - 1 > k) k = last - 1;
  }
}

// Whether two counts name the same toll: equal, or within a tenth of each
// other when one is approximate (نحو مئتي قتيل، 199 شخصا).
bool SameCount(const EventCount& a, const EventCount& b) {
  if (a.count == b.count) return true;
  if (!a.approximate && !b.approximate) return false;
  const int64_t larger = std::max(a.count, b.count);
  return std::llabs(a.count - b.count) * 10 <= larger;
}

// صاروخي and صاروخيه (the nisba after هجوم or هجمات) are one means.
bool SameMeans(std::string_view a, std::string_view b) {
  auto masculine = [](std::string_view s) {
    return EndsWith(s, "يه") ? s.substr(0, s.size() - 2) : s;
  };
  return masculine(a) == masculine(b);
}

// Whether `later` names again the event `kept` (see MergeRepeatedEvents).
bool Repeats(const EventCount& kept, const EventCount& later) {
  if (kept.type != later.type) return false;
  if (later.type == EventType::kAttack) {
    // «الهجمات الصاروخية في أربيل» ... «هجمات أربيل» ... «الهجوم»: a later
    // attack whose place and means are the earlier one's, or unsaid.
    return later.count <= 1 &&
           (later.location_entity_id.empty() ||
            later.location_entity_id == kept.location_entity_id) &&
           (later.object.empty() || SameMeans(later.object, kept.object));
  }
  return SameCount(kept, later) &&
         (kept.location_entity_id.empty() || later.location_entity_id.empty() ||
          kept.location_entity_id == later.location_entity_id);
}

// Events compared with each earlier one kept: a bound that keeps the merge
// linear in a long article.
constexpr size_t kEventsCompared = 32;

// One toll or attack named again in the same article is one event, at its
// first mention (a headline and its lead repeat the toll; «الهجوم» refers
// back to the attack): the same type and count (or close, when one is
// approximate) in no other place; an attack whose place and means are an
// earlier attack's, or unsaid.
std::vector<EventCount> MergeRepeatedEvents(std::vector<EventCount> events) {
  std::vector<EventCount> kept;
  for (EventCount& event : events) {
    EventCount* same = nullptr;
    const size_t first =
        kept.size() > kEventsCompared ? kept.size() - kEventsCompared : 0;
    for (size_t k = kept.size(); k > first; --k) {
      if (Repeats(kept[k - 1], event)) {
        same = &kept[k - 1];
        break;
      }
    }
    if (same == nullptr) {
      kept.push_back(std::move(event));
    } else if (same->location_entity_id.empty()) {
      same->location_entity_id = event.location_entity_id;
    }
  }
  return kept;
}

}  // namespace

std::vector<EventCount> FindEvents(std::string_view text,
                                   const std::vector<Sentence>& sentences,
                                   const std::vector<Token>& tokens,
                                   const std::vector<Entity>& entities,
                                   const Cancellation* cancellation) {
  std::vector<EventCount> out;
  const PlacesBySentence places = LocationsBySentence(entities);
  for (size_t s = 0; s < sentences.size(); ++s) {
    if (s % 16 == 0 && Stopped(cancellation)) return out;
    const Sentence& sentence = sentences[s];
    const int32_t begin = sentence.first_token;
    const int32_t end = begin + sentence.token_count;
    FindSentenceEvents(text, tokens, s, begin, end, places, &out);
  }
  return MergeRepeatedEvents(std::move(out));
}

}  // namespace khabar
