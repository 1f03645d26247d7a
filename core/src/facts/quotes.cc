#include "facts/quotes.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "base/match.h"
#include "khabar/cancellation.h"
#include "text/quote_marks.h"
#include "text/token_util.h"

namespace khabar {
namespace {

// ---- Reporting verbs --------------------------------------------------------

enum class CueKind : uint8_t {
  kFinite,  // قال، يقول: may have its own subject.
  kParticiple,  // مضيفاً، مؤكدةً: shares the subject of the clause before.
};

struct CueInfo {
  CueKind kind = CueKind::kFinite;
  bool relay = false;  // نقل عن: the source after عن is the speaker.
  // تابع، رد، كتب: also common nouns or other verbs, so a cue only when a
  // colon introduces the quote («وتابع: "..."»).
  bool needs_colon = false;
};

// One verb: its past (3ms), present (3ms) and active participle, matching
// forms; the participle or present may be empty where it reads as a common
// noun or adjective (مفيد، كاتب). `past_extra` holds the irregular past
// forms of weak verbs (دعت، رأت).
struct Verb {
  const char* past;
  const char* present;
  const char* participle;
  const char* past_extra;  // Space-separated; may be empty.
  bool relay;
  bool needs_colon = false;
};

// Reporting verbs of news Arabic: the list plus frequent synonyms
// (the speech-verb cluster of models/clusters.tsv: اعتبر صرح شدد علق اشاد
// غرد). Verbs whose forms are also frequent nouns (تابع، رد) count only
// before a colon that introduces a quote; others (بين) are left out.
constexpr Verb kVerbs[] = {
    {"قال", "يقول", "قائل", "", false},
    {"اكد", "يؤكد", "مؤكد", "", false},
    {"اشار", "يشير", "مشير", "", false},
    {"اضاف", "يضيف", "مضيف", "", false},
    {"اعرب", "يعرب", "معرب", "", false},
    {"تعهد", "يتعهد", "متعهد", "", false},
    {"ذكر", "يذكر", "", "", false},
    {"اعلن", "يعلن", "معلن", "", false},
    {"شدد", "يشدد", "مشدد", "", false},
    {"اوضح", "يوضح", "موضح", "", false},
    {"لفت", "يلفت", "لافت", "", false},
    {"نقل", "ينقل", "ناقل", "نقلا", true},  // نقلا عن: after a quote.
    {"صرح", "يصرح", "مصرح", "", false},
    {"كشف", "يكشف", "كاشف", "", false},
    {"اعتبر", "يعتبر", "معتبر", "", false},
    {"", "يري", "", "رات راوا", false},  // Not راي: also رأي.
    {"حذر", "يحذر", "محذر", "", false},
    {"", "يدعو", "داعي", "دعا دعت دعوا", false},
    {"اشاد", "يشيد", "مشيد", "", false},
    {"", "ينفي", "نافي", "نفي نفت نفوا", false},
    {"اعترف", "يعترف", "معترف", "", false},
    {"زعم", "يزعم", "زاعم", "", false},
    {"طالب", "يطالب", "مطالب", "", false},
    {"غرد", "يغرد", "مغرد", "", false},
    {"علق", "يعلق", "", "", false},
    {"افاد", "", "", "", false},
    {"نوه", "ينوه", "منوه", "", false},
    {"اجاب", "يجيب", "مجيب", "", false},
    {"تساءل", "يتساءل", "متسائل", "", false},
    {"اقر", "يقر", "مقر", "", false},
    {"ابلغ", "يبلغ", "", "", false},
    // Cues only before a colon and a quote (CueInfo::needs_colon).
    {"تابع", "يتابع", "", "", false, true},
    {"واصل", "يواصل", "", "", false, true},
    {"رد", "يرد", "", "", false, true},
    {"", "يزيد", "", "زاد زادت", false, true},
    {"اختتم", "يختتم", "", "", false, true},
    {"ختم", "يختم", "", "", false, true},
    {"كتب", "يكتب", "", "", false, true},
};

// Drops the first letter (two bytes in UTF-8: all are Arabic).
std::string Stem(std::string_view present) {
  return std::string(present.substr(2));
}

using CueTable = absl::flat_hash_map<std::string, CueInfo>;

const CueTable& Cues() {
  static const CueTable* table = [] {
    auto* t = new CueTable;
    bool needs_colon = false;
    auto add = [t, &needs_colon](const std::string& form, CueKind kind,
                                 bool relay) {
      if (!form.empty()) t->emplace(form, CueInfo{kind, relay, needs_colon});
    };
    for (const Verb& v : kVerbs) {
      needs_colon = v.needs_colon;
      const std::string past = v.past;
      if (!past.empty()) {
        // 3ms, 3fs, 3mp, dual.
        for (const char* suffix : {"", "ت", "وا", "ا"}) {
          add(past + suffix, CueKind::kFinite, v.relay);
        }
      }
      std::string_view extra = v.past_extra;
      while (!extra.empty()) {
        const size_t space = extra.find(' ');
        add(std::string(extra.substr(0, space)), CueKind::kFinite, v.relay);
        if (space == std::string_view::npos) break;
        extra.remove_prefix(space + 1);
      }
      const std::string present = v.present;
      if (!present.empty()) {
        const std::string stem = Stem(present);
        for (const char* prefix : {"ي", "ت", "ن", "ا"}) {
          add(prefix + stem, CueKind::kFinite, v.relay);
        }
        add(present + "ون", CueKind::kFinite, v.relay);
        add(present + "ان", CueKind::kFinite, v.relay);
      }
      const std::string participle = v.participle;
      if (!participle.empty()) {
        // Bare, accusative (مضيفاً), feminine (مشيرةً), plurals.
        for (const char* suffix : {"", "ا", "ه", "ين", "ون"}) {
          add(participle + suffix, CueKind::kParticiple, v.relay);
        }
      }
    }
    return t;
  }();
  return *table;
}

// ---- Closed classes ---------------------------------------------------------

using WordSet = absl::flat_hash_set<std::string>;

// Prepositions and prepositional phrases with a pronoun (له، عنها): a
// mention after one is an object, not a subject.
const WordSet& Prepositions() {
  static const WordSet* set = new WordSet{
      "في",   "من",    "الي",  "علي",  "عن",   "مع",    "ضد",   "حول",
      "لدي",  "عند",   "خلال", "بعد",  "قبل",  "منذ",   "حتي",  "نحو",
      "عبر",  "بين",   "وفق",  "حسب",  "دون",  "ازاء",  "تجاه", "ب",
      "ل",    "ك",     "له",   "لها",  "لهم",  "لهما",  "لنا",  "لي",
      "لك",   "به",    "بها",  "بهم",  "عنه",  "عنها",  "منه",  "منها",
      "عليه", "عليها", "فيه",  "فيها", "اليه", "اليها", "معه",  "معها"};
  return *set;
}

// Words that make a short quoted text a phrase rather than a name or a
// title: particles, pronouns, auxiliaries, demonstratives.
const WordSet& FunctionWords() {
  static const WordSet* set = [] {
    auto* s = new WordSet(Prepositions());
    for (const char* w :
         {"لا",   "لم",  "لن",   "ما",  "قد",   "سوف", "ان",   "اذا",  "لو",
          "كل",   "بعض", "هذا",  "هذه", "ذلك",  "تلك", "الذي", "التي", "الذين",
          "هو",   "هي",  "هم",   "نحن", "انا",  "انت", "كان",  "كانت", "يكون",
          "ليس",  "غير", "لكن",  "او",  "ام",   "ثم",  "هل",   "اي",   "انه",
          "انها", "كما", "هناك", "هنا", "ايضا", "الا", "فقط",  "مثل"}) {
      s->insert(w);
    }
    return s;
  }();
  return *set;
}

// Days and their neighbours, which news sets off by commas after the subject
// («أعلنت السلطات، الأربعاء، أن»).
const WordSet& TimeWords() {
  static const WordSet* set =
      new WordSet{"السبت",  "الاحد",  "الاثنين", "الثلاثاء", "الاربعاء",
                  "الخميس", "الجمعه", "امس",     "اليوم",    "غدا"};
  return *set;
}

// What a speaker says, not who: «تابع حديثه:», «ختم كلمته:». With a pronoun
// suffix such a noun is the object of the verb, whose subject is dropped.
const WordSet& SpeechNouns() {
  static const WordSet* set = new WordSet{
      "حديث",   "كلام",  "قول",  "كلمه", "كلمات", "تصريح", "تصريحات",
      "تغريده", "رساله", "خطاب", "مقال", "بيان",  "حوار",  "مقابله",
      "منشور",  "شهاده", "رد",   "جواب", "اجابه", "سؤال",  "تعليق"};
  return *set;
}

// مازحا، ساخرا، مبتسما: an indefinite word of four letters or more ending
// in alif, the shape of an accusative circumstantial (حال) after a verb.
bool CircumstantialShape(const Token& t) {
  return t.kind == TokenKind::kWord && !HasPrefix(t, "ال") &&
         t.suffixes.empty() && t.base.size() >= 8 && EndsWith(t.base, "ا");
}

// Where words are published, never who says them (تغريدة على تويتر).
const WordSet& Platforms() {
  static const WordSet* set = new WordSet{
      "تويتر", "فيسبوك", "فيس",     "انستغرام", "انستجرام", "يوتيوب",
      "تيك",   "تلغرام", "تليجرام", "واتساب",   "سناب"};
  return *set;
}

// الذي، التي، الذين: a verb after one has its subject before it.
const WordSet& RelativePronouns() {
  static const WordSet* set =
      new WordSet{"الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي"};
  return *set;
}

// Words before أن that make it a conjunction or a subjunctive particle,
// not the complementizer of a reporting verb (بعد أن، إلا أن، غير أن).
const WordSet& NonComplementHeads() {
  static const WordSet* set = new WordSet{
      "بعد", "قبل", "دون", "حتي", "منذ", "الا",  "غير",   "رغم", "كما",
      "بما", "مع",  "لو",  "بدل", "يجب", "يمكن", "ينبغي", "عسي", "يريد"};
  return *set;
}

// A preposition word, or a word with a prepositional proclitic (لحلف).
bool IsGoverning(const Token& t) {
  return t.kind == TokenKind::kWord && (Prepositions().contains(t.base) ||
                                        Prepositions().contains(t.normalized));
}
bool HasPrepositionalClitic(const Token& t) {
  if (HasPrefix(t, "ب") || HasPrefix(t, "ل") || HasPrefix(t, "ك")) return true;
  // لـCNN، بـ"الخطوة": a clitic joined by a tatweel stays on the token.
  return StartsWith(t.text, "\xD9\x84\xD9\x80") ||
         StartsWith(t.text, "\xD8\xA8\xD9\x80") ||
         StartsWith(t.text, "\xD9\x83\xD9\x80");
}

bool IsQuoteMark(const Token& t) {
  if (t.kind != TokenKind::kPunct || t.text.empty()) return false;
  int len;
  return ClassifyChar(DecodeUtf8(t.text, 0, &len)) == CharClass::kQuote;
}

bool IsSentenceMark(const Token& t) {
  if (t.kind != TokenKind::kPunct) return false;
  return t.text == "." || t.text == "!" || t.text == "?" ||
         t.text == "\xD8\x9F" /* ؟ */ || t.text == "\xE2\x80\xA6" /* … */ ||
         t.text == "..";
}

// إن، أن، إنه، بأن، فإن: the complementizer of reported speech.
bool IsComplementizer(const Token& t) {
  if (t.kind != TokenKind::kWord) return false;
  if (t.base == "ان") {
    for (const std::string& p : t.prefixes) {
      if (p != "ب" && p != "ف") return false;
    }
    return true;
  }
  return t.normalized == "بان" || t.normalized == "فان";
}

const CueInfo* CueOf(const Token& t) {
  if (t.kind != TokenKind::kWord || HasPrefix(t, "ال")) return nullptr;
  const CueTable& cues = Cues();
  auto it = cues.find(t.base);
  if (it == cues.end()) it = cues.find(t.normalized);
  // «ورد الوزير:»: the word ورد (rose; it came) keeps its و, yet before a
  // colon it is و + رد.
  if (it == cues.end() && t.normalized == "ورد") it = cues.find("رد");
  return it == cues.end() ? nullptr : &it->second;
}

// ---- Working state ----------------------------------------------------------

struct MentionRef {
  int32_t entity = 0;
  int32_t mention = 0;  // -1: a name the tagger missed (see AddMissedNames).
  int32_t first = 0;
  int32_t end = 0;
  EntityType type = EntityType::kMisc;
};

struct SpeakerRef {
  int32_t entity = -1;  // Into entities; -1 for a noun phrase.
  std::string text;
  Span span;
  bool empty() const { return text.empty(); }
};

struct Frame {
  int32_t cue = 0;     // Token index of the verb.
  int32_t stop = 0;    // Token of the complementizer or the quote's opening.
  int32_t quote = -1;  // Index into the direct quotes when it opens one.
  bool complement = false;
  // «الاتحاد الإنجليزي: "..."»: no verb; `cue` is the colon and the
  // speaker is named before it.
  bool label = false;
  int32_t sentence = 0;
  SpeakerRef speaker;
};

struct DirectQuote {
  Span content;
  Span marks;  // Opening mark to closing mark, inclusive.
  int32_t sentence = -1;
  int32_t frame = -1;  // Into frames, once attached.
  bool from_paragraph = false;
};

class QuoteFinder {
 public:
  QuoteFinder(std::string_view text, const std::vector<Sentence>& sentences,
              const std::vector<Token>& tokens,
              const std::vector<Entity>& entities,
              const Cancellation* cancellation)
      : text_(text),
        sentences_(sentences),
        tokens_(tokens),
        entities_(entities),
        cancellation_(cancellation) {}

  std::vector<Quote> Run();

 private:
  std::string Slice(Span s) const {
    return std::string(text_.substr(s.begin, s.end - s.begin));
  }
  // First token whose span begins at or after pos.
  int32_t TokenAtOrAfter(int32_t pos) const {
    auto it = std::lower_bound(
        tokens_.begin(), tokens_.end(), pos,
        [](const Token& t, int32_t p) { return t.span.begin < p; });
    return static_cast<int32_t>(it - tokens_.begin());
  }
  int32_t SentenceOf(int32_t pos) const {
    auto it = std::upper_bound(
        sentences_.begin(), sentences_.end(), pos,
        [](int32_t p, const Sentence& s) { return p < s.span.begin; });
    if (it == sentences_.begin()) return -1;
    --it;
    return pos < it->span.end ? static_cast<int32_t>(it - sentences_.begin())
                              : -1;
  }
  bool Governed(const MentionRef& m, int32_t floor) const;
  bool LoneCircumstantial(const MentionRef& m) const;
  bool IsPlatform(const MentionRef& m) const;
  bool IsCameIn(int32_t token) const;
  const CueInfo* CueAt(int32_t token) const;
  const MentionRef* MentionStartingAt(int32_t token) const {
    auto it = std::lower_bound(
        mentions_.begin(), mentions_.end(), token,
        [](const MentionRef& m, int32_t t) { return m.first < t; });
    return it != mentions_.end() && it->first == token ? &*it : nullptr;
  }
  SpeakerRef FromMention(const MentionRef& m) const;
  SpeakerRef SubjectBetween(int32_t from, int32_t to) const;
  SpeakerRef NounPhrase(int32_t from, int32_t to, bool relay) const;
  SpeakerRef SubjectBefore(int32_t sentence_begin, int32_t cue) const;
  SpeakerRef SentenceSubject(int32_t sentence, int32_t limit) const;
  void AddMissedNames();
  // Both false when the cancellation stopped them.
  [[nodiscard]] bool FindDirectQuotes();
  bool IsTitle(Span content) const;
  bool IntroducedAsSpeech(Span marks) const;
  // Whether a colon stands right before the quote's opening mark.
  bool AfterColon(const DirectQuote& d) const;
  // «يُذكر أن»: the passive of ذكر with no subject before its complement.
  bool IsNotedThat(int32_t cue, int32_t end) const;
  // The direct quote whose opening mark is token `token`; -1.
  int32_t QuoteOpeningAt(int32_t token) const;
  // Whether tokens [begin, colon) are a short label naming a speaker: a few
  // words, no verb of speech, no sentence mark.
  bool IsLabel(int32_t begin, int32_t colon) const;
  [[nodiscard]] bool FindFrames();
  void ResolveSpeaker(Frame* frame);
  // The entities' mentions, sorted by first token, into mentions_.
  void CollectMentions();
  // Copies the frame's speaker (and, `with_cue`, its cue) into the quote.
  void SetSpeaker(const SpeakerRef& speaker, Quote* q) const;
  void SetCue(int32_t cue, Quote* q) const;
  void SetFrame(const Frame& f, bool with_cue, Quote* q) const;
  // Attaches the direct quotes that are all of `content` to `frame` (unless
  // attached already); whether there is one.
  bool ClaimDirectQuotes(Span content, int32_t frame);
  // Reported speech: each complement up to the next frame or sentence end.
  void AddReportedSpeech(std::vector<Quote>* quotes);
  // The last frame whose cue ends at or before byte `pos`; -1.
  int32_t LastFrameBefore(int32_t pos) const;
  // The last frame whose cue comes before the quote in its sentence; -1.
  int32_t CueFrameBefore(const DirectQuote& d) const;
  // Speaker and cue from a cue within two tokens after the quote, if any.
  void SetCueAfter(const DirectQuote& d, Quote* q);
  // The last frame before the quote when it is in the quote's paragraph, or
  // in one of the two before when the quote opens its paragraph; -1.
  int32_t ParagraphFrameBefore(const DirectQuote& d) const;
  // Direct quotes: their frame, the nearest cue before them in their
  // sentence, a cue right after them, or the paragraph's last speaker.
  void AddDirectQuotes(std::vector<Quote>* quotes);
  // «الجبير: إيران معضلة إقليمية»: a headline whose first words, before a
  // colon, name a person or an organization is that one's statement.
  void AddHeadlineStatements(std::vector<Quote>* quotes);
  struct Attribution {
    int32_t marker = -1;  // بحسب، وفق، حسبما، كما…
    int32_t verb = -1;    // The reporting verb after it; -1 for «بحسب X».
    int32_t end = -1;     // Past the attribution phrase.
  };
  bool AttributionAt(int32_t k, int32_t last, Attribution* a) const;
  SpeakerRef AttributedSpeaker(const Attribution& a) const;
  void AddAttributedClauses(std::vector<Quote>* quotes);

  std::string_view text_;
  const std::vector<Sentence>& sentences_;
  const std::vector<Token>& tokens_;
  const std::vector<Entity>& entities_;
  const Cancellation* cancellation_;
  std::vector<MentionRef> mentions_;  // By first token.
  // reach_[i]: the largest end of mentions_[0..i].
  std::vector<int32_t> reach_;
  std::vector<DirectQuote> direct_;
  std::vector<Frame> frames_;
  SpeakerRef last_speaker_;
};

bool QuoteFinder::Governed(const MentionRef& m, int32_t floor) const {
  const Token& first = tokens_[m.first];
  if (HasPrepositionalClitic(first)) return true;
  // A name in quote marks is governed by the word before them.
  int32_t k = m.first - 1;
  while (k >= floor && IsQuoteMark(tokens_[k])) --k;
  if (k < floor) return false;
  // A name in brackets glosses the word before it: (الناتو). After a noun
  // with a preposition (لقناة "النهار") it is that noun's complement.
  const Token& before = tokens_[k];
  if (IsGoverning(before) || before.text == "(" ||
      (before.kind == TokenKind::kWord && HasPrepositionalClitic(before))) {
    return true;
  }
  // «مقابلة مع الزميلة كريستيان أمانبور»: a name after a title governed by
  // مع is governed with it («المسؤول في الشرطة عبد الرزاق» is not: there
  // the name stands by المسؤول).
  return k - 1 >= floor && before.kind == TokenKind::kWord &&
         HasPrefix(before, "ال") && MentionStartingAt(k) == nullptr &&
         tokens_[k - 1].normalized == "مع";
}

bool QuoteFinder::IsPlatform(const MentionRef& m) const {
  return Platforms().contains(tokens_[m.first].base);
}

// «وجاء في بيان الجيش أن», «وجاء في تصريح ترامب "..."»: "it came in X's
// statement", a cue whose speaker is named inside the phrase after في.
bool QuoteFinder::IsCameIn(int32_t token) const {
  const Token& t = tokens_[token];
  return t.kind == TokenKind::kWord && (t.base == "جاء" || t.base == "جا") &&
         token + 1 < static_cast<int32_t>(tokens_.size()) &&
         tokens_[token + 1].normalized == "في";
}

const CueInfo* QuoteFinder::CueAt(int32_t token) const {
  if (const CueInfo* info = CueOf(tokens_[token])) return info;
  static constexpr CueInfo kCameIn{CueKind::kFinite, false, false};
  return IsCameIn(token) ? &kCameIn : nullptr;
}

// «وقال مازحا:»: a tagger may take the circumstantial for a person. One the
// article never names again, in one word of that shape, is not a speaker; a
// name (رانيا) comes back, or comes whole first. Places (روسيا) are names.
bool QuoteFinder::LoneCircumstantial(const MentionRef& m) const {
  return m.type == EntityType::kPerson && m.end - m.first == 1 &&
         CircumstantialShape(tokens_[m.first]) &&
         entities_[m.entity].mentions.size() == 1;
}

SpeakerRef QuoteFinder::FromMention(const MentionRef& m) const {
  const Entity& entity = entities_[m.entity];
  SpeakerRef ref;
  ref.entity = m.entity;
  // The speaker as written at its span; the entity gives the full name.
  ref.span = m.mention >= 0 ? entity.mentions[m.mention].span
                            : tokens_[m.first].word_span;
  ref.text = Slice(ref.span);
  return ref;
}

// The first PERSON, else ORGANIZATION, mention in tokens [from, to) that
// no preposition governs.
SpeakerRef QuoteFinder::SubjectBetween(int32_t from, int32_t to) const {
  const MentionRef* best = nullptr;
  for (int32_t i = from; i < to; ++i) {
    const MentionRef* m = MentionStartingAt(i);
    if (m == nullptr || m->end > to || Governed(*m, from) ||
        IsGoverning(tokens_[m->first]) || LoneCircumstantial(*m) ||
        IsPlatform(*m)) {
      continue;
    }
    if (m->type == EntityType::kPerson) return FromMention(*m);
    if (m->type == EntityType::kOrganization && best == nullptr) best = m;
  }
  return best != nullptr ? FromMention(*best) : SpeakerRef();
}

// The noun phrase right after the verb, up to a preposition, punctuation
// or the complementizer; after عن for relaying verbs (نقل عن دبلوماسيين). A
// name in quote marks is part of it (وكالة أنباء "الصين الجديدة"), and so is
// a name set off by commas after a title (وزير الاقتصاد، مكسيم أورشكين،).
SpeakerRef QuoteFinder::NounPhrase(int32_t from, int32_t to, bool relay) const {
  if (relay) {
    for (int32_t i = from; i < to; ++i) {
      if (tokens_[i].normalized == "عن") {
        from = i + 1;
        break;
      }
    }
  }
  auto is_noun = [&](const Token& t) {
    return IsWordLike(t) && !IsGoverning(t) && !HasPrepositionalClitic(t) &&
           !IsComplementizer(t) && !FunctionWords().contains(t.base);
  };
  // The end of a run of one to three nouns from `i` closed by a token for
  // which `closes` holds; -1 when there is none.
  auto closed_run = [&](int32_t i, auto closes) {
    for (int32_t k = i; k < to && k < i + 4; ++k) {
      if (k > i && closes(tokens_[k])) return k;
      if (!is_noun(tokens_[k])) return int32_t{-1};
    }
    return int32_t{-1};
  };
  // «قال مازحا», «رد الوزير ساخرا»: an indefinite accusative after the
  // verb is a circumstantial (حال), not part of the subject.
  auto circumstantial = [&](int32_t i) {
    const MentionRef* m = MentionStartingAt(i);
    return CircumstantialShape(tokens_[i]) &&
           (m == nullptr || LoneCircumstantial(*m));
  };
  if (from < to && tokens_[from].kind == TokenKind::kWord &&
      !tokens_[from].suffixes.empty() &&
      SpeechNouns().contains(tokens_[from].base)) {
    return SpeakerRef();
  }
  int32_t end = from;
  int32_t words = 0;
  while (end < to && words < 6) {
    const Token& t = tokens_[end];
    if (circumstantial(end)) break;
    if (IsQuoteMark(t)) {
      const int32_t close = closed_run(end + 1, IsQuoteMark);
      if (close < 0) break;
      words += close - end - 1;
      end = close + 1;
      continue;
    }
    if (IsComma(t) && words > 0) {
      // «السلطات القطرية، الأربعاء،»: a time between commas is no name.
      const int32_t close = closed_run(end + 1, IsComma);
      if (close >= 0 && !TimeWords().contains(tokens_[end + 1].normalized)) {
        end = close;
      }
      break;
    }
    if (!is_noun(t)) break;
    ++words;
    ++end;
  }
  SpeakerRef ref;
  if (end == from) return ref;
  ref.span = Span{tokens_[from].word_span.begin, tokens_[end - 1].span.end};
  ref.text = Slice(ref.span);
  return ref;
}

// A subject before its verb (بلينكن ...، قال إن): the nearest ungoverned
// PERSON, else ORGANIZATION, mention in the clause before the cue.
SpeakerRef QuoteFinder::SubjectBefore(int32_t sentence_begin,
                                      int32_t cue) const {
  int32_t from = sentence_begin;
  for (int32_t i = cue - 1; i >= sentence_begin; --i) {
    if (IsComplementizer(tokens_[i]) || CueAt(i) != nullptr) {
      from = i + 1;
      break;
    }
  }
  // «لأنه يرى», «أنها قالت»: the subject is the pronoun on the particle,
  // a dropped subject; the names before it are of another clause.
  if (cue > from) {
    const Token& before = tokens_[cue - 1];
    if (before.kind == TokenKind::kWord && !before.suffixes.empty() &&
        (before.base == "ان" || before.base == "لكن" || before.base == "كان")) {
      return SpeakerRef();
    }
  }
  const MentionRef* person = nullptr;
  const MentionRef* org = nullptr;
  const MentionRef* owner = nullptr;
  for (int32_t i = from; i < cue; ++i) {
    const MentionRef* m = MentionStartingAt(i);
    if (m == nullptr || m->end > cue || IsPlatform(*m) ||
        LoneCircumstantial(*m)) {
      continue;
    }
    if (Governed(*m, from)) {
      // «تغريدات لكيري ... حيث قال»: the owner after ل, when no one else.
      if (m->type == EntityType::kPerson && owner == nullptr &&
          HasPrefix(tokens_[m->first], "ل")) {
        owner = m;
      }
      continue;
    }
    if (m->type == EntityType::kPerson) person = m;
    if (m->type == EntityType::kOrganization) org = m;
  }
  if (person != nullptr) return FromMention(*person);
  if (org != nullptr) return FromMention(*org);
  if (owner != nullptr) return FromMention(*owner);
  return SpeakerRef();
}

// Words at a sentence's start where its subject is named: «ويستغل الرئيس
// ترامب», «من جهته، قدم #وزير_النقل المهندس نبيل العامودي».
constexpr int32_t kSubjectWindow = 10;

// The subject of a sentence that opens with its verb or its subject: the
// first person named in its first words, ungoverned, before any
// complementizer or reporting verb (in «وقال مسؤول إن ترامب» the name is
// in the report).
SpeakerRef QuoteFinder::SentenceSubject(int32_t sentence, int32_t limit) const {
  const int32_t first = sentences_[sentence].first_token;
  const int32_t end = std::min(limit, first + kSubjectWindow);
  for (int32_t i = first; i < end; ++i) {
    if (IsComplementizer(tokens_[i]) || IsSentenceMark(tokens_[i]) ||
        (i > first && CueAt(i) != nullptr)) {
      break;
    }
    const MentionRef* m = MentionStartingAt(i);
    if (m == nullptr) continue;
    if (m->end > limit || m->type != EntityType::kPerson ||
        Governed(*m, first) || LoneCircumstantial(*m)) {
      break;
    }
    return FromMention(*m);
  }
  return SpeakerRef();
}

void QuoteFinder::ResolveSpeaker(Frame* frame) {
  const Sentence& sentence = sentences_[frame->sentence];
  SpeakerRef speaker;
  if (frame->label) {
    // The name before the colon; «وفي تغريدة أخرى:» names none: the last
    // speaker goes on.
    speaker = SubjectBetween(sentence.first_token, frame->cue);
    if (speaker.empty()) {
      speaker = NounPhrase(sentence.first_token, frame->cue, false);
    }
    if (speaker.empty()) speaker = last_speaker_;
    if (!speaker.empty()) last_speaker_ = speaker;
    frame->speaker = std::move(speaker);
    return;
  }
  const Token& cue = tokens_[frame->cue];
  const CueInfo* info = CueAt(frame->cue);
  if (IsCameIn(frame->cue)) {
    // The first person or organization in the phrase, governed or not
    // (بيان للجيش); else the phrase itself (بيان للجيش الإسرائيلي), but one
    // definite word refers back (وجاء في البيان): the last speaker goes on.
    int32_t end = frame->stop;
    while (end > frame->cue + 2 &&
           (!IsWordLike(tokens_[end - 1]) ||
            FunctionWords().contains(tokens_[end - 1].normalized))) {
      --end;
    }
    for (int32_t i = frame->cue + 2; i < end && speaker.empty(); ++i) {
      const MentionRef* m = MentionStartingAt(i);
      if (m != nullptr && m->end <= end &&
          (m->type == EntityType::kPerson ||
           m->type == EntityType::kOrganization)) {
        speaker = FromMention(*m);
      }
    }
    const int32_t words = end - (frame->cue + 2);
    if (speaker.empty() && words >= 2 && words <= 6) {
      speaker.span = Span{tokens_[frame->cue + 2].word_span.begin,
                          tokens_[end - 1].span.end};
      speaker.text = Slice(speaker.span);
    }
    // The publication is no subject a later «وقال» goes on with.
    if (speaker.empty()) speaker = last_speaker_;
    frame->speaker = std::move(speaker);
    return;
  }
  if (info->kind == CueKind::kFinite && info->relay) {
    // نقلت الوكالة عن الوزير قوله: the one quoted is after عن.
    for (int32_t i = frame->cue + 1; i < frame->stop; ++i) {
      if (tokens_[i].normalized == "عن") {
        speaker = SubjectBetween(i + 1, frame->stop);
        if (speaker.empty()) speaker = NounPhrase(i + 1, frame->stop, false);
        break;
      }
    }
  }
  // «زميله شاكر الهدهور الذي قال مازحا»: the subject is the name the
  // relative pronoun refers to, before the verb.
  if (info->kind == CueKind::kFinite && speaker.empty() &&
      frame->cue > sentence.first_token &&
      RelativePronouns().contains(tokens_[frame->cue - 1].normalized)) {
    speaker = SubjectBefore(sentence.first_token, frame->cue);
  }
  // «وكان يرى الإخوان بأنهم»: after كان the verb's subject is كان's, so the
  // noun after the verb is its object.
  const bool after_kana = frame->cue > sentence.first_token &&
                          tokens_[frame->cue - 1].kind == TokenKind::kWord &&
                          (tokens_[frame->cue - 1].base == "كان" ||
                           tokens_[frame->cue - 1].base == "كانت");
  if (info->kind == CueKind::kFinite && speaker.empty() && !after_kana) {
    speaker = SubjectBetween(frame->cue + 1, frame->stop);
    if (speaker.empty()) {
      speaker = NounPhrase(frame->cue + 1, frame->stop, info->relay);
    }
    // A verb after و/ف continues the previous subject: its own subject
    // would follow it; in its own sentence («ويستغل الرئيس ترامب ...،
    // فيقول») that is the sentence's subject.
    if (speaker.empty() && !HasPrefix(cue, "و") && !HasPrefix(cue, "ف")) {
      speaker = SubjectBefore(sentence.first_token, frame->cue);
    }
    if (speaker.empty() && frame->cue > sentence.first_token) {
      speaker = SentenceSubject(frame->sentence, frame->cue);
    }
  }
  // «ونوه تيلرسون ... بـ"المباحثات"، مؤكدا أن»: a participle shares the
  // subject of its sentence.
  if (info->kind == CueKind::kParticiple && speaker.empty()) {
    speaker = SentenceSubject(frame->sentence, frame->cue);
  }
  if (speaker.empty()) speaker = last_speaker_;  // A dropped subject.
  if (!speaker.empty()) last_speaker_ = speaker;
  frame->speaker = std::move(speaker);
}

// A sentence-level tagger misses names it finds elsewhere in the article
// (وكان بلينكن، قال الأمين العام ... ينس ستولتنبرغ): a word equal to the
// last word of a PERSON mention counts as a mention of that person (the
// nearest earlier one, else the first later one).
void QuoteFinder::AddMissedNames() {
  std::vector<bool> covered(tokens_.size(), false);
  absl::flat_hash_map<std::string, std::vector<const MentionRef*>> by_name;
  for (const MentionRef& m : mentions_) {
    for (int32_t i = m.first; i < m.end; ++i) covered[i] = true;
    if (m.type != EntityType::kPerson) continue;
    const std::string& word = tokens_[m.end - 1].word;
    // Two-letter words are too often particles to stand for a name.
    if (word.size() > 4) by_name[word].push_back(&m);
  }
  std::vector<MentionRef> missed;
  for (size_t i = 0; i < tokens_.size(); ++i) {
    if (covered[i] || tokens_[i].kind != TokenKind::kWord) continue;
    auto it = by_name.find(tokens_[i].word);
    if (it == by_name.end()) continue;
    // The nearest earlier mention of the name, else the first later one.
    const std::vector<const MentionRef*>& named = it->second;
    auto after = std::partition_point(
        named.begin(), named.end(), [i](const MentionRef* m) {
          return m->first < static_cast<int32_t>(i);
        });
    const MentionRef* best =
        after == named.begin() ? named.front() : *std::prev(after);
    missed.push_back(MentionRef{best->entity, -1, static_cast<int32_t>(i),
                                static_cast<int32_t>(i) + 1,
                                EntityType::kPerson});
  }
  if (missed.empty()) return;
  mentions_.insert(mentions_.end(), missed.begin(), missed.end());
  std::sort(mentions_.begin(), mentions_.end(),
            [](const MentionRef& a, const MentionRef& b) {
              return a.first < b.first;
            });
}

// ---- Direct quotes ----------------------------------------------------------

// A bare name or title in quote marks: one to three words, no sentence
// punctuation, and either an entity mention or no function word, no
// prepositional, future or pronoun clitic.
bool QuoteFinder::IsTitle(Span content) const {
  const int32_t first = TokenAtOrAfter(content.begin);
  int32_t words = 0;
  bool function = false;
  int32_t last = first;
  for (int32_t i = first; i < static_cast<int32_t>(tokens_.size()) &&
                          tokens_[i].span.begin < content.end;
       ++i) {
    const Token& t = tokens_[i];
    if (!IsWordLike(t)) {
      if (t.kind == TokenKind::kPunct && (IsSentenceMark(t) || IsComma(t))) {
        return false;
      }
      continue;
    }
    // More than three words is no title: stop reading (a quote may hold
    // the rest of the text).
    if (++words > 3) return false;
    last = i;
    if (FunctionWords().contains(t.base) ||
        FunctionWords().contains(t.normalized) || HasPrepositionalClitic(t) ||
        HasPrefix(t, "س") || !t.suffixes.empty()) {
      function = true;
    }
  }
  if (words == 0) return true;
  if (words > 3) return false;
  // Some mention starting at or before `first` reaches past `last`.
  auto after = std::partition_point(
      mentions_.begin(), mentions_.end(),
      [first](const MentionRef& m) { return m.first <= first; });
  if (after != mentions_.begin() &&
      reach_[after - mentions_.begin() - 1] > last) {
    return true;
  }
  return !function;
}

// Tokens a complementizer or a quote may stand after the verb; a quote
// introduced by a colon, up to kColonWindow.
constexpr int32_t kFrameWindow = 16;
constexpr int32_t kColonWindow = 40;
// Words of a label before a colon («الاتحاد الأمريكي لكرة القدم:»).
constexpr int32_t kMaxLabelWords = 8;

// «وقال الوزير: "الوضع صعب"», «"الوضع صعب"، قال الوزير»: quote marks after a
// reporting verb and a colon, or before a comma and a verb, hold words said,
// however short.
bool QuoteFinder::IntroducedAsSpeech(Span marks) const {
  const int32_t sentence = SentenceOf(marks.begin);
  if (sentence < 0) return false;
  const int32_t first = sentences_[sentence].first_token;
  const int32_t end = first + sentences_[sentence].token_count;
  const int32_t open = TokenAtOrAfter(marks.begin);
  if (open > first && tokens_[open - 1].text == ":") {
    for (int32_t k = open - 2; k >= first && k >= open - 1 - kColonWindow;
         --k) {
      if (IsSentenceMark(tokens_[k])) break;
      if (CueAt(k) != nullptr) return true;
    }
  }
  const int32_t after = TokenAtOrAfter(marks.end);
  return after + 1 < end && IsComma(tokens_[after]) &&
         CueAt(after + 1) != nullptr;
}

bool QuoteFinder::FindDirectQuotes() {
  // Pair over each paragraph (the splitter's region), not each sentence.
  size_t i = 0;
  while (i < sentences_.size()) {
    if (Stopped(cancellation_)) return false;
    size_t j = i + 1;
    while (j < sentences_.size() &&
           sentences_[j].section == sentences_[i].section &&
           sentences_[j].paragraph_index == sentences_[i].paragraph_index) {
      ++j;
    }
    const Span region{sentences_[i].span.begin, sentences_[j - 1].span.end};
    for (const QuotePair& pair : PairQuotes(text_, region)) {
      if (pair.type != QuoteType::kGuillemet &&
          pair.type != QuoteType::kSingleGuillemet &&
          pair.type != QuoteType::kDouble && pair.type != QuoteType::kCurly) {
        continue;
      }
      Span content{pair.begin + pair.open_len, pair.end - pair.close_len};
      while (content.begin < content.end && text_[content.begin] == ' ') {
        ++content.begin;
      }
      while (content.end > content.begin && text_[content.end - 1] == ' ') {
        --content.end;
      }
      if (content.empty() || (IsTitle(content) && !IntroducedAsSpeech(Span{
                                                      pair.begin, pair.end}))) {
        continue;
      }
      DirectQuote q;
      q.content = content;
      q.marks = Span{pair.begin, pair.end};
      q.sentence = SentenceOf(pair.begin);
      direct_.push_back(q);
    }
    i = j;
  }
  std::sort(direct_.begin(), direct_.end(),
            [](const DirectQuote& a, const DirectQuote& b) {
              return a.marks.begin < b.marks.begin;
            });
  return true;
}

// ---- Frames -----------------------------------------------------------------

bool QuoteFinder::AfterColon(const DirectQuote& d) const {
  const int32_t open = TokenAtOrAfter(d.marks.begin);
  return open > 0 && tokens_[open - 1].text == ":";
}

int32_t QuoteFinder::QuoteOpeningAt(int32_t token) const {
  if (token >= static_cast<int32_t>(tokens_.size())) return -1;
  const int32_t pos = tokens_[token].span.begin;
  auto it = std::lower_bound(
      direct_.begin(), direct_.end(), pos,
      [](const DirectQuote& d, int32_t p) { return d.marks.begin < p; });
  return it != direct_.end() && it->marks.begin == pos
             ? static_cast<int32_t>(it - direct_.begin())
             : -1;
}

bool QuoteFinder::IsNotedThat(int32_t cue, int32_t end) const {
  if (tokens_[cue].normalized != "يذكر" && tokens_[cue].normalized != "ويذكر") {
    return false;
  }
  int32_t next = cue + 1;
  if (next < end && tokens_[next].kind == TokenKind::kPunct) ++next;
  return next < end && IsComplementizer(tokens_[next]);
}

bool QuoteFinder::IsLabel(int32_t begin, int32_t colon) const {
  int32_t words = 0;
  for (int32_t i = begin; i < colon; ++i) {
    const Token& t = tokens_[i];
    if (IsSentenceMark(t) || CueAt(i) != nullptr) return false;
    if (IsWordLike(t) && ++words > kMaxLabelWords) return false;
  }
  return words > 0;
}

bool QuoteFinder::FindFrames() {
  size_t next_quote = 0;
  for (size_t s = 0; s < sentences_.size(); ++s) {
    if (s % 64 == 63 && Stopped(cancellation_)) return false;
    const int32_t begin = sentences_[s].first_token;
    const int32_t end = begin + sentences_[s].token_count;
    for (int32_t c = begin; c < end; ++c) {
      const CueInfo* info = CueAt(c);
      // «يُذكر أن», «ويذكر، أن»: "it is noted that", the writer's aside.
      if (info != nullptr && IsNotedThat(c, end)) continue;
      if (info == nullptr) {
        // «الاتحاد الإنجليزي لكرة القدم: "..."»: a label names the speaker.
        const int32_t q = tokens_[c].text == ":" ? QuoteOpeningAt(c + 1) : -1;
        if (q >= 0 && direct_[q].frame < 0 && IsLabel(begin, c)) {
          Frame f;
          f.cue = c;
          f.stop = c;
          f.quote = q;
          f.label = true;
          f.sentence = static_cast<int32_t>(s);
          direct_[q].frame = static_cast<int32_t>(frames_.size());
          frames_.push_back(f);
        }
        continue;
      }
      // A colon before the quote reaches further than the usual window:
      // «وقال السديري الذي ... في حديثه لـ"العربية.نت": "...»
      const int32_t window_end = c + 1 + kFrameWindow;
      const int32_t limit = std::min(end, c + 1 + kColonWindow);
      while (next_quote < direct_.size() &&
             direct_[next_quote].marks.begin < tokens_[c].span.end) {
        ++next_quote;
      }
      for (int32_t j = c + 1; j < limit; ++j) {
        const Token& t = tokens_[j];
        if (CueAt(j) != nullptr || IsSentenceMark(t)) break;
        if (next_quote < direct_.size() &&
            direct_[next_quote].marks.begin < t.span.end &&
            direct_[next_quote].frame < 0) {
          const bool colon = AfterColon(direct_[next_quote]);
          if (colon || (j < window_end && !info->needs_colon)) {
            Frame f;
            f.cue = c;
            f.stop = j;
            f.quote = static_cast<int32_t>(next_quote);
            f.sentence = static_cast<int32_t>(s);
            direct_[next_quote].frame = static_cast<int32_t>(frames_.size());
            frames_.push_back(f);
          }
          break;
        }
        if (j >= window_end || info->needs_colon) continue;
        if (IsComplementizer(t) && !(j > c + 1 && NonComplementHeads().contains(
                                                      tokens_[j - 1].base))) {
          Frame f;
          f.cue = c;
          f.stop = j;
          f.complement = true;
          f.sentence = static_cast<int32_t>(s);
          frames_.push_back(f);
          break;
        }
      }
    }
  }
  // A sentence between frames that names a new subject (وكتبت جودي
  // ديمبسي ...، استعرض الوزير ...) is who a later bare «وأضاف» goes on with.
  int32_t read = -1;
  for (Frame& f : frames_) {
    for (int32_t s = read + 1; s < f.sentence; ++s) {
      const Sentence& sentence = sentences_[s];
      SpeakerRef subject =
          SentenceSubject(s, sentence.first_token + sentence.token_count);
      if (!subject.empty()) last_speaker_ = std::move(subject);
    }
    read = std::max(read, f.sentence);
    ResolveSpeaker(&f);
  }
  return true;
}

void QuoteFinder::CollectMentions() {
  for (size_t e = 0; e < entities_.size(); ++e) {
    const Entity& entity = entities_[e];
    for (size_t m = 0; m < entity.mentions.size(); ++m) {
      const Mention& mention = entity.mentions[m];
      if (mention.kind == MentionKind::kAdjective ||
          mention.end_token <= mention.first_token ||
          mention.end_token > static_cast<int32_t>(tokens_.size())) {
        continue;
      }
      mentions_.push_back(
          MentionRef{static_cast<int32_t>(e), static_cast<int32_t>(m),
                     mention.first_token, mention.end_token, entity.type});
    }
  }
  std::sort(mentions_.begin(), mentions_.end(),
            [](const MentionRef& a, const MentionRef& b) {
              return a.first < b.first;
            });
}

void QuoteFinder::SetSpeaker(const SpeakerRef& speaker, Quote* q) const {
  q->speaker_text = speaker.text;
  q->speaker_span = speaker.span;
  if (speaker.entity >= 0) q->speaker_entity_id = entities_[speaker.entity].id;
}

void QuoteFinder::SetCue(int32_t cue, Quote* q) const {
  q->cue_span = tokens_[cue].word_span;
  q->cue = Slice(q->cue_span);
}

void QuoteFinder::SetFrame(const Frame& f, bool with_cue, Quote* q) const {
  SetSpeaker(f.speaker, q);
  if (with_cue && !f.label) SetCue(f.cue, q);
}

bool QuoteFinder::ClaimDirectQuotes(Span content, int32_t frame) {
  // direct_ is sorted by opening mark: only those opening within two bytes
  // of the complement's start can be all of it.
  auto it = std::lower_bound(
      direct_.begin(), direct_.end(), content.begin,
      [](const DirectQuote& d, int32_t pos) { return d.marks.begin < pos; });
  bool is_direct = false;
  for (; it != direct_.end() && it->marks.begin <= content.begin + 2; ++it) {
    DirectQuote& d = *it;
    if (d.marks.end >= content.end - 2 && d.marks.end <= content.end + 2) {
      if (d.frame < 0) d.frame = frame;
      is_direct = true;
    }
  }
  return is_direct;
}

void QuoteFinder::AddReportedSpeech(std::vector<Quote>* quotes) {
  for (size_t k = 0; k < frames_.size(); ++k) {
    const Frame& f = frames_[k];
    if (!f.complement) continue;
    const Sentence& sentence = sentences_[f.sentence];
    int32_t end = sentence.first_token + sentence.token_count;
    if (k + 1 < frames_.size() && frames_[k + 1].sentence == f.sentence) {
      end = frames_[k + 1].cue;
    }
    int32_t first = f.stop + 1;
    // Trailing punctuation and a dangling conjunction are not content.
    while (end > first && !IsWordLike(tokens_[end - 1]) &&
           !IsQuoteMark(tokens_[end - 1])) {
      --end;
    }
    if (end <= first) continue;
    Span content{tokens_[first].span.begin, tokens_[end - 1].span.end};
    // A complement that is all one direct quote is that quote.
    if (ClaimDirectQuotes(content, static_cast<int32_t>(k))) continue;
    Quote q;
    q.span = content;
    q.direct = false;
    SetFrame(f, true, &q);
    quotes->push_back(std::move(q));
  }
}

int32_t QuoteFinder::LastFrameBefore(int32_t pos) const {
  // frames_ are in text order: those whose cue ends by `pos` are a prefix.
  auto it = std::partition_point(
      frames_.begin(), frames_.end(),
      [&](const Frame& f) { return tokens_[f.cue].span.end <= pos; });
  return static_cast<int32_t>(it - frames_.begin()) - 1;
}

int32_t QuoteFinder::CueFrameBefore(const DirectQuote& d) const {
  const int32_t k = LastFrameBefore(d.marks.begin);
  return k >= 0 && frames_[k].sentence == d.sentence ? k : -1;
}

void QuoteFinder::SetCueAfter(const DirectQuote& d, Quote* q) {
  // «...»، قال X: a cue within two tokens after the quote.
  const Sentence& sentence = sentences_[d.sentence];
  const int32_t end = sentence.first_token + sentence.token_count;
  int32_t j = TokenAtOrAfter(d.marks.end);
  for (int32_t n = 0; j < end && n < 3; ++j, ++n) {
    if (CueAt(j) == nullptr) continue;
    Frame f;
    f.cue = j;
    f.stop = std::min(end, j + 1 + kFrameWindow);
    f.sentence = d.sentence;
    ResolveSpeaker(&f);
    SetFrame(f, true, q);
    break;
  }
}

int32_t QuoteFinder::ParagraphFrameBefore(const DirectQuote& d) const {
  const int32_t k = LastFrameBefore(d.marks.begin);
  if (k < 0) return -1;
  const Sentence& sentence = sentences_[d.sentence];
  const Sentence& fs = sentences_[frames_[k].sentence];
  if (fs.section != sentence.section) return -1;
  if (fs.paragraph_index == sentence.paragraph_index) return k;
  // A paragraph that opens with a quote and names no one goes on with the
  // speaker of the paragraph before (or the one before that).
  const bool opens_paragraph =
      TokenAtOrAfter(d.marks.begin) == sentence.first_token &&
      (d.sentence == 0 ||
       sentences_[d.sentence - 1].paragraph_index != sentence.paragraph_index ||
       sentences_[d.sentence - 1].section != sentence.section);
  return opens_paragraph && sentence.paragraph_index - fs.paragraph_index <= 2
             ? k
             : -1;
}

void QuoteFinder::AddDirectQuotes(std::vector<Quote>* quotes) {
  for (const DirectQuote& d : direct_) {
    Quote q;
    q.span = d.content;
    q.direct = true;
    int32_t frame = d.frame;
    bool with_cue = true;
    if (frame < 0 && d.sentence >= 0) frame = CueFrameBefore(d);
    if (frame < 0 && d.sentence >= 0) SetCueAfter(d, &q);
    if (frame < 0 && q.cue.empty() && d.sentence >= 0) {
      frame = ParagraphFrameBefore(d);
      with_cue = false;  // Another sentence's cue.
    }
    if (frame >= 0) SetFrame(frames_[frame], with_cue, &q);
    quotes->push_back(std::move(q));
  }
}

// Quotes never nest: a quote inside another (a partial quote within
// reported speech, quote marks within quote marks) is part of the outer one.
// Direct quotes pair like brackets and complements do not overlap, so after
// this every byte of the text is in at most two quotes: the response stays
// linear in the article.
std::vector<Quote> OutermostQuotes(std::vector<Quote> quotes) {
  std::sort(quotes.begin(), quotes.end(), [](const Quote& a, const Quote& b) {
    return a.span.begin != b.span.begin ? a.span.begin < b.span.begin
                                        : a.span.end > b.span.end;
  });
  std::vector<Quote> outermost;
  int32_t reach = -1;  // The furthest end of the quotes kept so far.
  for (Quote& q : quotes) {
    if (q.span.end <= reach) continue;
    reach = q.span.end;
    outermost.push_back(std::move(q));
  }
  return outermost;
}

void QuoteFinder::AddHeadlineStatements(std::vector<Quote>* quotes) {
  for (const Sentence& sentence : sentences_) {
    if (sentence.section != SentenceSection::kHeadline) continue;
    const int32_t begin = sentence.first_token;
    const int32_t end = begin + sentence.token_count;
    int32_t colon = begin;
    while (colon < end && colon < begin + kMaxLabelWords + 2 &&
           tokens_[colon].text != ":") {
      ++colon;
    }
    if (colon >= end || tokens_[colon].text != ":" || !IsLabel(begin, colon)) {
      continue;
    }
    // A statement: a few words after the colon, not a quote in marks
    // (AddDirectQuotes has those).
    int32_t first = colon + 1;
    int32_t last = end;
    while (last > first && !IsWordLike(tokens_[last - 1])) --last;
    int32_t words = 0;
    for (int32_t i = first; i < last; ++i) words += IsWordLike(tokens_[i]);
    if (words < 3 || IsQuoteMark(tokens_[first])) continue;
    // The label names a person or an organization (not a place:
    // «اليابان: ارتفاع حصيلة...» is a topic).
    SpeakerRef speaker = SubjectBetween(begin, colon);
    if (speaker.empty()) {
      bool place = false;
      for (const MentionRef& m : mentions_) {
        place |= m.first >= begin && m.end <= colon &&
                 m.type == EntityType::kLocation;
      }
      if (place) continue;
      speaker = NounPhrase(begin, colon, false);
    }
    if (speaker.empty()) continue;
    Quote q;
    q.span = {tokens_[first].span.begin, tokens_[last - 1].span.end};
    q.direct = false;
    SetSpeaker(speaker, &q);
    quotes->push_back(std::move(q));
  }
}

// ---- Attributed clauses -----------------------------------------------------

// Words an attribution's source may take (بحسب ما أعلن متحدث باسم الحكومة
// اليابانية الخميس).
constexpr int32_t kAttributionWords = 12;

// An attribution at token k: «بحسب ما أعلن»، «وفق ما ذكرت»، «وفقا لما ذكرته»،
// «حسبما قال»، «كما أفادت» (a verb), or «بحسب شرطة دبي»، «وفقا لوكالة» (a
// source). Its phrase runs to the next comma or `last`.
bool QuoteFinder::AttributionAt(int32_t k, int32_t last, Attribution* a) const {
  const Token& t = tokens_[k];
  if (t.kind != TokenKind::kWord) return false;
  const bool by = t.base == "حسب" || t.base == "وفق" || t.base == "وفقا" ||
                  t.base == "طبقا";
  const bool as = t.base == "حسبما" || t.base == "كما";
  if (!by && !as) return false;
  int32_t verb = -1;
  if (as) {
    if (k + 1 < last && CueAt(k + 1) != nullptr) verb = k + 1;
    if (verb < 0) return false;
  } else if (k + 2 < last && tokens_[k + 1].base == "ما" &&
             CueAt(k + 2) != nullptr) {
    verb = k + 2;
  }
  // An attribution is a short phrase: the scan stops after a few words, so
  // that a sentence of markers stays linear.
  int32_t end = (verb >= 0 ? verb : k) + 1;
  const int32_t cap = std::min(last, end + kAttributionWords);
  while (end < cap && !IsComma(tokens_[end]) && !IsSentenceMark(tokens_[end])) {
    // «كما أكد الوزير أن ...» is a frame of its own, not an attribution.
    if (IsComplementizer(tokens_[end])) return false;
    ++end;
  }
  if (end == cap && cap < last) return false;
  // «بحسب X» names a source in a few words, not a clause («بحسب ما يقتضي
  // البروتوكول»).
  if (verb < 0 && (end - k < 2 || end - k > 7 ||
                   FunctionWords().contains(tokens_[k + 1].normalized) ||
                   FunctionWords().contains(tokens_[k + 1].base))) {
    return false;
  }
  a->marker = k;
  a->verb = verb;
  a->end = end;
  return true;
}

SpeakerRef QuoteFinder::AttributedSpeaker(const Attribution& a) const {
  const int32_t from = (a.verb >= 0 ? a.verb : a.marker) + 1;
  // «وذلك بحسب بياناتها الرسمية»: a source with a pronoun is the owner's,
  // the subject named before it in the sentence.
  if (a.verb < 0 && from < a.end && !tokens_[from].suffixes.empty()) {
    const int32_t sentence = SentenceOf(tokens_[a.marker].span.begin);
    if (sentence < 0) return SpeakerRef();
    const int32_t first = sentences_[sentence].first_token;
    SpeakerRef owner = SubjectBefore(first, a.marker);
    if (owner.empty()) owner = NounPhrase(first + 1, a.marker, false);
    return owner;
  }
  // «وفقا لوكالة رويترز»: the source may carry its preposition.
  for (int32_t i = from; i < a.end; ++i) {
    const MentionRef* m = MentionStartingAt(i);
    if (m != nullptr && m->end <= a.end && !IsPlatform(*m) &&
        (m->type == EntityType::kPerson ||
         m->type == EntityType::kOrganization)) {
      return FromMention(*m);
    }
  }
  SpeakerRef ref;
  int32_t end = a.end;
  while (end > from && !IsWordLike(tokens_[end - 1])) --end;
  if (end <= from || end - from > 6) return ref;
  ref.span = Span{tokens_[from].word_span.begin, tokens_[end - 1].span.end};
  ref.text = Slice(ref.span);
  return ref;
}

// «قُتل شرطيان ...، بحسب ما أعلن مسؤولون», «... وفق ما ذكرت السلطات», «نجاح
// الرحلة، كما تقول سمية، جعل ...», «وبحسب شرطة دبي، فإن ...»: a clause
// attributed after (or, with بحسب, before) it is its source's reported
// speech. Sentences with a frame of their own are left to it.
void QuoteFinder::AddAttributedClauses(std::vector<Quote>* quotes) {
  std::vector<bool> framed(sentences_.size(), false);
  for (const Frame& f : frames_) framed[f.sentence] = true;
  for (size_t s = 0; s < sentences_.size(); ++s) {
    const Sentence& sentence = sentences_[s];
    if (framed[s] || sentence.section == SentenceSection::kDateline) continue;
    const int32_t first = sentence.first_token;
    int32_t last = first + sentence.token_count;
    while (last > first && !IsWordLike(tokens_[last - 1])) --last;
    if (last - first < 5) continue;
    Attribution a;
    int32_t k = first;
    for (; k < last && !AttributionAt(k, last, &a); ++k) {
    }
    if (k >= last) continue;
    int32_t begin = first;
    int32_t end = last;
    if (k <= first + 1) {
      // Before its clause: «وبحسب شرطة دبي، فإن ...».
      begin = a.end + 1;
      if (begin < last && IsComplementizer(tokens_[begin])) ++begin;
    } else if (a.end >= last - 1) {
      // After it, to the sentence's end: the clause is what comes before,
      // less the comma and «وذلك».
      end = k;
      while (end > first && (IsComma(tokens_[end - 1]) ||
                             tokens_[end - 1].normalized == "وذلك")) {
        --end;
      }
    }
    // In the middle («، كما تقول سمية،») the whole sentence is the clause.
    // A clause that is one direct quote («...»، حسبما قال X) is that quote's.
    const int32_t opening = QuoteOpeningAt(begin);
    if (opening >= 0 &&
        direct_[opening].marks.end >= tokens_[end - 1].span.end) {
      continue;
    }
    int32_t words = 0;
    for (int32_t i = begin; i < end; ++i) words += IsWordLike(tokens_[i]);
    if (words < 3) continue;
    const SpeakerRef speaker = AttributedSpeaker(a);
    if (speaker.empty()) continue;
    Quote q;
    q.span = {tokens_[begin].span.begin, tokens_[end - 1].span.end};
    q.direct = false;
    SetSpeaker(speaker, &q);
    SetCue(a.verb >= 0 ? a.verb : a.marker, &q);
    quotes->push_back(std::move(q));
  }
}

std::vector<Quote> QuoteFinder::Run() {
  if (tokens_.empty()) return {};
  CollectMentions();
  AddMissedNames();
  reach_.resize(mentions_.size());
  int32_t reach = 0;
  for (size_t i = 0; i < mentions_.size(); ++i) {
    reach = std::max(reach, mentions_[i].end);
    reach_[i] = reach;
  }
  if (!FindDirectQuotes() || !FindFrames()) return {};

  std::vector<Quote> quotes;
  AddReportedSpeech(&quotes);
  AddDirectQuotes(&quotes);
  AddHeadlineStatements(&quotes);
  AddAttributedClauses(&quotes);
  if (Stopped(cancellation_)) return {};
  quotes = OutermostQuotes(std::move(quotes));
  // Text last, for the quotes kept only: nested ones would copy the text
  // once per level.
  for (Quote& q : quotes) q.text = Slice(q.span);
  return quotes;
}

}  // namespace

std::vector<Quote> FindQuotes(std::string_view text,
                              const std::vector<Sentence>& sentences,
                              const std::vector<Token>& tokens,
                              const std::vector<Entity>& entities,
                              const Cancellation* cancellation) {
  return QuoteFinder(text, sentences, tokens, entities, cancellation).Run();
}

}  // namespace khabar
