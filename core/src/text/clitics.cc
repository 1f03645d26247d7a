// Clitic splitting against a word-frequency lexicon.
//
// A word (in matching form) is read as (و|ف)? (ب|ل|ك|س)? (ال)? stem
// (pronoun)?, decided in this order, and why:
//  1. Pronoun. A stem rarely stands bare (بلاد is mostly البلاد, بلاده,
//     بلادها), so its evidence E is its bare form, its article form and its
//     forms with other pronouns, with ة put back (حكومته -> حكومه). The
//     pronoun is split when count(word) + kNoise <= K x E: a word that only
//     looks like stem + pronoun (بنك, تلك, شبه) is far more frequent than
//     that. K is tiny for ي and ك: nisba adjectives (عربي, دولي) and words
//     like هناك end in them far more often than news says "my" or "your".
//  2. Proclitics, on what is left. Every reading of its start is a
//     candidate, with W the word left standing alone; after ل an initial ل
//     may be the article with its alef elided (للكاظمي = ل + الكاظمي). Were
//     the word only clitic + W, the corpus would hold it at most about K
//     times as often as W (و + X is mostly a few percent of X); a lexeme
//     that merely starts with a clitic letter (بغداد, وليد, كان) is far
//     more frequent than its "rest" (غداد, ليد, ان x K). K is about the
//     99th percentile of count(clitic + X) / count(X) over frequent X.
//     A second witness: a lexeme takes clitics in front (الواحد, بواحد,
//     لولي العهد), a clitic + X form does not (no ووأضاف, البحسب). So a
//     word that does is kept whole (واحد is no و + أحد), and one that
//     never does is split even when far more frequent than its rest: و
//     before a verb opens so many sentences that وأضاف is 20 times أضاف,
//     and بحسب is twice حسب.
//  3. Article. ال is split off unless the corpus writes ل + the word with
//     its alef kept (لألمانيا, لالتزام), which happens only when ال belongs
//     to the word (ألمانيا, التزام, آلاف); a few function words are listed.
// Without a lexicon, and when the lexicon hardly knows the word
// (new names: للكاظمي), only the article forms (و ف ب ك + ال, لل, bare ال)
// are split: those sequences almost never begin a lexeme.
#include "text/clitics.h"

#include <algorithm>
#include <cstring>
#include <iterator>

#include "base/match.h"
#include "base/utf8.h"
#include "text/lexicon.h"

namespace khabar {
namespace {

using Sv = std::string_view;

// Arabic letters are two UTF-8 bytes in the matching form.
constexpr size_t kL = 2;
// Longer "words" (runs without spaces) are left whole.
constexpr size_t kMaxBytes = 120;
// Minimum letters of a base, of a stem whose last letter is restored, and
// of a verb after the future س.
constexpr size_t kMinBase = 2;
constexpr size_t kMinRestored = 3;
constexpr size_t kMinFutureVerb = 3;
// Counts at this level are noise (a lexicon built with --min-count 3 holds
// nothing below it).
constexpr double kNoise = 3;

struct Clitic {
  Sv form;
  double k;  // Tolerance: see the comment at the top.
  // Tolerance for a word that never takes a clitic in front (0: none).
  double k_bare = 0;
  // Fewest occurrences of a rest (article forms aside): after the rarer
  // clitics, a rarely seen rest is mostly a name's tail (ستالين is no
  // س + تالين); after و, ب, ل mostly a rare word.
  double min_rest = 0;
  // For a feminine plural pronoun, its masculine counterpart (هن: هم).
  Sv masculine = {};
};

constexpr Clitic kConjunctions[] = {{"و", 1.0, 50.0}, {"ف", 0.1, 1.0}};
constexpr Clitic kPrepositions[] = {
    {"ب", 1.0, 5.0}, {"ل", 1.0, 5.0}, {"ك", 0.03, 0, 10}, {"س", 1.0, 5.0, 10}};
constexpr int kFuture = 3;  // Index of س above.
// A two-letter rest is mostly a function word (لا, ما, هو), which a
// lexeme's tail matches by chance more easily (كلا, بري).
constexpr double kShortRest = 0.5;
// A rest that is an article form rarely collides with a lexeme (بالغة,
// والده: الغة and الده are no words), and fixed phrases make some such
// forms more frequent than the rest (مثير للجدل): a looser tolerance, but
// one that keeps ك strict (وكالة is no و + ك + إله).
constexpr double kArticleBoost = 30.0;
constexpr double kArticleRest = 10.0;
// A word that never takes a clitic in front: it must be this frequent for
// the absence to mean something, and may take them this often (typos).
constexpr double kMinForAbsence = 20;
constexpr double kOuterRate = 0.01;
// A word that takes clitics in front at least this often (relative to its
// own count) is a lexeme: clitic + X forms stay under 6% (ولا, وأن, by
// chance), lexemes that look like them take 14% and more (واحد, ولي, باب).
constexpr double kLexemeRate = 0.1;
// Longest first where one ends another.
constexpr Clitic kPronouns[] = {
    {"هما", 2.0}, {"ها", 2.0},  {"هم", 2.0}, {"هن", 0.5, 0, 0, "هم"},
    {"ه", 2.0},   {"كما", 0.1}, {"كم", 0.1}, {"كن", 0.02, 0, 0, "كم"},
    {"ك", 0.03},  {"ني", 0.05}, {"نا", 0.5}, {"ي", 0.005},
};
// Pronoun forms of a stem that count as evidence for it. For ه, ها is
// left out: Xها is also Xه with the accusative alef (وجهاً, اتجاهاً).
constexpr Sv kSiblings[] = {"ه", "ها", "هم", "هما", "نا", "كم"};
// Words that start with ال and have no article in them (إلى + pronoun
// among them).
constexpr Sv kNoArticle[] = {
    "الله",   "اللهم",  "الذي",   "التي",   "الذين",   "اللذان",
    "اللتان", "اللذين", "اللتين", "اللاتي", "اللواتي", "اللائي",
    "الان",   "الي",    "اليه",   "اليها",  "اليهم",   "اليهما",
    "اليهن",  "الينا",  "اليك",   "اليكم",
};

constexpr Sv kAl = "ال";
constexpr Sv kAlef = "ا";
constexpr Sv kLam = "ل";

size_t Letters(Sv s) { return s.size() / kL; }

bool AllArabicLetters(Sv s) {
  for (size_t i = 0; i < s.size(); i += kL) {
    int len = 0;
    if (!IsArabicLetter(DecodeUtf8(s, i, &len)) || len != 2) return false;
  }
  return true;
}

bool IsNoArticle(Sv w) {
  return std::find(std::begin(kNoArticle), std::end(kNoArticle), w) !=
         std::end(kNoArticle);
}

// ال + at least kMinBase letters.
bool ArticleShaped(Sv w) {
  return StartsWith(w, kAl) && Letters(w) >= 2 + kMinBase;
}

// A short string assembled on the stack: lookups must not allocate.
class Buf {
 public:
  Sv Set(Sv a, Sv b = {}, Sv c = {}) {
    n_ = 0;
    Add(a);
    Add(b);
    Add(c);
    return Sv(data_, n_);
  }

 private:
  void Add(Sv s) {
    if (s.empty()) return;  // An empty view's data() may be null.
    std::memcpy(data_ + n_, s.data(), s.size());
    n_ += s.size();
  }
  char data_[kMaxBytes + 16];
  size_t n_ = 0;
};

// A pronoun reading: stem + kPronouns[index].
struct Pronoun {
  int index = -1;
  double score = 0;  // K x evidence for the stem.
  Sv last_letter;    // Replaces the stem's last letter when standing alone.
};

// One reading of a word's proclitics.
struct Reading {
  int conj = -1;    // Into kConjunctions.
  int prep = -1;    // Into kPrepositions.
  size_t rest = 0;  // Bytes taken by written proclitics.
  Sv restore;       // Elided article letters put back: "", "ا" or "ال".
  double k = 1;

  bool none() const { return conj < 0 && prep < 0; }
};

// Appends to *out the readings of `word` with a conjunction (kConj), a
// preposition (kPrep) or both (kBoth; for the built-in article rule).
enum Slots { kConj = 1, kPrep = 2, kBoth = 3 };
int Readings(Sv word, Slots slots, Reading* out) {
  int n = 0;
  for (int c = -1; c < static_cast<int>(std::size(kConjunctions)); ++c) {
    if ((c >= 0) != ((slots & kConj) != 0)) continue;
    if (c >= 0 && !StartsWith(word, kConjunctions[c].form)) continue;
    const size_t after_conj = c < 0 ? 0 : kL;
    for (int p = -1; p < static_cast<int>(std::size(kPrepositions)); ++p) {
      if (c < 0 && p < 0) continue;
      if (p >= 0 && !(slots & kPrep)) continue;
      if (p >= 0 &&
          !StartsWith(word.substr(after_conj), kPrepositions[p].form)) {
        continue;
      }
      Reading r;
      r.conj = c;
      r.prep = p;
      r.rest = after_conj + (p < 0 ? 0 : kL);
      const Sv rest = word.substr(r.rest);
      if (Letters(rest) < kMinBase) continue;
      if (p == kFuture) {
        // The future س goes before an imperfect verb only.
        const Sv first = rest.substr(0, kL);
        if (Letters(rest) < kMinFutureVerb ||
            (first != "ي" && first != "ت" && first != "ن")) {
          continue;
        }
      }
      double k = p < 0 ? kConjunctions[c].k : kPrepositions[p].k;
      if (Letters(rest) == kMinBase) k *= kShortRest;
      const double k_article = std::min(k * kArticleBoost, kArticleRest);
      r.k = ArticleShaped(rest) ? k_article : k;
      out[n++] = r;
      if (p >= 0 && kPrepositions[p].form == kLam && StartsWith(rest, kLam)) {
        // لل: the article with its alef elided (ل + الكاظمي), or with its
        // ل merged into the word's own (ل + اللجنة).
        r.k = k_article;
        if (Letters(rest) >= 1 + kMinBase) {
          r.restore = kAlef;
          out[n++] = r;
        }
        r.restore = kAl;
        out[n++] = r;
      }
    }
  }
  return n;
}

// The word a reading leaves standing alone, article restored.
Sv StandAlone(Sv word, const Reading& r, Buf* buf) {
  return r.restore.empty() ? word.substr(r.rest)
                           : buf->Set(r.restore, word.substr(r.rest));
}

// The lexicon questions the splitter asks. Lookups build their keys in
// stack buffers.
class Oracle {
 public:
  Oracle(const Lexicon* lexicon, bool final_teh_marbuta)
      : lexicon_(lexicon), final_teh_marbuta_(final_teh_marbuta) {}

  bool has_lexicon() const { return lexicon_ != nullptr; }

  double Count(Sv w) const {
    return lexicon_ == nullptr ? 0 : static_cast<double>(lexicon_->Count(w));
  }
  double Count(Sv a, Sv b, Sv c = {}) { return Count(buf_.Set(a, b, c)); }

  // The best pronoun reading of `w` (which ends the original word).
  Pronoun BestPronoun(Sv w) {
    Pronoun best;
    if (lexicon_ == nullptr) return best;
    for (int i = 0; i < static_cast<int>(std::size(kPronouns)); ++i) {
      const Clitic& p = kPronouns[i];
      if (!EndsWith(w, p.form)) continue;
      const bool heh = p.form == "ه";
      if (heh && final_teh_marbuta_) continue;  // ة, not the pronoun ه.
      const Sv stem = w.substr(0, w.size() - p.form.size());
      if (Letters(stem) < kMinBase) continue;
      // News says "their" of men far more often than of women (لهم, لهن):
      // a word in هن or كن whose stem never takes the masculine pronoun as
      // often is a name that ends like one (كوهن is no كو + هن).
      if (!p.masculine.empty() && Count(stem, p.masculine) < Count(w)) {
        continue;
      }
      // The article excludes a possessive pronoun (المهم is no الم + هم).
      if (ArticleShaped(stem)
              ? IsArticle(stem)
              : ArticleShaped(w) && !IsNoArticle(stem) && IsArticle(w)) {
        continue;
      }
      // The stem as it stands alone: ة before a pronoun is written ت
      // (حكومته), ى is written ا (مستواه), ء takes a seat (أبناؤهم).
      const Sv last = stem.substr(stem.size() - kL);
      const Sv head = stem.substr(0, stem.size() - kL);
      Sv alternative;
      if (Letters(stem) >= kMinRestored) {
        if (last == "ت") alternative = "ه";
        if (last == "ا") alternative = "ي";
        if (last == "ؤ" || last == "ئ") alternative = "ء";
      }
      double evidence = Count(stem) + Count(kAl, stem);
      Sv chosen;
      if (!alternative.empty()) {
        const double alt =
            Count(head, alternative) + Count(kAl, head, alternative);
        if (alt > evidence) {
          evidence = alt;
          chosen = alternative;
        }
      }
      // Not for two-letter stems, whose forms are mostly other words
      // (سانا is no سا + نا).
      for (Sv s : kSiblings) {
        if (Letters(stem) < kMinRestored) break;
        if (s != p.form && !(heh && s == "ها")) evidence += Count(stem, s);
      }
      const double score = p.k * evidence;
      if (score > best.score) {
        best.index = i;
        best.score = score;
        best.last_letter = chosen;
      }
    }
    return best;
  }

  // Whether the ال of an article-shaped `w` is the article.
  bool IsArticle(Sv w) {
    if (!ArticleShaped(w) || IsNoArticle(w)) return false;
    if (lexicon_ == nullptr) return true;
    const Sv x = w.substr(kAl.size());
    // ل + article drops the alef (and the article's ل before a ل).
    const double elided = StartsWith(x, kLam) ? Count(kLam, x) : Count("لل", x);
    const double kept = Count(kLam, w);
    return !(kept >= kNoise && kept > elided);
  }

  // How often the article, or و before a conjunction, stands in front of
  // `w`: the clitics that least often make another word by chance (ب + وسعي
  // is بوسعي, ب + وروسيا is Borussia).
  double LexemeEvidence(Sv w, bool conjunction) {
    return Count(kAl, w) + Count("لل", w) + (conjunction ? Count("و", w) : 0);
  }

  // How often clitics that could not precede `w`'s own first clitic stand
  // in front of it: a lexeme takes them (ووليد, الوليد, لبكين), a word
  // that starts with a clitic does not (ووأضاف, لبحسب). و and ف may
  // precede a preposition.
  double OuterClitics(Sv w, bool conjunction) {
    double n = 0;
    if (conjunction) n += Count("و", w) + Count("ف", w);
    for (Sv c : {"ب", "ل", "ك", "ال", "لل"}) {
      // ل + لX is also ل + ال + X (للكرة), no evidence either way.
      if (c == kLam && StartsWith(w, kLam)) continue;
      n += Count(c, w);
    }
    return n;
  }

  // Chooses the reading of `word`'s conjunction (kConj) or preposition
  // (kPrep) slot, or none. `count` is the word's own count; `pronoun_open`
  // says whether its end may still be a pronoun.
  Reading DecideSlot(Sv word, Slots slot, double count, bool pronoun_open) {
    Reading readings[8];
    const int n = Readings(word, slot, readings);
    Reading best_reading;
    double best = 0;
    double best_plausibility = 0;
    for (int i = 0; i < n; ++i) {
      const Sv w = StandAlone(word, readings[i], &slot_buf_);
      double plausibility = Count(w);
      if (plausibility < kNoise && !ArticleShaped(w)) {
        // An unseen rest may be a known word with clitics of its own
        // (وبحكومتهم: بحكومتهم -> ب + حكومتهم, حكومتهم -> حكومه + هم).
        if (pronoun_open) {
          plausibility = std::max(plausibility, BestPronoun(w).score);
        }
        if (slot == kConj) {
          Reading inner[8];
          const int m = Readings(w, kPrep, inner);
          for (int j = 0; j < m; ++j) {
            plausibility = std::max(
                plausibility,
                inner[j].k * Count(StandAlone(w, inner[j], &slot_buf_)));
          }
        }
      }
      const double score = readings[i].k * plausibility;
      if (score > best) {
        best = score;
        best_plausibility = plausibility;
        best_reading = readings[i];
      }
    }
    if (best_reading.none()) return best_reading;
    const Clitic& clitic = best_reading.conj >= 0
                               ? kConjunctions[best_reading.conj]
                               : kPrepositions[best_reading.prep];
    if (best_plausibility < clitic.min_rest &&
        !ArticleShaped(StandAlone(word, best_reading, &slot_buf_))) {
      return {};
    }
    if (best >= count + kNoise) {
      if (count >= kMinForAbsence &&
          LexemeEvidence(word, slot == kConj) >= kLexemeRate * count) {
        return {};  // It takes clitics itself: a lexeme (واحد, ولي).
      }
      return best_reading;
    }
    // A word that never takes a clitic in front may be far more frequent
    // than its rest: و + a verb that opens sentences (وأضاف), a preposition
    // fused into an adverb (بحسب).
    const Reading& r = best_reading;
    const double k_bare = clitic.k_bare;
    if (count >= kMinForAbsence && r.restore.empty() &&
        best_plausibility >= kNoise && k_bare * best_plausibility >= count &&
        OuterClitics(word, slot == kConj) <= kOuterRate * count) {
      return r;
    }
    return {};
  }

 private:
  const Lexicon* lexicon_;
  bool final_teh_marbuta_;
  Buf buf_;
  Buf slot_buf_;
};

}  // namespace

CliticSplitter::CliticSplitter(const Lexicon* lexicon) : lexicon_(lexicon) {}

CliticSplit CliticSplitter::Split(std::string_view word,
                                  bool final_teh_marbuta) const {
  CliticSplit out;
  out.base_end = static_cast<int32_t>(word.size());
  if (Letters(word) < 1 + kMinBase || word.size() > kMaxBytes ||
      word.size() % kL != 0 || !AllArabicLetters(word)) {
    out.base.assign(word);
    out.word.assign(word);
    return out;
  }
  Oracle oracle(lexicon_, final_teh_marbuta);

  // 1. Pronoun, on the whole word.
  const double whole = oracle.Count(word);
  Pronoun pronoun;
  if (oracle.has_lexicon()) {
    pronoun = oracle.BestPronoun(word);
    if (pronoun.index < 0 || pronoun.score < whole + kNoise) pronoun = {};
  }
  // The rest, with the stem's last letter restored. Same byte length.
  char stem_bytes[kMaxBytes];
  size_t stem_size = word.size();
  std::memcpy(stem_bytes, word.data(), word.size());
  if (pronoun.index >= 0) {
    stem_size -= kPronouns[pronoun.index].form.size();
    if (!pronoun.last_letter.empty()) {
      std::memcpy(stem_bytes + stem_size - kL, pronoun.last_letter.data(), kL);
    }
  }
  const Sv stem(stem_bytes, stem_size);

  // 2. Proclitics, on the stem: the conjunction, then the preposition.
  Reading chosen;  // Both slots; rest counts from the stem's start.
  Buf buf;
  if (oracle.has_lexicon()) {
    const double stem_count = pronoun.index >= 0 ? oracle.Count(stem) : whole;
    const bool pronoun_open = pronoun.index < 0;
    const Reading conj =
        oracle.DecideSlot(stem, kConj, stem_count, pronoun_open);
    const Sv after_conj = stem.substr(conj.rest);
    const Reading prep = oracle.DecideSlot(
        after_conj, kPrep, conj.none() ? stem_count : oracle.Count(after_conj),
        pronoun_open);
    chosen.conj = conj.conj;
    chosen.prep = prep.prep;
    chosen.rest = conj.rest + prep.rest;
    chosen.restore = prep.restore;
  }
  if (chosen.prep < 0) {
    const Sv rest = stem.substr(chosen.rest);
    if (oracle.Count(rest) < kMinForAbsence) {
      // Too rare for the lexicon to tell (or no lexicon): the built-in
      // rule, article forms only.
      Reading readings[24];
      int n = Readings(rest, kPrep, readings);
      if (chosen.conj < 0) {
        n += Readings(rest, kConj, readings + n);
        n += Readings(rest, kBoth, readings + n);
      }
      Reading rule;
      for (int i = 0; i < n; ++i) {
        const Reading& r = readings[i];
        if (r.prep == kFuture || r.restore == kAl) continue;
        if ((r.restore == kAlef || ArticleShaped(rest.substr(r.rest))) &&
            (rule.none() || r.rest > rule.rest)) {
          rule = r;
        }
      }
      if (!rule.none()) {
        if (chosen.conj >= 0) rule.conj = chosen.conj;
        rule.rest += chosen.rest;
        chosen = rule;
      }
    }
  }
  if (chosen.conj >= 0) {
    out.prefixes.emplace_back(kConjunctions[chosen.conj].form);
  }
  if (chosen.prep >= 0) {
    out.prefixes.emplace_back(kPrepositions[chosen.prep].form);
  }
  // Copied: `buf` is reused below.
  const std::string w(StandAlone(stem, chosen, &buf));

  // 3. Article.
  bool article;
  size_t base_begin = chosen.rest;
  if (!chosen.restore.empty()) {
    // Only the article elides, unless the word is a listed one (لله).
    article = !IsNoArticle(w);
    if (article && chosen.restore == kAlef) base_begin += kL;
  } else {
    article = oracle.IsArticle(w);
    if (article) base_begin += kAl.size();
  }
  if (article) out.prefixes.emplace_back(kAl);

  // A pronoun after the proclitics, when the whole word was too rare to
  // show it (وبحكومتهم).
  if (pronoun.index < 0 && !article && chosen.restore.empty() &&
      !chosen.none()) {
    pronoun = oracle.BestPronoun(w);
    if (pronoun.index < 0 || pronoun.score < oracle.Count(w) + kNoise) {
      pronoun = {};
    }
  }
  size_t base_end = word.size();
  if (pronoun.index >= 0) {
    out.suffixes.emplace_back(kPronouns[pronoun.index].form);
    base_end -= kPronouns[pronoun.index].form.size();
  }

  out.base_begin = static_cast<int32_t>(base_begin);
  out.base_end = static_cast<int32_t>(base_end);
  out.word_begin =
      static_cast<int32_t>(chosen.restore.empty() ? chosen.rest : base_begin);
  if (!chosen.restore.empty() && !article) {
    out.base = w;  // ل + الله: the letters written are not the word.
  } else {
    out.base.assign(word.substr(base_begin, base_end - base_begin));
    if (!pronoun.last_letter.empty()) {
      out.base.replace(out.base.size() - kL, kL, pronoun.last_letter);
    }
  }
  if (article) {
    out.word.reserve(kAl.size() + out.base.size());
    out.word.assign(kAl);
    out.word += out.base;
  } else {
    out.word = out.base;
  }
  return out;
}

}  // namespace khabar
